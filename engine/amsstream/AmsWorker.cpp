#include "amsstream/AmsWorker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ams/SparseUpdateCodec.h"
#include "ams/StreamableModel.h"
#include "amsstream/AmsFrameEncoder.h"
#include "core/Stopwatch.h"
#include "net/AmsWire.h"
#include "net/NodeClient.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {
namespace {

std::string fixed(double value, const char* format = "%.2f") {
  char text[32];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

const char* stateText(bool frozen, int state) {
  if (frozen) return "frozen";
  static const char* const kNames[] = {"connecting", "online", "lost", "refused"};
  return kNames[state];
}

/// Whether the node's settings (AmsWire::toWire) differ.
bool settingsDiffer(const AmsConfig& a, const AmsConfig& b) {
  return AmsWire::toWire(a).SerializeAsString() != AmsWire::toWire(b).SerializeAsString();
}

}  // namespace

AmsWorker::AmsWorker(StreamableModel& model, NodeClient& client, Options options, const AmsConfig& config)
    : model_(model), client_(client), options_(std::move(options)), mailbox_(config), runConfig_(config) {
  AmsNodeLink::Options linkOptions;
  linkOptions.sessionId = options_.sessionId;
  linkOptions.cameraName = options_.cameraName;
  linkOptions.requestTimeoutMs = options_.requestTimeoutMs;
  link_ = std::make_unique<AmsNodeLink>(client_, linkOptions);  // Error for a session id that is not one
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.enabled = true;
    status.node = options_.nodeName;
    status.sessionId = options_.sessionId;
    status.state = "connecting";
  });
  head_ = model_.identity().version;
  startedMs_ = Stopwatch::nowMs();
  thread_ = std::thread([this] { run(); });
}

AmsWorker::~AmsWorker() {
  requestStop();
  if (thread_.joinable()) thread_.join();
}

void AmsWorker::requestStop() {
  stopping_ = true;
  mailbox_.wake();
}

// ---- engine thread ------------------------------------------------------------------------------------------------

void AmsWorker::pushSample(AmsSample sample) {
  if (queue_.push(std::move(sample)) == 0) return;
  bool first = false;
  mailbox_.edit([&](AmsStreamStatus& status) {
    first = !status.linkSaturated;
    status.linkSaturated = true;
  });
  if (first) {
    mailbox_.warn("AMS: link saturated: the uplink to " + options_.nodeName +
                  " cannot keep up; the oldest samples are dropped (" + std::to_string(queue_.dropped()) + " so far)");
  }
}

void AmsWorker::noteSwap(double swapMs) {
  mailbox_.edit([&](AmsStreamStatus& status) { status.swapMs = swapMs; });
  mailbox_.wake();
}

AmsStreamStatus AmsWorker::status() const {
  AmsStreamStatus status = mailbox_.status();
  status.samplesQueued = queue_.size();
  status.samplesDropped = queue_.dropped();
  return status;
}

// ---- es-ams -------------------------------------------------------------------------------------------------------

void AmsWorker::run() {
  setCurrentThreadName("es-ams");
  while (!stopping()) {
    try {
      step();
    } catch (const std::exception& e) {
      if (stopping()) break;
      mailbox_.warn(std::string("AMS: ") + e.what());
    }
    mailbox_.wait(kTickMs);
  }
  samplingRateFps_ = 0.0;
}

