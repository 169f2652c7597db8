#include "net/StreamTrackers.h"

#include <opencv2/imgproc.hpp>

#include "core/Stopwatch.h"
#include "deepscale/DeepScaleGovernor.h"
#include "net/JpegImage.h"
#include "net/WireConvert.h"
#include "pipeline/TrackingPipeline.h"

namespace edgescope {

StreamTrackers::StreamTrackers(std::string detectorSpec) : detectorSpec_(std::move(detectorSpec)) {}

StreamTrackers::~StreamTrackers() = default;

StreamTrackers::Stream& StreamTrackers::stream(const std::string& key) {
  auto found = streams_.find(key);
  if (found == streams_.end()) {
    if (streams_.size() >= kMaxStreams) {
      auto oldest = streams_.begin();
      for (auto it = streams_.begin(); it != streams_.end(); ++it) {
        if (it->second.lastUse < oldest->second.lastUse) oldest = it;
      }
      streams_.erase(oldest);
    }
    PipelineConfig config;
    config.detectorSpec = detectorSpec_;
    Stream created;
    created.pipeline = std::make_unique<TrackingPipeline>(config);
    found = streams_.emplace(key, std::move(created)).first;
  }
  found->second.lastUse = ++useCounter_;
  return found->second;
}

void StreamTrackers::applySettings(Stream& stream, const wire::DeepScaleSettings& settings) {
  const std::string serialised = settings.SerializeAsString();
  if (serialised == stream.settings || !stream.pipeline->hasDeepScale()) return;
  const DeepScaleConfig config = WireConvert::deepScaleConfig(settings);
  stream.pipeline->setDeepScaleParameter("deepscale.mode", config.mode == DeepScaleMode::Adaptive ? 1.0 : 0.0);
  stream.pipeline->setDeepScaleParameter("deepscale.k", config.intervalFrames);
  for (int i = 0; i < DeepScaleConfig::kGammaCount; ++i) {
    stream.pipeline->setDeepScaleParameter("deepscale.gamma" + std::to_string(i + 1), config.gammas[i]);
  }
  stream.settings = serialised;
}

void StreamTrackers::run(const std::string& peer, const wire::TrackRequest& request, wire::TrackReply* reply) {
  Stopwatch clock;
  Frame frame;
  frame.image = JpegImage::decode(request.jpeg());
  // SOAT sends the frames between re-selections downscaled to the chosen size: bring them back to the source size
  // so that the stream's governor keeps its ladder (it then runs the detector at the chosen rung again).
  const cv::Size source(static_cast<int>(request.source_width()), static_cast<int>(request.source_height()));
  if (source.width > 0 && source.height > 0 && source != frame.image.size()) {
    cv::Mat full;
    cv::resize(frame.image, full, source, 0, 0, cv::INTER_LINEAR);
    frame.image = full;
  }
  frame.number = request.frame_number();
  frame.sourceId = request.stream_id();
  reply->set_decode_ms(clock.elapsedMs());
  reply->set_frame_number(request.frame_number());
  Stream& current = stream(peer + "/" + request.stream_id());
  if (request.reset()) current.pipeline->reset();
  applySettings(current, request.deepscale());
  current.pipeline->warmUp(frame.image.size());  // once per stream and source size: no stall at a first switch
  const TrackingPipeline::Result result = current.pipeline->process(frame);
  const double sx = request.source_width() > 0 ? double(request.source_width()) / frame.image.cols : 1.0;
  const double sy = request.source_height() > 0 ? double(request.source_height()) / frame.image.rows : 1.0;
  for (Track track : result.tracks) {
    track.box = {float(track.box.x * sx), float(track.box.y * sy), float(track.box.width * sx),
                 float(track.box.height * sy)};
    WireConvert::toBox(track, reply->add_tracks());
  }
  for (Detection detection : result.detections) {
    detection.box = {float(detection.box.x * sx), float(detection.box.y * sy), float(detection.box.width * sx),
                     float(detection.box.height * sy)};
    WireConvert::toBox(detection, reply->add_detections());
  }
  const cv::Size ran = result.deepscale.active ? cv::Size(result.deepscale.widthPx, result.deepscale.heightPx)
                                               : frame.image.size();
  reply->set_ran_width(static_cast<std::uint32_t>(ran.width));
  reply->set_ran_height(static_cast<std::uint32_t>(ran.height));
  reply->set_reselected(result.deepscale.reselected);
  if (const DeepScaleGovernor* governor = current.pipeline->deepScaleGovernor(); governor && result.deepscale.active) {
    const cv::Size next = governor->ladder().rung(current.pipeline->deepScaleStatus().chosenRung);
    reply->set_next_width(static_cast<std::uint32_t>(next.width));
    reply->set_next_height(static_cast<std::uint32_t>(next.height));
  }
  reply->set_detect_ms(result.latency.stageMs("detect"));
  reply->set_track_ms(result.latency.stageMs("track"));
}

}  // namespace edgescope
