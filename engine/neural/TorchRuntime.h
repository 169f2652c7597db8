#pragma once
/// @file TorchRuntime.h
/// Device and thread selection for LibTorch code. Deliberately free of torch headers, so callers outside
/// edgescope_torch can ask what is available without pulling LibTorch into their translation units.

#include <string>

namespace edgescope {

/// Thread-safe (reads global LibTorch state; configure() should be called once at start-up).
class TorchRuntime {
 public:
  /// "cuda" when requested (@p preferred "auto" or "cuda") and available, else "cpu". Throws Error when @p preferred
  /// is "cuda" and no CUDA device is usable, or when @p preferred is not one of auto/cpu/cuda.
  static std::string resolveDevice(const std::string& preferred);
  /// Sets LibTorch's intra-op thread count (@p threads ≥ 1; 0 = every core), flushes denormal floats to zero and
  /// keeps large freed buffers in the heap (glibc mallopt) — all for CPU speed. Call before running a network.
  static void configure(int threads);
  static bool cudaAvailable();
  /// The BLAS library LibTorch's non-oneDNN kernels call (its real path, e.g.
  /// ".../openblas-openmp/libblas.so.3"), or "" when no BLAS is loaded. Debian's reference BLAS (".../blas/…") makes
  /// single-threaded inference about 5× slower: with one thread LibTorch runs 1×1 convolutions through sgemm.
  static std::string blasLibrary();
  /// E.g. "LibTorch 1.13.1, CUDA unavailable, 2 threads, BLAS openblas-openmp" (the BLAS: the folder of a Debian
  /// libblas.so.3, "reference" for Debian's netlib build, otherwise the library's file name).
  static std::string describe();
};

}  // namespace edgescope
