#pragma once
/// @file CivetwebStacks.h
/// Why and how civetweb's threads get a larger stack in EdgeScope's processes (CivetwebStacks.cpp interposes
/// pthread_attr_setstacksize). Stateless; any thread.

#include <cstddef>

namespace edgescope {

class CivetwebStacks {
 public:
  /// Stack size given to civetweb's threads instead of its built-in 100 KiB: room for the static TLS of LibTorch,
  /// OpenBLAS and glog (≈ 100 KiB) plus civetweb's own use. Virtual memory; only touched pages count.
  static constexpr std::size_t kCivetwebStackBytes = 1024 * 1024;
  /// Whether @p code (a return address) lies in libcivetweb.
  static bool isCivetweb(const void* code);
};

}  // namespace edgescope
