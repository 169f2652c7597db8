#pragma once
/// @file PatchGanttPlot.h
/// The Gantt of one ParaLoupe frame (issue 20, paper 002): one row for the camera and one per node that took part,
/// a bar per GanttSegmentView coloured by its phase (generate, schedule, encode, uplink, queue, compute, downlink,
/// aggregate, track, keyframe; legend under the plot), the scheduler's predicted T_i of each device as a dashed
/// outline, the SLO as a red vertical line and the frame's measured end to end as a grey one. Times are ms from the
/// moment the frame was handed to tracking. The outline starts where the device's T_i is measured from: a node's
/// first segment (the request leaving the camera; for a node that never answered, the end of the camera's last encode),
/// the camera's first compute segment. Rows are labelled with the device's patch count, or "late". Coalesced,
/// visible-only redraws (LivePlot). GUI thread.

#include <QMap>
#include <QStringList>
#include <QVector>

#include "LivePlot.h"
#include "ViewTypes.h"

class QCPAbstractItem;
class QCPItemStraightLine;

namespace edgescope {

class PatchGanttPlot : public LivePlot {
  Q_OBJECT
 public:
  /// Row of the camera (always the top row).
  static constexpr const char* kCameraRow = "camera";

  explicit PatchGanttPlot(QWidget* parent = nullptr);

  /// The phases a segment can have, in pipeline order (the legend's order).
  static QStringList phases();
  /// Fill colour of @p phase (grey for an unknown one).
  static QColor phaseColor(const QString& phase);

  /// Device of each row, top to bottom: "camera", then nodes in the order the frame lists them.
  QStringList rowNames() const { return rows_; }
  /// Segment bars drawn.
  int barCount() const { return bars_; }
  /// Outlines drawn (devices with a predicted T_i).
  int outlineCount() const { return static_cast<int>(outlines_.size()); }
  /// @p device's outline: x = start ms, width = predicted T_i ms, y = row index, height 0 (null when none).
  QRectF predictedOutline(const QString& device) const { return outlines_.value(device); }
  /// x of the SLO line, ms (−1 when no frame is shown).
  double sloLineMs() const;
  /// Frame shown (0 when none).
  qint64 shownFrame() const { return frame_; }

 public slots:
  /// Shows frame @p frameNumber's ParaLoupe Gantt (@p partition.paraloupe) and its end to end.
  void showFrame(qint64 frameNumber, const edgescope::PartitionView& partition);
  /// Shows nothing.
  void clear();

 protected:
  void updateAxes() override;

 private:
  int rowOf(const QString& device);
  void removeItems();
  void addRect(double startMs, double endMs, double centre, double halfHeight, const QPen& pen, const QBrush& brush);
  QCPItemStraightLine* addVertical(double ms, const QPen& pen);
  void labelRows(const ParaLoupeView& frame);

  QStringList rows_;
  int bars_ = 0;
  QMap<QString, QRectF> outlines_;
  QVector<QCPAbstractItem*> items_;  ///< every item of the shown frame (bars, outlines, lines)
  QCPItemStraightLine* slo_ = nullptr;
  qint64 frame_ = 0;
  double spanMs_ = 0.0;  ///< latest time any item reaches
};

}  // namespace edgescope
