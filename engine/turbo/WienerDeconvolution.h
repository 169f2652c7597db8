#pragma once
/// @file WienerDeconvolution.h
/// Wiener deconvolution of one 8-bit channel by a known blur kernel (point spread function), for the
/// classic-oracle restoration baseline of `track --enhance` (issue 21, ClassicEnhancer): the oracle knows each frame's
/// motion length and angle or defocus radius, so it can invert the blur ImageDegrader applied.

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// One caller at a time: keeps the last Wiener filter (per padded size, kernel and noise ratio) so the frames of one
/// degradation episode pay for the filter's spectrum once. CPU only; a few DFTs per call (~10 ms at 768×576).
class WienerDeconvolution {
 public:
  /// A normalised (sum 1) CV_32F line kernel @p lengthPx long along the direction (cos, sin) of @p angleDeg in image
  /// coordinates (y down), as ImageDegrader's motion blur. @p lengthPx < 1 counts as 1.
  static cv::Mat motionKernel(int lengthPx, double angleDeg);
  /// A normalised CV_32F disk kernel of radius @p radiusPx (anti-aliased edge), as ImageDegrader's defocus.
  static cv::Mat diskKernel(double radiusPx);

  /// Restores @p channel (CV_8UC1, not empty) blurred by @p kernel (CV_32F, odd sides, sum 1): the image is padded by
  /// reflection, filtered by conj(H) / (|H|² + @p noiseToSignal) in the frequency domain and cropped back. Returns a
  /// new CV_8UC1 image of the same size. Throws Error for an empty or non-8-bit channel or a bad kernel.
  cv::Mat apply(const cv::Mat& channel, const cv::Mat& kernel, double noiseToSignal);

 private:
  cv::Mat filterFor(cv::Size padded, const cv::Mat& kernel, double noiseToSignal);

  cv::Mat cachedKernel_;  ///< kernel of the cached filter
  cv::Size cachedSize_;   ///< padded image size of the cached filter
  double cachedNsr_ = -1.0;
  cv::Mat cachedFilter_;  ///< CCS-packed spectrum of the Wiener filter (cv::dft of a real image)
};

}  // namespace edgescope
