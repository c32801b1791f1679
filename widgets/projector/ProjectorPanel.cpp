#include "projector/ProjectorPanel.h"
#include "common/CoreText.h"
#include "vae/VaeRun.h"
#include "vectors/VectorsRun.h"

#include "common/Feedback.h"
#include "projector/ScatterView.h"
#include "store/RunStore.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace lathe::gui {

namespace {
// Neighbours listed for a searched point, and matches highlighted at most.
constexpr int kNeighbours = 10;
constexpr int kMaxHighlighted = 200;
// Partial t-SNE layouts are taken at ~20 Hz.
constexpr int kDrainMs = 50;
}  // namespace

ProjectorPanel::ProjectorPanel(QWidget* parent)
    : QWidget(parent), m_runs(new QComboBox(this)), m_what(new QComboBox(this)), m_method(new QComboBox(this)),
      m_perplexity(new QDoubleSpinBox(this)), m_iterations(new QSpinBox(this)),
      m_import(new QPushButton(tr("Import Word Vectors…"), this)), m_compute(new QPushButton(tr("Compute"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progressBar(new QProgressBar(this)), m_scatter(new ScatterView(this)), m_search(new QLineEdit(this)),
      m_neighbours(new QListWidget(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("projectorPanel"));
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setMinimumContentsLength(18);
    m_what->addItems({tr("Token embeddings"), tr("Sentence representations"), tr("Imported word vectors")});
    m_import->setToolTip(tr("View pretrained word vectors (GloVe or word2vec text: a word and its numbers per line)"));
    m_what->setToolTip(tr("Tokens: the rows of the embedding matrix, coloured by frequency in the training split.\n"
                          "Sentences: the pooled vector the classifier sees, for the validation split, coloured by label."));
    m_method->addItems({tr("PCA"), tr("t-SNE")});
    m_perplexity->setRange(2, 100);
    m_perplexity->setValue(30);
    m_perplexity->setDecimals(0);
    m_perplexity->setPrefix(tr("perplexity "));
    m_iterations->setRange(50, 5000);
    m_iterations->setSingleStep(250);
    m_iterations->setValue(1000);
    m_iterations->setSuffix(tr(" iterations"));
    m_cancel->setEnabled(false);
    m_progressBar->setRange(0, 100);
    m_progressBar->setTextVisible(true);
    m_progressBar->hide();
    m_search->setPlaceholderText(tr("Search a token or text"));
    m_search->setClearButtonEnabled(true);
    m_message->setWordWrap(true);
    m_neighbours->setTextElideMode(Qt::ElideRight);
    m_neighbours->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Run:"), this));
    controls->addWidget(m_runs, 1);
    controls->addWidget(m_what);
    controls->addWidget(m_method);
    controls->addWidget(m_perplexity);
    controls->addWidget(m_iterations);
    controls->addWidget(m_compute);
    controls->addWidget(m_import);
    controls->addWidget(m_cancel);
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_search);
    sideLayout->addWidget(new QLabel(tr("Nearest by cosine similarity:"), side));
    sideLayout->addWidget(m_neighbours, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_scatter);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    split->setSizes({700, 240});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_progressBar);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    const auto syncMethod = [this] {
        const bool tsne = m_method->currentIndex() == static_cast<int>(Method::Tsne);
        m_perplexity->setVisible(tsne);
        m_iterations->setVisible(tsne);
    };
    syncMethod();

    connect(m_method, &QComboBox::currentIndexChanged, this, syncMethod);
    connect(m_runs, &QComboBox::activated, this, [this] { Q_EMIT runChosen(m_runs->currentData().toLongLong()); });
    connect(m_compute, &QPushButton::clicked, this, &ProjectorPanel::compute);
    connect(m_import, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Import Word Vectors"), QString(),
                                                       tr("Word vectors (*.txt *.vec);;All files (*)"));
        if (!path.isEmpty())
            importWordVectors(path);
    });
    connect(m_cancel, &QPushButton::clicked, this, &ProjectorPanel::cancel);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(m_scatter, &ScatterView::pointClicked, this, [this](int row) {
        m_scatter->setHighlighted({row});
        showNeighbours(row);
    });
    connect(m_neighbours, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int row = item->data(Qt::UserRole).toInt();
        m_scatter->setHighlighted({row});
        showNeighbours(row);
    });
    connect(m_scatter, &ScatterView::hovered, this, [this](const QString& text) {
        if (!text.isEmpty())
            setMessage(text);
    });
    connect(&m_prepareJob, &TaskNotifier::finished, this, &ProjectorPanel::onPrepared);
    connect(&m_tsneJob, &TaskNotifier::finished, this, &ProjectorPanel::onRefined);
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &ProjectorPanel::drainProgress);
}

void ProjectorPanel::setStore(RunStore* store)
{
    m_store = store;
    refreshRuns();
}

