#include "partition/PartitionRunner.h"

#include <opencv2/imgproc.hpp>

#include "core/Stopwatch.h"
#include "deepscale/ResolutionLadder.h"
#include "net/JpegImage.h"
#include "net/NodeClient.h"
#include "net/WireConvert.h"
#include "partition/LocalNodeList.h"
#include "util/Error.h"

namespace edgescope {

namespace {

void putDeepScale(const DeepScaleConfig& config, int k, bool adaptive, wire::DeepScaleSettings* settings) {
  settings->set_adaptive(adaptive);
  settings->set_k(static_cast<std::uint32_t>(k));
  if (config.preset != DeepScalePreset::Custom) {
    settings->set_preset(static_cast<std::uint32_t>(config.preset));
  } else {
    for (double gamma : config.gammas) settings->add_gammas(gamma);
  }
}

DeepScaleFrame ranAt(const cv::Size& source, int width, int height, bool reselected) {
  DeepScaleFrame frame{width > 0, width, height, 0, reselected};
  if (width > 0 && ResolutionLadder::supports(source)) {
    const ResolutionLadder ladder = ResolutionLadder::fromSource(source);
    for (int i = 0; i < ladder.size(); ++i) {
      if (ladder.rung(i) == cv::Size(width, height)) frame.rungIndex = i;
    }
  }
  return frame;
}

}  // namespace

PartitionRunner::PartitionRunner(std::shared_ptr<Cluster> cluster, std::string streamId)
    : cluster_(std::move(cluster)), streamId_(std::move(streamId)), link_(cluster_->linkProfile()) {}

std::vector<ParameterSpec> PartitionRunner::parameterSpecs() const {
  std::vector<ParameterSpec> specs = PartitionConfig::parameterSpecs();
  for (const ParameterSpec& spec : LinkProfile::parameterSpecs()) specs.push_back(spec);
  return specs;
}

double PartitionRunner::apply(const std::string& id, double value) {
  if (id.rfind("link.", 0) == 0) {
    link_ = cluster_->linkProfile();
    const double applied = link_.apply(id, value);
    cluster_->setLinkProfile(link_);
    return applied;
  }
  const PartitionStrategy before = config_.strategy;
  const int kBefore = config_.k;
  const double applied = config_.apply(id, value);
  if (config_.strategy != before || config_.k != kBefore) {
    cycleStart_ = -1;  // a new cycle (and a fresh server-side stream) from the next frame
    resetServer_ = true;
  }
  return applied;
}

void PartitionRunner::restart() {
  cycleStart_ = -1;
  lastFrame_ = 0;
  nextSize_ = cv::Size();
  resetServer_ = true;
}

bool PartitionRunner::cycleDue(std::int64_t number) {
  const bool due = cycleStart_ < 0 || number < lastFrame_ || number - cycleStart_ >= config_.k;
  if (due) cycleStart_ = number;
  lastFrame_ = number;
  return due;
}

void PartitionRunner::note(bool warning, std::string text) { messages_.emplace_back(warning, std::move(text)); }

TrackingPipeline::Result PartitionRunner::process(const Frame& frame, TrackingPipeline& local,
                                                  PartitionFrame& partition) {
  const Stopwatch total;
  partition = PartitionFrame{};
  partition.active = true;
  partition.requested = PartitionConfig::name(config_.strategy);
  cluster_->setDefaultDetector(local.config().detectorSpec);
  TrackingPipeline::Result result;
  std::string reason;
  std::string mode = "CO";
  if (config_.strategy == PartitionStrategy::PL) {
    reason = "PL needs the ParaLoupe module, which this program does not have";
  } else if (config_.strategy != PartitionStrategy::CO) {
    const std::optional<ClusterServer> server = cluster_->pickServer();
    if (!server) {
      reason = cluster_->size() == 0 ? "no server node in the cluster" : "no online server node";
    } else {
      try {
        result = runRemote(frame, local, *server, partition);
        partition.strategy = partition.requested;
        partition.node = server->name;
        mode = partition.requested + " on " + server->name;
        inUse_ = server->name;
      } catch (const std::exception& error) {
        reason = error.what();
      }
    }
  }
  if (config_.strategy == PartitionStrategy::CO || !reason.empty()) {
    const Stopwatch camera;
    result = local.process(frame);
    partition = PartitionFrame{true, partition.requested, "CO"};
    partition.cameraMs = camera.elapsedMs();
    partition.fallbackReason = reason;
    inUse_.clear();
    if (!reason.empty()) {
      mode = "CO (fallback)";
      cycleStart_ = -1;
      resetServer_ = true;
    }
  }
  partition.endToEndMs = total.elapsedMs();
  if (mode != lastMode_) {
    if (!reason.empty()) {
      note(true, "partition " + partition.requested + ": falling back to CO: " + reason);
    } else if (lastMode_ == "CO (fallback)") {
      note(false, "partition " + mode + " resumed");
    } else if (!lastMode_.empty() || mode != "CO") {
      note(false, "partition " + mode);
    }
    lastMode_ = mode;
  }
  return result;
}

wire::Envelope PartitionRunner::exchange(const ClusterServer& server, wire::Envelope request,
                                        PartitionFrame& partition) {
  const std::size_t uplinkBytes = request.ByteSizeLong();
  const Stopwatch roundTrip;
  const auto timeout = static_cast<std::uint32_t>(config_.requestTimeoutMs);
  wire::Envelope reply = server.client->request(std::move(request), timeout, config_.requestTimeoutMs).get();
  const double roundTripMs = roundTrip.elapsedMs();
  partition.serverMs = reply.server_ms();
  partition.transmissionMs = std::max(0.0, roundTripMs - partition.serverMs);
  partition.uplinkKb = uplinkBytes / 1000.0;
  partition.downlinkKb = reply.ByteSizeLong() / 1000.0;
  return reply;
}

TrackingPipeline::Result PartitionRunner::runRemote(const Frame& frame, TrackingPipeline& local,
                                                    const ClusterServer& server, PartitionFrame& partition) {
  if (frame.image.empty()) throw Error("frame " + std::to_string(frame.number) + " has no image");
  if (config_.strategy == PartitionStrategy::SAT) return runAssisted(frame, local, server, partition);
  return runServerTracking(frame, local, server, partition);
}

TrackingPipeline::Result PartitionRunner::runServerTracking(const Frame& frame, TrackingPipeline& local,
                                                            const ClusterServer& server, PartitionFrame& partition) {
  const bool soat = config_.strategy == PartitionStrategy::SOAT;
  Stopwatch camera;
  const bool due = cycleDue(frame.number);
  const bool full = !soat || due || nextSize_.empty() || nextSize_ == frame.image.size();
  cv::Mat sent = frame.image;
  if (!full) cv::resize(frame.image, sent, nextSize_, 0, 0, cv::INTER_AREA);
  wire::Envelope request;
  wire::TrackRequest* track = request.mutable_track_request();
  track->set_jpeg(JpegImage::encode(sent, config_.jpegQuality));
  track->set_frame_number(frame.number);
  track->set_stream_id(streamId_);
  track->set_source_width(static_cast<std::uint32_t>(frame.image.cols));
  track->set_source_height(static_cast<std::uint32_t>(frame.image.rows));
  track->set_reset(resetServer_);
  putDeepScale(local.config().deepscale, config_.k, soat, track->mutable_deepscale());
  partition.cameraMs = camera.elapsedMs();
  const wire::Envelope reply = exchange(server, std::move(request), partition);
  if (!reply.has_track_reply()) throw Error("node " + server.name + ": reply without track_reply");
  resetServer_ = false;
  const wire::TrackReply& answer = reply.track_reply();
  camera.restart();
  TrackingPipeline::Result result;
  result.tracks = WireConvert::tracks(answer.tracks());
  result.detections = WireConvert::detections(answer.detections());
  result.deepscale = ranAt(frame.image.size(), int(answer.ran_width()), int(answer.ran_height()), answer.reselected());
  if (soat && answer.next_width() > 0) nextSize_ = cv::Size(int(answer.next_width()), int(answer.next_height()));
  partition.cameraMs += camera.elapsedMs();
  partition.fullFrame = full;
  partition.sentWidth = sent.cols;
  partition.sentHeight = sent.rows;
  result.latency.add("camera", partition.cameraMs);
  result.latency.add("transmit", partition.transmissionMs);
  result.latency.add("server", partition.serverMs);
  return result;
}

TrackingPipeline::Result PartitionRunner::runAssisted(const Frame& frame, TrackingPipeline& local,
                                                      const ClusterServer& server, PartitionFrame& partition) {
  Stopwatch camera;
  const bool due = cycleDue(frame.number) || nextSize_.empty();
  if (!due) {  // the camera detects and associates at the size the server chose
    TrackingPipeline::Result result = local.processAt(frame, nextSize_);
    result.deepscale = ranAt(frame.image.size(), nextSize_.width, nextSize_.height, false);
    partition.cameraMs = camera.elapsedMs();
    result.latency = LatencyBreakdown();
    result.latency.add("camera", partition.cameraMs);
    return result;
  }
  wire::Envelope request;
  wire::DetectRequest* detect = request.mutable_detect_request();
  detect->set_jpeg(JpegImage::encode(frame.image, config_.jpegQuality));
  detect->set_frame_number(frame.number);
  detect->set_source_width(static_cast<std::uint32_t>(frame.image.cols));
  detect->set_source_height(static_cast<std::uint32_t>(frame.image.rows));
  detect->set_want_embeddings(true);
  detect->set_run_selection(true);
  detect->set_k(static_cast<std::uint32_t>(config_.k));
  putDeepScale(local.config().deepscale, config_.k, true, detect->mutable_deepscale());
  partition.cameraMs = camera.elapsedMs();
  const wire::Envelope reply = exchange(server, std::move(request), partition);
  if (!reply.has_detect_reply()) throw Error("node " + server.name + ": reply without detect_reply");
  const wire::DetectReply& answer = reply.detect_reply();
  camera.restart();
  TrackingPipeline::Result result = local.trackDetections(frame, WireConvert::detections(answer));
  nextSize_ = answer.chosen_width() > 0 ? cv::Size(int(answer.chosen_width()), int(answer.chosen_height()))
                                        : frame.image.size();
  result.deepscale = ranAt(frame.image.size(), int(answer.ran_width()), int(answer.ran_height()), true);
  partition.cameraMs += camera.elapsedMs();
  partition.fullFrame = true;
  partition.sentWidth = frame.image.cols;
  partition.sentHeight = frame.image.rows;
  result.latency = LatencyBreakdown();
  result.latency.add("camera", partition.cameraMs);
  result.latency.add("transmit", partition.transmissionMs);
  result.latency.add("server", partition.serverMs);
  return result;
}

std::string PartitionRunner::command(const EngineCommand& command) {
  switch (command.type) {
    case EngineCommand::Type::StartLocalNodes: {
      const std::string detector = command.detectorSpec.empty() ? cluster_->defaultDetector() : command.detectorSpec;
      if (command.nodeList.empty()) return cluster_->startLocal(command.count, command.profile, detector);
      std::string started;
      for (const LocalNodeEntry& entry : LocalNodeList::parse(command.nodeList, "node list")) {
        started += (started.empty() ? "" : "; ") + cluster_->startLocal(1, entry.profile, detector, entry.link);
      }
      return started;
    }
    case EngineCommand::Type::AddNode:
      return cluster_->add(command.node);
    case EngineCommand::Type::StopNode:
      return cluster_->stop(command.node);
    case EngineCommand::Type::KillNode:
      return cluster_->kill(command.node);
    default:
      throw Error("not a cluster command");
  }
}

std::vector<ClusterNodeView> PartitionRunner::nodes() const { return cluster_->views(inUse_); }

std::vector<std::pair<bool, std::string>> PartitionRunner::takeMessages() {
  std::vector<std::pair<bool, std::string>> taken;
  taken.swap(messages_);
  return taken;
}

}  // namespace edgescope
