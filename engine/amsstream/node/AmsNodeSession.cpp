#include "amsstream/node/AmsNodeSession.h"

#include <algorithm>
#include <cmath>

#include "ams/ParameterDigest.h"
#include "net/AmsWire.h"
#include "net/NetClock.h"
#include "util/Error.h"

namespace edgescope {

namespace {

SamplingRateController::Options samplingOptions(const AmsConfig& config, double rateFps) {
  SamplingRateController::Options options = config.samplingOptions();
  if (std::isfinite(rateFps)) options.initialRateFps = std::clamp(rateFps, options.rateMinFps, options.rateMaxFps);
  return options;
}

}  // namespace

AmsNodeSession::AmsNodeSession(Identity identity, const AmsConfig& config, std::unique_ptr<AmsSessionTrainer> trainer,
                               double nowMs, double startClockS, double rateFps)
    : identity_(std::move(identity)),
      clockOriginMs_(nowMs),
      clockOffsetS_(startClockS),
      trainer_(std::move(trainer)),
      sampler_(samplingOptions(config, rateFps), startClockS),
      trainingRate_(config.trainingOptions()),
      newestArrivalS_(startClockS),
      config_(config),
      lastSeenMs_(nowMs) {
  const auto flat = std::make_shared<const std::vector<float>>(trainer_->flatParameters());
  moveTo(flat, trainer_->version(), ParameterDigest::sha256(*flat));
  rateFps_ = sampler_.rateFps();
  updateIntervalS_ = trainingRate_.updateIntervalS();
  buffered_ = trainer_->bufferedSamples();  // a resumed session's buffer
  dueMs_ = nowMs + updateIntervalS_ * 1000.0;
  stats_.sessionId = identity_.sessionId;
  stats_.cameraName = identity_.cameraName;
}

AmsNodeSession::~AmsNodeSession() = default;

std::uint64_t AmsNodeSession::version() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return version_;
}

std::string AmsNodeSession::sha256() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sha256_;
}

double AmsNodeSession::rateFps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rateFps_;
}

double AmsNodeSession::updateIntervalS() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return updateIntervalS_;
}

void AmsNodeSession::setConfig(const AmsConfig& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  config_ = config;
  labelConfigDirty_ = trainConfigDirty_ = true;
  lastSequence_ = 0;  // a join starts the camera's batch numbering again
}

void AmsNodeSession::touch(double nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  lastSeenMs_ = std::max(lastSeenMs_, nowMs);
}

double AmsNodeSession::lastSeenMs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastSeenMs_;
}

bool AmsNodeSession::takeSequence(std::uint64_t sequence) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sequence <= lastSequence_) return false;
  lastSequence_ = sequence;
  return true;
}

wire::AmsSamplesReply AmsNodeSession::samplesReply(std::uint64_t sequence, std::uint32_t accepted) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return samplesReplyLocked(sequence, accepted);
}

wire::AmsSamplesReply AmsNodeSession::samplesReplyLocked(std::uint64_t sequence, std::uint32_t accepted) const {
  wire::AmsSamplesReply reply;
  reply.set_session_id(identity_.sessionId);
  reply.set_sequence(sequence);
  reply.set_accepted(accepted);
  reply.set_rate_fps(rateFps_);
  reply.set_update_interval_s(updateIntervalS_);
  reply.set_atr_slowdown(slowdown_);
  reply.set_phi_mean(phiMean_);
  reply.set_buffered_samples(static_cast<std::uint32_t>(buffered_ + inbox_.images.size()));
  reply.set_version(version_);
  return reply;
}

std::optional<wire::AmsUpdate> AmsNodeSession::updateFrom(std::uint64_t cameraVersion, double nowMs) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Published& published : history_) {
    if (published.update.base_version() != cameraVersion) continue;
    wire::AmsUpdate update = published.update;
    update.set_age_ms(std::max(0.0, nowMs - published.madeMs));
    return update;
  }
  if (cameraVersion == version_) return std::nullopt;
  wire::AmsUpdate resync;
  resync.set_session_id(identity_.sessionId);
  resync.set_version(version_);
  resync.set_resync(true);
  return resync;
}

wire::AmsUpdate AmsNodeSession::emptyUpdate() const {
  std::lock_guard<std::mutex> lock(mutex_);
  wire::AmsUpdate update;
  update.set_session_id(identity_.sessionId);
  update.set_version(version_);
  return update;
}

