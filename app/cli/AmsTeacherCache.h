#pragma once
/// @file AmsTeacherCache.h
/// The teacher's detections on the frames of one video, cached per (video, teacher spec) for `edgescope-cli
/// ams-bench` (issue 22): every scheme, seed and grid point of a run labels the same frames, and the teacher is the
/// slowest network in the run. Entries are kept in memory and appended to a JSON-lines file
/// `DIR/<sha256 of video and spec>.jsonl` (one line per frame: number, teacher milliseconds, boxes), which later
/// runs read back. A line that does not parse ends the read with a warning (naming file and line); the frames after
/// it are labelled again.

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/Detection.h"

namespace edgescope {

class Detector;

/// Not thread-safe: one bench loop. Owns the teacher detector (created on first use).
class AmsTeacherCache {
 public:
  /// @p directory: where cache files live (created when missing; empty = no file, memory only). @p video
  /// identifies the frames (the source URI); @p teacherSpec is a DetectorFactory spec.
  AmsTeacherCache(std::string directory, const std::string& video, std::string teacherSpec);
  ~AmsTeacherCache();

  /// The teacher's detections on frame @p frame (image @p bgr), from the cache or by running the teacher.
  const std::vector<Detection>& labels(std::int64_t frame, const cv::Mat& bgr);
  /// Whether @p frame is cached (labels() would not run the teacher).
  bool has(std::int64_t frame) const { return entries_.count(frame) > 0; }
  /// Milliseconds the teacher took on @p frame when it was labelled (0 when unknown).
  double teacherMs(std::int64_t frame) const;
  /// Frames labelled by this process / read from the file.
  std::int64_t computed() const { return computed_; }
  std::int64_t loaded() const { return loaded_; }
  const std::string& path() const { return path_; }
  /// The default directory: $XDG_CACHE_HOME/edgescope/ams-teacher or ~/.cache/edgescope/ams-teacher.
  static std::string defaultDirectory();

 private:
  struct Entry {
    double ms = 0.0;
    std::vector<Detection> detections;
  };
  void read();

  std::string spec_;
  std::string path_;
  std::map<std::int64_t, Entry> entries_;
  std::unique_ptr<Detector> teacher_;
  std::ofstream out_;
  std::int64_t computed_ = 0;
  std::int64_t loaded_ = 0;
};

}  // namespace edgescope
