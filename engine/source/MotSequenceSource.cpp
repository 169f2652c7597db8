#include "source/MotSequenceSource.h"

#include <sys/stat.h>

#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include "mot/MotFile.h"
#include "util/Error.h"

namespace edgescope {
namespace {

bool isDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool isFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

MotSequenceSource::MotSequenceSource(const std::string& directory) : directory_(directory) {
  while (directory_.size() > 1 && directory_.back() == '/') directory_.pop_back();
  if (!isDirectory(directory_)) throw Error("MOT sequence '" + directory_ + "': no such folder");
  const std::string ini = directory_ + "/seqinfo.ini";
  if (!isFile(ini)) throw Error("MOT sequence '" + directory_ + "': missing seqinfo.ini");
  seqInfo_ = SeqInfo::read(ini);
  const std::string imageDir = directory_ + "/" + seqInfo_.imDir;
  if (!isDirectory(imageDir)) {
    throw Error("MOT sequence '" + directory_ + "': image folder '" + seqInfo_.imDir + "' is missing");
  }
  const cv::Mat first = cv::imread(imagePath(1), cv::IMREAD_COLOR);
  if (first.empty()) throw Error("MOT sequence '" + directory_ + "': cannot read first image '" + imagePath(1) + "'");
  if (isFile(directory_ + "/gt/gt.txt")) {
    const std::string gtPath = directory_ + "/gt/gt.txt";
    attachGroundTruth(std::make_shared<GroundTruthIndex>(MotFile::read(gtPath).rows, gtPath));
  }
  if (isFile(directory_ + "/det/det.txt")) {
    const std::string detPath = directory_ + "/det/det.txt";
    detections_ = std::make_shared<GroundTruthIndex>(MotFile::read(detPath).rows, detPath);
  }
  info_.uri = "mot:" + directory_;
  info_.kind = "mot";
  info_.name = seqInfo_.name.empty() ? directory_ : seqInfo_.name;
  info_.width = first.cols;
  info_.height = first.rows;
  info_.fps = seqInfo_.frameRate;
  info_.frameCount = seqInfo_.seqLength;
  info_.seekable = true;
  info_.hasGroundTruth = groundTruth() != nullptr;
}

std::string MotSequenceSource::imagePath(std::int64_t frameNumber) const {
  char name[32];
  std::snprintf(name, sizeof(name), "%06lld", static_cast<long long>(frameNumber));
  return directory_ + "/" + seqInfo_.imDir + "/" + name + seqInfo_.imExt;
}

ReadStatus MotSequenceSource::read(SourceFrame& out, int /*timeoutMs*/) {
  if (nextNumber_ > seqInfo_.seqLength) {
    health_.state = SourceState::EndOfStream;
    return ReadStatus::EndOfStream;
  }
  const std::string path = imagePath(nextNumber_);
  cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  if (image.empty()) {
    health_.state = SourceState::Failed;
    health_.lastError = "cannot read image '" + path + "' (frame " + std::to_string(nextNumber_) + ")";
    throw Error(health_.lastError);
  }
  fillOfflineFrame(out, image, nextNumber_++, info_.fps, info_.uri);
  return ReadStatus::Frame;
}

bool MotSequenceSource::seek(std::int64_t frameNumber) {
  if (frameNumber < 1 || frameNumber > seqInfo_.seqLength) return false;
  nextNumber_ = frameNumber;
  health_.state = SourceState::Ok;
  return true;
}

}  // namespace edgescope
