// AttentionPanel: turning the computed attention into the grid and the large views.
#include "attention/AttentionHeatmap.h"
#include "attention/AttentionPanel.h"
#include "attention/HeadGrid.h"

#include <QComboBox>
#include <QLabel>

#include <algorithm>

namespace lathe::gui {

namespace {
SquareMap viewOf(const AttentionResult& r, AttentionPanel::View view, int layer, int head)
{
    layer = std::clamp(layer, 0, r.layers - 1);
    head = std::clamp(head, 0, r.heads - 1);
    switch (view) {
    case AttentionPanel::View::LayerMean:
        return layerMean(r, layer);
    case AttentionPanel::View::Rollout:
        // Rollout follows self-attention through the layers; cross-attention shows the layer mean.
        return r.cross() ? layerMean(r, layer) : rollout(r, layer);
    case AttentionPanel::View::Head:
        break;
    }
    return headMap(r, layer, head);
}

QStringList toStrings(const std::vector<std::string>& pieces)
{
    QStringList out;
    for (const auto& t : pieces)
        out.append(QString::fromStdString(t));
    return out;
}

QStringList tokensOf(const AttentionResult& r) { return toStrings(r.tokens); }
}  // namespace

void AttentionPanel::render()
{
    if (m_a.layers == 0 || m_a.heads == 0)
        return;
    m_layer = std::clamp(m_layer, 0, m_a.layers - 1);
    m_head = std::clamp(m_head, 0, m_a.heads - 1);
    const auto view = static_cast<View>(m_view->currentIndex());
    const bool sameShape = m_compared && m_a.tokens == m_b.tokens && m_a.keyTokens == m_b.keyTokens &&
                           m_a.layers == m_b.layers && m_a.heads == m_b.heads;
    bool difference = m_compared && m_display->currentIndex() == 1;
    if (difference && !sameShape) {
        difference = false;
        setMessage(m_a.tokens != m_b.tokens || m_a.keyTokens != m_b.keyTokens
                       ? tr("The two models split this text into different tokens, so there is no cell-by-cell "
                            "difference; they are shown side by side.")
                       : tr("The two models have different numbers of layers or heads; they are shown side by side."),
                   true);
    }
    const auto scale = difference ? ColourScale::Diverging : ColourScale::Sequential;

    QVector<QVector<SquareMap>> grid;
    for (int l = 0; l < m_a.layers; ++l) {
        QVector<SquareMap> row;
        for (int h = 0; h < m_a.heads; ++h)
            row.append(difference ? lathe::difference(headMap(m_a, l, h), headMap(m_b, l, h)) : headMap(m_a, l, h));
        grid.append(row);
    }
    m_grid->setMaps(grid, m_a.causal, scale);
    m_grid->setCurrent(m_layer, m_head);

    QString what;
    switch (view) {
    case View::Head:
        what = tr("layer %1, head %2").arg(m_layer + 1).arg(m_head + 1);
        break;
    case View::LayerMean:
        what = tr("layer %1, mean of %2 heads").arg(m_layer + 1).arg(m_a.heads);
        break;
    case View::Rollout:
        what = !m_a.cross() ? tr("rollout through layer %1").arg(m_layer + 1)
                            : tr("layer %1, mean of %2 heads (cross-attention has no rollout)")
                                  .arg(m_layer + 1)
                                  .arg(m_a.heads);
        break;
    }
    const auto tokens = tokensOf(m_a);
    const auto nameA = tr("A: %1 · step %2").arg(m_runs->currentText()).arg(m_a.step);
    const auto compareMode = static_cast<Compare>(m_compare->currentIndex());
    const auto nameB = tr("B: %1 · step %2")
                           .arg(compareMode == Compare::Run ? m_otherRuns->currentText() : m_runs->currentText())
                           .arg(m_b.step);
    if (difference) {
        m_mapA->setMap(lathe::difference(viewOf(m_a, view, m_layer, m_head), viewOf(m_b, view, m_layer, m_head)), tokens,
                       m_a.causal, scale, tr("A − B (steps %1 − %2) · %3").arg(m_a.step).arg(m_b.step).arg(what),
                       toStrings(m_a.keyTokens));
        m_mapB->hide();
    } else {
        m_mapA->setMap(viewOf(m_a, view, m_layer, m_head), tokens, m_a.causal, scale, nameA + QStringLiteral(" · ") + what,
                       toStrings(m_a.keyTokens));
        m_mapB->setVisible(m_compared);
        if (m_compared)
            m_mapB->setMap(viewOf(m_b, view, m_layer, m_head), tokensOf(m_b), m_b.causal, scale,
                           nameB + QStringLiteral(" · ") + what, toStrings(m_b.keyTokens));
    }
    if (!m_a.classProbabilities.empty()) {
        const auto best = std::max_element(m_a.classProbabilities.begin(), m_a.classProbabilities.end());
        const auto index = static_cast<std::size_t>(best - m_a.classProbabilities.begin());
        m_readout->setText(tr("%1 tokens · predicted “%2” with p = %3")
                               .arg(m_a.length())
                               .arg(QString::fromStdString(m_a.classes.at(index)))
                               .arg(*best, 0, 'f', 3));
    } else if (!m_a.target.empty() || m_a.decoded) {
        // An encoder–decoder's decoder: the target it read.
        m_readout->setText((m_a.decoded ? tr("%1 tokens · the model's output: %2") : tr("%1 tokens · reference target: %2"))
                               .arg(m_a.length())
                               .arg(QString::fromStdString(m_a.target)));
    } else {
        // A language model predicts no class: the count alone, never the last classifier's readout.
        m_readout->setText(tr("%1 tokens").arg(m_a.length()));
    }
}

bool AttentionPanel::exportImage(const QString& path) const
{
    if (!m_mapA->hasMap())
        return false;
    return m_maps->grab().save(path, "PNG");
}

}  // namespace lathe::gui
