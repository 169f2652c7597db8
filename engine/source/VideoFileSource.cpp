#include "source/VideoFileSource.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {

bool VideoFileSource::isShortOfDeclared(std::int64_t lastDecoded, std::int64_t declaredFrames) {
  if (declaredFrames <= 0) return false;  // no count in the container: nothing to compare with
  // FFmpeg's count is exact where the container stores one (AVI headers, MP4/MOV sample tables) but an estimate
  // from duration × fps where it does not (Matroska/WebM, raw streams, variable-rate files): a frame or two off for
  // short clips, up to about 1 % for long variable-rate ones. Only a larger shortfall is a real early end.
  const std::int64_t slack = std::max(kDeclaredCountSlackFrames, declaredFrames / 100);
  return declaredFrames - lastDecoded > slack;
}

VideoFileSource::VideoFileSource(const std::string& path) : path_(path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error("cannot open video '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw Error("cannot open video '" + path + "': not a regular file");
  if (st.st_size == 0) throw Error("cannot open video '" + path + "': the file is empty (0 bytes)");
  if (!capture_.open(path, cv::CAP_FFMPEG) && !capture_.open(path, cv::CAP_ANY)) {
    throw Error("cannot open video '" + path + "': no decoder recognises it (corrupt or unsupported format)");
  }
  cv::Mat first;
  if (!capture_.read(first) || first.empty()) {
    throw Error("cannot decode video '" + path + "': no decodable frame (truncated or corrupt file)");
  }
  capture_.set(cv::CAP_PROP_POS_FRAMES, 0);
  nextNumber_ = 1;
  info_.uri = path;
  info_.kind = "file";
  const auto slash = path.find_last_of('/');
  info_.name = slash == std::string::npos ? path : path.substr(slash + 1);
  info_.width = first.cols;
  info_.height = first.rows;
  const double fps = capture_.get(cv::CAP_PROP_FPS);
  info_.fps = (std::isfinite(fps) && fps > 0 && fps < 1000) ? fps : 25.0;
  const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
  info_.frameCount = (std::isfinite(count) && count > 0 && count < 1e12) ? static_cast<std::int64_t>(count) : -1;
  info_.live = false;
  info_.seekable = true;
}

ReadStatus VideoFileSource::read(SourceFrame& out, int /*timeoutMs*/) {
  cv::Mat image;
  if (!capture_.read(image) || image.empty()) {
    health_.state = SourceState::EndOfStream;
    const std::int64_t lastDecoded = nextNumber_ - 1;
    endedEarly_ = isShortOfDeclared(lastDecoded, info_.frameCount);
    if (endedEarly_) {
      health_.lastError = "video '" + info_.name + "' ended at frame " + std::to_string(lastDecoded) + ", before the " +
                          std::to_string(info_.frameCount) + " frames its container declares (truncated or damaged " +
                          "file; the " + std::to_string(lastDecoded) + " decoded frames are kept)";
    }
    return ReadStatus::EndOfStream;
  }
  if (image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
  fillOfflineFrame(out, image, nextNumber_++, info_.fps, info_.uri);
  return ReadStatus::Frame;
}

bool VideoFileSource::seek(std::int64_t frameNumber) {
  if (frameNumber < 1 || (info_.frameCount > 0 && frameNumber > info_.frameCount)) return false;
  if (!capture_.set(cv::CAP_PROP_POS_FRAMES, static_cast<double>(frameNumber - 1))) return false;
  nextNumber_ = frameNumber;
  endedEarly_ = false;
  health_.state = SourceState::Ok;
  health_.lastError.clear();
  return true;
}

}  // namespace edgescope
