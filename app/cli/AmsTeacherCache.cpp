#include "cli/AmsTeacherCache.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/Stopwatch.h"
#include "detect/Detector.h"
#include "detect/DetectorFactory.h"
#include "util/Digest.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

namespace edgescope {

std::string AmsTeacherCache::defaultDirectory() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string base = xdg && *xdg ? xdg : home && *home ? std::string(home) + "/.cache" : ".cache";
  return base + "/edgescope/ams-teacher";
}

AmsTeacherCache::AmsTeacherCache(std::string directory, const std::string& video, std::string teacherSpec)
    : spec_(std::move(teacherSpec)) {
  if (directory.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw Error("teacher cache: cannot create '" + directory + "': " + ec.message());
  path_ = directory + "/" + Digest::sha256(video + "\n" + spec_).substr(0, 24) + ".jsonl";
  read();
  out_.open(path_, std::ios::app);
  if (!out_) throw Error("teacher cache: cannot write '" + path_ + "'");
}

AmsTeacherCache::~AmsTeacherCache() = default;

void AmsTeacherCache::read() {
  std::ifstream in(path_);
  std::string line;
  int lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    try {
      const nlohmann::json j = nlohmann::json::parse(line);
      Entry entry;
      entry.ms = j.at("ms").get<double>();
      for (const auto& d : j.at("d")) {
        Detection detection;
        detection.box = {d.at(0).get<float>(), d.at(1).get<float>(), d.at(2).get<float>(), d.at(3).get<float>()};
        detection.score = d.at(4).get<float>();
        entry.detections.push_back(std::move(detection));
      }
      entries_[j.at("f").get<std::int64_t>()] = std::move(entry);
      ++loaded_;
    } catch (const std::exception& e) {
      std::cerr << "warning: teacher cache " << path_ << ":" << lineNumber << ": " << e.what()
                << " (the frames after it are labelled again)\n";
      break;
    }
  }
}

const std::vector<Detection>& AmsTeacherCache::labels(std::int64_t frame, const cv::Mat& bgr) {
  auto it = entries_.find(frame);
  if (it != entries_.end()) return it->second.detections;
  if (!teacher_) teacher_ = DetectorFactory::create(spec_);
  Stopwatch clock;
  Entry entry;
  for (Detection& d : teacher_->detect(bgr)) {
    d.embedding.clear();  // boxes only: the distillation trains no identity
    entry.detections.push_back(std::move(d));
  }
  entry.ms = clock.elapsedMs();
  ++computed_;
  if (out_) {
    nlohmann::json boxes = nlohmann::json::array();
    for (const Detection& d : entry.detections) boxes.push_back({d.box.x, d.box.y, d.box.width, d.box.height, d.score});
    out_ << nlohmann::json{{"f", frame}, {"ms", entry.ms}, {"d", boxes}}.dump() << "\n";
    out_.flush();
  }
  return entries_.emplace(frame, std::move(entry)).first->second.detections;
}

double AmsTeacherCache::teacherMs(std::int64_t frame) const {
  auto it = entries_.find(frame);
  return it == entries_.end() ? 0.0 : it->second.ms;
}

}  // namespace edgescope
