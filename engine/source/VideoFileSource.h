#pragma once
/// @file VideoFileSource.h
/// A video file decoded with OpenCV/FFmpeg (offline mode: every frame, in order; seekable).

#include <opencv2/videoio.hpp>

#include "source/VideoSource.h"

namespace edgescope {

/// Thread: owned and used by one thread (the engine thread).
class VideoFileSource : public VideoSource {
 public:
  /// Opens @p path and decodes its first frame to prove the file is usable. Throws Error naming the file when it
  /// does not exist, is empty, is not a regular file, cannot be opened or has no decodable frame.
  explicit VideoFileSource(const std::string& path);
  const SourceInfo& info() const override { return info_; }
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  bool seek(std::int64_t frameNumber) override;

 private:
  std::string path_;
  SourceInfo info_;
  cv::VideoCapture capture_;
  std::int64_t nextNumber_ = 1;  ///< number of the frame the next read() returns
};

}  // namespace edgescope