void AmsWorker::step() {
  if (std::optional<AmsConfig> config = mailbox_.takeConfig()) {
    rejoinDue_ = rejoinDue_ || settingsDiffer(runConfig_, *config);
    runConfig_ = *config;
  }
  handleCommands();
  if (!model_.hasStaged()) afterSwap();
  if (state_ == State::Joined) {
    collectSamplesReply();
    if (state_ == State::Joined) collectUpdate();
    if (state_ == State::Joined && rejoinDue_ && !model_.hasStaged()) join();
    if (state_ == State::Joined && !resyncDue_) {
      sendBatchIfDue(Stopwatch::nowMs());
      startPollIfIdle();
    }
  } else {
    drainStale();
    const double nowMs = Stopwatch::nowMs();
    const PeerStatus peer = client_.status();
    if (nowMs >= retryAtMs_ && !model_.hasStaged() && peer.state == PeerState::Online) {
      join();
    } else if (state_ == State::Connecting && !warnedLost_ && nowMs - startedMs_ > kConnectWarnMs) {
      warnedLost_ = true;
      mailbox_.warn("AMS: node " + options_.nodeName + " is not reachable yet (" + PeerStatus::stateName(peer.state) +
                    (peer.lastError.empty() ? "" : ": " + peer.lastError) + "); tracking goes on with version " +
                    std::to_string(head_));
    }
  }
  const AmsNodeLink::Stats& stats = link_->stats();
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.bytesUp = stats.bytesSent;
    status.bytesDown = stats.bytesReceived;
    status.weightUploads = stats.weightUploads;
  });
}

void AmsWorker::handleCommands() {
  const std::vector<Command> commands = mailbox_.takeCommands();
  for (const Command command : commands) {
    try {
      apply(command);
    } catch (const std::exception& e) {
      mailbox_.warn(std::string("AMS: ") + e.what());
    }
  }
}

void AmsWorker::apply(Command command) {
  switch (command) {
    case Command::Rollback:
    case Command::Reset: {
      const std::uint64_t from = head_;
      const bool rollback = command == Command::Rollback;
      if (rollback) {
        head_ = model_.stageRollback();
      } else {
        model_.stageReset();
        head_ = 0;
      }
      held_.reset();
      saveDue_ = true;
      resyncDue_ = state_ == State::Joined;  // a join later tells the node anyway
      mailbox_.edit([&](AmsStreamStatus& status) {
        ++(rollback ? status.rollbacks : status.resets);
        status.stageMs = model_.lastStageMs();
      });
      AmsCsvRecord line;
      line.kind = rollback ? "rollback" : "reset";
      line.version = head_;
      line.stageMs = model_.lastStageMs();
      mailbox_.record(line);
      mailbox_.info("AMS: " + std::string(rollback ? "rolling back" : "resetting to the pretrained weights") +
                    ": version " + std::to_string(head_) + " instead of " + std::to_string(from) +
                    " from the next frame; the node follows");
      break;
    }
    case Command::Freeze:
      if (frozen_) return;
      frozen_ = true;
      queue_.clear();
      setState(state_);
      mailbox_.info("AMS frozen: no samples sent and no update applied until unfrozen (the node keeps the session)");
      break;
    case Command::Unfreeze:
      if (!frozen_) return;
      frozen_ = false;
      setState(state_);
      mailbox_.info("AMS unfrozen");
      if (held_ && held_->update.baseVersion == head_) stage(*held_);
      held_.reset();
      break;
  }
}

void AmsWorker::afterSwap() {
  if (saveDue_ && !options_.stateDir.empty()) {
    saveDue_ = false;
    try {
      model_.saveState(options_.stateDir);
    } catch (const std::exception& e) {
      mailbox_.warn(std::string("AMS: the model state was not saved: ") + e.what());
    }
  }
  saveDue_ = false;
  if (resyncDue_ && state_ == State::Joined) resync();
}

