#pragma once
/// @file DeviceProfile.h
/// Makes a node behave like a slower device on one machine (issue 6, `edgescope-node --profile`): a compute
/// slowdown (after each compute step the node sleeps (slowdown − 1) × the measured compute time), an OpenCV/detector
/// thread count and an address-space cap. The built-in factors are emulation knobs chosen to give the right order
/// of magnitude against a desktop CPU, NOT measurements of those boards; measure a real device for real numbers.
/// Without a profile ("native") a node runs at full speed, as on a real device.
///
/// Text form: a built-in name ("jetson-nano"), fields ("slowdown=3,threads=2,memory=2048"), or a name followed by
/// overrides ("jetson-tx2,threads=2"). threads=all and memory=none mean no limit. Value type; any thread, except
/// that applyThreads() and applyMemoryCap() change the whole process.

#include <string>
#include <vector>

namespace edgescope {

struct DeviceProfile {
  static constexpr double kMaxSlowdown = 1000.0;
  static constexpr int kMaxThreads = 1024;
  static constexpr int kMaxMemoryMb = 16 * 1024 * 1024;  ///< 16 TB

  std::string name = "native";   ///< shown in the cluster panel; "custom" for parsed fields without a name
  double computeSlowdown = 1.0;  ///< ≥ 1; 1 = native speed
  int threads = 0;               ///< compute threads, 0 = all cores (OpenCV's default)
  int memoryCapMb = 0;           ///< address-space cap in MiB, 0 = none

  /// native (1×, all threads, no cap), jetson-tx2 (2.5×, 6, 8192 MB), jetson-nano (4×, 4, 4096 MB),
  /// rpi4 (8×, 4, 4096 MB). The factors are knobs, not measurements (see the file comment).
  static const std::vector<DeviceProfile>& builtIns();
  /// The built-in named @p name (case-sensitive); throws Error listing the known names.
  static DeviceProfile named(const std::string& name);
  /// Parses the text form above; throws Error naming the text and the bad field (unknown name or field, not a
  /// number, out of range, given twice).
  static DeviceProfile parse(const std::string& text);
  /// "name=N,slowdown=S,threads=T|all,memory=M|none" — parse(toString()) == *this.
  std::string toString() const;

  bool isNative() const { return computeSlowdown == 1.0 && threads == 0 && memoryCapMb == 0; }
  /// (computeSlowdown − 1) × @p computeMs: how long to wait after a compute step that took @p computeMs
  /// (0 for a negative or non-finite time).
  double extraDelayMs(double computeMs) const;
  /// Sleeps the calling thread extraDelayMs(@p computeMs); returns at once for a native profile.
  void sleepAfterCompute(double computeMs) const;
  /// cv::setNumThreads(threads), or OpenCV's default for 0. Process-wide: call once when the node starts.
  void applyThreads() const;
  /// Lowers the soft RLIMIT_AS of this process to memoryCapMb (allocations beyond fail with bad_alloc). Returns ""
  /// on success or without a cap, otherwise the reason (the hard limit is lower, the process already maps more,
  /// setrlimit failed) and changes nothing. Process-wide: call in a node process, never in the console; CUDA and
  /// other large reservations count against it.
  std::string applyMemoryCap() const;

  bool operator==(const DeviceProfile& other) const;
  bool operator!=(const DeviceProfile& other) const { return !(*this == other); }
};

}  // namespace edgescope