void ProjectorPanel::refreshRuns()
{
    const auto current = m_runs->currentData();
    m_runs->clear();
    if (!m_store)
        return;
    for (const auto& r : m_store->listRuns())
        m_runs->addItem(tr("#%1 %2 (%3)").arg(r.id).arg(QString::fromStdString(r.name), QString::fromStdString(r.model)),
                        QVariant::fromValue<qint64>(r.id));
    m_runs->setCurrentIndex(std::max(0, m_runs->findData(current)));
}

bool ProjectorPanel::setRun(qint64 runId)
{
    if (m_runs->findData(QVariant::fromValue<qint64>(runId)) < 0)
        refreshRuns();
    const int i = m_runs->findData(QVariant::fromValue<qint64>(runId));
    if (i >= 0)
        m_runs->setCurrentIndex(i);
    return i >= 0;
}

qint64 ProjectorPanel::runId() const { return m_runs->currentData().toLongLong(); }

void ProjectorPanel::showRun(qint64 runId)
{
    if (!setRun(runId) || m_what->currentIndex() == static_cast<int>(What::WordVectors))
        return;
    if (isBusy())
        setMessage(tr("Run %1 is selected: press Compute when this projection ends.").arg(runId));
    else if (m_method->currentIndex() == static_cast<int>(Method::Pca))
        compute();
    else
        setMessage(tr("Run %1 is selected: press Compute for its t-SNE map.").arg(runId));
}

void ProjectorPanel::setWhat(What what) { m_what->setCurrentIndex(static_cast<int>(what)); }
void ProjectorPanel::setMethod(Method method) { m_method->setCurrentIndex(static_cast<int>(method)); }

void ProjectorPanel::setTsneOptions(double perplexity, int iterations)
{
    m_perplexity->setValue(perplexity);
    m_iterations->setValue(iterations);
}

bool ProjectorPanel::isBusy() const { return m_prepareJob.isRunning() || m_tsneJob.isRunning(); }
int ProjectorPanel::pointCount() const { return m_scatter->pointCount(); }
QString ProjectorPanel::message() const { return m_message->text(); }
void ProjectorPanel::setMessage(const QString& text, bool error) { setFeedback(*m_message, text, error); }

void ProjectorPanel::setBusy(bool busy)
{
    m_compute->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progressBar->setVisible(busy);
}

void ProjectorPanel::importWordVectors(const QString& path)
{
    m_vectorsPath = path;
    setWhat(What::WordVectors);
    compute();
}

void ProjectorPanel::compute()
{
    if (isBusy())
        return;
    const qint64 id = m_runs->currentData().toLongLong();
    ProjectionRequest request;
    const bool vectors = m_what->currentIndex() == static_cast<int>(What::WordVectors);
    if (vectors) {
        if (m_vectorsPath.isEmpty()) {
            setMessage(tr("Choose a word-vector file with Import Word Vectors…"), true);
            return;
        }
        request.vectorsPath = m_vectorsPath.toStdString();
    } else if (m_store) {
        // A word-vectors run has no model: its vectors are what the projector shows.
        if (const auto run = m_store->run(id); run && run->kind == "vae") {
            // A text VAE: where its encoder puts the validation sentences.
            try {
                request.vaeCheckpoint = vaeRunCheckpoint(*m_store, id);
            } catch (const std::exception& e) {
                setMessage(coreErrorText(e), true);
                return;
            }
            request.vaeRunConfig = run->configJson;
        } else if (run && run->kind == "word-vectors") {
            request.vectorsPath = runVectorsPath(*m_store, id);
            if (request.vectorsPath.empty()) {
                setMessage(tr("Run %1 left no word vectors: it did not finish.").arg(id), true);
                return;
            }
        } else {
            request.checkpoint = m_store->checkpointPath(id);
        }
    }
    request.sentences = m_what->currentIndex() == static_cast<int>(What::Sentences);
    if (!vectors && (id <= 0 || !m_store)) {
        setMessage(tr("Train a run first: the projector shows a trained model's embeddings."), true);
        return;
    }
    m_progress = std::make_shared<ProjectionProgress>();
    setBusy(true);
    m_progressBar->setRange(0, 0);  // reading the data and the model: no steps to count
    setMessage(tr("Reading the run's embeddings…"));
    m_prepareJob.start([request] { return prepareProjection(request); });
}

void ProjectorPanel::cancel()
{
    if (m_progress)
        m_progress->cancel();
}

