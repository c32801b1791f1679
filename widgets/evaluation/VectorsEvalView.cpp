#include "evaluation/VectorsEvalView.h"

#include "common/CoreText.h"
#include "common/Feedback.h"
#include "inspect/Projection.h"
#include "store/RunStore.h"
#include "vectors/VectorsEval.h"
#include "vectors/VectorsRun.h"

#include <QCompleter>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <optional>

namespace lathe::gui {

struct VectorsEvalView::Result {
    std::shared_ptr<const WordVectors> vectors;
    std::shared_ptr<const EmbeddingTable> table;
    std::optional<SimilarityResult> similarity;
    std::optional<AnalogyResult> analogies;
    QString similarityFile, analogiesFile;
    QString error;
};

namespace {
QTableWidget* table(QWidget* parent, const QStringList& headers)
{
    auto* t = new QTableWidget(parent);
    t->setColumnCount(int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    t->setAlternatingRowColors(true);
    return t;
}
void setRow(QTableWidget& t, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        if (c > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t.setItem(row, c, item);
    }
}
}  // namespace

VectorsEvalView::VectorsEvalView(QWidget* parent)
    : QWidget(parent), m_similarityFile(new QLineEdit(this)),
      m_analogiesFile(new QLineEdit(this)), m_restrict(new QSpinBox(this)),
      m_evaluate(new QPushButton(tr("Evaluate"), this)), m_similarity(new QLabel(this)),
      m_analogies(table(this, {tr("Section"), tr("Accuracy"), tr("Correct"), tr("Covered"), tr("Questions")})),
      m_word(new QLineEdit(this)), m_neighbours(table(this, {tr("Word"), tr("Cosine")})), m_message(new QLabel(this)),
      m_task(std::make_unique<BackgroundTask<Result>>())
{
    m_similarity->setWordWrap(true);
    m_similarity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);
    m_similarityFile->setObjectName(QStringLiteral("similarityFile"));
    m_analogiesFile->setObjectName(QStringLiteral("analogiesFile"));
    m_word->setObjectName(QStringLiteral("neighbourWord"));
    m_evaluate->setObjectName(QStringLiteral("evaluateVectors"));
    m_similarityFile->setPlaceholderText(tr("word1, word2, human score per line (WordSim-353)"));
    m_analogiesFile->setPlaceholderText(tr("\": section\" lines, then a b c d (questions-words.txt)"));
    m_word->setPlaceholderText(tr("Type a word"));
    m_restrict->setRange(1, 100'000'000);
    m_restrict->setValue(300'000);
    m_restrict->setGroupSeparatorShown(true);
    m_restrict->setToolTip(tr("Only the most frequent words count, as gensim's restrict_vocab: a question or pair "
                              "with a rarer word is not covered"));
    QSettings settings;
    m_similarityFile->setText(settings.value(QStringLiteral("vectorsEval/similarity")).toString());
    m_analogiesFile->setText(settings.value(QStringLiteral("vectorsEval/analogies")).toString());

    const auto fileRow = [this](QLineEdit* edit, const QString& title, const char* key) {
        auto* row = new QHBoxLayout;
        auto* browse = new QToolButton(this);
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(title);
        connect(browse, &QToolButton::clicked, this, [this, edit, title, key] { chooseFile(edit, title, key); });
        row->addWidget(edit, 1);
        row->addWidget(browse);
        return row;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Word pairs:"), fileRow(m_similarityFile, tr("Choose Word Pairs"), "vectorsEval/similarity"));
    form->addRow(tr("Analogies:"), fileRow(m_analogiesFile, tr("Choose Analogy Questions"), "vectorsEval/analogies"));
    auto* restrictRow = new QHBoxLayout;
    restrictRow->addWidget(m_restrict);
    restrictRow->addStretch(1);
    restrictRow->addWidget(m_evaluate);
    form->addRow(tr("Most frequent words:"), restrictRow);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_similarity);
    leftLayout->addWidget(m_analogies, 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* wordRow = new QHBoxLayout;
    wordRow->addWidget(new QLabel(tr("Neighbours of:"), right));
    wordRow->addWidget(m_word, 1);
    rightLayout->addLayout(wordRow);
    rightLayout->addWidget(m_neighbours, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);

    connect(m_evaluate, &QPushButton::clicked, this, &VectorsEvalView::evaluate);
    connect(m_word, &QLineEdit::returnPressed, this, [this] { showNeighbours(m_word->text()); });
    connect(m_task.get(), &TaskNotifier::finished, this, &VectorsEvalView::onFinished);
    m_similarity->setText(tr("Choose a file of word pairs and/or analogy questions, then Evaluate."));
}

VectorsEvalView::~VectorsEvalView() = default;

void VectorsEvalView::setRun(RunStore* store, qint64 runId)
{
    const auto path = store ? runVectorsPath(*store, runId) : std::string();
    if (path.empty()) {
        m_vectorsPath.clear();
        m_vectors.reset();
        m_table.reset();
        setMessage(tr("Run %1 has no vectors file (it did not finish, or its folder was moved).").arg(runId), true);
        return;
    }
    setVectorsFile(QString::fromStdString(path));
}

void VectorsEvalView::setVectorsFile(const QString& path)
{
    m_vectorsPath = path;
    m_vectors.reset();
    m_table.reset();
    m_analogies->setRowCount(0);
    m_neighbours->setRowCount(0);
    // Loaded now, so neighbours are at hand; scored too when files are already chosen.
    start(!m_similarityFile->text().isEmpty() || !m_analogiesFile->text().isEmpty());
}

void VectorsEvalView::setSimilarityFile(const QString& path)
{
    m_similarityFile->setText(path);
}

void VectorsEvalView::setAnalogiesFile(const QString& path)
{
    m_analogiesFile->setText(path);
}

void VectorsEvalView::evaluate()
{
    if (m_vectorsPath.isEmpty()) {
        setMessage(tr("Select a word-vectors run in the Runs panel, or open a vectors file."), true);
        return;
    }
    if (m_similarityFile->text().isEmpty() && m_analogiesFile->text().isEmpty()) {
        setMessage(tr("Choose a file of word pairs or of analogy questions first."), true);
        return;
    }
    start(true);
}

bool VectorsEvalView::isBusy() const
{
    return m_task->isRunning();
}

void VectorsEvalView::start(bool score)
{
    m_evaluate->setEnabled(false);
    setMessage(m_vectors ? tr("Scoring…") : tr("Loading %1…").arg(QFileInfo(m_vectorsPath).fileName()));
    const auto path = m_vectorsPath.toStdString();
    const QString similarity = score ? m_similarityFile->text() : QString();
    const QString analogies = score ? m_analogiesFile->text() : QString();
    const auto restrict = static_cast<std::int64_t>(m_restrict->value());
    m_task->start([path, vectors = m_vectors, table = m_table, similarity, analogies, restrict]() {
        Result r;
        r.similarityFile = similarity;
        r.analogiesFile = analogies;
        try {
            r.vectors = vectors ? vectors : std::make_shared<const WordVectors>(loadWordVectors(path));
            r.table = table ? table : std::make_shared<const EmbeddingTable>(r.vectors->table());
            if (!similarity.isEmpty())
                r.similarity = evaluateSimilarity(*r.vectors, similarity.toStdString(), restrict);
            if (!analogies.isEmpty())
                r.analogies = evaluateAnalogies(*r.vectors, analogies.toStdString(), restrict);
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

void VectorsEvalView::onFinished()
{
    m_evaluate->setEnabled(true);
    const Result r = m_task->result();
    if (r.vectors && r.vectors != m_vectors) {
        m_vectors = r.vectors;
        m_table = r.table;
        // The vocabulary offered as the word is typed (most frequent first, as the file lists it).
        QStringList words;
        words.reserve(qsizetype(m_vectors->words.size()));
        for (const auto& w : m_vectors->words)
            words << QString::fromStdString(w);
        auto* completer = new QCompleter(words, m_word);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setModelSorting(QCompleter::UnsortedModel);
        connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
                [this](const QString& word) { showNeighbours(word); });
        delete m_word->completer();
        m_word->setCompleter(completer);
    }
    if (!r.error.isEmpty()) {
        setMessage(tr("Could not evaluate: %1").arg(r.error), true);
        Q_EMIT evaluated();
        return;
    }
    const QLocale locale;
    if (r.similarity) {
        const auto& s = *r.similarity;
        m_similarity->setText(tr("Word pairs (%1): Spearman's ρ %2, Pearson %3, on %4 of %5 pairs (%6% covered).")
                                  .arg(QFileInfo(r.similarityFile).fileName(), locale.toString(s.spearman, 'f', 4),
                                       locale.toString(s.pearson, 'f', 4), locale.toString(qint64(s.covered)),
                                       locale.toString(qint64(s.pairs)),
                                       locale.toString(s.pairs ? 100.0 * double(s.covered) / double(s.pairs) : 0.0, 'f', 1)));
    } else if (!r.similarityFile.isEmpty() || !r.analogiesFile.isEmpty()) {
        m_similarity->setText(tr("No word-pairs file chosen."));
    }
    if (r.analogies) {
        const auto& a = *r.analogies;
        m_analogies->setRowCount(int(a.sections.size()) + 1);
        const auto cells = [&locale](const QString& name, const AnalogySection& s) {
            return QStringList{name, locale.toString(s.accuracy(), 'f', 4), locale.toString(qint64(s.correct)),
                               locale.toString(qint64(s.covered)), locale.toString(qint64(s.questions))};
        };
        int row = 0;
        for (const auto& s : a.sections)
            setRow(*m_analogies, row++, cells(QString::fromStdString(s.name), s));
        setRow(*m_analogies, row, cells(tr("Total"), a.total));
        for (int c = 0; c < m_analogies->columnCount(); ++c) {
            auto font = m_analogies->item(row, c)->font();
            font.setBold(true);
            m_analogies->item(row, c)->setFont(font);
        }
    }
    setMessage(loadedText());
    if (!m_word->text().isEmpty())
        showNeighbours(m_word->text());
    Q_EMIT evaluated();
}

void VectorsEvalView::showNeighbours(const QString& word)
{
    m_word->setText(word);
    m_neighbours->setRowCount(0);
    if (!m_vectors || word.trimmed().isEmpty())
        return;
    const auto find = [this](const std::string& w) {
        for (std::size_t i = 0; i < m_vectors->words.size(); ++i)
            if (m_vectors->words[i] == w)
                return int(i);
        return -1;
    };
    int row = find(word.trimmed().toStdString());
    if (row < 0)
        row = find(word.trimmed().toLower().toStdString());
    if (row < 0) {
        setMessage(tr("'%1' is not among these %2 words.").arg(word.trimmed(), QLocale().toString(qint64(m_vectors->words.size()))),
                   true);
        return;
    }
    const auto near = nearestByCosine(*m_table, row, 15);
    m_neighbours->setRowCount(int(near.size()));
    for (int i = 0; i < int(near.size()); ++i)
        setRow(*m_neighbours, i,
               {QString::fromStdString(m_vectors->words[std::size_t(near[std::size_t(i)].row)]),
                QLocale().toString(near[std::size_t(i)].similarity, 'f', 4)});
    setMessage(loadedText());
}

QString VectorsEvalView::loadedText() const
{
    return m_vectors ? tr("%1 words of %2 dimensions loaded.")
                           .arg(QLocale().toString(qint64(m_vectors->words.size())))
                           .arg(m_vectors->dim)
                     : QString();
}

void VectorsEvalView::chooseFile(QLineEdit* edit, const QString& title, const char* settingsKey)
{
    const auto path = QFileDialog::getOpenFileName(this, title, QFileInfo(edit->text()).absolutePath(),
                                                   tr("Text files (*.txt *.tsv *.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    edit->setText(path);
    QSettings().setValue(QLatin1String(settingsKey), path);
}

QString VectorsEvalView::similarityText() const
{
    return m_similarity->text();
}

QString VectorsEvalView::message() const
{
    return m_message->text();
}

void VectorsEvalView::setMessage(const QString& text, bool error)
{
    setFeedback(*m_message, text, error);
}

}  // namespace lathe::gui
