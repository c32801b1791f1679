#include "studies/StudyCharts.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QCategoryAxis>
#include <QJsonArray>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lathe::gui {

namespace {
// The axis's range: [low, high] with 4% room each side, never empty, with ticks at a 1-2-5
// interval anchored at 0 (about five of them). Not Qt's nice numbers: they widen the range to
// whole ticks, so an accuracy of 0.38-0.97 got an axis to 1.2 and a dropout of 0-0.3 one from -0.1.
void fit(QValueAxis* axis, double low, double high)
{
    if (!(low <= high) || !std::isfinite(low) || !std::isfinite(high)) {
        low = 0;
        high = 1;
    }
    const double pad = high > low ? 0.04 * (high - low) : std::max(std::abs(high) * 0.05, 0.5);
    low -= pad, high += pad;
    const double raw = (high - low) / 5;
    const double scale = std::pow(10.0, std::floor(std::log10(raw)));
    double interval = 10 * scale;
    for (double m : {1.0, 2.0, 5.0})
        if (m * scale >= raw) {
            interval = m * scale;
            break;
        }
    axis->setRange(low, high);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(interval) + 1e-9)));
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
}

// A count axis (trials, steps) over [low, high]: whole-number ticks at a 1-2-5 interval, about
// six of them, anchored at 0 so they never land between two trials.
void fitCount(QValueAxis* axis, double low, double high)
{
    double interval = 1;
    const double raw = (high - low) / 6;
    for (double scale = 1; interval < raw; scale *= 10)
        for (double m : {1.0, 2.0, 5.0})
            if (interval < raw)
                interval = m * scale;
    axis->setRange(low, high);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
    axis->setLabelFormat(QStringLiteral("%d"));
}

// Past a few thousand points a Qt Charts scatter series (one graphics item per point) takes
// seconds to build: keep one point per cell of a grid finer than the markers (160 x 80 cells of
// the points' range), which draws the same picture. `count` is the points' number before.
QList<QPointF> decimated(const QList<QPointF>& points)
{
    constexpr int kCols = 160, kRows = 80;
    if (points.size() <= 2000)
        return points;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (const auto& p : points) {
        x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
        y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
    }
    const double sx = x1 > x0 ? kCols / (x1 - x0) : 0, sy = y1 > y0 ? kRows / (y1 - y0) : 0;
    std::vector<bool> taken(std::size_t((kCols + 1) * (kRows + 1)), false);
    QList<QPointF> out;
    for (const auto& p : points) {
        const auto cell = std::size_t(int((p.x() - x0) * sx) * (kRows + 1) + int((p.y() - y0) * sy));
        if (!taken[cell]) {
            taken[cell] = true;
            out.append(p);
        }
    }
    return out;
}

QChart* newChart(QChartView* view)
{
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    view->setChart(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return chart;
}
}  // namespace

