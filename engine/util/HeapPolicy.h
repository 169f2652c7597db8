#pragma once
/// @file HeapPolicy.h
/// Makes every thread of the process allocate from glibc's main heap. By default glibc gives each allocating thread
/// its own arena, and an arena other than the main one is made of 64 MB heaps that free() unmaps as soon as one is
/// empty, whatever M_TRIM_THRESHOLD says. A network forward pass on a worker thread (the console's es-engine, the
/// node's es-node-work) frees tens of megabytes of activations per frame, so depending on where its buffers landed a
/// heap was unmapped and mapped again on every frame: measured on 2 cores, a node's server-side tracking took
/// 85–120 ms per frame instead of 31–39 ms (a quarter of its time in page faults), and the console's RSS climbed in
/// 13.6 MB steps (318 → 517 MB in 300 s at full speed; flat at 329 MB with one arena). The main heap keeps freed
/// memory (TorchRuntime raises its trim threshold), so one arena keeps both flat. Lock contention is small: glibc's
/// per-thread caches serve the small allocations, and only the engine thread allocates at frame rate.

namespace edgescope {

class HeapPolicy {
 public:
  /// Limits glibc to one arena (mallopt M_ARENA_MAX = 1) unless the user chose a limit (MALLOC_ARENA_MAX or an
  /// arena_max in GLIBC_TUNABLES). Call first thing in main(), before any thread starts: a thread keeps the arena
  /// it got at its first allocation. Returns whether the limit was set (false on other C libraries). Thread: main.
  static bool useOneArena();
};

}  // namespace edgescope
