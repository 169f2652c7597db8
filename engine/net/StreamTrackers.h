#pragma once
/// @file StreamTrackers.h
/// The node's server-side tracking (partition SO/SOAT): one TrackingPipeline (detect → track, DeepScale governor)
/// per (peer, stream id), created on a stream's first TrackRequest, least recently used evicted beyond kMaxStreams.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "net/edgescope_node.pb.h"

namespace edgescope {

class TrackingPipeline;

/// Owned by NodeCompute; compute thread only.
class StreamTrackers {
 public:
  static constexpr std::size_t kMaxStreams = 8;

  /// @p detectorSpec: what every stream's pipeline detects with (models are loaded per stream).
  explicit StreamTrackers(std::string detectorSpec);
  ~StreamTrackers();

  /// Decodes @p request's JPEG, runs the stream's pipeline (settings from request.deepscale, applied when the
  /// detector supports DeepScale) and fills @p reply (tracks and detections scaled to the source size, timings).
  /// Throws Error ("jpeg: …" for a bad image, else naming the stream) on failure.
  void run(const std::string& peer, const wire::TrackRequest& request, wire::TrackReply* reply);
  std::size_t streamCount() const { return streams_.size(); }

 private:
  struct Stream {
    std::unique_ptr<TrackingPipeline> pipeline;
    std::uint64_t lastUse = 0;
    std::string settings;  ///< serialised DeepScaleSettings last applied
  };
  Stream& stream(const std::string& key);
  static void applySettings(Stream& stream, const wire::DeepScaleSettings& settings);

  std::string detectorSpec_;
  std::map<std::string, Stream> streams_;
  std::uint64_t useCounter_ = 0;
};

}  // namespace edgescope
