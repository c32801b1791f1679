#include "inspect/Projection.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

namespace lathe {

namespace {
torch::Tensor asTensor(const EmbeddingTable& t)
{
    return torch::from_blob(const_cast<float*>(t.values.data()), {t.rows, t.dim}, torch::kFloat).clone();
}
// Distances are computed this many rows at a time, to bound memory at 20k points.
constexpr std::int64_t kBlockRows = 1024;
}  // namespace

PointProjection projectPca(const EmbeddingTable& table)
{
    PointProjection p;
    p.xy.assign(static_cast<std::size_t>(table.rows) * 2, 0.0f);
    if (table.rows < 2 || table.dim < 1)
        return p;
    torch::NoGradGuard noGrad;
    auto x = asTensor(table).to(torch::kDouble);
    x = x - x.mean(0, true);
    auto cov = torch::matmul(x.t(), x) / static_cast<double>(table.rows - 1);
    auto [values, vectors] = torch::linalg::eigh(cov, "L");  // ascending
    const auto d = values.size(0);
    const int axes = static_cast<int>(std::min<std::int64_t>(2, d));
    const double total = values.clamp_min(0).sum().item<double>();
    auto out = torch::zeros({table.rows, 2}, torch::kDouble);
    for (int a = 0; a < axes; ++a) {
        auto v = vectors.select(1, d - 1 - a);
        if (v.index({v.abs().argmax()}).item<double>() < 0)
            v = -v;
        out.select(1, a).copy_(torch::matmul(x, v));
        p.explained[a] = total > 0 ? std::max(0.0, values[d - 1 - a].item<double>()) / total : 0.0;
    }
    auto f = out.to(torch::kFloat).contiguous();
    std::copy(f.data_ptr<float>(), f.data_ptr<float>() + f.numel(), p.xy.begin());
    return p;
}

std::vector<Neighbour> nearestByCosine(const EmbeddingTable& table, int row, int k)
{
    if (row < 0 || row >= table.rows)
        return {};
    torch::NoGradGuard noGrad;
    auto x = asTensor(table);
    auto norms = x.norm(2, 1).clamp_min(1e-12);
    auto sims = torch::matmul(x, x[row]) / (norms * norms[row]);
    sims.index_put_({row}, -INFINITY);
    const auto take = std::min<std::int64_t>(k, table.rows - 1);
    if (take <= 0)
        return {};
    auto [values, indices] = sims.topk(take);
    std::vector<Neighbour> out;
    for (std::int64_t i = 0; i < take; ++i)
        out.push_back({static_cast<int>(indices[i].item<std::int64_t>()), values[i].item<float>()});
    return out;
}

std::vector<std::vector<int>> nearestEuclidean(const EmbeddingTable& table, int k)
{
    torch::NoGradGuard noGrad;
    auto x = asTensor(table);
    auto sq = (x * x).sum(1).contiguous();
    const float* norms = sq.data_ptr<float>();
    const auto take = static_cast<std::ptrdiff_t>(std::min<std::int64_t>(k, table.rows - 1));
    std::vector<std::vector<int>> out(static_cast<std::size_t>(table.rows));
    if (take <= 0)
        return out;
    std::vector<int> order(static_cast<std::size_t>(table.rows));
    std::vector<float> key(static_cast<std::size_t>(table.rows));
    for (std::int64_t from = 0; from < table.rows; from += kBlockRows) {
        const auto to = std::min<std::int64_t>(table.rows, from + kBlockRows);
        auto dots = torch::matmul(x.slice(0, from, to), x.t()).contiguous();
        for (std::int64_t i = from; i < to; ++i) {
            // |xi - xj|^2 = |xi|^2 + |xj|^2 - 2 xi.xj; the first term is the same for every j,
            // so the order needs only the rest (and no block-sized temporaries).
            const float* row = dots.data_ptr<float>() + (i - from) * table.rows;
            for (std::int64_t j = 0; j < table.rows; ++j)
                key[static_cast<std::size_t>(j)] = norms[j] - 2 * row[j];
            key[static_cast<std::size_t>(i)] = INFINITY;  // a point is not its own neighbour
            std::iota(order.begin(), order.end(), 0);
            const auto closer = [&key](int a, int b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; };
            std::nth_element(order.begin(), order.begin() + take, order.end(), closer);
            std::sort(order.begin(), order.begin() + take, closer);
            out[static_cast<std::size_t>(i)].assign(order.begin(), order.begin() + take);
        }
    }
    return out;
}

}  // namespace lathe
