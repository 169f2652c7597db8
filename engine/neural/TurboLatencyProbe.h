#pragma once
/// @file TurboLatencyProbe.h
/// Measures Turbo's latency profile I[rung][exit][n] on this device (paper 004 Eq. 5, issue 21 `turbo-profile`):
/// for each input size (rung), exit 0 … β and batch size n, the median of R timed runs of TurboBatch::finish (the
/// heads alone for exit 0; κ decoder blocks, the re-entered backbone and the heads for exit κ; decoding included)
/// after untimed warm-up runs (the first use of a path sets up its kernels and buffers); and μ_D, D_f's median time
/// per frame.
/// Batch sizes between two measured ones are interpolated linearly (LatencyProfile stores n = 1 … the largest).
/// Only edgescope_torch includes this header.

#include <functional>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "turbo/LatencyProfile.h"

namespace edgescope {

class TurboBatch;

/// Stateless.
class TurboLatencyProbe {
 public:
  struct Options {
    std::vector<cv::Size> rungSizes;  ///< input size of rung 0, 1, … (sides multiples of 32), at least one
    std::vector<int> batches{1};      ///< batch sizes to time (each ≥ 1; n = 1 is always timed)
    int runs = 100;                   ///< timed runs per cell (≥ 1)
    int warmUpRuns = 2;               ///< untimed runs per cell before them (≥ 0)
  };
  struct Result {
    LatencyProfile profile;
    /// [rung][exit][n − 1]: true where timed, false where interpolated between timed sizes.
    std::vector<std::vector<std::vector<bool>>> timed;
  };
  /// Called after each run (timed or not): (runs done, runs in all).
  using Progress = std::function<void(long long done, long long total)>;

  /// Times every cell with @p batch. @p device, @p threads and @p modelSha name the profile (LatencyProfile::key;
  /// the enhancer's weights sha256). Throws Error for empty sizes or batches, a batch size < 1, runs < 1 or
  /// warmUpRuns < 0 (naming the field), and whatever the network throws.
  static Result measure(TurboBatch& batch, const Options& options, const std::string& device, int threads,
                        const std::string& modelSha, const Progress& progress = {});
  /// The interpolated rows: @p timedMs[n − 1] is used where @p timed[n − 1], the others (n between two timed sizes)
  /// lie on the line between their timed neighbours. timed[0] must be true and timed.back() too.
  static std::vector<double> interpolate(const std::vector<double>& timedMs, const std::vector<bool>& timed);
};

}  // namespace edgescope
