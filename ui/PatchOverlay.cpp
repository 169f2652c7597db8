#include "PatchOverlay.h"

#include <algorithm>

namespace edgescope {

QColor PatchOverlay::colorFor(const QString& kind) {
  if (kind == QLatin1String("high")) return highColor();
  if (kind == QLatin1String("roi")) return roiColor();
  return lowColor();
}

QString PatchOverlay::tag(const PatchRecordView& record) {
  if (record.node.isEmpty() || record.inputWidth <= 0) return QStringLiteral("shed");
  return QStringLiteral("%1 %2×%3").arg(record.node).arg(record.inputWidth).arg(record.inputHeight);
}

void PatchOverlay::paintPatches(QPainter& painter, const ParaLoupeView& frame, int fontPx) {
  if (!frame.active || frame.keyframe) return;
  QFont font = painter.font();
  font.setPixelSize(std::max(8, fontPx));
  font.setBold(false);
  painter.setFont(font);
  const double penPx = std::max(2.0, fontPx / 6.0);
  for (const PatchRecordView& record : frame.records) {
    const QColor color = colorFor(record.kind);
    QPen pen(color, penPx, record.kind == QLatin1String("low") ? Qt::DashLine : Qt::SolidLine);
    if (!record.served) pen.setStyle(Qt::DotLine);  // shed, or its reply did not come in time
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(record.rect);
    const QString text = tag(record);
    const QRectF label(record.rect.left(), record.rect.bottom() + 1, record.rect.width() * 2, fontPx * 1.4);
    painter.fillRect(QRectF(label.topLeft(), QSizeF(painter.fontMetrics().horizontalAdvance(text) + 4, fontPx * 1.3)),
                     QColor(0, 0, 0, 150));
    painter.setPen(color);
    painter.drawText(label.adjusted(2, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop, text);
  }
}

void PatchOverlay::paintObjectness(QPainter& painter, const ParaLoupeView& frame, QSize frameSize) {
  if (!frame.active || frame.objectness.isNull()) return;
  const QRectF target(0, 0, frame.objectness.width() * frame.objectnessCellPx,
                      frame.objectness.height() * frame.objectnessCellPx);
  painter.save();
  painter.setClipRect(QRectF(QPointF(0, 0), QSizeF(frameSize)));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // cells stay cells
  painter.drawImage(target, frame.objectness);
  painter.restore();
}

void PatchOverlay::paintRois(QPainter& painter, const QVector<QRectF>& rois, const QRectF& drawing, double penPx) {
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(roiColor(), penPx * 1.5, Qt::SolidLine));
  for (const QRectF& roi : rois) painter.drawRect(roi);
  if (!drawing.isEmpty()) {
    painter.setPen(QPen(roiColor(), penPx, Qt::DashLine));
    painter.drawRect(drawing);
  }
}

}  // namespace edgescope
