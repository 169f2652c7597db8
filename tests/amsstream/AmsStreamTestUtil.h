#pragma once
// Frames for the AMS frame-batch tests (header-only): samples of a synthetic street scene, as the camera takes them.
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "synthetic/SyntheticSource.h"

namespace edgescope::testing {

/// Frames 1, 1 + stride, 1 + 2·stride, … (count of them) of the synthetic scene @p uri, as BGR images. At fps=10 and
/// stride 10 they are 1 s apart, as AMS samples at 1 fps.
inline std::vector<cv::Mat> sampledFrames(const std::string& uri, int count, int stride = 10) {
  SyntheticSource source(uri);
  std::vector<cv::Mat> frames;
  for (int i = 0; i < count; ++i) {
    SourceFrame frame;
    if (!source.seek(1 + std::int64_t{i} * stride) || source.read(frame, 0) != ReadStatus::Frame) break;
    frames.push_back(frame.frame.image.clone());
  }
  return frames;
}

/// The default test scene at @p width × @p height: 10 fps, long enough for 10 samples 1 s apart.
inline std::string sceneUri(int width = 768, int height = 432, int seed = 31) {
  return "synthetic:?seed=" + std::to_string(seed) + "&frames=200&fps=10&width=" + std::to_string(width) +
         "&height=" + std::to_string(height);
}

/// Mean PSNR in dB of @p decoded against @p original (same count and sizes).
inline double meanPsnr(const std::vector<cv::Mat>& original, const std::vector<cv::Mat>& decoded) {
  double sum = 0.0;
  for (std::size_t i = 0; i < original.size(); ++i) sum += cv::PSNR(original[i], decoded.at(i), 255.0);
  return original.empty() ? 0.0 : sum / static_cast<double>(original.size());
}

}  // namespace edgescope::testing

namespace edgescope::testing {

/// The nal_unit_type of each NAL unit of the Annex-B stream @p stream, in order.
inline std::vector<int> nalTypes(const std::string& stream) {
  std::vector<int> types;
  for (std::size_t i = 0; i + 3 < stream.size(); ++i) {
    if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
      types.push_back(static_cast<unsigned char>(stream[i + 3]) & 0x1f);
      i += 2;
    }
  }
  return types;
}

}  // namespace edgescope::testing
