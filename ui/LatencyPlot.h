#pragma once
/// @file LatencyPlot.h
/// Per-stage latency of the last frames, stacked (decode, detect, embed, track, …: whatever stages the engine
/// reports), plus detections, tracks and GT boxes per frame in a second axis rect. Coalesced, visible-only
/// redraws (GUI thread).

#include <QStringList>

#include "LivePlot.h"
#include "ViewTypes.h"

namespace edgescope {

class LatencyPlot : public LivePlot {
  Q_OBJECT
 public:
  explicit LatencyPlot(QWidget* parent = nullptr);
  /// Stages seen so far, in the order they are stacked (bottom first).
  QStringList stages() const { return stages_; }
  int frameCount() const;

 public slots:
  void addFrame(const edgescope::FrameView& frame);
  void clear();

 protected:
  void updateAxes() override;

 private:
  int graphForStage(const QString& stage);
  QStringList stages_;
  class QCPAxisRect* countsRect_ = nullptr;
  class QCPGraph* detections_ = nullptr;
  class QCPGraph* tracks_ = nullptr;
  class QCPGraph* groundTruth_ = nullptr;
  qint64 lastFrame_ = 0;
};

}  // namespace edgescope
