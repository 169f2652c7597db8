#pragma once
/// @file SourceFactory.h
/// Opens a video source from a URI:
///   PATH or file:PATH      a video file (any format OpenCV/FFmpeg reads)
///   mot:DIR                a MOTChallenge sequence folder
///   camera:N               V4L2 camera N
///   rtsp://… http(s)://…   network streams
///   synthetic:?seed=…      the procedural street scene with ground truth
///   playlist:FILE          offline sources back to back, one per line (PlaylistSource.h)

#include <memory>
#include <string>

#include "source/LiveCaptureSource.h"
#include "source/VideoSource.h"

namespace edgescope {

/// Stateless; call from any thread. The returned source belongs to the caller.
class SourceFactory {
 public:
  /// Opens @p uri; when @p groundTruthPath is non-empty, reads it as a MOT file and attaches it (frame N of the GT
  /// is the N-th decoded frame). Throws Error with a message naming the URI/file on any failure.
  static std::unique_ptr<VideoSource> open(const std::string& uri, const std::string& groundTruthPath = {},
                                           const LiveCaptureOptions& liveOptions = {});
  /// The kind open() would use for @p uri: "file", "mot", "camera", "stream", "synthetic" or "playlist".
  static std::string kindOf(const std::string& uri);
};

}  // namespace edgescope
