#include "paraloupe/cluster/ParaLoupeRunner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core/Stopwatch.h"
#include "paraloupe/OperatorAnswers.h"
#include "paraloupe/PatchAggregator.h"
#include "paraloupe/PatchCropper.h"
#include "paraloupe/cluster/NodeDispatch.h"
#include "util/Error.h"
#include "util/ModelFolders.h"
#include "util/Percentile.h"

namespace edgescope {

namespace {

using Clock = std::chrono::steady_clock;

double steadyMs() {
  return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
}

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double msBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

constexpr double kShareAlpha = 0.05;
constexpr double kJpegAlpha = 0.2;
constexpr double kPostAlpha = 0.2;
/// Encoded KB of a crop per pixel before the first measurement (JPEG q90 of a street scene ≈ 1.5 bit/px).
constexpr double kInitialKbPerPixel = 0.00019;

void addGantt(ParaLoupeFrame& pl, const std::string& device, const char* phase, double startMs, double endMs) {
  if (endMs > startMs) pl.gantt.push_back({device, phase, startMs, endMs});
}

}  // namespace

/// One frame's patches as they are served.
struct ParaLoupeRunner::FrameWork {
  std::vector<Patch> patches;
  std::vector<cv::Size> inputSizes;           ///< per patch (empty when shed)
  std::vector<PatchOutcome> outcomes;
  std::map<std::string, int> served;          ///< device → patches served
  Clock::time_point start;
};

ParaLoupeRunner::ParaLoupeRunner(std::shared_ptr<Cluster> cluster, std::string streamId, std::string patchModel)
    : cluster_(std::move(cluster)), streamId_(std::move(streamId)), patchModelPath_(std::move(patchModel)) {
  scheduler_ = PatchScheduler::create(config_, seed_);
}

ParaLoupeRunner::~ParaLoupeRunner() = default;

std::string ParaLoupeRunner::defaultPatchModel() {
  for (const std::string& folder : ModelFolders::search()) {
    const std::filesystem::path card = std::filesystem::path(folder) / "patch_mini.json";
    std::error_code ignored;
    if (std::filesystem::is_regular_file(card, ignored)) return card.string();
  }
  return {};
}

void ParaLoupeRunner::loadModel() {
  if (server_) return;
  const std::string path = patchModelPath_.empty() ? defaultPatchModel() : patchModelPath_;
  if (path.empty()) throw Error("ParaLoupe: no patch model: models/patch_mini.json is in none of the model folders");
  server_ = std::make_unique<LocalPatchServer>(path, 0, camera_.computeSlowdown);
  const std::vector<double> weights = server_->objectnessWeights();
  if (weights.size() == 4) {
    generator_ = PatchGenerator(ObjectnessModel({weights[0], weights[1], weights[2], weights[3]}));
    generator_.keepFeatures(keep_);
  }
  jpegKb_.clear();
  for (const cv::Size& size : server_->sizes()) jpegKb_.push_back(size.area() * kInitialKbPerPixel);
  if (cluster_->patchModel().empty()) cluster_->setPatchModel(path);  // local nodes serve the same model
}

void ParaLoupeRunner::setConfig(const ParaLoupeConfig& config) {
  config_ = config;
  scheduler_ = PatchScheduler::create(config_, seed_);
}

void ParaLoupeRunner::setSeed(std::uint64_t seed) {
  seed_ = seed;
  scheduler_ = PatchScheduler::create(config_, seed_);
}

void ParaLoupeRunner::setCameraProfile(const DeviceProfile& profile) {
  camera_ = profile;
  if (server_) server_->setSlowdown(profile.computeSlowdown);
}

std::vector<ParameterSpec> ParaLoupeRunner::parameterSpecs() const { return ParaLoupeConfig::parameterSpecs(); }

double ParaLoupeRunner::apply(const std::string& id, double value) {
  const SchedulerKind before = config_.scheduler;
  const double beta = config_.beta;
  const int iterations = config_.maxIterations + config_.stallIterations;
  const double applied = config_.apply(id, value);
  if (config_.scheduler != before || config_.beta != beta ||
      config_.maxIterations + config_.stallIterations != iterations) {
    scheduler_ = PatchScheduler::create(config_, seed_);
  }
  if (id == "paraloupe.keyframeInterval") lastKeyframe_ = -1;
  return applied;
}

void ParaLoupeRunner::restart() {
  coldStart_ = true;
  lastFrame_ = 0;
  generator_.reset();
}

void ParaLoupeRunner::note(bool warning, std::string text) { messages_.emplace_back(warning, std::move(text)); }

std::vector<std::pair<bool, std::string>> ParaLoupeRunner::takeMessages() {
  for (auto& message : profiler_.takeMessages()) messages_.push_back(std::move(message));
  std::vector<std::pair<bool, std::string>> taken;
  taken.swap(messages_);
  return taken;
}

std::string ParaLoupeRunner::command(const EngineCommand& command) {
  using Type = EngineCommand::Type;
  if (command.type == Type::SetRois) {
    rois_ = OperatorAnswers::checkedRois(command.rois, frameSize_);
    return OperatorAnswers::roiText(rois_);
  }
  if (command.type != Type::SetNodeCost && command.type != Type::WhatIfLost) throw Error("not a ParaLoupe command");
  std::string name = command.node;  // the scheduler knows nodes by name; the console sends addresses
  for (const ClusterNodeView& view : cluster_->views()) name = view.address == command.node ? view.name : name;
  if (command.type == Type::SetNodeCost) {
    cluster_->setCost(command.node, command.value);  // throws naming an unknown node
    return "node " + name + ": cost set to " + OperatorAnswers::fixed(cluster_->cost(command.node), 2);
  }
  if (!lastProblem_) return "What if " + name + " were lost: no frame has been scheduled under PL yet";
  const std::optional<ScheduleResult> result = whatIfLost(name);
  if (!result) return "What if " + name + " were lost: it was not among the devices of the last PL frame, nothing changes";
  return OperatorAnswers::whatIfText(name, *result, *lastProblem_);
}

void ParaLoupeRunner::harvestLate() {
  const Clock::time_point now = Clock::now();
  std::vector<std::unique_ptr<NodeDispatch>> keep;
  for (std::unique_ptr<NodeDispatch>& dispatch : late_) {
    if (dispatch->harvest()) {
      std::vector<std::pair<int, double>> patchMs;
      for (std::size_t i = 0; i < dispatch->patches().size(); ++i) {
        patchMs.emplace_back(server_ ? server_->sizeIndex(dispatch->inputSizes()[i]) : -1, dispatch->patchMs()[i]);
      }
      profiler_.addReply(dispatch->node().server.name, 0, -1.0, 0.0, dispatch->serverMs(), dispatch->queueMs(),
                         dispatch->computeMs(), patchMs);
    } else if (dispatch->pending() && std::chrono::duration<double>(now - dispatch->sentAt()).count() < kLateKeepS) {
      keep.push_back(std::move(dispatch));
    }
  }
  late_.swap(keep);
}

std::vector<ClusterNodeView> ParaLoupeRunner::nodes() const {
  std::vector<ClusterNodeView> views = cluster_->views();
  for (ClusterNodeView& view : views) {
    const auto share = shares_.find(view.name);
    view.share = share == shares_.end() ? 0.0 : share->second;
    view.inUse = view.share >= 0.01;
    view.uplinkEstimateKbps = profiler_.uplinkKbps(view.name);
  }
  return views;
}

TrackingPipeline::Result ParaLoupeRunner::process(const Frame& frame, TrackingPipeline& local,
                                                  PartitionFrame& partition) {
  const Clock::time_point start = Clock::now();
  partition = PartitionFrame{};
  planEndMs_ = 0.0;
  partition.active = true;
  partition.requested = "PL";
  partition.paraloupe.active = true;
  partition.paraloupe.sloMs = config_.sloMs;
  partition.paraloupe.scheduler = ParaLoupeConfig::schedulerName(config_.scheduler);
  cluster_->setDefaultDetector(local.config().detectorSpec);
  if (!server_ && modelError_.empty()) {
    try {
      loadModel();
    } catch (const std::exception& error) {
      modelError_ = error.what();
      note(true, "partition PL: " + modelError_);
    }
  }
  if (frame.image.size() != frameSize_ || frame.number <= lastFrame_) {
    if (!frameSize_.empty() || lastFrame_ > 0) generator_.reset();
    frameSize_ = frame.image.size();
    coldStart_ = true;
  }
  lastFrame_ = frame.number;
  harvestLate();
  if (server_) server_->relax(std::chrono::duration<double>(Clock::now().time_since_epoch()).count());
  std::string reason = modelError_;
  TrackingPipeline::Result result;
  std::string mode = "PL";
  if (reason.empty()) {
    const bool keyframe = coldStart_ || (config_.keyframeInterval > 0 && lastKeyframe_ >= 0 &&
                                         frame.number - lastKeyframe_ >= config_.keyframeInterval);
    if (keyframe) {
      result = runKeyframe(frame, local, partition, start);
    } else {
      bool noDevice = false;
      result = runPatches(frame, local, partition, start, noDevice);
      if (noDevice) reason = "no device for patches: no node serves the patch model and paraloupe.useLocal is off";
    }
  }
  if (!reason.empty()) {
    const Stopwatch camera;
    result = local.process(frame);
    partition = PartitionFrame{true, "PL", "CO"};
    partition.cameraMs = camera.elapsedMs();
    partition.fallbackReason = reason;
    mode = "CO (fallback)";
    coldStart_ = true;
  } else {
    partition.strategy = "PL";
  }
  partition.endToEndMs = msSince(start);
  partition.paraloupe.sloMet = partition.paraloupe.active && partition.endToEndMs <= config_.sloMs;
  if (reason.empty() && !partition.paraloupe.keyframe) {
    // The scheduler fills its budget; what its plan misses comes out of the SLO. The guard is the 95th percentile
    // of how far the last kGuardFrames frames ended past their plan (pre + the slowest device's T_i + post).
    if (planEndMs_ > 0.0) {
      planErrorsMs_.push_back(partition.endToEndMs - planEndMs_);
      if (planErrorsMs_.size() > kGuardFrames) planErrorsMs_.erase(planErrorsMs_.begin());
      guardMs_ = std::clamp(Percentile::of(planErrorsMs_, 95.0), 0.0, config_.sloMs * kMaxGuardShare);
    }
  }
  if (mode != lastMode_) {
    if (!reason.empty() && reason != modelError_) note(true, "partition PL: falling back to CO: " + reason);
    if (reason.empty() && lastMode_ == "CO (fallback)") note(false, "partition PL resumed");
    lastMode_ = mode;
  }
  return result;
}

TrackingPipeline::Result ParaLoupeRunner::runKeyframe(const Frame& frame, TrackingPipeline& local,
                                                      PartitionFrame& partition, TimePoint start) {
  ParaLoupeFrame& pl = partition.paraloupe;
  pl.keyframe = true;
  const Stopwatch generate;  // keeps the frame difference and history current
  generator_.generate(frame.image, {}, {}, config_);
  const double generateMs = generate.elapsedMs();
  sleepCamera(generateMs);
  const Stopwatch detect;
  std::vector<Detection> detections = local.detectAt(frame.image, cv::Size());
  for (Detection& detection : detections) detection.embedding.clear();  // another embedding space than the patches'
  const double detectMs = detect.elapsedMs();
  sleepCamera(detectMs);
  const double detectedAt = msSince(start);
  TrackingPipeline::Result result = local.trackDetections(frame, detections);
  std::vector<BoundingBox> boxes;
  for (const Detection& detection : detections) boxes.push_back(detection.box);
  generator_.learn(boxes, config_);
  const double endMs = msSince(start);
  addGantt(pl, kCameraDevice, "generate", 0.0, generateMs * camera_.computeSlowdown);
  addGantt(pl, kCameraDevice, "keyframe", generateMs * camera_.computeSlowdown, detectedAt);
  addGantt(pl, kCameraDevice, "track", detectedAt, endMs);
  result.latency = LatencyBreakdown();
  result.latency.add("detect", detectMs * camera_.computeSlowdown);
  result.latency.add("track", endMs - detectedAt);
  partition.cameraMs = endMs;
  lastKeyframe_ = frame.number;
  coldStart_ = false;
  return result;
}

SchedulingProblem ParaLoupeRunner::buildProblem(const std::vector<Patch>& patches,
                                                const std::vector<ProfiledNode>& nodes, double budgetMs) const {
  SchedulingProblem problem;
  problem.accuracy = server_->accuracy();
  problem.budgetMs = budgetMs;
  problem.gamma = config_.gamma;
  if (config_.useLocal) {
    SchedulingDevice camera;
    camera.name = kCameraDevice;
    camera.local = true;
    camera.computeMs = server_->computeMs();
    camera.overheadMs = server_->batchMs();
    problem.devices.push_back(camera);
  }
  for (const ProfiledNode& node : nodes) problem.devices.push_back(node.device);
  for (const Patch& patch : patches) {
    SchedulingPatch item;
    item.weight = patch.weight;
    item.objectness = patch.objectness;
    item.sizeKb = jpegKb_;
    problem.patches.push_back(item);
  }
  return problem;
}

void ParaLoupeRunner::runLocal(const cv::Mat& image, FrameWork& work, const std::vector<std::size_t>& which,
                               bool redo) {
  if (which.empty()) return;
  std::vector<cv::Mat> crops;
  for (std::size_t k : which) {
    if (work.inputSizes[k].empty()) work.inputSizes[k] = server_->sizes()[server_->sizes().size() / 2];
    crops.push_back(PatchCropper::crop(image, work.patches[k].rect, work.inputSizes[k]));
  }
  std::vector<double> ms;
  std::vector<std::vector<PatchPeak>> peaks = server_->run(crops, &ms);
  for (std::size_t i = 0; i < which.size(); ++i) {
    work.outcomes.push_back({work.patches[which[i]], work.inputSizes[which[i]], std::move(peaks[i])});
  }
  work.served[kCameraDevice] += static_cast<int>(which.size());
  (void)redo;
}

void ParaLoupeRunner::updateShares(const std::map<std::string, int>& served, int total) {
  if (total <= 0) return;
  for (const auto& [device, count] : served) shares_.emplace(device, 0.0);
  for (auto& [device, share] : shares_) {
    const auto it = served.find(device);
    const double sample = it == served.end() ? 0.0 : static_cast<double>(it->second) / total;
    share = (1.0 - kShareAlpha) * share + kShareAlpha * sample;
  }
}

TrackingPipeline::Result ParaLoupeRunner::runPatches(const Frame& frame, TrackingPipeline& local,
                                                     PartitionFrame& partition, TimePoint start, bool& noDevice) {
  ParaLoupeFrame& pl = partition.paraloupe;
  const cv::Mat& image = frame.image;
  FrameWork work;
  work.start = start;
  const auto since = [&] { return msBetween(work.start, Clock::now()); };

  // 1. Patches.
  const Stopwatch generate;
  GeneratedPatches generated = generator_.generate(image, local.predictTracks(frame.number), rois_, config_);
  pl.objectness = generated.objectness.clone();  // the snapshot's own copy (small: one float per 8-px cell)
  pl.objectnessCellPx = ObjectnessFeatures::kCellPx;
  sleepCamera(generate.elapsedMs());
  if (std::string warning = generator_.takeWarning(); !warning.empty()) note(true, "partition PL: " + warning);
  pl.patchgenMs = since();
  addGantt(pl, kCameraDevice, "generate", 0.0, pl.patchgenMs);
  work.patches = std::move(generated.refined.patches);
  work.inputSizes.assign(work.patches.size(), cv::Size());
  pl.patches = static_cast<int>(work.patches.size());
  for (const Patch& patch : work.patches) {
    (patch.kind == PatchKind::High ? pl.high : patch.kind == PatchKind::Roi ? pl.roi : pl.low) += 1;
  }

  // 2. Devices and the schedule.
  const std::vector<ProfiledNode> nodes = profiler_.refresh(*cluster_, server_->sizes(), config_, steadyMs());
  if (!config_.useLocal && nodes.empty()) {
    noDevice = true;
    return {};
  }
  pl.guardMs = guardMs_;
  pl.budgetMs = config_.sloMs - since() - postMs_ - guardMs_;
  const SchedulingProblem problem = buildProblem(work.patches, nodes, pl.budgetMs);
  const double scheduleStart = since();
  ScheduleResult schedule = scheduler_->solve(problem);
  planEndMs_ = scheduleStart + (schedule.deviceMs.empty()
                                    ? 0.0
                                    : *std::max_element(schedule.deviceMs.begin(), schedule.deviceMs.end())) +
               postMs_;
  pl.scheduleMs = since() - scheduleStart;
  addGantt(pl, kCameraDevice, "schedule", scheduleStart, scheduleStart + pl.scheduleMs);
  pl.utility = schedule.utility;
  pl.iterations = schedule.iterations;
  pl.shed = schedule.shed;
  lastProblem_ = problem;
  lastDevices_.clear();
  for (const SchedulingDevice& device : problem.devices) lastDevices_.push_back(device.name);

  std::vector<std::vector<std::size_t>> byDevice(problem.devices.size());
  pl.records.resize(work.patches.size());
  for (std::size_t k = 0; k < work.patches.size(); ++k) {
    PatchRecord& record = pl.records[k];
    const Patch& patch = work.patches[k];
    record = {patch.id, patch.kind, patch.rect, "", 0, 0, 0.0, 0.0, patch.objectness, false, false};
    const int option = schedule.assignment[k];
    if (option == SchedulingProblem::kShed) continue;
    const int device = problem.deviceOf(option);
    const cv::Size size = server_->sizes()[static_cast<std::size_t>(problem.sizeOf(option))];
    work.inputSizes[k] = size;
    record.node = problem.devices[static_cast<std::size_t>(device)].name;
    record.inputWidth = size.width;
    record.inputHeight = size.height;
    record.predictedMs = problem.itemMs(static_cast<int>(k), option);
    byDevice[static_cast<std::size_t>(device)].push_back(k);
  }

  // 3. One request per node, then the camera's own patches while they travel.
  const double remainingMs = config_.sloMs - since();
  std::vector<std::unique_ptr<NodeDispatch>> dispatches;
  std::vector<double> predictedEnds;
  const std::size_t firstNode = config_.useLocal ? 1 : 0;
  for (std::size_t d = firstNode; d < problem.devices.size(); ++d) {
    if (byDevice[d].empty()) continue;
    std::vector<Patch> patches;
    std::vector<cv::Size> sizes;
    double workMs = problem.fixedMs(static_cast<int>(d)) - problem.devices[d].backlogMs;
    for (std::size_t k : byDevice[d]) {
      patches.push_back(work.patches[k]);
      sizes.push_back(work.inputSizes[k]);
      workMs += server_->sizeIndex(work.inputSizes[k]) >= 0
                    ? problem.devices[d].computeMs[static_cast<std::size_t>(server_->sizeIndex(work.inputSizes[k]))]
                    : 0.0;
    }
    const double encodeStart = since();
    auto dispatch = std::make_unique<NodeDispatch>(nodes[d - firstNode], image, frame.number, streamId_,
                                                   std::move(patches), std::move(sizes), jpegQuality_,
                                                   std::max(1.0, remainingMs), std::max(1.0, remainingMs) +
                                                   config_.graceMs);
    addGantt(pl, kCameraDevice, "encode", encodeStart, since());
    for (std::size_t i = 0; i < dispatch->jpegBytes().size(); ++i) {
      const int j = server_->sizeIndex(dispatch->inputSizes()[i]);
      if (j >= 0) jpegKb_[j] = (1.0 - kJpegAlpha) * jpegKb_[j] + kJpegAlpha * dispatch->jpegBytes()[i] / 1000.0;
    }
    pl.uplinkKb += dispatch->requestBytes() / 1000.0;
    predictedEnds.push_back(dispatch->sent() ? cluster_->ledger().reserve(problem.devices[d].name, steadyMs(), workMs)
                                             : 0.0);
    DeviceTiming timing{problem.devices[d].name, static_cast<int>(byDevice[d].size()), schedule.deviceMs[d], -1.0,
                        false};
    pl.devices.push_back(timing);
    dispatches.push_back(std::move(dispatch));
  }
  if (config_.useLocal && !byDevice[0].empty()) {
    const double localStart = since();
    runLocal(image, work, byDevice[0], false);
    addGantt(pl, kCameraDevice, "compute", localStart, since());
    pl.devices.insert(pl.devices.begin(), DeviceTiming{kCameraDevice, static_cast<int>(byDevice[0].size()),
                                                       schedule.deviceMs[0], since() - localStart, false});
  }

  // 4. Replies until SLO + grace; late nodes' HighConf patches redone on the camera while the budget lasts.
  const Clock::time_point cutoff =
      work.start + std::chrono::microseconds(static_cast<long long>((config_.sloMs + config_.graceMs) * 1000.0));
  std::vector<std::size_t> redo;
  double transmissionMs = 0.0;
  for (std::size_t n = 0; n < dispatches.size(); ++n) {
    NodeDispatch& dispatch = *dispatches[n];
    const std::string& name = dispatch.node().server.name;
    DeviceTiming& timing = pl.devices[pl.devices.size() - dispatches.size() + n];
    const bool ok = dispatch.collect(cutoff);
    if (dispatch.sent() && (ok || dispatch.roundTripMs() >= 0.0)) {
      cluster_->ledger().complete(name, steadyMs(), predictedEnds[n]);
    }
    pl.invalidPeaks += dispatch.invalidPeaks();
    const double sentAt = msBetween(work.start, dispatch.sentAt());
    if (!ok) {
      ++pl.lateReplies;
      timing.late = true;
      if (dispatch.pending()) {
        profiler_.addLate(name, msBetween(dispatch.sentAt(), cutoff), timing.predictedMs);
        late_.push_back(std::move(dispatches[n]));
      }
      for (std::size_t i = 0; i < dispatch.patches().size(); ++i) {
        if (dispatch.patches()[i].kind == PatchKind::High) redo.push_back(static_cast<std::size_t>(dispatch.patches()[i].id));
        else ++pl.shed;
      }
      continue;
    }
    timing.measuredMs = dispatch.roundTripMs();
    timing.timed = dispatch.arrivalTimed();
    std::vector<std::pair<int, double>> patchMs;
    for (std::size_t i = 0; i < dispatch.patches().size(); ++i) {
      const int id = dispatch.patches()[i].id;
      pl.records[static_cast<std::size_t>(id)].measuredMs = dispatch.patchMs()[i];
      if (dispatch.patchMs()[i] >= 0.0) patchMs.emplace_back(server_->sizeIndex(dispatch.inputSizes()[i]), dispatch.patchMs()[i]);
    }
    const double emptyRtt = dispatch.node().device.rttMs;
    profiler_.addReply(name, dispatch.requestBytes(), dispatch.arrivalTimed() ? dispatch.roundTripMs() : -1.0, emptyRtt,
                       dispatch.serverMs(),
                       dispatch.queueMs(), dispatch.computeMs(), patchMs);
    const double transferMs = std::max(0.0, dispatch.roundTripMs() - dispatch.serverMs());
    const double uplinkMs = std::min(transferMs, dispatch.requestBytes() * 8.0 /
                                                     std::max(1.0, dispatch.node().device.uplinkKbps) +
                                                     emptyRtt * 0.5);
    addGantt(pl, name, "uplink", sentAt, sentAt + uplinkMs);
    addGantt(pl, name, "queue", sentAt + uplinkMs, sentAt + uplinkMs + dispatch.queueMs());
    addGantt(pl, name, "compute", sentAt + uplinkMs + dispatch.queueMs(), sentAt + uplinkMs + dispatch.serverMs());
    addGantt(pl, name, "downlink", sentAt + uplinkMs + dispatch.serverMs(), sentAt + dispatch.roundTripMs());
    partition.serverMs = std::max(partition.serverMs, dispatch.serverMs());
    transmissionMs = std::max(transmissionMs, transferMs);
    for (const PatchOutcome& outcome : dispatch.outcomes()) work.outcomes.push_back(outcome);
    work.served[name] += static_cast<int>(dispatch.outcomes().size());
    for (const PatchOutcome& outcome : dispatch.outcomes()) pl.records[static_cast<std::size_t>(outcome.patch.id)].served = true;
  }
  if (!redo.empty()) {
    double estimateMs = 0.0;
    const std::size_t middle = server_->sizes().size() / 2;
    estimateMs = server_->predictMs(static_cast<int>(middle), static_cast<int>(redo.size()));
    if (since() + estimateMs + postMs_ <= config_.sloMs + config_.graceMs) {
      for (std::size_t k : redo) {
        work.inputSizes[k] = server_->sizes()[middle];
        pl.records[k].node = kCameraDevice;
        pl.records[k].inputWidth = work.inputSizes[k].width;
        pl.records[k].inputHeight = work.inputSizes[k].height;
      }
      const double redoStart = since();
      runLocal(image, work, redo, true);
      addGantt(pl, kCameraDevice, "compute", redoStart, since());
      pl.redone = static_cast<int>(redo.size());
    } else {
      pl.shed += static_cast<int>(redo.size());
    }
  }
  for (const PatchOutcome& outcome : work.outcomes) {
    PatchRecord& record = pl.records[static_cast<std::size_t>(outcome.patch.id)];
    record.served = true;
    if (record.node == kCameraDevice && record.measuredMs <= 0.0) {
      const int j = server_->sizeIndex(outcome.inputSize);
      record.measuredMs = j >= 0 ? server_->computeMs()[static_cast<std::size_t>(j)] : 0.0;
    }
  }

  // 5. Merge, track, learn.
  const double aggregateStart = since();
  PatchAggregatorOptions options;
  options.objectness = static_cast<float>(config_.objectness);
  options.mergeIou = static_cast<float>(config_.mergeIou);
  std::vector<Detection> detections = PatchAggregator(options).aggregate(work.outcomes, image.size());
  TrackingPipeline::Result result = local.trackDetections(frame, detections);
  std::vector<BoundingBox> boxes;
  for (const Detection& detection : detections) boxes.push_back(detection.box);
  generator_.learn(boxes, config_);
  for (PatchRecord& record : pl.records) {
    for (const BoundingBox& box : boxes) {
      const float cx = box.centerX(), cy = box.centerY();
      const BoundingBox& r = record.rect;
      if (record.served && cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height) record.kept = true;
    }
  }
  const double aggregateMs = since() - aggregateStart;
  postMs_ = (1.0 - kPostAlpha) * postMs_ + kPostAlpha * aggregateMs;
  pl.aggregateMs = aggregateMs;
  addGantt(pl, kCameraDevice, "aggregate", aggregateStart, since());
  updateShares(work.served, pl.patches);

  const bool shedding = pl.shed > 0;
  if (shedding != shedding_) {
    note(false, shedding ? "partition PL: shedding patches to keep the " + std::to_string(int(config_.sloMs)) +
                               " ms SLO (" + std::to_string(pl.shed) + " of " + std::to_string(pl.patches) + ")"
                         : "partition PL: no patch shed any more");
    shedding_ = shedding;
  }
  partition.transmissionMs = transmissionMs;
  partition.uplinkKb = pl.uplinkKb;
  partition.cameraMs = pl.patchgenMs + pl.scheduleMs + aggregateMs;
  for (const GanttSegment& segment : pl.gantt) {
    if (segment.device == kCameraDevice && (segment.phase == std::string("encode") || segment.phase == std::string("compute"))) {
      partition.cameraMs += segment.endMs - segment.startMs;
    }
  }
  partition.node = work.served.size() == 1 ? work.served.begin()->first : std::string();
  result.latency = LatencyBreakdown();
  result.latency.add("patchgen", pl.patchgenMs);
  result.latency.add("schedule", pl.scheduleMs);
  result.latency.add("patches", aggregateStart - pl.patchgenMs - pl.scheduleMs);
  result.latency.add("track", aggregateMs);
  return result;
}

std::optional<ScheduleResult> ParaLoupeRunner::whatIfLost(const std::string& node) const {
  if (!lastProblem_) return std::nullopt;
  SchedulingProblem problem = *lastProblem_;
  const auto it = std::find(lastDevices_.begin(), lastDevices_.end(), node);
  if (it == lastDevices_.end()) return std::nullopt;
  problem.devices.erase(problem.devices.begin() + (it - lastDevices_.begin()));
  std::unique_ptr<PatchScheduler> scheduler = PatchScheduler::create(config_, seed_);
  const Stopwatch clock;
  ScheduleResult result = scheduler->solve(problem);
  result.solveMs = clock.elapsedMs();
  return result;
}

}  // namespace edgescope
