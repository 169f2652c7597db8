#include "TurboOverlay.h"

#include <QFontMetricsF>
#include <algorithm>

namespace edgescope {
namespace {

constexpr double kPadPx = 4.0;
constexpr double kGapPx = 4.0;

/// A rounded dark pill ending at @p right on the row at @p top, @p marker its left stripe colour; returns its rect.
QRectF pill(QPainter& painter, const QString& text, double right, double top, const QColor& marker) {
  const QFontMetricsF metrics(painter.font());
  const QSizeF size(metrics.horizontalAdvance(text) + 2 * kPadPx + kPadPx, metrics.height() + kPadPx);
  const QRectF box(right - size.width(), top, size.width(), size.height());
  painter.setPen(QPen(QColor(255, 255, 255, 150), 1));
  painter.setBrush(QColor(0, 0, 0, 180));
  painter.drawRoundedRect(box, 4, 4);
  painter.setPen(Qt::NoPen);
  painter.setBrush(marker);
  painter.drawRoundedRect(QRectF(box.left(), box.top(), kPadPx, box.height()), 2, 2);
  painter.setPen(Qt::white);
  painter.drawText(box.adjusted(kPadPx * 2, 0, -kPadPx, 0), Qt::AlignCenter, text);
  return box;
}

}  // namespace

double TurboOverlay::iou(const QRectF& a, const QRectF& b) {
  const QRectF both = a.intersected(b);
  if (a.isEmpty() || b.isEmpty() || both.isEmpty()) return 0.0;
  const double overlap = both.width() * both.height();
  const double united = a.width() * a.height() + b.width() * b.height() - overlap;
  return united > 0.0 ? overlap / united : 0.0;
}

QVector<int> TurboOverlay::foundOnlyAfter(const QVector<OverlayBox>& detections, const QVector<OverlayBox>& plain,
                                          double minIou) {
  QVector<int> fresh;
  for (int i = 0; i < detections.size(); ++i) {
    const bool seenBefore = std::any_of(plain.begin(), plain.end(),
                                        [&](const OverlayBox& p) { return iou(detections[i].rect, p.rect) >= minIou; });
    if (!seenBefore) fresh.push_back(i);
  }
  return fresh;
}

QVector<int> TurboOverlay::enhancedOnly(const FrameView& frame) {
  if (!frame.turbo.plainKnown) return {};
  return foundOnlyAfter(frame.detections, frame.turbo.plainDetections);
}

QString TurboOverlay::exitBadgeText(const TurboFrameView& turbo) {
  return turbo.active && turbo.exit > 0 ? QStringLiteral("T%1").arg(turbo.exit) : QString();
}

QString TurboOverlay::detailText(const TurboFrameView& turbo) {
  if (exitBadgeText(turbo).isEmpty()) return {};
  const QString difficulty = turbo.difficulty >= 0.0 ? QString::number(turbo.difficulty, 'f', 2) : QStringLiteral("–");
  return QStringLiteral("d %1 · %2 / %3 ms")
      .arg(difficulty, QString::number(turbo.spentMs, 'f', 1), QString::number(turbo.budgetMs, 'f', 1));
}

QString TurboOverlay::degradeText(const TurboFrameView& turbo) {
  if (turbo.degradeKind.isEmpty() || turbo.degradeKind == QLatin1String("none")) return {};
  return QStringLiteral("%1 %2").arg(turbo.degradeKind, QString::number(turbo.degradeStrength, 'f', 1));
}

void TurboOverlay::paintHatched(QPainter& painter, const QVector<OverlayBox>& detections, const QVector<int>& indices) {
  painter.save();
  painter.setPen(Qt::NoPen);
  painter.setBrush(QBrush(QColor(255, 220, 0, 200), Qt::BDiagPattern));
  for (int index : indices) {
    if (index >= 0 && index < detections.size()) painter.drawRect(detections[index].rect);
  }
  painter.restore();
}

double TurboOverlay::paintBadges(QPainter& painter, const TurboFrameView& turbo, const QRectF& neighbour) {
  const QString badge = exitBadgeText(turbo), detail = detailText(turbo), degrade = degradeText(turbo);
  if (badge.isEmpty() && degrade.isEmpty()) return neighbour.bottom();
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const double gap = neighbour.width() > 0 ? kGapPx : 0.0;
  double bottom = neighbour.bottom();
  if (!badge.isEmpty()) {
    bottom = std::max(bottom, pill(painter, badge, neighbour.left() - gap, neighbour.top(), badgeColor()).bottom());
    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetricsF metrics(small);
    const QRectF line(neighbour.right() - metrics.horizontalAdvance(detail) - 2 * kPadPx, bottom + 2,
                      metrics.horizontalAdvance(detail) + 2 * kPadPx, metrics.height() + 2);
    painter.fillRect(line, QColor(0, 0, 0, 150));
    painter.setPen(Qt::white);
    painter.drawText(line, Qt::AlignCenter, detail);
    bottom = line.bottom();
  }
  if (!degrade.isEmpty()) bottom = pill(painter, degrade, neighbour.right(), bottom + kGapPx, degradeColor()).bottom();
  painter.restore();
  return bottom;
}

}  // namespace edgescope
