#pragma once
/// @file KalmanFilter.h
/// Constant-velocity Kalman filter on (cx, cy, aspect = w/h, h) with ByteTrack's noise model, extended to real time
/// gaps: predict(dtFrames) equals dtFrames successive one-frame predictions (closed form), so dtFrames = 1
/// reproduces ByteTrack / DeepSORT / JDE exactly and skipped source frames widen the uncertainty accordingly.

#include <opencv2/core/matx.hpp>
#include <vector>

#include "core/BoundingBox.h"

namespace edgescope {

/// State of one track: mean (cx, cy, a, h, vcx, vcy, va, vh) and its covariance. Positions in pixels, velocities in
/// pixels (aspect units for va) per source frame. Value type; owned by the track that holds it.
struct KalmanState {
  cv::Vec<double, 8> mean;
  cv::Matx<double, 8, 8> covariance;
};

/// Stateless filter (holds only the noise weights): safe to share between tracks; const methods may be called from
/// any thread on distinct states.
class KalmanFilter {
 public:
  /// 0.95 quantile of the chi-square distribution with 4 degrees of freedom (gating threshold of DeepSORT/JDE).
  static constexpr double kChi2Inv95Dof4 = 9.4877;

  /// @p stdWeightPosition and @p stdWeightVelocity scale the noise standard deviations by the box height.
  explicit KalmanFilter(double stdWeightPosition = 1.0 / 20.0, double stdWeightVelocity = 1.0 / 160.0);

  /// New state at @p measurementXyah with zero velocity and ByteTrack's initial uncertainty.
  KalmanState initiate(const cv::Vec4d& measurementXyah) const;
  /// Advances @p state by @p dtFrames source frames (values < 1 are treated as 1). Process noise is the exact sum
  /// of dtFrames one-frame steps, each scaled by the height predicted at that step. Cost O(dtFrames) scalar work.
  void predict(KalmanState& state, int dtFrames = 1) const;
  /// Corrects @p state with a measurement (cx, cy, a, h).
  void update(KalmanState& state, const cv::Vec4d& measurementXyah) const;
  /// Projects @p state to measurement space including measurement noise.
  void project(const KalmanState& state, cv::Vec4d& mean, cv::Matx44d& covariance) const;
  /// Squared Mahalanobis distance of each measurement (cx, cy, a, h) from the projected state, written to @p out
  /// (resized). Compare with kChi2Inv95Dof4.
  void gatingDistances(const KalmanState& state, const std::vector<cv::Vec4d>& measurements,
                       std::vector<double>& out) const;

  /// (cx, cy, w/h, h) of @p box; height must be > 0.
  static cv::Vec4d toXyah(const BoundingBox& box);
  /// Box (top-left, pixels) of the mean of @p state.
  static BoundingBox toBox(const KalmanState& state);

 private:
  double weightPosition_;
  double weightVelocity_;
};

}  // namespace edgescope
