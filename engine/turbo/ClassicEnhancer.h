#pragma once
/// @file ClassicEnhancer.h
/// The classic image-restoration baselines of Turbo's benchmark (issue 21, G4; `track --enhance classic` and
/// `classic-oracle`): fixed-function OpenCV filters that run on a hard frame before the same detector runs again.
///  - classic: blind. CLAHE on the L channel of Lab, fast NL-means denoising of L, an unsharp mask on L. It does not
///    know what happened to the frame, so one recipe for every frame.
///  - oracle: knows each frame's true degradation (FrameDegradation from DegradedSource: kind and strength, the
///    motion angle) and applies the matching inverse with ImageDegrader's own parameters: dark → gamma if the frame is
///    still dim, then NL-means with h matched to the photon noise; noise → NL-means with h matched to the added sigma;
///    motion and defocus → Wiener deconvolution by the exact line or disk kernel; jpeg → bilateral deblocking scaled by
///    the quality; lowres → an unsharp mask as wide as the downscale factor. Clean frames are returned untouched.
/// Torch-free; needs OpenCV's photo module (cv::fastNlMeansDenoising).

#include <opencv2/core/mat.hpp>

#include "degrade/DegradationKind.h"
#include "turbo/WienerDeconvolution.h"

namespace edgescope {

/// One caller at a time (the Wiener filter of the last motion/defocus episode is cached). Costs at 768×576 on the
/// 2-core development machine: classic ≈ 50 ms, oracle 0 (clean) … ≈ 50 ms (NL-means kinds), Wiener ≈ 10–20 ms.
class ClassicEnhancer {
 public:
  /// The blind recipe on @p bgr (CV_8UC3). Returns a new image of the same size and type. Throws Error for an empty
  /// image or another type.
  cv::Mat classic(const cv::Mat& bgr);
  /// The inverse of @p degradation on @p bgr (CV_8UC3). Kind None returns @p bgr itself (shared data, untouched);
  /// any other kind a new image of the same size and type. Throws Error for an empty image or another type.
  cv::Mat oracle(const cv::Mat& bgr, const FrameDegradation& degradation);

  /// The noise sigma (8-bit levels, on luma) the oracle assumes for a dark frame of @p strength: photon and read
  /// noise of ImageDegrader's exposure gain after its auto-gain, at mid-grey.
  static double darkNoiseSigma(double strength);

 private:
  WienerDeconvolution wiener_;
};

}  // namespace edgescope