void AmsWorker::join() {
  const StreamableModel::Identity identity = model_.identity();
  mailbox_.edit([&](AmsStreamStatus& status) { status.state = "joining"; });
  AmsNodeLink::JoinResult result;
  try {
    result = link_->join(identity, runConfig_, [this] { return model_.flatParameters(); });
  } catch (const std::exception& e) {
    failed(e.what(), Failure::Session);
    return;
  }
  rejoinDue_ = false;
  if (!result.accepted) {
    const std::string reason = result.reason.empty() ? "it still asks for the weights" : result.reason;
    retryAtMs_ = Stopwatch::nowMs() + kRefusedRetryMs;
    setState(State::Refused);
    mailbox_.edit([&](AmsStreamStatus& status) { status.lastError = reason; });
    mailbox_.warn("AMS: node " + options_.nodeName + " refused session " + options_.sessionId + ": " + reason);
    return;
  }
  const bool rejoin = state_ == State::Joined;
  head_ = identity.version;
  resyncDue_ = false;
  warnedLost_ = false;
  retryDelayMs_ = kRetryMinMs;
  nextBatchMs_ = Stopwatch::nowMs() + 1000.0 * result.updateIntervalS;
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.rateFps = result.rateFps;
    status.updateIntervalS = result.updateIntervalS;
    status.nodeVersion = result.nodeVersion;
    status.joins = ++joined_;
    status.lastError.clear();
  });
  mailbox_.setNextBatchAt(nextBatchMs_);
  setState(State::Joined);
  AmsCsvRecord line;
  line.kind = "join";
  line.version = result.nodeVersion;
  mailbox_.record(line);
  if (rejoin) return;  // the knobs changed: nothing to say
  mailbox_.info("AMS: joined node " + options_.nodeName + " as session " + options_.sessionId + " at version " +
                std::to_string(result.nodeVersion) +
                (result.resumed           ? " (resumed)"
                 : result.uploadedWeights ? " (weights uploaded)"
                                          : "") +
                ", sampling at " + fixed(result.rateFps) + " fps, T_update " + fixed(result.updateIntervalS, "%.0f") +
                " s");
}

void AmsWorker::resync() {
  const StreamableModel::Identity identity = model_.identity();
  AmsNodeLink::ResyncResult result;
  try {
    result = link_->resync(identity, [this] { return model_.flatParameters(); });
  } catch (const std::exception& e) {
    failed(e.what(), Failure::Session);
    return;
  }
  resyncDue_ = false;
  if (!result.accepted) {
    mailbox_.warn("AMS: node " + options_.nodeName + " refused the resync to version " +
                  std::to_string(identity.version) + ": " + result.reason + "; joining again");
    retryAtMs_ = 0.0;
    setState(State::Lost);
    return;
  }
  head_ = identity.version;
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.nodeVersion = result.nodeVersion;
    ++status.resyncs;
  });
  AmsCsvRecord line;
  line.kind = "resync";
  line.version = result.nodeVersion;
  mailbox_.record(line);
}

void AmsWorker::sendBatchIfDue(double nowMs) {
  if (frozen_ || nowMs < nextBatchMs_ || link_->samplesPending()) return;  // in flight: the queue keeps filling
  const auto [rateFps, intervalS] = rates();
  const auto twoBatches = static_cast<std::size_t>(std::ceil(2.0 * rateFps * intervalS)) + 2;
  queue_.setMaxFrames(std::clamp<std::size_t>(twoBatches, 4, kMaxQueuedFrames));
  nextBatchMs_ = nowMs + 1000.0 * intervalS;
  mailbox_.setNextBatchAt(nextBatchMs_);
  std::vector<AmsSample> samples = queue_.takeAll();
  if (samples.empty()) return;
  std::vector<cv::Mat> frames;
  for (const AmsSample& sample : samples) frames.push_back(sample.image);
  AmsFrameEncoder::Options options;
  options.codec = runConfig_.uplinkCodec == 1 ? AmsFrameCodec::Jpeg : AmsFrameCodec::H264;
  options.bitrateKbps = runConfig_.uplinkKbps;
  options.batchSeconds = intervalS;
  AmsFrameEncoder::Stats encoded;
  AmsFrameBatch batch;
  try {
    batch = AmsFrameEncoder::encode(frames, options, &encoded);
  } catch (const std::exception& e) {
    mailbox_.warn("AMS: a batch of " + std::to_string(frames.size()) + " frames was not sent: " + e.what());
    return;
  }
  if (!encoded.fallbackReason.empty() && !warnedFallback_) {
    warnedFallback_ = true;
    mailbox_.warn("AMS: the uplink sends JPEG instead of H.264: " + encoded.fallbackReason);
  }
  const double sentMs = Stopwatch::nowMs();
  std::vector<double> agesMs;
  for (const AmsSample& sample : samples) agesMs.push_back(std::max(0.0, sentMs - sample.takenMs));
  try {
    link_->sendSamples(batch, agesMs);
  } catch (const std::exception& e) {
    failed(e.what(), Failure::Samples);
    return;
  }
  batchBytes_ = batch.payload.size();
  batchFrames_ = static_cast<std::uint32_t>(batch.frameCount);
  mailbox_.edit([&](AmsStreamStatus& status) {
    ++status.batches;
    status.samplesSent += samples.size();
  });
}

