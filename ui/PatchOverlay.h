#pragma once
/// @file PatchOverlay.h
/// ParaLoupe's layers over the video (issue 20): the frame's patches — HighConf green, LowConf amber dashed, RoI
/// blue, each tagged with the device and input size it ran at ("node2 64×128"; "shed" when none) — the objectness
/// heatmap, and the operator's RoIs with the one being drawn. Stateless painting helpers; GUI thread. The painter is
/// already in frame-pixel coordinates.

#include <QPainter>
#include <QRectF>
#include <QVector>

#include "ViewTypes.h"

namespace edgescope {

class PatchOverlay {
 public:
  static QColor highColor() { return QColor(60, 210, 90); }
  static QColor lowColor() { return QColor(255, 176, 0); }
  static QColor roiColor() { return QColor(70, 140, 255); }
  /// Outline colour of a patch of @p kind ("high", "low", "roi").
  static QColor colorFor(const QString& kind);
  /// The tag of @p record: "camera 64×128", "node1 32×64" or "shed".
  static QString tag(const PatchRecordView& record);
  /// Every patch of @p frame with its tag; @p fontPx the tag size in frame pixels.
  static void paintPatches(QPainter& painter, const ParaLoupeView& frame, int fontPx);
  /// The objectness heat image scaled over a frame of @p frameSize pixels.
  static void paintObjectness(QPainter& painter, const ParaLoupeView& frame, QSize frameSize);
  /// The operator's @p rois (solid blue) and @p drawing (dashed; skipped when empty).
  static void paintRois(QPainter& painter, const QVector<QRectF>& rois, const QRectF& drawing, double penPx);
};

}  // namespace edgescope