void ProjectorPanel::onPrepared()
{
    m_outcome = m_prepareJob.result();
    if (!m_outcome.error.isEmpty()) {
        setBusy(false);
        setMessage(m_outcome.error, true);
        Q_EMIT finished();
        return;
    }
    QStringList labels;
    for (const auto& l : m_outcome.table.labels)
        labels.append(QString::fromStdString(l));
    m_scatter->setPoints(m_outcome.projection.xy, labels);
    if (!m_outcome.frequencies.empty())
        m_scatter->setValues(m_outcome.frequencies, tr("frequency"), true);
    else if (!m_outcome.classNames.isEmpty())
        m_scatter->setClasses(m_outcome.table.classes, m_outcome.classNames);
    const auto pcaText = tr("PCA of %n point(s): the axes hold %1% and %2% of the variance.", nullptr, m_outcome.table.rows)
                             .arg(100 * m_outcome.projection.explained[0], 0, 'f', 1)
                             .arg(100 * m_outcome.projection.explained[1], 0, 'f', 1);
    if (m_method->currentIndex() != static_cast<int>(Method::Tsne) || m_progress->cancelRequested()) {
        setBusy(false);
        setMessage(m_outcome.note.isEmpty() ? pcaText : m_outcome.note + QStringLiteral(" · ") + pcaText);
        if (!m_search->text().isEmpty())
            search(m_search->text());
        Q_EMIT finished();
        return;
    }
    TsneOptions options;
    options.perplexity = m_perplexity->value();
    options.iterations = m_iterations->value();
    m_progressBar->setRange(0, options.iterations);
    m_progressBar->setValue(0);
    setMessage(tr("t-SNE: finding each point's neighbours…"));
    m_drain.start();
    m_tsneJob.start([prepared = m_outcome, options, progress = m_progress] {
        return refineWithTsne(prepared, options, *progress);
    });
}

void ProjectorPanel::drainProgress()
{
    std::vector<float> xy;
    int iteration = 0, iterations = 0;
    if (!m_progress || !m_progress->take(xy, iteration, iterations))
        return;
    m_scatter->updatePositions(xy, true);
    m_progressBar->setValue(iteration);
    setMessage(tr("t-SNE: iteration %1 of %2").arg(iteration).arg(iterations));
}

void ProjectorPanel::onRefined()
{
    m_drain.stop();
    setBusy(false);
    const auto result = m_tsneJob.result();
    if (result.cancelled) {
        setMessage(tr("t-SNE cancelled; the layout shown is where it stopped."));
    } else if (!result.error.isEmpty()) {
        setMessage(result.error, true);
    } else {
        m_outcome = result;
        m_scatter->updatePositions(m_outcome.projection.xy, true);
        setMessage(tr("t-SNE of %n point(s), perplexity %1, %2 iterations.", nullptr, m_outcome.table.rows)
                       .arg(m_perplexity->value())
                       .arg(m_iterations->value()));
    }
    if (!m_search->text().isEmpty())
        search(m_search->text());
    Q_EMIT finished();
}

void ProjectorPanel::search(const QString& text)
{
    m_search->setText(text);
    const auto needle = text.trimmed();
    // Tokens match whole; sentences match on any part of their text.
    const bool tokens = !m_outcome.frequencies.empty() || (!m_outcome.note.isEmpty() && !m_outcome.latents);
    QVector<int> matches;
    if (!needle.isEmpty())
        for (int i = 0; i < m_outcome.table.rows && matches.size() < kMaxHighlighted; ++i) {
            const auto label = QString::fromStdString(m_outcome.table.labels[static_cast<std::size_t>(i)]);
            if (tokens ? label.compare(needle, Qt::CaseInsensitive) == 0 : label.contains(needle, Qt::CaseInsensitive))
                matches.append(i);
        }
    m_scatter->setHighlighted(matches);
    m_neighbours->clear();
    if (needle.isEmpty())
        return;
    if (matches.isEmpty()) {
        setMessage(tr("No point matches “%1”.").arg(needle), true);
        return;
    }
    showNeighbours(matches.front());
}

void ProjectorPanel::showNeighbours(int row)
{
    m_neighbours->clear();
    const auto& labels = m_outcome.table.labels;
    for (const auto& n : nearestByCosine(m_outcome.table, row, kNeighbours)) {
        // Similarity first, so a long text elides at its end and the number stays visible.
        auto* item = new QListWidgetItem(tr("%1   %2").arg(n.similarity, 0, 'f', 3)
                                             .arg(QString::fromStdString(labels[static_cast<std::size_t>(n.row)])),
                                         m_neighbours);
        item->setData(Qt::UserRole, n.row);
        item->setToolTip(QString::fromStdString(labels[static_cast<std::size_t>(n.row)]));
    }
    setMessage(tr("Neighbours of “%1”.").arg(QString::fromStdString(labels[static_cast<std::size_t>(row)]).left(80)));
}

QStringList ProjectorPanel::neighbourRows() const
{
    QStringList out;
    for (int i = 0; i < m_neighbours->count(); ++i)
        out.append(m_neighbours->item(i)->text());
    return out;
}

}  // namespace lathe::gui
