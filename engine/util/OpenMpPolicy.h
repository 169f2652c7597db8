#pragma once
/// @file OpenMpPolicy.h
/// LibTorch's OpenMP workers spin after every parallel region by default (libgomp's OMP_WAIT_POLICY). On a 2-core edge
/// box that keeps both cores busy between inferences and starves everything else in the process (the console's GUI
/// thread missed its 50 ms budget) and on the machine (a local edgescope-node). libgomp reads the policy once, when it
/// loads, so a program sets it by restarting itself before anything else runs.

namespace edgescope {

class OpenMpPolicy {
 public:
  /// When OMP_WAIT_POLICY is unset: sets it to PASSIVE and re-executes this program (its real path) with @p argv (does not return on
  /// success). Returns when the policy was already set or the restart failed. Call first thing in main().
  static void restartWithPassiveWorkers(char** argv);
};

}  // namespace edgescope
