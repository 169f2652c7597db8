#pragma once
/// @file SourceInfo.h
/// What a video source reports about itself.

#include <cstdint>
#include <string>

namespace edgescope {

/// Value type.
struct SourceInfo {
  std::string uri;              ///< the URI it was opened from
  std::string kind;             ///< "file", "mot", "camera", "stream", "synthetic" or "playlist"
  std::string name;             ///< human-readable name (file name, sequence name, …)
  int width = 0;                ///< pixels
  int height = 0;               ///< pixels
  double fps = 0.0;             ///< nominal frames per second (0 when unknown)
  std::int64_t frameCount = -1; ///< number of frames, -1 for live sources or when unknown
  bool live = false;            ///< live sources run in real-time mode and drop frames when the pipeline is slower
  bool seekable = false;        ///< seek() works
  bool hasGroundTruth = false;  ///< frames come with GT boxes
};

}  // namespace edgescope
