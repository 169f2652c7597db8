#include "VideoView.h"

#include <QPainter>
#include <cmath>

namespace edgescope {

VideoView::VideoView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(320, 180);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void VideoView::setShowGroundTruth(bool show) {
  showGroundTruth_ = show;
  update();
}

void VideoView::setShowDetections(bool show) {
  showDetections_ = show;
  update();
}

QColor VideoView::colorForId(int id) {
  const double hue = std::fmod(0.13 + 0.618033988749895 * id, 1.0);
  return QColor::fromHsvF(hue, 0.85, 1.0);
}

void VideoView::setTrackingActive(bool active) {
  trackingActive_ = active;
  if (!active) trails_.clear();
  update();
}

void VideoView::updateTrails() {
  constexpr int kTrailPoints = 30;  // a lost track keeps its trail this long, drawn again if it is re-found
  for (const auto& track : frame_.tracks) {
    Trail& trail = trails_[track.id];
    trail.points.push_back(QPointF(track.rect.center().x(), track.rect.bottom()));
    if (trail.points.size() > kTrailPoints) trail.points.removeFirst();
    trail.lastFrame = frame_.frameNumber;
  }
  for (auto it = trails_.begin(); it != trails_.end();) {
    it = frame_.frameNumber - it->lastFrame > kTrailPoints ? trails_.erase(it) : std::next(it);
  }
}

void VideoView::showFrame(const FrameView& frame) {
  if (frame.frameNumber <= frame_.frameNumber) trails_.clear();  // seek, loop or new source
  frame_ = frame;
  updateTrails();
  placeholder_.clear();
  update();
}

void VideoView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  update();
}

void VideoView::paintTrails(QPainter& painter) const {
  for (auto it = trails_.begin(); it != trails_.end(); ++it) {
    if (it->points.size() < 2 || it->lastFrame != frame_.frameNumber) continue;  // only tracks shown now
    painter.setPen(QPen(colorForId(it.key()), std::max(1.5, frame_.image.width() / 400.0), Qt::SolidLine, Qt::RoundCap));
    painter.drawPolyline(it->points.constData(), static_cast<int>(it->points.size()));
  }
}

void VideoView::paintBoxes(QPainter& painter, const QVector<OverlayBox>& boxes, Layer layer) const {
  const bool neutralGt = layer == Layer::GroundTruth && trackingActive_;
  QFont font = painter.font();
  font.setPixelSize(std::max(10, frame_.image.height() / 45));
  font.setBold(true);
  painter.setFont(font);
  for (const auto& box : boxes) {
    QColor color = box.id >= 0 ? colorForId(box.id) : QColor(255, 220, 0);
    if (neutralGt) color = QColor(255, 255, 255, 200);
    if (box.ignore) color = QColor(128, 128, 128);
    const double width = std::max(1.0, frame_.image.width() / (layer == Layer::Tracks ? 320.0 : 640.0));
    QPen pen(color, width);
    if (layer == Layer::Detections) pen.setStyle(Qt::DashLine);
    if (neutralGt) pen.setStyle(Qt::DotLine);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box.rect);
    if (box.id >= 0 && !neutralGt) {
      const QString label = QString::number(box.id);
      const QRectF textRect = painter.fontMetrics().boundingRect(label).adjusted(-2, 0, 2, 0);
      const QRectF tag(box.rect.topLeft() - QPointF(0, textRect.height()), textRect.size());
      painter.fillRect(tag, color);
      painter.setPen(Qt::black);
      painter.drawText(tag, Qt::AlignCenter, label);
    }
  }
}

QString VideoView::badgeText(const DeepScaleFrameView& deepscale) {
  if (!deepscale.active || deepscale.inputWidth <= 0 || deepscale.inputHeight <= 0) return {};
  return QStringLiteral("%1×%2").arg(deepscale.inputWidth).arg(deepscale.inputHeight);
}

void VideoView::paintBadge(QPainter& painter, const QRectF& target) const {
  const QString text = badgeText(frame_.deepscale);
  if (text.isEmpty()) return;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetricsF metrics(painter.font());
  const double pad = 4.0, marker = frame_.deepscale.reselected ? metrics.height() * 0.55 : 0.0;
  const double gap = marker > 0 ? pad : 0.0;
  const QSizeF size(metrics.horizontalAdvance(text) + marker + gap + 2 * pad, metrics.height() + pad);
  const QRectF badge(target.right() - 8 - size.width(), target.top() + 10 + metrics.height(), size.width(),
                     size.height());
  painter.setPen(QPen(QColor(255, 255, 255, 150), 1));  // dark fill + light rim: readable on any background
  painter.setBrush(QColor(0, 0, 0, 180));
  painter.drawRoundedRect(badge, 4, 4);
  if (marker > 0) {
    painter.setPen(Qt::NoPen);
    painter.setBrush(reselectionColor());
    painter.drawEllipse(QRectF(badge.left() + pad, badge.center().y() - marker / 2, marker, marker));
  }
  painter.setPen(Qt::white);
  painter.drawText(badge.adjusted(pad + marker + gap, 0, -pad, 0), Qt::AlignCenter, text);
  painter.restore();
}

void VideoView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(18, 18, 22));
  if (!frame_.image.isNull()) {
    const QSizeF scaled = QSizeF(frame_.image.size()).scaled(size(), Qt::KeepAspectRatio);
    const QRectF target(QPointF((width() - scaled.width()) / 2, (height() - scaled.height()) / 2), scaled);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, frame_.image);
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / frame_.image.width(), target.height() / frame_.image.height());
    painter.setRenderHint(QPainter::Antialiasing);
    if (showDetections_) paintBoxes(painter, frame_.detections, Layer::Detections);
    if (showGroundTruth_) paintBoxes(painter, frame_.groundTruth, Layer::GroundTruth);
    paintTrails(painter);
    paintBoxes(painter, frame_.tracks, Layer::Tracks);
    painter.restore();
    painter.setPen(Qt::white);
    painter.drawText(target.adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignRight,
                     QStringLiteral("frame %1").arg(frame_.frameNumber));
    paintBadge(painter, target);
  }
  if (!placeholder_.isEmpty()) {
    painter.setPen(QColor(240, 200, 120));
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
  }
}

}  // namespace edgescope