HistoryChart::HistoryChart(QWidget* parent)
    : QChartView(parent), m_complete(new QScatterSeries), m_pruned(new QScatterSeries), m_best(new QLineSeries),
      m_x(new QValueAxis), m_y(new QValueAxis)
{
    auto* chart = newChart(this);
    m_complete->setName(tr("Complete trials"));
    m_complete->setMarkerSize(8);
    m_complete->setColor(QColor(31, 119, 180));
    m_complete->setBorderColor(QColor(31, 119, 180));
    m_pruned->setName(tr("Pruned (value when stopped)"));
    m_pruned->setMarkerSize(7);
    m_pruned->setColor(QColor(190, 190, 190));
    m_pruned->setBorderColor(QColor(140, 140, 140));
    m_best->setName(tr("Best so far"));
    m_best->setPen(QPen(QColor(214, 39, 40), 2));
    for (auto* s : std::initializer_list<QXYSeries*>{m_pruned, m_complete, m_best})
        chart->addSeries(s);
    m_x->setTitleText(tr("Trial"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (auto* s : chart->series()) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    fitCount(m_x, -0.5, 10.5);
    fit(m_y, 0, 1);
}

void HistoryChart::setTrials(const std::vector<TrialRecord>& trials, bool maximize, const QString& metric)
{
    QList<QPointF> complete, pruned, best;
    double low = INFINITY, high = -INFINITY, last = 0;
    std::optional<double> bestValue;
    for (const auto& t : trials) {
        if (!t.value || !std::isfinite(*t.value))
            continue;
        const QPointF p(double(t.number), *t.value);
        (t.state == "complete" ? complete : pruned).append(p);
        if (t.state != "complete" && t.state != "pruned")
            continue;
        low = std::min(low, *t.value);
        high = std::max(high, *t.value);
        if (t.state == "complete" && (!bestValue || (maximize ? *t.value > *bestValue : *t.value < *bestValue))) {
            if (bestValue)
                best.append(QPointF(double(t.number), *bestValue));  // a step up (or down) at this trial
            bestValue = *t.value;
            best.append(QPointF(double(t.number), *bestValue));
        }
        last = std::max(last, double(t.number));
    }
    if (bestValue)
        best.append(QPointF(last, *bestValue));
    m_completeCount = int(complete.size());
    m_prunedCount = int(pruned.size());
    m_complete->replace(decimated(complete));
    m_pruned->replace(decimated(pruned));
    m_best->replace(best);
    m_y->setTitleText(metric);
    fitCount(m_x, -0.5, std::max(last, 1.0) + 0.5);
    fit(m_y, low, high);
}

int HistoryChart::completePoints() const { return m_completeCount; }
int HistoryChart::prunedPoints() const { return m_prunedCount; }
QList<QPointF> HistoryChart::bestLine() const { return m_best->points(); }

IntermediateChart::IntermediateChart(QWidget* parent) : QChartView(parent), m_x(new QValueAxis), m_y(new QValueAxis)
{
    auto* chart = newChart(this);
    chart->legend()->hide();
    m_x->setTitleText(tr("Step"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    fitCount(m_x, 0, 10);
    fit(m_y, 0, 1);
}

void IntermediateChart::setTrials(const std::vector<TrialRecord>& trials, bool maximize, const QString& metric)
{
    // One series per trial, rebuilt as a whole. Past kMaxCurves trials with curves, the best
    // complete ones and the latest of the rest are drawn (a chart of thousands of series is
    // neither readable nor quick), and the title says how many.
    constexpr std::size_t kMaxCurves = 300;
    chart()->removeAllSeries();
    std::vector<const TrialRecord*> drawn;
    for (const auto& t : trials)
        if (!t.intermediate.empty())
            drawn.push_back(&t);
    const std::size_t withCurves = drawn.size();
    if (drawn.size() > kMaxCurves) {
        // The best half of the budget for the best complete trials, the rest for the latest others.
        std::vector<const TrialRecord*> complete, rest;
        for (const auto* t : drawn)
            (t->state == "complete" && t->value ? complete : rest).push_back(t);
        std::stable_sort(complete.begin(), complete.end(),
                         [maximize](auto a, auto b) { return maximize ? *a->value > *b->value : *a->value < *b->value; });
        drawn.clear();
        for (std::size_t i = 0; i < complete.size() && drawn.size() < kMaxCurves / 2; ++i)
            drawn.push_back(complete[i]);
        for (auto it = rest.rbegin(); it != rest.rend() && drawn.size() < kMaxCurves; ++it)
            drawn.push_back(*it);
        for (std::size_t i = kMaxCurves / 2; i < complete.size() && drawn.size() < kMaxCurves; ++i)
            drawn.push_back(complete[i]);
    }
    chart()->setTitle(withCurves > drawn.size()
                          ? tr("%1 of %2 trials' curves: the best complete ones, then the latest of the others")
                                .arg(drawn.size())
                                .arg(withCurves)
                          : QString());
    double low = INFINITY, high = -INFINITY, maxStep = 1;
    for (const auto* tp : drawn) {
        const auto& t = *tp;
        QList<QPointF> points;
        for (const auto& [step, v] : t.intermediate)
            if (std::isfinite(v)) {
                points.append(QPointF(double(step), v));
                low = std::min(low, v);
                high = std::max(high, v);
                maxStep = std::max(maxStep, double(step));
            }
        auto* line = new QLineSeries;
        line->setName(tr("trial %1").arg(t.number));
        const bool pruned = t.state == "pruned";
        QPen pen(pruned ? QColor(170, 170, 170) : t.state == "running" ? QColor(255, 127, 14) : QColor(31, 119, 180));
        pen.setWidthF(pruned ? 1.0 : 1.6);
        if (pruned)
            pen.setStyle(Qt::DashLine);
        line->setPen(pen);
        line->replace(points);
        chart()->addSeries(line);
        line->attachAxis(m_x);
        line->attachAxis(m_y);
        if (pruned && !points.isEmpty()) {
            // Where the pruner stopped it.
            auto* end = new QScatterSeries;
            end->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
            end->setMarkerSize(7);
            end->setColor(QColor(140, 140, 140));
            end->setBorderColor(QColor(90, 90, 90));
            end->append(points.back());
            chart()->addSeries(end);
            end->attachAxis(m_x);
            end->attachAxis(m_y);
        }
    }
    m_y->setTitleText(metric);
    fitCount(m_x, 0, maxStep * 1.03);
    fit(m_y, low, high);
}

SliceChart::SliceChart(QWidget* parent) : QChartView(parent)
{
    newChart(this)->legend()->hide();
    resetAxes();
}

void SliceChart::resetAxes()
{
    for (auto* axis : chart()->axes())
        chart()->removeAxis(axis);
    chart()->removeAllSeries();
}

void SliceChart::setTrials(const std::vector<TrialRecord>& trials, const std::vector<QVariantMap>& params,
                           const std::string& spaceJson, const QString& parameter, const QString& metric)
{
    resetAxes();
    const auto spec = QJsonDocument::fromJson(QByteArray::fromStdString(spaceJson)).object().value(parameter).toObject();
    const bool categorical = spec.value(QStringLiteral("type")).toString() == QStringLiteral("categorical");
    const bool log = spec.value(QStringLiteral("log")).toBool();
    QStringList choices;
    for (const auto& c : spec.value(QStringLiteral("choices")).toArray())
        choices.append(c.isString() ? c.toString() : QString::number(c.toDouble()));
    auto* complete = new QScatterSeries;
    complete->setMarkerSize(8);
    complete->setColor(QColor(31, 119, 180));
    complete->setBorderColor(QColor(31, 119, 180));
    double lowX = INFINITY, highX = -INFINITY, lowY = INFINITY, highY = -INFINITY;
    QList<QPointF> points;
    for (std::size_t i = 0; i < trials.size() && i < params.size(); ++i) {
        const auto& t = trials[i];
        if (t.state != "complete" || !t.value || !std::isfinite(*t.value))
            continue;
        const auto v = params[i].value(parameter);
        if (!v.isValid())
            continue;  // a conditional parameter this trial did not have
        double x;
        if (categorical) {
            x = choices.indexOf(v.typeId() == QMetaType::QString ? v.toString() : QString::number(v.toDouble()));
            if (x < 0)
                continue;
        } else {
            x = v.toDouble();
        }
        points.append(QPointF(x, *t.value));
        lowX = std::min(lowX, x), highX = std::max(highX, x);
        lowY = std::min(lowY, *t.value), highY = std::max(highY, *t.value);
    }
    m_points = int(points.size());
    // A log axis decimates in log space, so the grid's cells stay the same size on screen.
    if (log && lowX > 0) {
        for (auto& p : points)
            p.setX(std::log(p.x()));
        points = decimated(points);
        for (auto& p : points)
            p.setX(std::exp(p.x()));
    } else {
        points = decimated(points);
    }
    complete->replace(points);
    chart()->addSeries(complete);
    QAbstractAxis* xAxis;
    if (categorical) {
        // Choices at 0, 1, 2, … labelled by name.
        auto* axis = new QCategoryAxis;
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (int i = 0; i < choices.size(); ++i)
            axis->append(choices[i], i);
        axis->setRange(-0.5, std::max<qsizetype>(choices.size(), 1) - 0.5);
        xAxis = axis;
    } else if (log && lowX > 0) {
        auto* axis = new QLogValueAxis;
        axis->setLabelFormat(QStringLiteral("%.3g"));
        axis->setRange(lowX / 1.3, highX * 1.3);
        xAxis = axis;
    } else {
        auto* axis = new QValueAxis;
        fit(axis, lowX, highX);
        xAxis = axis;
    }
    xAxis->setTitleText(parameter);
    auto* yAxis = new QValueAxis;
    fit(yAxis, lowY, highY);
    yAxis->setTitleText(metric);
    chart()->addAxis(xAxis, Qt::AlignBottom);
    chart()->addAxis(yAxis, Qt::AlignLeft);
    complete->attachAxis(xAxis);
    complete->attachAxis(yAxis);
}

int SliceChart::pointCount() const { return m_points; }

ImportanceChart::ImportanceChart(QWidget* parent) : QChartView(parent) { newChart(this)->legend()->hide(); }

void ImportanceChart::setImportance(const std::vector<std::pair<QString, double>>& importance)
{
    chart()->removeAllSeries();
    for (auto* axis : chart()->axes())
        chart()->removeAxis(axis);
    m_names.clear();
    auto* set = new QBarSet(tr("Importance"));
    set->setColor(QColor(31, 119, 180));
    QStringList categories;
    // Bars are drawn bottom-up: the least important first, so the most important is on top.
    // The value goes in the name's label: a label on the bar itself did not fit a short bar.
    for (auto it = importance.rbegin(); it != importance.rend(); ++it) {
        categories.append(tr("%1  %2").arg(it->first, QString::number(it->second, 'f', 2)));
        *set << it->second;
    }
    for (const auto& [name, value] : importance)
        m_names.append(name);
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    chart()->addSeries(series);
    auto* names = new QBarCategoryAxis;
    names->append(categories);
    auto* values = new QValueAxis;
    values->setRange(0, 1);
    values->setTitleText(tr("Importance (PED-ANOVA, sums to 1)"));
    chart()->addAxis(names, Qt::AlignLeft);
    chart()->addAxis(values, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(values);
}

int IntermediateChart::curveCount() const
{
    int n = 0;
    for (auto* s : chart()->series())
        n += qobject_cast<QLineSeries*>(s) != nullptr && qobject_cast<QScatterSeries*>(s) == nullptr;
    return n;
}

}  // namespace lathe::gui
