#include "runs/RunsModel.h"

#include "common/CoreText.h"
#include "runs/RunText.h"
#include "store/RunStore.h"
#include "train/RunConfig.h"

#include <nlohmann/json.hpp>

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QFont>
#include <QLocale>

namespace lathe::gui {

RunsModel::RunsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsModel::reload(const RunStore& store)
{
    beginResetModel();
    m_runs = store.listRuns();
    m_sizes.clear();
    m_engines.clear();
    m_finalLoss.clear();
    for (const auto& r : m_runs) {
        m_sizes.push_back(runSize(r));
        m_engines.push_back(runEngine(r.summaryJson));
        // Word vectors have no validation split: their final training loss stands for it.
        if (r.kind == "word-vectors")
            if (const auto s = nlohmann::json::parse(r.summaryJson.empty() ? "{}" : r.summaryJson, nullptr, false);
                s.is_object() && s.contains("loss") && s["loss"].is_number())
                m_finalLoss[r.id] = s["loss"].get<double>();
    }
    m_bestAccuracy = store.bestValues("val/accuracy", false);
    m_bestPerplexity = store.bestValues("val/perplexity", true);
    m_bestNegativeElbo = store.bestValues("val/loss", true);  // read for VAE runs only
    m_bestExactMatch = store.bestValues("val/exact_match", false);
    findLeaders();
    endResetModel();
}

void RunsModel::findLeaders()
{
    m_leaders.clear();
    m_standings.clear();
    for (const auto& r : m_runs) {
        const auto best = bestValidation(r);
        // Finished runs only: one still training, or one that failed, is no one's best.
        const bool finished = r.status == RunStatus::Completed || r.status == RunStatus::Stopped;
        if (r.kind != "classifier" || !best || r.datasetFingerprint.empty() || !finished)
            continue;
        // Runs compare on the same validation rows: the same data split by the same seed.
        RunConfig config;
        try {
            config.mergeJson(r.configJson, "run");
        } catch (const std::exception&) {
            continue;  // a run whose settings do not read is left unmarked
        }
        auto& l = m_leaders[r.datasetFingerprint + '/' + std::to_string(config.train.seed)];
        const bool baseline = r.model == "fasttext";
        auto& id = baseline ? l.baseline : l.model;
        auto& accuracy = baseline ? l.baselineAccuracy : l.modelAccuracy;
        if (*best > accuracy) {
            accuracy = *best;
            id = r.id;
        }
    }
    // Marked only where a dataset has both kinds to compare.
    for (const auto& [key, l] : m_leaders)
        if (l.model != 0 && l.baseline != 0) {
            m_standings[l.model] = {Mark::BestModel, &l};
            m_standings[l.baseline] = {Mark::BestBaseline, &l};
        }
}

RunsModel::Standing RunsModel::standing(const RunRecord& run) const
{
    const auto it = m_standings.find(run.id);
    return it == m_standings.end() ? Standing{} : it->second;
}

int RunsModel::rowOf(qint64 runId) const
{
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].id == runId)
            return int(i);
    return -1;
}

std::optional<double> RunsModel::bestValidation(const RunRecord& run) const
{
    const auto& best = run.kind == "language-model" ? m_bestPerplexity
                       : run.kind == "seq2seq"      ? m_bestExactMatch
                       : run.kind == "word-vectors" ? m_finalLoss
                       : run.kind == "vae"          ? m_bestNegativeElbo
                                                    : m_bestAccuracy;
    const auto it = best.find(run.id);
    return it == best.end() ? std::nullopt : std::optional(it->second);
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

double durationSeconds(const RunRecord& r)
{
    const double end = r.finished > 0 ? r.finished : r.heartbeat;
    return end > r.created ? end - r.created : 0;
}

QString formatDuration(double seconds)
{
    const auto s = qint64(seconds);
    if (s >= 3600)
        return QCoreApplication::translate("lathe::gui::RunsModel", "%1 h %2 min").arg(s / 3600).arg(s / 60 % 60);
    if (s >= 60)
        return QCoreApplication::translate("lathe::gui::RunsModel", "%1 min %2 s").arg(s / 60).arg(s % 60);
    return QCoreApplication::translate("lathe::gui::RunsModel", "%1 s").arg(s);
}

}  // namespace

