#pragma once
/// @file ResolutionHistogram.h
/// How many frames ran at each input size ("WxH": fraction of frames), for `track`'s resolution_histogram and the
/// console's histogram plot.

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

namespace edgescope {

/// Value type; not thread-safe (one owner, the engine thread; copy it to publish).
class ResolutionHistogram {
 public:
  struct Bin {
    cv::Size size;
    std::string label;  ///< "WxH"
    std::int64_t frames = 0;
    double fraction = 0.0;  ///< frames / totalFrames(); the fractions of all bins sum to 1
  };

  /// Counts one frame at @p size.
  void add(cv::Size size);
  void clear() {
    counts_.clear();
    total_ = 0;
  }
  std::int64_t totalFrames() const { return total_; }
  /// Fraction of frames at @p size (0 when none or when empty).
  double fraction(cv::Size size) const;
  /// One bin per size seen, largest area first (ties: wider first).
  std::vector<Bin> bins() const;

 private:
  std::vector<std::pair<cv::Size, std::int64_t>> counts_;
  std::int64_t total_ = 0;
};

}  // namespace edgescope
