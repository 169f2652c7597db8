#pragma once
/// @file PatchesPanel.h
/// The "Patches" tab (ParaLoupe, issue 20; paper 002): a caption, the latency strip of the last 300 PL frames (click
/// a bar to choose the frame, double-click to follow the newest), the Gantt of the chosen frame and the node-share
/// stacked area. The caption gives the shown frame's patches (High/Low/RoI), shed patches, utility U and Markov
/// iterations, and over the kept frames the mean patches per frame and the share that met the SLO. Every frame feeds
/// the strip's ring and the share window; the Gantt and the caption are rebuilt only while the panel is visible
/// (once more when it is shown), and the plots redraw only while visible (LivePlot). GUI thread.

#include <QWidget>

#include "ViewTypes.h"

class QLabel;

namespace edgescope {

class NodeShareArea;
class PatchGanttPlot;
class PatchLatencyStrip;

class PatchesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PatchesPanel(QWidget* parent = nullptr);

  PatchLatencyStrip* strip() const { return strip_; }
  PatchGanttPlot* gantt() const { return gantt_; }
  NodeShareArea* shareArea() const { return share_; }
  QString captionText() const;

 public slots:
  void addFrame(const edgescope::FrameView& frame);
  /// Forgets every kept frame (new source, seek, other session).
  void clear();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  /// Shows the strip's chosen frame in the Gantt and the caption (later, when hidden).
  void refresh();

  QLabel* caption_;
  PatchLatencyStrip* strip_;
  PatchGanttPlot* gantt_;
  NodeShareArea* share_;
  bool stale_ = false;  ///< the shown frame changed while the panel was hidden
};

}  // namespace edgescope
