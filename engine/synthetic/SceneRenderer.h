#pragma once
/// @file SceneRenderer.h
/// Renders a frame of the synthetic street: static background, lighting, contact shadows, walking figures in
/// painter's order (far to near), then blur and sensor noise; and computes the ground truth of the frame: full-body
/// boxes and visibility from a CV_16U label map drawn with the same shapes as the figures.

#include <cstdint>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "mot/MotRow.h"
#include "synthetic/SceneLighting.h"
#include "synthetic/SensorNoise.h"
#include "synthetic/StreetBackground.h"
#include "synthetic/StreetCamera.h"
#include "synthetic/SyntheticConfig.h"
#include "synthetic/SyntheticScene.h"
#include "synthetic/WalkingFigure.h"

namespace edgescope {

/// Immutable after construction; render() is const and may be called from several threads at once.
class SceneRenderer {
 public:
  /// Builds the background (per-pixel work, once). Throws Error for configurations it cannot represent.
  explicit SceneRenderer(const SyntheticConfig& config);

  /// Renders frame @p frame (1-based) into @p image (BGR CV_8UC3, freshly allocated) unless it is nullptr, and fills
  /// @p groundTruth with the GT rows of that frame ordered by id.
  void render(std::int64_t frame, cv::Mat* image, std::vector<MotRow>& groundTruth) const;

  const StreetCamera& camera() const { return camera_; }
  const SyntheticScene& scene() const { return scene_; }

 private:
  /// A figure that is drawn in this frame.
  struct Placed {
    int id = 0;
    FigureShape shape;
    cv::Rect box;    ///< exact pixel extent of the silhouette (may exceed the image)
    int pixels = 0;  ///< silhouette pixels, including those outside the image
  };
  std::vector<Placed> place(std::int64_t frame) const;
  void drawShadows(cv::Mat& image, const std::vector<Placed>& placed) const;

  SyntheticConfig config_;
  StreetCamera camera_;
  SyntheticScene scene_;
  StreetBackground background_;
  SceneLighting lighting_;
  SensorNoise noise_;
};

}  // namespace edgescope
