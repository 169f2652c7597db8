#pragma once
/// @file TurboOverlay.h
/// Turbo's marks on the video (issue 21, paper 004): the exit badge "T3" beside the resolution badge with a small line
/// under it (difficulty, enhancement ms / idle budget ms), a degraded-frame marker ("dark 0.7") whenever the frame was
/// degraded (Turbo on or off), and, under turbo.compare, the detections the enhanced exit found that exit 0 did not
/// (no plain detection with IoU ≥ kMinIou), drawn hatched. Stateless helpers; GUI thread.

#include <QColor>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QVector>

#include "ViewTypes.h"

namespace edgescope {

class TurboOverlay {
 public:
  /// A detection overlapping a plain one at least this much (IoU) was found without enhancement too.
  static constexpr double kMinIou = 0.5;
  static QColor badgeColor() { return QColor(120, 60, 220); }
  static QColor degradeColor() { return QColor(230, 120, 20); }

  /// Intersection over union of @p a and @p b; 0 when either is empty.
  static double iou(const QRectF& a, const QRectF& b);
  /// Indices into @p detections of the boxes that no box of @p plain overlaps with IoU ≥ @p minIou, ascending.
  static QVector<int> foundOnlyAfter(const QVector<OverlayBox>& detections, const QVector<OverlayBox>& plain,
                                     double minIou = kMinIou);
  /// foundOnlyAfter(@p frame's detections, its plain ones) for a frame whose plain detections are known (an enhanced
  /// frame under turbo.compare); empty otherwise.
  static QVector<int> enhancedOnly(const FrameView& frame);

  /// "T3" for a frame an enhanced exit produced; empty when Turbo was off or the frame stayed at exit 0.
  static QString exitBadgeText(const TurboFrameView& turbo);
  /// The line under the badge: "d 0.72 · 12.3 / 40.0 ms" (difficulty, enhancement / budget ms); "d –" without a
  /// difficulty; empty when the badge is not shown.
  static QString detailText(const TurboFrameView& turbo);
  /// "dark 0.7" for a degraded frame (kind and strength); empty for a clean one.
  static QString degradeText(const TurboFrameView& turbo);

  /// Hatches (Qt::BDiagPattern) the detections @p indices of @p detections; painter in frame pixels.
  static void paintHatched(QPainter& painter, const QVector<OverlayBox>& detections, const QVector<int>& indices);
  /// The exit badge left of @p neighbour (the resolution badge; when it is not drawn, a zero-width rect at the
  /// image's top-right corner, its height that of a badge), the detail line and then the degrade marker under it,
  /// right-aligned with @p neighbour; painter in widget pixels. Returns the bottom of what it drew (@p neighbour's
  /// bottom when nothing).
  static double paintBadges(QPainter& painter, const TurboFrameView& turbo, const QRectF& neighbour);
};

}  // namespace edgescope
