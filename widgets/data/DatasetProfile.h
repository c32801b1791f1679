#pragma once
// What a dataset looks like to a model: class balance, split sizes, token lengths under a
// tokenizer and its most frequent pieces. Computed from a sample off the GUI thread.
#include "data/TextDataset.h"

#include <QPair>
#include <QString>
#include <QVector>

namespace lathe::gui {

struct DatasetProfile {
    QString tokenizer;
    QVector<QPair<QString, qint64>> classCounts;  // empty for a corpus
    qint64 trainSize = 0, validationSize = 0, testSize = 0;
    qint64 sampled = 0;              // texts tokenized for the lengths and vocabulary
    int vocabularySize = 0;          // of the tokenizer learnt from the sample
    QVector<int> lengthBinEdges;     // bin i counts lengths in [edges[i], edges[i+1])
    QVector<qint64> lengthCounts;
    int medianLength = 0, p95Length = 0, maxLength = 0;
    double truncatedShare = 0;       // share longer than `truncateAt` tokens
    int truncateAt = 0;
    QVector<QPair<QString, qint64>> topPieces;  // most frequent first
    QString error;                   // set when the tokenizer could not be learnt
};

// At most `sampleLimit` texts (an even stride through the dataset) are tokenized.
DatasetProfile profileDataset(const TextDataset& dataset, const QString& tokenizerKind, int truncateAt = 128,
                              qsizetype sampleLimit = 20'000, int topCount = 40);

}  // namespace lathe::gui