QString RunsModel::lineage(const RunRecord& r) const
{
    if (r.parentId <= 0)
        return {};
    const auto tagged = [&r](const char* tag) { return QString::fromStdString(r.tags).split(QLatin1Char(',')).contains(QLatin1String(tag)); };
    const int row = rowOf(r.parentId);
    const auto parent = row >= 0 ? tr("run %1 (%2, %3)")
                                       .arg(r.parentId)
                                       .arg(QString::fromStdString(m_runs[std::size_t(row)].name),
                                            modelFamilyName(QString::fromStdString(m_runs[std::size_t(row)].model)))
                                 : tr("run %1 (deleted)").arg(r.parentId);
    if (tagged("from-scratch"))
        return tr("Trained from scratch as the control of fine-tuning from %1: its architecture and tokenizer, "
                  "random weights").arg(parent);
    if (tagged("fine-tuned") || tagged("lora"))
        return tr("Fine-tuned from %1").arg(parent);
    if (tagged("distilled"))
        return tr("Distilled from %1").arg(parent);
    return tr("Derived from %1").arg(parent);
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_runs.size()))
        return {};
    const RunRecord& r = m_runs[std::size_t(index.row())];
    const RunSize& size = m_sizes[std::size_t(index.row())];
    const auto& engine = m_engines[std::size_t(index.row())];
    if (role == RunIdRole)
        return qint64(r.id);
    const QLocale locale;
    const auto best = bestValidation(r);
    const auto standing = this->standing(r);
    if (role == SortRole) {
        switch (index.column()) {
        case Id: return qint64(r.id);
        case Parameters: return qint64(r.parameters);
        case Size: return qint64(size.bytes(32));
        case PeakMemory: return qint64(size.peakTrainBytes);
        // Better runs sort first either way: accuracy up, perplexity down.
        case BestValidation:
            return best ? (r.kind == "language-model" || r.kind == "word-vectors" || r.kind == "vae" ? -*best : *best) : -1e300;
        case Created: return r.created;
        case Duration: return durationSeconds(r);
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id: return qint64(r.id);
        case Name: return QString::fromStdString(r.name);
        case Status: return runStatusName(r.status);
        // Lineage beside the family: a fine-tuned run names its base.
        case Model:
            // The base first, so a narrow column elides the family rather than the lineage.
            if (r.parentId > 0 && QString::fromStdString(r.tags).split(QLatin1Char(',')).contains(QLatin1String("from-scratch")))
                return tr("#%1 → %2, from scratch").arg(r.parentId).arg(modelFamilyName(QString::fromStdString(r.model)));
            return r.parentId > 0 ? tr("#%1 → %2").arg(r.parentId).arg(modelFamilyName(QString::fromStdString(r.model)))
                                  : modelFamilyName(QString::fromStdString(r.model));
        case Dataset: return QFileInfo(QString::fromStdString(r.dataset)).fileName();
        case Parameters: return locale.toString(qint64(r.parameters));
        case Size: return QString::fromStdString(formatBytes(size.bytes(32)));
        case PeakMemory: return size.peakTrainBytes > 0 ? QString::fromStdString(formatBytes(size.peakTrainBytes)) : QString();
        case Engine: {
            if (!engine)
                return QString();
            const auto precision = QString::fromStdString(engine->precision), isa = QString::fromStdString(engine->isa);
            return engine->threads == 1 ? tr("%1 · %2 · 1 thread").arg(precision, isa)
                                        : tr("%1 · %2 · %3 threads").arg(precision, isa).arg(engine->threads);
        }
        case BestValidation: {
            if (!best)
                return QString();
            if (r.kind == "word-vectors")  // the final training loss (mean −log σ per prediction)
                return tr("loss %1").arg(locale.toString(*best, 'f', 3));
            if (r.kind == "vae")  // the ELBO per sentence, in nats (higher is better)
                return tr("ELBO %1").arg(locale.toString(-*best, 'f', 2));
            if (r.kind == "language-model")
                // A masked LM's perplexity is over hidden tokens seen from both sides: not comparable
                // with a next-token one, so it says which it is.
                return r.model == "mlm" ? tr("masked ppl %1").arg(locale.toString(*best, 'f', 2))
                                        : tr("ppl %1").arg(locale.toString(*best, 'f', 2));
            if (r.kind == "seq2seq")
                return tr("exact %1").arg(locale.toString(*best, 'f', 3));
            const auto accuracy = tr("acc %1").arg(locale.toString(*best, 'f', 3));
            switch (standing.mark) {
            case Mark::BestModel: return tr("%1 · best model").arg(accuracy);
            case Mark::BestBaseline: return tr("%1 · best baseline").arg(accuracy);
            case Mark::None: break;
            }
            return accuracy;
        }
        case Created: return QDateTime::fromSecsSinceEpoch(qint64(r.created)).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        case Duration: return formatDuration(durationSeconds(r));
        case Tags: return QString::fromStdString(r.tags);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Dataset)
            return QString::fromStdString(r.dataset);
        if (index.column() == Model && r.parentId > 0)
            return lineage(r);
        if (index.column() == Status && !r.message.empty())
            return coreText(r.message);
        if (index.column() == Name && !r.notes.empty())
            return QString::fromStdString(r.notes);
        if (index.column() == Size || index.column() == Parameters) {
            auto text = tr("%1 at fp32, %2 at bf16, %3 at int8")
                            .arg(QString::fromStdString(formatBytes(size.bytes(32))),
                                 QString::fromStdString(formatBytes(size.bytes(16))),
                                 QString::fromStdString(formatBytes(size.bytes(8))));
            if (size.flopsPerToken > 0)
                text += QLatin1Char('\n') + tr("%1 FLOPs per token").arg(locale.toString(qint64(size.flopsPerToken)));
            return text;
        }
        if (index.column() == Engine && engine) {
            const auto precision = QString::fromStdString(engine->precision), isa = QString::fromStdString(engine->isa);
            auto text = engine->threads == 1 ? tr("%1 matmuls, %2 kernels, 1 compute thread").arg(precision, isa)
                                             : tr("%1 matmuls, %2 kernels, %3 compute threads")
                                                   .arg(precision, isa)
                                                   .arg(engine->threads);
            if (!engine->cpu.empty())
                text += QLatin1Char('\n') + QString::fromStdString(engine->cpu);
            if (engine->tokensPerSecond > 0)
                text += QLatin1Char('\n') + tr("Training %1 tokens/s").arg(locale.toString(engine->tokensPerSecond, 'f', 0));
            if (engine->evalTokensPerSecond > 0)
                text += QLatin1Char('\n') + tr("Evaluation %1 tokens/s").arg(locale.toString(engine->evalTokensPerSecond, 'f', 0));
            if (!engine->stepMs.empty()) {
                const auto ms = [&](const char* k) { return locale.toString(engine->stepMs.at(k), 'f', 1); };
                text += QLatin1Char('\n') + tr("Step (ms): data %1, forward %2, backward %3, optimizer %4, logging %5")
                                                 .arg(ms("data"), ms("forward"), ms("backward"), ms("optimizer"), ms("logging"));
            }
            return text;
        }
        if (index.column() == BestValidation && standing.leaders) {
            const auto& l = *standing.leaders;
            const auto model = locale.toString(l.modelAccuracy, 'f', 3), baseline = locale.toString(l.baselineAccuracy, 'f', 3);
            if (l.baselineAccuracy >= l.modelAccuracy)
                return tr("On this dataset the fastText baseline (run %1, accuracy %2) is at least as good as the best "
                          "model (run %3, accuracy %4): the model does not beat a bag of n-grams")
                    .arg(l.baseline).arg(baseline).arg(l.model).arg(model);
            return tr("On this dataset the best model (run %1, accuracy %2) beats the fastText baseline (run %3, "
                      "accuracy %4)")
                .arg(l.model).arg(model).arg(l.baseline).arg(baseline);
        }
        if (index.column() == PeakMemory)
            return tr("Resident memory at the peak of the first training step: weights, activations, gradients and "
                      "optimizer state");
    }
    // A baseline at least as good as every model stands out.
    if (role == Qt::ForegroundRole && index.column() == BestValidation && standing.leaders &&
        standing.leaders->baselineAccuracy >= standing.leaders->modelAccuracy)
        return QColor(0xB0, 0x3A, 0x2E);
    if (role == Qt::FontRole && index.column() == BestValidation && standing.leaders) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Id || index.column() == Parameters || index.column() == Size ||
                                          index.column() == PeakMemory || index.column() == BestValidation))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("ID");
    case Name: return tr("Name");
    case Status: return tr("Status");
    case Model: return tr("Model");
    case Dataset: return tr("Dataset");
    case Parameters: return tr("Parameters");
    case Size: return tr("Size");
    case PeakMemory: return tr("Peak memory");
    case Engine: return tr("Engine");
    case BestValidation: return tr("Best validation");
    case Created: return tr("Created");
    case Duration: return tr("Duration");
    case Tags: return tr("Tags");
    }
    return {};
}

RunsFilterModel::RunsFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RunsModel::SortRole);
}

void RunsFilterModel::setSearchText(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void RunsFilterModel::setStatusFilter(std::optional<RunStatus> status)
{
    m_status = status;
    invalidateFilter();
}

bool RunsFilterModel::filterAcceptsRow(int row, const QModelIndex&) const
{
    const auto* model = static_cast<const RunsModel*>(sourceModel());
    const RunRecord& r = model->run(row);
    if (m_status && r.status != *m_status)
        return false;
    if (m_text.isEmpty())
        return true;
    const QString haystack = QString::number(r.id) + QLatin1Char(' ') +
                             QString::fromStdString(r.name + ' ' + r.model + ' ' + r.dataset + ' ' + r.tags + ' ' + r.notes);
    // Every word must match somewhere, so "gpt small" narrows rather than widens.
    for (const auto& word : m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    return true;
}

}  // namespace lathe::gui
