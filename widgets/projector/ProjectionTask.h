#pragma once
// One projection of a run's embeddings, computed off the GUI thread: the table of vectors
// (token embeddings or sentence representations), PCA, and optionally t-SNE, whose partial
// layouts the worker leaves in a shared buffer for the GUI to take on its own timer.
#include "inspect/ModelInspector.h"
#include "inspect/Projection.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace lathe::gui {

struct ProjectionRequest {
    std::string checkpoint;
    bool sentences = false;  // else tokens
    int maxSentences = 20000;
    std::string vectorsPath;  // when set: word vectors from this file instead of a run
    // A text-VAE run: its checkpoint and configuration (the latent means of its validation sentences).
    std::string vaeCheckpoint, vaeRunConfig;
};

struct ProjectionOutcome {
    EmbeddingTable table;
    PointProjection projection;
    std::vector<double> frequencies;  // tokens: occurrences in the training split
    QStringList classNames;           // sentences
    QString note;                     // word vectors, VAE latents: what was read
    bool latents = false;             // a VAE's latent means (labels are sentences)
    QString error;
    bool cancelled = false;
};

// Shared between the worker and the GUI.
class ProjectionProgress : public ProjectionListener {
public:
    void onLayout(int iteration, int iterations, const std::vector<float>& xy) override;
    bool cancelRequested() const override { return m_cancel.load(); }
    void cancel() { m_cancel.store(true); }
    // The newest partial layout since the last call, if any.
    bool take(std::vector<float>& xy, int& iteration, int& iterations);

private:
    std::atomic<bool> m_cancel{false};
    std::mutex m_mutex;
    std::vector<float> m_xy;
    int m_iteration = 0, m_iterations = 0;
    bool m_fresh = false;
};

// Phase one: the table of vectors and its PCA layout (shown at once).
ProjectionOutcome prepareProjection(const ProjectionRequest& request);
// Phase two, for t-SNE: the layout forming from that PCA start.
ProjectionOutcome refineWithTsne(ProjectionOutcome prepared, const TsneOptions& options, ProjectionProgress& progress);

}  // namespace lathe::gui
