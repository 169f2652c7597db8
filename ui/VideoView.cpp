#include "VideoView.h"

#include <QAction>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

#include "PatchOverlay.h"
#include "TurboOverlay.h"

namespace edgescope {
namespace {
constexpr int kTrailPoints = 30;        // a lost track keeps its trail this long, drawn again if it is re-found
constexpr double kMaxZoom = 16.0;
constexpr qint64 kDropFlashFrames = 60;  // frames the "dropped" indicator stays after the count last rose
}  // namespace

QString VideoView::layerName(Layer layer) {
  switch (layer) {
    case Layer::Tracks: return tr("Tracks");
    case Layer::Labels: return tr("Track labels");
    case Layer::Trails: return tr("Track trails");
    case Layer::Detections: return tr("Detections with scores");
    case Layer::GroundTruth: return tr("Ground truth boxes");
    case Layer::Resolution: return tr("Input resolution badge");
    case Layer::Indicators: return tr("Drop and stall indicators");
    case Layer::Patches: return tr("ParaLoupe patches and RoIs");
    case Layer::Objectness: return tr("ParaLoupe objectness heatmap");
    case Layer::Turbo:
      return tr("Turbo exit badge and degraded-frame marker");
  }
  return {};
}

VideoView::VideoView(QWidget* parent) : QWidget(parent), enhanceAction_(new QAction(tr("Enhance this frame"), this)) {
  for (bool& layer : layers_) layer = true;
  layers_[static_cast<int>(Layer::Objectness)] = false;  // a diagnostic: on demand
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(320, 180);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setMouseTracking(false);
  enhanceAction_->setObjectName("enhanceFrame");
  enhanceAction_->setToolTip(
      tr("Turbo: show the enhancer's full-exit image of this frame next to the original "
         "(needs turbo.enabled with a jde: detector; available while paused)"));
  enhanceAction_->setEnabled(false);
  connect(enhanceAction_, &QAction::triggered, this, &VideoView::enhanceRequested);
}

void VideoView::updateEnhanceAction() { enhanceAction_->setEnabled(paused_ && !frame_.image.isNull()); }

void VideoView::setLayerVisible(Layer layer, bool visible) {
  layers_[static_cast<int>(layer)] = visible;
  update();
}

QColor VideoView::colorForId(int id) {
  const double hue = std::fmod(0.13 + 0.618033988749895 * id, 1.0);
  return QColor::fromHsvF(hue, 0.85, 1.0);
}

void VideoView::setTrackingActive(bool active) {
  trackingActive_ = active;
  if (!active) {
    trails_.clear();
    history_.clear();
  }
  update();
}

void VideoView::updateTrails() {
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
  if (frame.frameNumber <= frame_.frameNumber) {  // seek, loop or new source
    trails_.clear();
    droppedShownAt_ = -1;
  }
  if (frame.image.size() != frame_.image.size()) resetView();
  frame_ = frame;
  updateTrails();
  history_.addFrame(frame_);
  placeholder_.clear();
  updateEnhanceAction();
  update();
}

void VideoView::setStatus(const StatusView& status) {
  if (status.sourceDropped > dropped_) droppedShownAt_ = status.currentFrame;
  dropped_ = status.sourceDropped;
  health_ = status.health;
  reconnectAttempts_ = status.reconnectAttempts;
  paused_ = status.state == QLatin1String("paused");
  updateEnhanceAction();
  if (layerVisible(Layer::Indicators)) update();
}

QString VideoView::indicatorText() const {
  if (health_ == "stalled") return tr("STALLED — no frames from the source");
  if (health_ == "reconnecting") return tr("reconnecting (attempt %1)").arg(reconnectAttempts_);
  if (droppedShownAt_ >= 0 && frame_.frameNumber - droppedShownAt_ <= kDropFlashFrames) {
    return tr("dropped %1 frames").arg(dropped_);
  }
  return {};
}

void VideoView::setPlaceholder(const QString& text) {
  placeholder_ = text;
  update();
}

QRectF VideoView::imageRect() const {
  if (frame_.image.isNull()) return {};
  const QSizeF fitted = QSizeF(frame_.image.size()).scaled(size(), Qt::KeepAspectRatio) * zoom_;
  const QPointF centre = QPointF(width() / 2.0, height() / 2.0) + pan_;
  return QRectF(centre - QPointF(fitted.width() / 2, fitted.height() / 2), fitted);
}

void VideoView::zoomBy(double factor, const QPointF& anchor) {
  const double zoom = std::clamp(zoom_ * factor, 1.0, kMaxZoom);
  const double applied = zoom / zoom_;
  // Keep the image point under the anchor in place: centre' = anchor + (centre − anchor) × applied.
  const QPointF centre = QPointF(width() / 2.0, height() / 2.0) + pan_;
  pan_ = anchor + (centre - anchor) * applied - QPointF(width() / 2.0, height() / 2.0);
  zoom_ = zoom;
  if (zoom_ == 1.0) pan_ = {};
  update();
}

void VideoView::resetView() {
  zoom_ = 1.0;
  pan_ = {};
  update();
}

int VideoView::selectAt(const QPointF& point) {
  const QRectF target = imageRect();
  selected_ = -1;
  if (!target.isEmpty()) {
    const QPointF image((point.x() - target.left()) * frame_.image.width() / target.width(),
                        (point.y() - target.top()) * frame_.image.height() / target.height());
    double smallest = 0;
    for (const auto& track : frame_.tracks) {
      const double area = track.rect.width() * track.rect.height();
      if (track.rect.contains(image) && (selected_ < 0 || area < smallest)) {
        selected_ = track.id;
        smallest = area;
      }
    }
  }
  emit trackSelected(selected_);
  update();
  return selected_;
}

void VideoView::wheelEvent(QWheelEvent* event) {
  zoomBy(std::pow(1.0015, event->angleDelta().y()), event->position());
  event->accept();
}

QPointF VideoView::toImage(const QPointF& point) const {
  const QRectF target = imageRect();
  if (target.isEmpty()) return {};
  return {(point.x() - target.left()) * frame_.image.width() / target.width(),
          (point.y() - target.top()) * frame_.image.height() / target.height()};
}

void VideoView::setRois(const QVector<QRectF>& rois) {
  rois_ = rois;
  update();
}

void VideoView::mousePressEvent(QMouseEvent* event) {
  if (frame_.image.isNull()) return;
  if (event->button() == Qt::RightButton) {  // remove the smallest RoI under the cursor
    const QPointF at = toImage(event->position());
    int hit = -1;
    for (int i = 0; i < rois_.size(); ++i) {
      const double area = rois_[i].width() * rois_[i].height();
      if (rois_[i].contains(at) && (hit < 0 || area < rois_[hit].width() * rois_[hit].height())) hit = i;
    }
    if (hit >= 0) {
      rois_.removeAt(hit);
      update();
      emit roisChanged(rois_);
    } else if (enhanceAction_->isEnabled()) {  // paused on a frame: the menu has something to offer
      QMenu menu(this);
      menu.addAction(enhanceAction_);
      menu.exec(event->globalPosition().toPoint());
    }
    return;
  }
  if (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier)) {
    drawingRoi_ = true;
    roiAnchor_ = toImage(event->position());
    roiDrawing_ = QRectF();
    return;
  }
  pressPoint_ = event->position();
  panAtPress_ = pan_;
  dragging_ = false;
}

