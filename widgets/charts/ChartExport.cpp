// Saving a chart as it is on screen, as PNG or SVG.
#include "charts/MetricChart.h"

#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QSvgGenerator>

namespace lathe::gui {

bool MetricChart::exportImage(const QString& path)
{
    m_readout->hide();
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size());
        svg.setViewBox(rect());
        svg.setTitle(title());
        QPainter painter;
        if (!painter.begin(&svg))
            return false;
        render(&painter);
        return painter.end() && QFileInfo(path).size() > 0;
    }
    // Twice the on-screen resolution, so the image stays sharp in a paper or a slide.
    QImage image(size() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    render(&painter);
    painter.end();
    return image.save(path);
}

}  // namespace lathe::gui
