#pragma once
/// @file PatchNetSupport.h
/// A LibTorch-free door to PatchNetRunner::install() for programs that must not see LibTorch headers (the Qt console:
/// Qt's `slots` macro breaks them). Call once at program start.

namespace edgescope {

class PatchNetSupport {
 public:
  /// Makes PatchNetRunner the factory of PatchModelRunner::create.
  static void install();
};

}  // namespace edgescope
