#pragma once
/// @file LiveCaptureSource.h
/// `camera:N` (V4L2) and `rtsp://` / `http(s)://` streams. A named grabber thread ("es-grab") reads frames as fast
/// as the source delivers them into a latest-frame slot (real-time mode: a frame the pipeline did not take in time
/// is overwritten and counted as dropped). When the source fails or ends, the grabber reconnects with exponential
/// backoff; a StallDetector on the grabber side tells a dead source from a slow pipeline.

#include <condition_variable>
#include <mutex>
#include <thread>

#include <opencv2/core/mat.hpp>

#include "source/ExponentialBackoff.h"
#include "source/StallDetector.h"
#include "source/VideoSource.h"

namespace cv { class VideoCapture; }

namespace edgescope {

/// Tuning of reconnects and timeouts (milliseconds).
struct LiveCaptureOptions {
  int openTimeoutMs = 5000;      ///< FFmpeg open timeout
  int readTimeoutMs = 3000;      ///< FFmpeg read timeout (a dead stream's read returns after this)
  double stallTimeoutMs = 2000;  ///< minimum silence before the source counts as stalled
  double backoffInitialMs = 250;
  double backoffMaxMs = 8000;
  int maxAttempts = -1;          ///< consecutive failed reconnects before giving up (-1 = never give up)
};

/// read()/seek()/health() are called by the owning (engine) thread; the grabber thread is internal.
class LiveCaptureSource : public VideoSource {
 public:
  /// Connects once synchronously; throws Error naming the camera/URL when that first attempt fails.
  LiveCaptureSource(const std::string& uri, const LiveCaptureOptions& options);
  ~LiveCaptureSource() override;
  LiveCaptureSource(const LiveCaptureSource&) = delete;
  LiveCaptureSource& operator=(const LiveCaptureSource&) = delete;

  const SourceInfo& info() const override { return info_; }
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  SourceHealth health() const override;

 private:
  bool connect(cv::VideoCapture& capture, std::string& error) const;
  void grabLoop(cv::VideoCapture* capture);
  /// After a failed connect or read: next backoff delay, give-up check, wait. False when stopped or given up.
  bool backOffAfterFailure(std::unique_lock<std::mutex>& lock, const std::string& error);
  /// Waits @p delayMs or until stopped; returns false when stopped.
  bool sleepUnlessStopped(std::unique_lock<std::mutex>& lock, double delayMs);

  std::string uri_;
  LiveCaptureOptions options_;
  SourceInfo info_;
  int cameraIndex_ = -1;

  mutable std::mutex mutex_;
  std::condition_variable frameReady_;
  cv::Mat latest_;                 ///< guarded by mutex_
  bool latestFresh_ = false;       ///< guarded by mutex_
  std::int64_t latestNumber_ = 0;  ///< guarded by mutex_: frames received since open (1-based numbering)
  double latestTimeMs_ = 0.0;      ///< guarded by mutex_
  SourceHealth shared_;            ///< guarded by mutex_
  StallDetector stall_;            ///< guarded by mutex_
  ExponentialBackoff backoff_;     ///< grabber thread only
  bool stop_ = false;              ///< guarded by mutex_
  std::thread grabber_;
};

}  // namespace edgescope
