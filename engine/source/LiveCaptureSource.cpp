#include "source/LiveCaptureSource.h"

#include <cstdlib>
#include <memory>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/Stopwatch.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {

LiveCaptureSource::LiveCaptureSource(const std::string& uri, const LiveCaptureOptions& options)
    : uri_(uri),
      options_(options),
      stall_(options.stallTimeoutMs, 0.0),
      backoff_(options.backoffInitialMs, options.backoffMaxMs) {
  if (uri.rfind("camera:", 0) == 0) {
    char* end = nullptr;
    const std::string index = uri.substr(7);
    cameraIndex_ = static_cast<int>(std::strtol(index.c_str(), &end, 10));
    if (index.empty() || *end != '\0' || cameraIndex_ < 0) {
      throw Error("invalid camera URI '" + uri + "': expected camera:N with N a device index ≥ 0");
    }
  }
  auto capture = std::make_unique<cv::VideoCapture>();
  std::string error;
  if (!connect(*capture, error)) throw Error(error);
  cv::Mat first;
  if (!capture->read(first) || first.empty()) {
    throw Error("'" + uri + "' opened but delivered no frame within " + std::to_string(options_.readTimeoutMs) + " ms");
  }
  info_.uri = uri;
  info_.kind = cameraIndex_ >= 0 ? "camera" : "stream";
  info_.name = uri;
  info_.width = first.cols;
  info_.height = first.rows;
  const double fps = capture->get(cv::CAP_PROP_FPS);
  info_.fps = (fps > 0 && fps < 1000) ? fps : 0.0;
  info_.live = true;
  info_.seekable = false;
  stall_ = StallDetector(options_.stallTimeoutMs, info_.fps);
  stall_.onConnected(Stopwatch::nowMs());
  latest_ = first;
  latestFresh_ = true;
  latestNumber_ = 1;
  latestTimeMs_ = Stopwatch::nowMs();
  grabber_ = std::thread([this, c = capture.release()] { grabLoop(c); });
}

LiveCaptureSource::~LiveCaptureSource() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  frameReady_.notify_all();
  if (grabber_.joinable()) grabber_.join();
}

bool LiveCaptureSource::connect(cv::VideoCapture& capture, std::string& error) const {
  bool ok = false;
  if (cameraIndex_ >= 0) {
    ok = capture.open(cameraIndex_, cv::CAP_V4L2);
    if (!ok) error = "cannot open camera " + std::to_string(cameraIndex_) + " (/dev/video" +
                     std::to_string(cameraIndex_) + "): device missing, busy or not a V4L2 capture device";
  } else {
    const std::vector<int> params = {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, options_.openTimeoutMs,
                                     cv::CAP_PROP_READ_TIMEOUT_MSEC, options_.readTimeoutMs};
    ok = capture.open(uri_, cv::CAP_FFMPEG, params);
    if (!ok) error = "cannot connect to stream '" + uri_ + "': unreachable, refused or not a video stream";
  }
  return ok;
}

bool LiveCaptureSource::sleepUnlessStopped(std::unique_lock<std::mutex>& lock, double delayMs) {
  frameReady_.wait_for(lock, std::chrono::duration<double, std::milli>(delayMs), [this] { return stop_; });
  return !stop_;
}

bool LiveCaptureSource::backOffAfterFailure(std::unique_lock<std::mutex>& lock, const std::string& error) {
  const double delay = backoff_.nextDelayMs();
  shared_.reconnectAttempts = backoff_.failures();
  shared_.lastError = error;
  if (options_.maxAttempts >= 0 && shared_.reconnectAttempts > options_.maxAttempts) {
    shared_.state = SourceState::Failed;
    shared_.lastError = error + " (gave up after " + std::to_string(options_.maxAttempts) + " attempts)";
    frameReady_.notify_all();
    return false;
  }
  shared_.state = SourceState::Reconnecting;
  shared_.nextRetryInMs = delay;
  return sleepUnlessStopped(lock, delay);
}

void LiveCaptureSource::grabLoop(cv::VideoCapture* rawCapture) {
  setCurrentThreadName("es-grab");
  std::unique_ptr<cv::VideoCapture> capture(rawCapture);
  bool recovering = false;  // a failure happened since the last good frame
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) return;
    }
    if (!capture->isOpened()) {
      std::string error;
      const bool ok = connect(*capture, error);
      std::unique_lock<std::mutex> lock(mutex_);
      if (ok) {
        shared_.state = SourceState::Connecting;
        stall_.onConnected(Stopwatch::nowMs());
        continue;
      }
      if (!backOffAfterFailure(lock, error)) return;
      continue;
    }
    cv::Mat image;
    const bool ok = capture->read(image) && !image.empty();
    if (!ok) {
      capture->release();  // outside the lock: an RTSP teardown can take seconds
      std::unique_lock<std::mutex> lock(mutex_);
      recovering = true;
      // Back off here too: a source that accepts connections but sends nothing must not spin the grabber.
      if (!backOffAfterFailure(lock, "'" + uri_ + "' stopped delivering frames (connection lost or stream ended)")) {
        return;
      }
      continue;
    }
    if (image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
    std::lock_guard<std::mutex> lock(mutex_);
    if (recovering) {  // only a good frame proves the reconnect worked
      shared_.reconnects += 1;
      recovering = false;
    }
    backoff_.reset();
    shared_.reconnectAttempts = 0;
    if (latestFresh_) shared_.droppedFrames += 1;
    latest_ = image;
    latestFresh_ = true;
    latestNumber_ += 1;
    latestTimeMs_ = Stopwatch::nowMs();
    stall_.onFrame(latestTimeMs_);
    shared_.state = SourceState::Ok;
    frameReady_.notify_all();
  }
}

ReadStatus LiveCaptureSource::read(SourceFrame& out, int timeoutMs) {
  std::unique_lock<std::mutex> lock(mutex_);
  frameReady_.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                       [this] { return latestFresh_ || stop_ || shared_.state == SourceState::Failed; });
  if (!latestFresh_) {
    if (shared_.state == SourceState::Failed) return ReadStatus::EndOfStream;
    return ReadStatus::NoFrameYet;
  }
  out.frame.image = latest_;
  out.frame.number = latestNumber_;
  out.frame.captureTimeMs = latestTimeMs_;
  out.frame.sourceId = uri_;
  latestFresh_ = false;
  lock.unlock();
  fillGroundTruth(out);
  return ReadStatus::Frame;
}

SourceHealth LiveCaptureSource::health() const {
  std::lock_guard<std::mutex> lock(mutex_);
  SourceHealth health = shared_;
  if (health.state == SourceState::Ok && stall_.stalled(Stopwatch::nowMs())) {
    health.state = SourceState::Stalled;
    health.lastError = "'" + uri_ + "' sent no frame for " +
                       std::to_string(static_cast<int>(stall_.sinceLastFrameMs(Stopwatch::nowMs()))) + " ms";
  }
  return health;
}

}  // namespace edgescope
