#pragma once
/// @file SettingTradeoff.h
/// Accuracy versus speed per knob setting the session visited. A "setting" is the detector plus every applied
/// parameter outside playback.*; each status sample is credited to the setting active when it arrived: its
/// processing fps (mean over the samples) and the growth of the engine's cumulative CLEAR counts (ΔFN + ΔFP +
/// ΔIDSW over ΔGT gives the setting's own MOTA, exact because those counts add up frame by frame). Value logic,
/// no widgets; GUI thread.

#include <QString>
#include <QVector>

#include "ViewTypes.h"

namespace edgescope {

class SettingTradeoff {
 public:
  struct Point {
    QString key;          ///< canonical "id=value;…" of the setting
    QString label;        ///< what differs from the parameters' defaults, e.g. "deepscale.preset=2"
    double fps = 0.0;     ///< mean processing fps while the setting ran
    double mota = 0.0;    ///< MOTA of the frames tracked under the setting (valid when gtBoxes > 0)
    double gtBoxes = 0.0; ///< GT boxes scored under the setting
    int samples = 0;
  };
  explicit SettingTradeoff(QVector<ParameterView> specs = {});
  /// Credits @p status to its setting (only while playing with a pipeline).
  void add(const StatusView& status);
  void clear();
  const QVector<Point>& points() const { return points_; }
  /// Index of the setting the last sample belonged to (-1 before any).
  int current() const { return current_; }

 private:
  QString keyOf(const StatusView& status, QString* label) const;
  QVector<ParameterView> specs_;
  QVector<Point> points_;
  QVector<double> fpsSums_;
  int current_ = -1;
  double lastFp_ = 0.0, lastFn_ = 0.0, lastIdsw_ = 0.0, lastGt_ = 0.0, lastFrames_ = 0.0;
  bool haveBaseline_ = false;
};

}  // namespace edgescope
