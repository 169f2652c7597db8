#include "source/VideoFileSource.h"

#include <sys/stat.h>

#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "util/Error.h"

namespace edgescope {

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
    if (info_.frameCount > 0 && nextNumber_ <= info_.frameCount) {
      health_.lastError = "'" + path_ + "' ended after " + std::to_string(nextNumber_ - 1) + " of " +
                          std::to_string(info_.frameCount) + " announced frames (truncated file?)";
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
  health_.state = SourceState::Ok;
  health_.lastError.clear();
  return true;
}

}  // namespace edgescope