void VideoView::mouseMoveEvent(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton)) return;
  if (drawingRoi_) {
    const QRectF frame(QPointF(0, 0), QSizeF(frame_.image.size()));
    roiDrawing_ = QRectF(roiAnchor_, toImage(event->position())).normalized().intersected(frame);
    update();
    return;
  }
  const QPointF delta = event->position() - pressPoint_;
  if (!dragging_ && delta.manhattanLength() < 4) return;
  dragging_ = true;
  if (zoom_ > 1.0) {
    pan_ = panAtPress_ + delta;
    update();
  }
}

void VideoView::mouseReleaseEvent(QMouseEvent* event) {
  if (drawingRoi_) {
    drawingRoi_ = false;
    const QRectF roi = roiDrawing_;
    roiDrawing_ = QRectF();
    if (roi.width() >= kMinRoiPx && roi.height() >= kMinRoiPx) {
      rois_.push_back(roi);
      emit roisChanged(rois_);
    }
    update();
    return;
  }
  if (!dragging_ && event->button() == Qt::LeftButton) selectAt(event->position());
  dragging_ = false;
}

void VideoView::mouseDoubleClickEvent(QMouseEvent*) { resetView(); }

void VideoView::paintTrails(QPainter& painter) const {
  for (auto it = trails_.begin(); it != trails_.end(); ++it) {
    if (it->points.size() < 2 || it->lastFrame != frame_.frameNumber) continue;  // only tracks shown now
    painter.setPen(QPen(colorForId(it.key()), std::max(1.5, frame_.image.width() / 400.0), Qt::SolidLine, Qt::RoundCap));
    painter.drawPolyline(it->points.constData(), static_cast<int>(it->points.size()));
  }
}

void VideoView::paintBoxes(QPainter& painter, const QVector<OverlayBox>& boxes, BoxKind kind) const {
  const bool neutralGt = kind == BoxKind::GroundTruth && trackingActive_;
  const bool labels = kind != BoxKind::Tracks || layerVisible(Layer::Labels);
  QFont font = painter.font();
  font.setPixelSize(std::max(10, frame_.image.height() / 45));
  font.setBold(true);
  painter.setFont(font);
  for (const auto& box : boxes) {
    QColor color = box.id >= 0 ? colorForId(box.id) : QColor(255, 220, 0);
    if (neutralGt) color = QColor(255, 255, 255, 200);
    if (box.ignore) color = QColor(128, 128, 128);
    const double width = std::max(1.0, frame_.image.width() / (kind == BoxKind::Tracks ? 320.0 : 640.0));
    QPen pen(color, kind == BoxKind::Tracks && box.id == selected_ ? width * 2.5 : width);
    if (kind == BoxKind::Detections) pen.setStyle(Qt::DashLine);
    if (neutralGt) pen.setStyle(Qt::DotLine);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box.rect);
    QString label;
    if (kind == BoxKind::Detections) label = QString::number(box.score, 'f', 2);
    else if (box.id >= 0 && !neutralGt) label = QString::number(box.id);
    if (label.isEmpty() || !labels) continue;
    const QRectF textRect = painter.fontMetrics().boundingRect(label).adjusted(-2, 0, 2, 0);
    const QRectF tag = kind == BoxKind::Detections
                           ? QRectF(box.rect.bottomLeft(), textRect.size())
                           : QRectF(box.rect.topLeft() - QPointF(0, textRect.height()), textRect.size());
    painter.fillRect(tag, color);
    painter.setPen(Qt::black);
    painter.drawText(tag, Qt::AlignCenter, label);
  }
}