NodeAmsSessionStats AmsNodeSession::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  NodeAmsSessionStats stats = stats_;
  stats.version = version_;
  stats.bufferedSamples = buffered_ + inbox_.images.size();
  stats.rateFps = rateFps_;
  stats.updateIntervalS = updateIntervalS_;
  stats.atrSlowdown = slowdown_;
  stats.phiMean = phiMean_;
  stats.meanStalenessMs = stats.phases > 0 ? stalenessSumMs_ / double(stats.phases) : 0.0;
  return stats;
}

wire::AmsSamplesReply AmsNodeSession::ingest(const wire::AmsSamples& samples, std::vector<cv::Mat> frames,
                                             std::vector<std::vector<Detection>> teacher, double arrivalMs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (labelConfigDirty_) {
      sampler_.setOptions(samplingOptions(config_, sampler_.rateFps()));
      trainingRate_.setOptions(config_.trainingOptions());
      labelConfigDirty_ = false;
    }
  }
  const double nowS = std::max(clockS(arrivalMs), newestArrivalS_);
  std::vector<double> arrivalS(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {  // oldest first; never before an earlier sample, never ahead
    const double dated = nowS - samples.frame_age_ms(static_cast<int>(i)) / 1000.0;
    newestArrivalS_ = std::clamp(dated, newestArrivalS_, nowS);
    arrivalS[i] = newestArrivalS_;
  }
  for (const std::vector<Detection>& output : teacher) phi_.addSample(output);
  double phiMean = std::nan("");
  bool decided = false;
  if (sampler_.isDue(nowS)) {
    const SamplingRateController::Decision decision = sampler_.update(nowS, phi_.takeIntervalMean());
    phiMean = decision.phiMean;
    if (decision.decided) {
      decided = true;
      trainingRate_.decide(nowS, decision.rateFps);
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    inbox_.images.push_back(std::move(frames[i]));
    inbox_.arrivalS.push_back(arrivalS[i]);
    inbox_.teacher.push_back(std::move(teacher[i]));
  }
  rateFps_ = sampler_.rateFps();
  updateIntervalS_ = trainingRate_.updateIntervalS();
  slowdown_ = trainingRate_.slowdown();
  if (decided && std::isfinite(phiMean)) phiMean_ = phiMean;
  ++stats_.batches;
  stats_.samples += arrivalS.size();
  lastSeenMs_ = std::max(lastSeenMs_, arrivalMs);
  return samplesReplyLocked(samples.sequence(), static_cast<std::uint32_t>(arrivalS.size()));
}

double AmsNodeSession::dueMs() const { return dueMs_; }

bool AmsNodeSession::runPhase(double nowMs, const std::string& stateDir, const Log& log) {
  const std::string& id = identity_.sessionId;
  Labelled fresh;
  double intervalS = 0.0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::swap(fresh, inbox_);
    intervalS = updateIntervalS_;
    if (trainConfigDirty_) {
      try {
        trainer_->setConfig(config_);
      } catch (const Error& error) {
        log("AMS session " + id + ": settings not applied: " + error.what());
      }
      trainConfigDirty_ = false;
    }
  }
  const bool newSamples = !fresh.images.empty();
  if (newSamples) {
    try {
      trainer_->addSamples(std::move(fresh.images), fresh.arrivalS, std::move(fresh.teacher));
    } catch (const Error& error) {
      log("AMS session " + id + ": samples dropped: " + error.what());
    }
  }
  if (!newSamples) {  // nothing new to learn from: the horizon is unchanged, so is the model
    dueMs_ = nowMs + intervalS * 1000.0;
    return false;
  }
  const double stalenessMs = std::max(0.0, nowMs - dueMs_);
  AmsSessionTrainer::Phase phase;
  try {
    phase = trainer_->runPhase();
  } catch (const std::exception& error) {
    log("AMS session " + id + ": phase failed: " + error.what());
  }
  dueMs_ = NetClock::nowMs() + intervalS * 1000.0;
  wire::AmsUpdate update;
  if (phase.sent) {
    update.set_session_id(id);
    update.set_version(phase.update.version);
    update.set_base_version(phase.update.baseVersion);
    update.set_update(phase.encoded);
    update.set_staleness_ms(stalenessMs);
    update.set_train_ms(phase.trainMs);
    update.set_loss_before(phase.lossFirst);
    update.set_loss_after(phase.lossLast);
    update.set_f1_before(phase.f1Before);
    update.set_f1_after(phase.f1After);
    update.set_buffered_samples(static_cast<std::uint32_t>(phase.samples));
    for (const auto& [layer, count] : phase.perLayer) {
      wire::AmsLayerCount* entry = update.add_layers();
      entry->set_layer(layer.substr(0, 256));
      entry->set_count(static_cast<std::uint32_t>(count));
    }
    ring_.push_back({phase.update.version, phase.update.resultSha256,
                     std::make_shared<const std::vector<float>>(trainer_->flatParameters())});
    while (ring_.size() > kRingSize) ring_.pop_front();
  } else if (!phase.skipReason.empty()) {
    log("AMS session " + id + ": phase sent nothing: " + phase.skipReason);
  }
  if (!stateDir.empty()) {  // before publishing: a camera that has the update may rely on the saved state
    try {
      save(stateDir);
    } catch (const Error& error) {
      log("AMS session " + id + ": state not saved: " + error.what());
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  buffered_ = trainer_->bufferedSamples();
  ++stats_.phases;
  stalenessSumMs_ += stalenessMs;
  stats_.lastStalenessMs = stalenessMs;
  stats_.lastTrainMs = phase.trainMs;
  if (!phase.sent) return false;
  ++stats_.updates;
  stats_.lastUpdateBytes = phase.encoded.size();
  version_ = phase.update.version;
  sha256_ = phase.update.resultSha256;
  history_.push_back({std::move(update), NetClock::nowMs()});
  while (history_.size() > kMaxHistory) history_.pop_front();
  return true;
}

AmsNodeSession::ResyncOutcome AmsNodeSession::resyncTo(std::uint64_t version, const std::string& sha256,
                                                       const std::string& weights, const std::string& stateDir,
                                                       const Log& log) {
  ResyncOutcome outcome;
  std::shared_ptr<const std::vector<float>> flat;
  if (version == trainer_->version() && !ring_.empty() && ring_.back().sha256 == sha256) {
    flat = ring_.back().flat;
  }
  for (auto it = ring_.rbegin(); !flat && it != ring_.rend(); ++it) {
    if (it->version == version && it->sha256 == sha256) flat = it->flat;
  }
  if (!flat && sha256 == identity_.student->flatSha256) flat = identity_.student->pretrained;
  if (!flat && !weights.empty()) {
    auto uploaded = std::make_shared<std::vector<float>>(AmsWire::unpackWeights(weights, "ams.resync.weights"));
    const std::string digest = ParameterDigest::sha256(*uploaded);
    if (uploaded->size() != identity_.student->parameterCount || digest != sha256) {
      outcome.reason = "student mismatch: the uploaded weights (" + std::to_string(uploaded->size()) +
                       " floats) have sha256 " + digest + ", the resync declares " + sha256;
      return outcome;
    }
    flat = std::move(uploaded);
  }
  if (!flat) {
    outcome.needWeights = true;
    return outcome;
  }
  try {
    trainer_->resetTo(*flat, version);
  } catch (const Error& error) {
    outcome.reason = error.what();
    return outcome;
  }
  moveTo(flat, version, sha256);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.resyncs;
  }
  if (!stateDir.empty()) {
    try {
      save(stateDir);
    } catch (const Error& error) {
      log("AMS session " + identity_.sessionId + ": state not saved: " + error.what());
    }
  }
  outcome.accepted = true;
  return outcome;
}

void AmsNodeSession::moveTo(std::shared_ptr<const std::vector<float>> flat, std::uint64_t version,
                            const std::string& sha) {
  ring_.erase(std::remove_if(ring_.begin(), ring_.end(), [&](const RingEntry& e) { return e.version >= version; }),
              ring_.end());
  ring_.push_back({version, sha, std::move(flat)});
  while (ring_.size() > kRingSize) ring_.pop_front();
  std::lock_guard<std::mutex> lock(mutex_);
  version_ = version;
  sha256_ = sha;
  history_.clear();
}

AmsSessionRecord AmsNodeSession::record() const {
  AmsSessionRecord record;
  record.sessionId = identity_.sessionId;
  record.cameraName = identity_.cameraName;
  record.modelName = identity_.student->name;
  record.baseSha256 = identity_.student->baseSha256;
  record.layoutHash = identity_.student->layoutHash;
  record.parameterCount = identity_.student->parameterCount;
  record.version = trainer_->version();
  record.sha256 = ring_.empty() ? ParameterDigest::sha256(trainer_->flatParameters()) : ring_.back().sha256;
  record.clockS = clockS(NetClock::nowMs());
  std::lock_guard<std::mutex> lock(mutex_);
  record.rateFps = rateFps_;
  record.updateIntervalS = updateIntervalS_;
  return record;
}

void AmsNodeSession::save(const std::string& stateDir) {
  const std::string folder = AmsSessionRecord::folderOf(stateDir, identity_.sessionId);
  trainer_->save(folder + "/" + AmsSessionRecord::kTrainerFolder);
  record().write(stateDir);
}

}  // namespace edgescope
