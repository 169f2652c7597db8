#include "paraloupe/BatchCost.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/Stopwatch.h"
#include "paraloupe/PatchModelRunner.h"

namespace edgescope {

namespace {

/// The fastest of @p runs: contention from other processes on the host only ever adds time, and the emulation wants
/// the device's own (isolated) cost. A median taken while other emulated devices compute can be several times it.
double fastestMs(PatchModelRunner& runner, const std::vector<cv::Mat>& batch, int runs) {
  double fastest = -1.0;
  for (int i = 0; i < std::max(1, runs); ++i) {
    const Stopwatch clock;
    runner.run(batch);
    const double ms = clock.elapsedMs();
    fastest = fastest < 0.0 ? ms : std::min(fastest, ms);
  }
  return fastest;
}

}  // namespace

BatchCost BatchCost::fit(double batch1Ms, double batch8Ms) {
  BatchCost cost;
  batch1Ms = std::isfinite(batch1Ms) ? std::max(0.0, batch1Ms) : 0.0;
  batch8Ms = std::isfinite(batch8Ms) ? std::max(0.0, batch8Ms) : batch1Ms * 8.0;
  cost.patchMs = std::max((batch8Ms - batch1Ms) / 7.0, 0.01 * batch1Ms);
  cost.batchMs = std::max(0.0, batch1Ms - cost.patchMs);
  return cost;
}

BatchCost BatchCost::profile(PatchModelRunner& runner, cv::Size size, int runs) {
  const cv::Mat crop(size, CV_8UC3, cv::Scalar(114, 114, 114));
  const std::vector<cv::Mat> one(1, crop), eight(8, crop);
  runner.run(eight);  // first-use set-up is not the device's speed
  const double batch1 = fastestMs(runner, one, runs);
  return fit(batch1, fastestMs(runner, eight, runs));
}

double BatchCost::emulate(double wallMs, double emulatedMs) {
  if (std::isfinite(emulatedMs) && emulatedMs > wallMs) {
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(emulatedMs - wallMs));
    return emulatedMs;
  }
  return wallMs;
}

}  // namespace edgescope
