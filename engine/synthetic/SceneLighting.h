#pragma once
/// @file SceneLighting.h
/// Optional lighting changes of the synthetic scene: a slow global brightness drift and a soft cloud shadow that
/// drifts across the ground every half minute or so. Pure functions of (seed, time); fixed-point application.

#include <cstdint>

#include <opencv2/core/mat.hpp>

#include "synthetic/StreetCamera.h"

namespace edgescope {

/// Immutable after construction, thread-safe.
class SceneLighting {
 public:
  SceneLighting(const StreetCamera& camera, std::uint64_t seed, bool enabled);
  bool enabled() const { return enabled_; }
  /// Brightness factor of the whole scene at @p timeS (1 when disabled).
  double gain(double timeS) const;
  /// Light factor at ground point (@p x, @p y) including the global gain (1 when disabled).
  double lightAt(double timeS, double x, double y) const;
  /// Applies gain and cloud shadow in place to @p image (BGR) whose pixels show @p surface (StreetBackground).
  void apply(double timeS, const cv::Mat& surface, cv::Mat& image) const;

 private:
  struct Cloud {
    double x = 0.0, y = 0.0;  ///< centre on the ground (metres)
  };
  Cloud cloudAt(double timeS) const;
  /// Shadow density 0…1 at ground point (x, y) for a cloud centred at @p cloud.
  double density(const Cloud& cloud, double x, double y) const;

  StreetCamera camera_;
  bool enabled_;
  std::uint64_t salt_;
  double phase1_ = 0.0, phase2_ = 0.0, cloudOffsetS_ = 0.0;
  cv::Mat texture_;                            ///< CV_32F shadow density over the cloud footprint
  static constexpr double kCloudWidth = 60.0;  // metres across (x)
  static constexpr double kCloudDepth = 80.0;  // metres along (y)
  static constexpr double kCloudSpeed = 5.0;   // metres per second
  static constexpr double kShadow = 0.35;      // light removed in the core of the shadow
};

}  // namespace edgescope