void AmsWorker::collectSamplesReply() {
  if (!link_->samplesPending()) return;
  std::optional<AmsNodeLink::SamplesResult> reply;
  try {
    reply = link_->takeSamplesReply(0);
  } catch (const std::exception& e) {
    failed(e.what(), Failure::Samples);
    return;
  }
  if (!reply) return;
  const std::uint64_t dropped = queue_.dropped();
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.rateFps = reply->rateFps;
    status.updateIntervalS = reply->updateIntervalS;
    status.atrSlowdown = reply->atrSlowdown;
    status.phiMean = reply->phiMean;
    status.samplesInHorizon = reply->bufferedSamples;
    status.nodeVersion = reply->nodeVersion;
    status.linkSaturated = dropped != droppedAtReply_;
  });
  droppedAtReply_ = dropped;
  setState(state_);  // the new rate
  AmsCsvRecord line;
  line.kind = "samples";
  line.version = reply->nodeVersion;
  line.bytes = batchBytes_;
  line.frames = batchFrames_;
  mailbox_.record(line);
}

void AmsWorker::startPollIfIdle() {
  if (frozen_ || link_->pollPending()) return;
  const double intervalS = rates().second;
  const double waitMs = std::clamp(2000.0 * intervalS, 1000.0, static_cast<double>(AmsWire::kMaxPollWaitMs));
  try {
    link_->startPoll(head_, static_cast<std::uint32_t>(waitMs));
    pollVersion_ = head_;
  } catch (const std::exception& e) {
    failed(e.what(), Failure::Poll);
  }
}

void AmsWorker::collectUpdate() {
  if (!link_->pollPending()) return;
  std::optional<AmsNodeLink::UpdateResult> reply;
  try {
    reply = link_->takeUpdate(0);
  } catch (const std::exception& e) {
    // A reply that does not decode or fit names its field (ams.update.…): an update never applied.
    const std::string what = e.what();
    failed(what, what.find("ams.update") != std::string::npos ? Failure::Update : Failure::Poll);
    return;
  }
  if (!reply || pollVersion_ != head_) return;  // not yet, or a poll from before a stage, rollback or reset
  mailbox_.edit([&](AmsStreamStatus& status) { status.nodeVersion = reply->nodeVersion; });
  if (reply->resync) {
    resyncDue_ = true;
  } else if (reply->hasUpdate && frozen_) {
    held_ = std::move(*reply);
  } else if (reply->hasUpdate) {
    stage(*reply);
  }
}

