#pragma once
// Two-dimensional maps of embeddings (PCA, t-SNE) and nearest neighbours. Torch-free header.
#include "inspect/ModelInspector.h"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace lathe {

// Not "Projection": that is the model layer (model/Models.h), and two classes of one name in one
// program are an ODR violation (ASan caught the linker pairing one's destructor with the other).
struct PointProjection {
    std::vector<float> xy;        // rows * 2: x0, y0, x1, y1, ...
    double explained[2] = {0, 0};  // PCA: share of the variance on each axis
};

// The rows projected onto their two leading principal axes (each axis' sign chosen so its
// largest loading is positive, so the picture is the same every time).
PointProjection projectPca(const EmbeddingTable& table);

struct TsneOptions {
    double perplexity = 30;
    int iterations = 1000;
    double theta = 0.5;  // Barnes-Hut accuracy: 0 is exact, larger is faster and coarser
    std::uint64_t seed = 1;
};

// Receives t-SNE's layout as it forms (on the computing thread) and may cancel it.
class ProjectionListener {
public:
    virtual ~ProjectionListener() = default;
    virtual void onLayout(int iteration, int iterations, const std::vector<float>& xy) {}
    virtual bool cancelRequested() const { return false; }
};

class ProjectionCancelled : public std::runtime_error {
public:
    ProjectionCancelled() : std::runtime_error("the projection was cancelled") {}
};

// Barnes-Hut t-SNE (van der Maaten, 2014) from a PCA start, with early exaggeration.
// Throws std::invalid_argument for a perplexity the data cannot support,
// ProjectionCancelled when the listener asks.
PointProjection projectTsne(const EmbeddingTable& table, const TsneOptions& options, ProjectionListener* listener = nullptr);

struct Neighbour {
    int row = 0;
    float similarity = 0;  // cosine
};

// The k rows most similar to `row` by cosine similarity, most similar first (itself excluded).
std::vector<Neighbour> nearestByCosine(const EmbeddingTable& table, int row, int k);

// For each row, the indices of its k nearest other rows by Euclidean distance.
std::vector<std::vector<int>> nearestEuclidean(const EmbeddingTable& table, int k);

}  // namespace lathe
