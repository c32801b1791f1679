#include "common/CoreText.h"
#include "vae/VaeRun.h"
#include "projector/ProjectionTask.h"

#include "attention/InspectorCache.h"
#include "inspect/RunExamples.h"
#include "inspect/WordVectors.h"

#include <QObject>

namespace lathe::gui {

void ProjectionProgress::onLayout(int iteration, int iterations, const std::vector<float>& xy)
{
    std::lock_guard lock(m_mutex);
    m_xy = xy;
    m_iteration = iteration;
    m_iterations = iterations;
    m_fresh = true;
}

bool ProjectionProgress::take(std::vector<float>& xy, int& iteration, int& iterations)
{
    std::lock_guard lock(m_mutex);
    if (!m_fresh)
        return false;
    xy.swap(m_xy);
    iteration = m_iteration;
    iterations = m_iterations;
    m_fresh = false;
    return true;
}

ProjectionOutcome prepareProjection(const ProjectionRequest& request)
{
    ProjectionOutcome out;
    try {
        if (!request.vectorsPath.empty()) {
            const auto vectors = loadWordVectors(request.vectorsPath);
            out.table = vectors.table();
            out.note = QObject::tr("%1 word vectors of %2 dimensions from %3")
                           .arg(vectors.size())
                           .arg(vectors.dim)
                           .arg(QString::fromStdString(request.vectorsPath));
            out.projection = projectPca(out.table);
            return out;
        }
        if (!request.vaeCheckpoint.empty()) {
            auto latents = vaeLatentMeans(request.vaeCheckpoint, request.vaeRunConfig);
            out.table = std::move(latents.table);
            for (const auto& c : latents.classNames)
                out.classNames.append(QString::fromStdString(c));
            out.latents = true;
            out.note = QObject::tr("posterior means of %1 validation sentences in %2 latent dimensions")
                           .arg(out.table.rows)
                           .arg(out.table.dim);
            out.projection = projectPca(out.table);
            return out;
        }
        auto inspector = inspectorCache().open(request.checkpoint);
        if (request.sentences) {
            auto examples = loadRunSplit(inspector->config(), SplitPart::Validation);
            const auto keep = std::min(examples.texts.size(), static_cast<std::size_t>(request.maxSentences));
            examples.texts.resize(keep);
            if (!examples.labels.empty())
                examples.labels.resize(keep);
            out.table = inspector->sentenceEmbeddings(examples.texts, examples.labels);
            for (const auto& c : examples.classes)
                out.classNames.append(QString::fromStdString(c));
        } else {
            out.table = inspector->tokenEmbeddings();
            const auto train = loadRunSplit(inspector->config(), SplitPart::Train);
            for (auto f : inspector->tokenFrequencies(train.texts))
                out.frequencies.push_back(static_cast<double>(f));
        }
        out.projection = projectPca(out.table);
    } catch (const std::exception& e) {
        out.error = coreErrorText(e);
    }
    return out;
}

ProjectionOutcome refineWithTsne(ProjectionOutcome prepared, const TsneOptions& options, ProjectionProgress& progress)
{
    try {
        prepared.projection = projectTsne(prepared.table, options, &progress);
    } catch (const ProjectionCancelled&) {
        prepared.cancelled = true;
    } catch (const std::exception& e) {
        prepared.error = coreErrorText(e);
    }
    return prepared;
}

}  // namespace lathe::gui
