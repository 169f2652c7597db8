#pragma once
/// @file BatchCost.h
/// Cost of one batch of a patch model at one input size (issue 20): ms = batchMs + patchMs·n for n patches, fitted
/// at load from the fastest of several runs at batch 1 and at batch 8 (contention only adds time) (a fixed per-batch cost and a per-patch slope; the
/// per-patch cost of a batch of 8 alone under-predicts the small batches a frame sends a node).
///
/// Device emulation (DeviceProfile slowdown s): a device s× slower than this host's isolated speed takes
/// s·(batchMs + patchMs·n); emulate() sleeps what the real run did not already take, so that contention between the
/// emulated devices sharing this host's cores is not multiplied by s.
///
/// Value type; profile() runs the model on the calling thread (the thread that owns the runner).

#include <vector>

#include <opencv2/core/types.hpp>

namespace edgescope {

class PatchModelRunner;

struct BatchCost {
  double batchMs = 0.0;  ///< fixed cost per batch, ms (≥ 0)
  double patchMs = 0.0;  ///< cost per patch, ms (> 0)

  /// batchMs + patchMs·n.
  double ms(int patches) const { return batchMs + patchMs * patches; }
  /// This cost × @p factor.
  BatchCost scaled(double factor) const { return {batchMs * factor, patchMs * factor}; }
  /// Fits from the times at batch 1 and batch 8 (patchMs ≥ 1 % of the batch-1 time, batchMs ≥ 0).
  static BatchCost fit(double batch1Ms, double batch8Ms);
  /// Profiles @p runner at @p size: one warm-up, then @p runs runs at batch 1 and at batch 8 (the fastest of each).
  static BatchCost profile(PatchModelRunner& runner, cv::Size size, int runs);
  /// Sleeps until a batch that really took @p wallMs takes @p emulatedMs; returns max(wallMs, emulatedMs).
  static double emulate(double wallMs, double emulatedMs);
};

}  // namespace edgescope
