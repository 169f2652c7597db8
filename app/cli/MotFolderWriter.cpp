#include "cli/MotFolderWriter.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <opencv2/imgcodecs.hpp>

#include "mot/MotFile.h"
#include "util/Error.h"

namespace edgescope {
namespace {

void makeDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw Error("cannot create folder '" + path + "': " + std::strerror(errno));
  }
}

}  // namespace

MotFolderWriter::MotFolderWriter(std::string folder, SeqInfo seq) : folder_(std::move(folder)), seq_(std::move(seq)) {
  makeDirectory(folder_);
  makeDirectory(folder_ + "/" + seq_.imDir);
  makeDirectory(folder_ + "/gt");
}

void MotFolderWriter::add(const cv::Mat& image, std::vector<MotRow> groundTruth) {
  ++frames_;
  char name[32];
  std::snprintf(name, sizeof(name), "/%06lld", static_cast<long long>(frames_));
  const std::string path = folder_ + "/" + seq_.imDir + name + seq_.imExt;
  if (!cv::imwrite(path, image, {cv::IMWRITE_JPEG_QUALITY, 95})) throw Error("cannot write image '" + path + "'");
  for (MotRow& row : groundTruth) {
    row.frame = frames_;
    rows_.push_back(row);
  }
}

std::size_t MotFolderWriter::finish() {
  seq_.seqLength = frames_;
  seq_.write(folder_ + "/seqinfo.ini");
  MotFile::write(folder_ + "/gt/gt.txt", rows_, MotFormat::Mot16);
  return rows_.size();
}

}  // namespace edgescope
