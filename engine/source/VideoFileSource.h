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
  /// Returns EndOfStream at the end of the decodable frames. When that is clearly before the count the container
  /// declares (see isShortOfDeclared), endedEarly() turns true and health().lastError says
  /// "video 'NAME' ended at frame N, before the M frames its container declares …"; every decoded frame was returned.
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  bool seek(std::int64_t frameNumber) override;
  /// True after read() returned EndOfStream clearly before the container's declared frame count (truncated or
  /// damaged file); false again after a seek.
  bool endedEarly() const { return endedEarly_; }

  /// Shortfall beyond which a file ending after frame @p lastDecoded is short of its @p declaredFrames (≤ 0: no
  /// count): more than kDeclaredCountSlackFrames and more than 1 %, because some containers only estimate the count.
  static bool isShortOfDeclared(std::int64_t lastDecoded, std::int64_t declaredFrames);
  static constexpr std::int64_t kDeclaredCountSlackFrames = 2;

 private:
  std::string path_;
  SourceInfo info_;
  cv::VideoCapture capture_;
  std::int64_t nextNumber_ = 1;  ///< number of the frame the next read() returns
  bool endedEarly_ = false;
};

}  // namespace edgescope
