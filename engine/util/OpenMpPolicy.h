#pragma once
/// @file OpenMpPolicy.h
/// LibTorch's OpenMP workers spin after every parallel region by default (libgomp's OMP_WAIT_POLICY). On a 2-core edge
/// box that keeps both cores busy between inferences and starves everything else in the process (the console's GUI
/// thread missed its 50 ms budget) and on the machine (a local edgescope-node). Sleeping at once instead
/// (OMP_WAIT_POLICY=PASSIVE alone) costs inside each forward pass: a worker is woken for each of its ~60 operators,
/// and the console's 768×576 forward at 10 fps took 30.6 ms instead of 19.5 ms with a short spin. So the workers
/// spin briefly (GOMP_SPINCOUNT=kSpinCount, a fraction of a millisecond: enough to bridge the gap between two
/// operators) and sleep between frames. libgomp reads both once, when it loads, so a program sets them by restarting
/// itself before anything else runs, and passes them on to the programs it starts.

#include <string>
#include <vector>

namespace edgescope {

class OpenMpPolicy {
 public:
  /// libgomp spin iterations before a worker sleeps.
  static constexpr const char* kSpinCount = "10000";

  /// When OMP_WAIT_POLICY is unset: sets it to PASSIVE and GOMP_SPINCOUNT to kSpinCount (unless set) and
  /// re-executes this program (its real path) with @p argv (does not return on success). Returns when the policy
  /// was already set or the restart failed. Call first thing in main().
  static void restartWithPassiveWorkers(char** argv);
  /// @p environment ("NAME=value" entries) plus what restartWithPassiveWorkers() would set: nothing when it sets
  /// OMP_WAIT_POLICY (the user's choice wins), else OMP_WAIT_POLICY=PASSIVE and, unless present, GOMP_SPINCOUNT.
  /// For programs this one starts (local nodes). Pure; any thread.
  static std::vector<std::string> withWorkerPolicy(std::vector<std::string> environment);
};

}  // namespace edgescope
