#pragma once
// Every run in the experiment database as a table: one read of the runs table plus one
// indexed lookup per run for its best validation metric, so thousands of runs load fast.
#include "report/RunReports.h"
#include "report/RunSize.h"
#include "store/RunRecord.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <map>
#include <optional>
#include <vector>

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        // The best validation next to the dataset: the number runs are compared by.
        Id, Name, Status, Model, Dataset, BestValidation, Parameters, Size, PeakMemory, Engine, Created, Duration, Tags,
        ColumnCount
    };
    // The raw value a column sorts by (numbers as numbers, times as seconds).
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int RunIdRole = Qt::UserRole + 1;

    explicit RunsModel(QObject* parent = nullptr);

    void reload(const RunStore& store);
    const RunRecord& run(int row) const { return m_runs[std::size_t(row)]; }
    int rowOf(qint64 runId) const;  // -1 when absent
    // Accuracy (highest) for classifiers, perplexity (lowest) for language models.
    std::optional<double> bestValidation(const RunRecord& run) const;
    // Where a dataset (and split seed) has finished baseline runs (fastText) and model runs (every
    // other classifier), its best of each is marked beside its accuracy, so a bag of n-grams that
    // wins shows.
    enum class Mark { None, BestModel, BestBaseline };
    Mark mark(const RunRecord& run) const { return standing(run).mark; }
    // "Fine-tuned from run 3 (gpt-word, GPT language model)"; empty for a run trained from scratch.
    QString lineage(const RunRecord& run) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<RunRecord> m_runs;
    std::vector<RunSize> m_sizes;  // parallel to m_runs
    std::vector<std::optional<RunEngine>> m_engines;  // parallel to m_runs
    std::map<std::int64_t, double> m_bestAccuracy;
    std::map<std::int64_t, double> m_bestPerplexity;
    std::map<std::int64_t, double> m_bestExactMatch;  // encoder–decoders
    std::map<std::int64_t, double> m_finalLoss;       // word vectors (no validation split)
    std::map<std::int64_t, double> m_bestNegativeElbo;  // text VAEs: the lowest validation −ELBO
    // The best baseline and the best model of one dataset and split seed.
    struct Leaders {
        std::int64_t model = 0, baseline = 0;  // run ids
        double modelAccuracy = -1, baselineAccuracy = -1;
    };
    // A marked run's mark and the leaders it is one of.
    struct Standing {
        Mark mark = Mark::None;
        const Leaders* leaders = nullptr;
    };
    std::map<std::string, Leaders> m_leaders;      // by dataset fingerprint and split seed
    std::map<std::int64_t, Standing> m_standings;  // the marked runs only
    void findLeaders();
    Standing standing(const RunRecord& run) const;
};

// Text search over id, name, model, dataset, tags and notes, plus a status filter.
class RunsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsFilterModel(QObject* parent = nullptr);
    void setSearchText(const QString& text);
    void setStatusFilter(std::optional<RunStatus> status);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    QString m_text;
    std::optional<RunStatus> m_status;
};

}  // namespace lathe::gui
