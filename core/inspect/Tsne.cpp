// Barnes-Hut t-SNE (van der Maaten, "Accelerating t-SNE using tree-based algorithms", 2014).
// Written here because no t-SNE library is packaged for Debian's C++; the input
// neighbours come from nearestEuclidean (LibTorch matmul), the rest is plain C++.
#include "inspect/Projection.h"
#include "util/Message.h"
#include "kernels/Parallel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

namespace lathe {

namespace {

// Points per task when the gradient is spread over threads.
constexpr std::int64_t kGrain = 256;

struct SparseRows {
    std::vector<std::size_t> start;  // rows + 1 offsets
    std::vector<int> column;
    std::vector<double> value;
};

// Symmetric input affinities P over each point's 3 * perplexity nearest neighbours.
SparseRows inputAffinities(const EmbeddingTable& t, double perplexity)
{
    const int n = t.rows;
    const int k = std::min(n - 1, static_cast<int>(3 * perplexity));
    const auto neighbours = nearestEuclidean(t, k);
    const double targetEntropy = std::log(perplexity);
    std::vector<std::tuple<int, int, double>> entries;
    entries.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(k) * 2);
    std::vector<double> d(static_cast<std::size_t>(k)), p(static_cast<std::size_t>(k));
    for (int i = 0; i < n; ++i) {
        const float* xi = &t.values[static_cast<std::size_t>(i) * static_cast<std::size_t>(t.dim)];
        const auto& nb = neighbours[static_cast<std::size_t>(i)];
        for (int j = 0; j < k; ++j) {
            const float* xj = &t.values[static_cast<std::size_t>(nb[static_cast<std::size_t>(j)]) * static_cast<std::size_t>(t.dim)];
            double s = 0;
            for (int c = 0; c < t.dim; ++c)
                s += (xi[c] - xj[c]) * static_cast<double>(xi[c] - xj[c]);
            d[static_cast<std::size_t>(j)] = s;
        }
        const double dmin = *std::min_element(d.begin(), d.end());
        // Binary search on the precision beta so the conditional distribution has the target entropy.
        double beta = 1, lo = 0, hi = INFINITY, sum = 0;
        for (int iter = 0; iter < 100; ++iter) {
            sum = 0;
            double weighted = 0;
            for (int j = 0; j < k; ++j) {
                p[static_cast<std::size_t>(j)] = std::exp(-beta * (d[static_cast<std::size_t>(j)] - dmin));
                sum += p[static_cast<std::size_t>(j)];
                weighted += (d[static_cast<std::size_t>(j)] - dmin) * p[static_cast<std::size_t>(j)];
            }
            const double entropy = std::log(sum) + beta * weighted / sum;
            if (std::abs(entropy - targetEntropy) < 1e-5)
                break;
            if (entropy > targetEntropy) {
                lo = beta;
                beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        for (int j = 0; j < k; ++j) {
            const double v = p[static_cast<std::size_t>(j)] / sum / (2.0 * n);
            entries.emplace_back(i, nb[static_cast<std::size_t>(j)], v);
            entries.emplace_back(nb[static_cast<std::size_t>(j)], i, v);
        }
    }
    std::sort(entries.begin(), entries.end());
    SparseRows P;
    P.start.assign(static_cast<std::size_t>(n) + 1, 0);
    for (std::size_t e = 0; e < entries.size();) {
        auto [i, j, v] = entries[e];
        double total = 0;
        for (; e < entries.size() && std::get<0>(entries[e]) == i && std::get<1>(entries[e]) == j; ++e)
            total += std::get<2>(entries[e]);
        P.column.push_back(j);
        P.value.push_back(total);
        P.start[static_cast<std::size_t>(i) + 1] = P.column.size();
    }
    for (std::size_t i = 1; i < P.start.size(); ++i)
        P.start[i] = std::max(P.start[i], P.start[i - 1]);
    return P;
}

// A quadtree over the current layout; each cell keeps its point count and centre of mass.
class QuadTree {
public:
    QuadTree(const std::vector<double>& y, int n) : m_y(y)
    {
        double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
        for (int i = 0; i < n; ++i) {
            minX = std::min(minX, y[2 * i]), maxX = std::max(maxX, y[2 * i]);
            minY = std::min(minY, y[2 * i + 1]), maxY = std::max(maxY, y[2 * i + 1]);
        }
        const double half = std::max({maxX - minX, maxY - minY, 1e-9}) / 2 * 1.0001;
        m_nodes.reserve(static_cast<std::size_t>(n) * 2);
        m_nodes.push_back(Node{(minX + maxX) / 2, (minY + maxY) / 2, half});
        for (int i = 0; i < n; ++i)
            insert(0, i, 0);
    }

    // Adds the repulsion on point i to (fx, fy) and its share of the normalization to z.
    void repulse(int node, int i, double theta2, double& fx, double& fy, double& z) const
    {
        const Node& c = m_nodes[static_cast<std::size_t>(node)];
        if (c.count == 0 || (c.leaf && c.count == 1 && c.point == i))
            return;
        const double dx = m_y[2 * static_cast<std::size_t>(i)] - c.sx / c.count;
        const double dy = m_y[2 * static_cast<std::size_t>(i) + 1] - c.sy / c.count;
        const double d2 = dx * dx + dy * dy;
        const double width = 2 * c.half;
        if (c.leaf || width * width < theta2 * d2) {
            // A leaf at the depth limit may hold i among duplicates of it.
            const double count = c.leaf && d2 < 1e-18 ? c.count - 1 : c.count;
            const double q = 1.0 / (1.0 + d2);
            z += count * q;
            fx += count * q * q * dx;
            fy += count * q * q * dy;
            return;
        }
        for (int child : c.children)
            if (child >= 0)
                repulse(child, i, theta2, fx, fy, z);
    }

private:
    // Duplicates stop splitting here and share one leaf.
    static constexpr int kMaxDepth = 40;
    struct Node {
        double cx, cy, half;
        double sx = 0, sy = 0;
        int count = 0;
        int point = -1;
        bool leaf = true;
        int children[4] = {-1, -1, -1, -1};
    };

    int quadrant(const Node& c, int i) const
    {
        return (m_y[2 * static_cast<std::size_t>(i)] >= c.cx ? 1 : 0) + (m_y[2 * static_cast<std::size_t>(i) + 1] >= c.cy ? 2 : 0);
    }

    int childFor(int node, int quadrantIndex)
    {
        if (m_nodes[static_cast<std::size_t>(node)].children[quadrantIndex] < 0) {
            const Node& c = m_nodes[static_cast<std::size_t>(node)];
            const double h = c.half / 2;
            Node child{c.cx + (quadrantIndex & 1 ? h : -h), c.cy + (quadrantIndex & 2 ? h : -h), h};
            m_nodes.push_back(child);
            m_nodes[static_cast<std::size_t>(node)].children[quadrantIndex] = static_cast<int>(m_nodes.size() - 1);
        }
        return m_nodes[static_cast<std::size_t>(node)].children[quadrantIndex];
    }

    void insert(int node, int i, int depth)
    {
        Node* c = &m_nodes[static_cast<std::size_t>(node)];
        c->sx += m_y[2 * static_cast<std::size_t>(i)];
        c->sy += m_y[2 * static_cast<std::size_t>(i) + 1];
        ++c->count;
        if (c->leaf) {
            if (c->count == 1) {
                c->point = i;
                return;
            }
            if (depth >= kMaxDepth)
                return;
            // Split: the point already here moves down into its quadrant.
            const int old = c->point;
            c->leaf = false;
            c->point = -1;
            const int q = quadrant(*c, old);
            const int child = childFor(node, q);
            insert(child, old, depth + 1);
            c = &m_nodes[static_cast<std::size_t>(node)];
        }
        const int child = childFor(node, quadrant(*c, i));
        insert(child, i, depth + 1);
    }

    const std::vector<double>& m_y;
    std::vector<Node> m_nodes;
};

}  // namespace

PointProjection projectTsne(const EmbeddingTable& table, const TsneOptions& o, ProjectionListener* listener)
{
    const int n = table.rows;
    if (n < 4)
        throw UserError(Message(LATHE_TR("Inspect", "t-SNE needs at least 4 points; there are %1"), n));
    if (o.perplexity < 1 || 3 * o.perplexity > n - 1)
        throw UserError(Message(LATHE_TR("Inspect", "perplexity %1 does not fit %2 points: choose between 1 and %3"),
                                o.perplexity, n, fmt::format("{:.0f}", std::max(1.0, (n - 1) / 3.0))));
    if (o.iterations < 1)
        throw UserError(LATHE_TR("Inspect", "t-SNE needs at least one iteration"));
    const auto P = inputAffinities(table, o.perplexity);

    // Start from PCA scaled down to a tiny spread (stable and reproducible).
    const auto pca = projectPca(table);
    std::vector<double> y(pca.xy.begin(), pca.xy.end());
    double sd = 0;
    for (int i = 0; i < n; ++i)
        sd += y[2 * static_cast<std::size_t>(i)] * y[2 * static_cast<std::size_t>(i)];
    sd = std::sqrt(sd / n);
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> jitter(0.0, 1e-4);
    for (auto& v : y)
        v = (sd > 0 ? v / sd * 1e-4 : 0.0) + jitter(rng) * 0.01;

    const int exaggerated = std::min(250, o.iterations / 4);
    const double exaggeration = 12;
    const double eta = std::max(200.0, n / exaggeration);
    const double theta2 = o.theta * o.theta;
    std::vector<double> update(y.size(), 0.0), gains(y.size(), 1.0), grad(y.size());
    std::vector<float> snapshot(y.size());
    auto report = [&](int iteration) {
        if (!listener)
            return;
        std::copy(y.begin(), y.end(), snapshot.begin());
        listener->onLayout(iteration, o.iterations, snapshot);
    };
    for (int it = 0; it < o.iterations; ++it) {
        if (listener && listener->cancelRequested())
            throw ProjectionCancelled();
        const double ex = it < exaggerated ? exaggeration : 1.0;
        const double momentum = it < exaggerated ? 0.5 : 0.8;
        QuadTree tree(y, n);
        std::vector<double> rep(y.size(), 0.0), zi(static_cast<std::size_t>(n), 0.0);
        // Per point, on the tensor library's threads; the normalization is summed in order
        // afterwards, so the layout does not depend on the thread count.
        kernels::parallelFor(0, n, kGrain, [&](std::int64_t from, std::int64_t to) {
            for (auto i = static_cast<int>(from); i < static_cast<int>(to); ++i)
                tree.repulse(0, i, theta2, rep[2 * static_cast<std::size_t>(i)], rep[2 * static_cast<std::size_t>(i) + 1],
                             zi[static_cast<std::size_t>(i)]);
        });
        double z = 0;
        for (double v : zi)
            z += v;
        z = std::max(z, 1e-12);
        kernels::parallelFor(0, n, kGrain, [&](std::int64_t from, std::int64_t to) {
        for (auto i = static_cast<int>(from); i < static_cast<int>(to); ++i) {
            double ax = 0, ay = 0;
            const auto ix = 2 * static_cast<std::size_t>(i);
            for (auto e = P.start[static_cast<std::size_t>(i)]; e < P.start[static_cast<std::size_t>(i) + 1]; ++e) {
                const auto jx = 2 * static_cast<std::size_t>(P.column[e]);
                const double dx = y[ix] - y[jx], dy = y[ix + 1] - y[jx + 1];
                const double w = P.value[e] / (1.0 + dx * dx + dy * dy);
                ax += w * dx;
                ay += w * dy;
            }
            grad[ix] = 4 * (ex * ax - rep[ix] / z);
            grad[ix + 1] = 4 * (ex * ay - rep[ix + 1] / z);
        }
        });
        double mx = 0, my = 0;
        for (std::size_t c = 0; c < y.size(); ++c) {
            gains[c] = (grad[c] > 0) != (update[c] > 0) ? gains[c] + 0.2 : std::max(0.01, gains[c] * 0.8);
            update[c] = momentum * update[c] - eta * gains[c] * grad[c];
            y[c] += update[c];
            (c % 2 ? my : mx) += y[c];
        }
        for (std::size_t c = 0; c < y.size(); ++c)
            y[c] -= (c % 2 ? my : mx) / n;
        if ((it + 1) % 10 == 0 && it + 1 < o.iterations)
            report(it + 1);
    }
    report(o.iterations);
    PointProjection out;
    out.xy.assign(y.begin(), y.end());
    return out;
}

}  // namespace lathe