QString VideoView::badgeText(const DeepScaleFrameView& deepscale) {
  if (!deepscale.active || deepscale.inputWidth <= 0 || deepscale.inputHeight <= 0) return {};
  return QStringLiteral("%1×%2").arg(deepscale.inputWidth).arg(deepscale.inputHeight);
}

QRectF VideoView::badgeAnchor(QPainter& painter, const QRectF& target) {
  const QFontMetricsF metrics(painter.font());
  return QRectF(target.right() - 8, target.top() + 10 + metrics.height(), 0, metrics.height() + 4.0);
}

QRectF VideoView::paintBadge(QPainter& painter, const QRectF& target) const {
  const QString text = badgeText(frame_.deepscale);
  if (text.isEmpty()) return badgeAnchor(painter, target);
  const QFontMetricsF metrics(painter.font());
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
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
  return badge;
}

void VideoView::paintIndicators(QPainter& painter) const {
  const QString text = indicatorText();
  if (text.isEmpty()) return;
  const bool severe = health_ == "stalled" || health_ == "reconnecting";
  const QFontMetricsF metrics(painter.font());
  const QRectF box(10, 10, metrics.horizontalAdvance(text) + 16, metrics.height() + 8);
  painter.fillRect(box, severe ? QColor(200, 30, 30, 220) : QColor(220, 140, 0, 220));
  painter.setPen(Qt::white);
  painter.drawText(box, Qt::AlignCenter, text);
}

void VideoView::paintSelection(QPainter& painter) const {
  if (selected_ < 0) return;
  const QString text = history_.describe(selected_);
  const QFontMetricsF metrics(painter.font());
  const QRectF bounds = metrics.boundingRect(QRectF(0, 0, 400, 400), Qt::AlignLeft, text);
  const QRectF box(10, height() - bounds.height() - 26, bounds.width() + 16, bounds.height() + 12);
  painter.fillRect(box, QColor(0, 0, 0, 190));
  painter.setPen(colorForId(selected_));
  painter.drawText(box.adjusted(8, 6, -8, -6), Qt::AlignLeft, text);
}

void VideoView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(18, 18, 22));
  if (!frame_.image.isNull()) {
    const QRectF target = imageRect();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, frame_.image);
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(target.width() / frame_.image.width(), target.height() / frame_.image.height());
    painter.setRenderHint(QPainter::Antialiasing);
    if (layerVisible(Layer::Detections)) {
      paintBoxes(painter, frame_.detections, BoxKind::Detections);
      TurboOverlay::paintHatched(painter, frame_.detections, TurboOverlay::enhancedOnly(frame_));
    }
    if (layerVisible(Layer::GroundTruth)) paintBoxes(painter, frame_.groundTruth, BoxKind::GroundTruth);
    if (layerVisible(Layer::Trails)) paintTrails(painter);
    if (layerVisible(Layer::Tracks)) paintBoxes(painter, frame_.tracks, BoxKind::Tracks);
    if (layerVisible(Layer::Objectness)) PatchOverlay::paintObjectness(painter, frame_.partition.paraloupe, frame_.image.size());
    if (layerVisible(Layer::Patches)) {
      PatchOverlay::paintPatches(painter, frame_.partition.paraloupe, std::max(9, frame_.image.height() / 60));
      PatchOverlay::paintRois(painter, rois_, roiDrawing_, std::max(1.0, frame_.image.width() / 500.0));
    }
    painter.restore();
    painter.setPen(Qt::white);
    const QRectF visible = target.intersected(QRectF(rect()));
    painter.drawText(visible.adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignRight,
                     zoom_ > 1.0 ? QStringLiteral("frame %1   %2×").arg(frame_.frameNumber).arg(zoom_, 0, 'f', 1)
                                 : QStringLiteral("frame %1").arg(frame_.frameNumber));
    const QRectF badge = layerVisible(Layer::Resolution) ? paintBadge(painter, visible) : badgeAnchor(painter, visible);
    if (layerVisible(Layer::Turbo)) TurboOverlay::paintBadges(painter, frame_.turbo, badge);
    paintSelection(painter);
  }
  if (layerVisible(Layer::Indicators)) paintIndicators(painter);
  if (!placeholder_.isEmpty()) {
    painter.setPen(QColor(240, 200, 120));
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
  }
}

}  // namespace edgescope
