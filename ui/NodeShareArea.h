#pragma once
/// @file NodeShareArea.h
/// Who served the patches (ParaLoupe, issue 20; paper 002 Fig. 23): a stacked area of each device's share of the
/// served patches of each of the last kWindowFrames ParaLoupe frames, in %, the camera at the bottom, nodes stacked
/// in the order they first served. Shares come from the frame's patch records (served patches per device / served
/// patches); frames without a served patch (keyframes, everything shed) are left out. An older frame number (seek,
/// loop, new source) clears the window. The curves are rebuilt from the window only when a redraw happens, so a hidden
/// tab costs the bookkeeping alone. Coalesced, visible-only redraws (LivePlot). GUI thread.

#include <QMap>
#include <QStringList>
#include <deque>

#include "LivePlot.h"
#include "ViewTypes.h"

namespace edgescope {

class NodeShareArea : public LivePlot {
  Q_OBJECT
 public:
  static constexpr int kWindowFrames = 300;

  explicit NodeShareArea(QWidget* parent = nullptr);

  /// Frames in the window.
  int frameCount() const { return static_cast<int>(window_.size()); }
  /// Devices stacked, bottom first.
  QStringList deviceNames() const { return devices_; }
  /// @p device's share of frame @p frameNumber's served patches, 0..1 (0 when absent).
  double share(const QString& device, qint64 frameNumber) const;
  /// Top of @p device's band at the newest frame in %: the summed share of it and the devices under it (−1 when
  /// the device is not stacked).
  double stackTopPercent(const QString& device) const;

 public slots:
  void addFrame(const edgescope::FrameView& frame);
  /// Forgets the window (new source, seek, other session).
  void clear();

 protected:
  void updateAxes() override;

 private:
  struct Sample {
    qint64 frameNumber = 0;
    QMap<QString, double> shares;  ///< device → share, 0..1
  };
  /// Stacks @p device (a graph for it) when new.
  void addDevice(const QString& device);
  QColor colorOf(const QString& device) const;
  void rebuildCurves();

  std::deque<Sample> window_;  ///< oldest first
  QStringList devices_;        ///< bottom first; graph i of the plot is devices_[i]'s band
  bool dirty_ = false;
};

}  // namespace edgescope
