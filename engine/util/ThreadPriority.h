#pragma once
/// @file ThreadPriority.h
/// Scheduling priority of the calling thread. On Linux every thread has its own nice value and threads it starts
/// later (OpenMP/LibTorch workers, OpenCV's pool, FFmpeg decoder threads) inherit it, so lowering the engine thread
/// before its first frame lowers all of its helpers too. Raising priority needs privileges; lowering never does.

namespace edgescope {

/// Adds @p niceIncrement (≥ 0, capped at nice 19) to the calling thread's nice value.
/// Returns false (and changes nothing) where the system refuses. Thread: any; affects only the caller.
bool lowerCurrentThreadPriority(int niceIncrement);
/// Nice value of the calling thread (0 when it cannot be read).
int currentThreadNice();

}  // namespace edgescope