void AmsWorker::stage(const AmsNodeLink::UpdateResult& reply) {
  const SparseUpdate& update = reply.update;
  AmsCsvRecord line;
  line.version = update.version;
  line.bytes = reply.updateBytes;
  line.selected = static_cast<std::uint32_t>(update.indices.size());
  line.valueBytes = 2 * update.values.size();
  const std::size_t fixedBytes = SparseUpdateCodec::kHeaderBytes + SparseUpdateCodec::kDigestBytes + line.valueBytes;
  line.indexBytes = reply.updateBytes > fixedBytes ? reply.updateBytes - fixedBytes : 0;
  line.trainMs = reply.trainMs;
  line.stalenessMs = reply.stalenessMs;
  line.lossBefore = reply.lossBefore;
  line.lossAfter = reply.lossAfter;
  line.f1Before = reply.f1Before;
  line.f1After = reply.f1After;
  try {
    model_.stageUpdate(update);
  } catch (const std::exception& e) {
    line.kind = "rejected";
    mailbox_.edit([&](AmsStreamStatus& status) { ++status.rejected; });
    mailbox_.record(line);
    failed("update " + std::to_string(update.baseVersion) + " -> " + std::to_string(update.version) +
               " rejected: " + e.what(),
           Failure::Poll);
    return;
  }
  head_ = update.version;
  saveDue_ = true;
  line.kind = "update";
  line.stageMs = model_.lastStageMs();
  mailbox_.edit([&](AmsStreamStatus& status) {
    ++status.updates;
    status.lastUpdateBytes = line.bytes;
    status.lastIndexBytes = line.indexBytes;
    status.lastValueBytes = line.valueBytes;
    status.lastSelected = line.selected;
    status.lastTrainMs = reply.trainMs;
    status.lastStalenessMs = reply.stalenessMs;
    status.lastLossBefore = reply.lossBefore;
    status.lastLossAfter = reply.lossAfter;
    status.lastF1Before = reply.f1Before;
    status.lastF1After = reply.f1After;
    status.lastLayers = reply.layers;
    status.samplesInHorizon = reply.bufferedSamples;
    status.stageMs = line.stageMs;
  });
  mailbox_.record(line);
}

void AmsWorker::drainStale() {
  try {
    if (link_->samplesPending()) link_->takeSamplesReply(0);
  } catch (const std::exception&) {
    // a batch sent before the loss: its failure is the loss itself
  }
  try {
    if (link_->pollPending()) link_->takeUpdate(0);
  } catch (const std::exception&) {
    // likewise
  }
}

void AmsWorker::failed(const std::string& what, Failure failure) {
  if (stopping()) return;
  const PeerState peer = client_.status().state;
  if (failure == Failure::Session || peer == PeerState::Lost || peer == PeerState::Connecting) {
    retryLater(what);
    return;
  }
  if (failure == Failure::Update) {
    AmsCsvRecord line;
    line.kind = "rejected";
    mailbox_.record(line);
    mailbox_.edit([](AmsStreamStatus& status) { ++status.rejected; });
  }
  const bool resync = failure != Failure::Samples;
  mailbox_.warn(
      "AMS: " + what +
      (failure == Failure::Samples ? "" : "; nothing applied, the model stays at version " + std::to_string(head_)) +
      (resync ? "; resyncing the node" : ""));
  resyncDue_ = resyncDue_ || resync;
}

void AmsWorker::retryLater(const std::string& what) {
  const bool wasJoined = state_ == State::Joined;
  const double nowMs = Stopwatch::nowMs();
  retryAtMs_ = nowMs + retryDelayMs_;
  retryDelayMs_ = std::min(2.0 * retryDelayMs_, kRetryMaxMs);
  if (wasJoined) {
    AmsCsvRecord line;
    line.kind = "lost";
    line.version = head_;
    mailbox_.record(line);
  }
  setState(wasJoined || state_ == State::Lost ? State::Lost : State::Connecting);
  mailbox_.edit([&](AmsStreamStatus& status) { status.lastError = what; });
  if (warnedLost_) return;
  warnedLost_ = true;
  mailbox_.warn("AMS: node " + options_.nodeName + " unreachable (" + what + "); tracking goes on with version " +
                std::to_string(head_) + ", joining again when it is back");
}

void AmsWorker::setState(State state) {
  state_ = state;
  double rateFps = 0.0;
  mailbox_.edit([&](AmsStreamStatus& status) {
    status.state = stateText(frozen_, static_cast<int>(state));
    status.frozen = frozen_;
    rateFps = status.rateFps;
  });
  samplingRateFps_ = state == State::Joined && !frozen_ ? rateFps : 0.0;
  if (state != State::Joined) mailbox_.setNextBatchAt(-1.0);
}

std::pair<double, double> AmsWorker::rates() const {
  const AmsStreamStatus status = mailbox_.status();
  return {status.rateFps, status.updateIntervalS};
}

}  // namespace edgescope
