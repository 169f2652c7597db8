#include "amsstream/node/AmsNodeSessions.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>

#include "ams/ParameterDigest.h"
#include "amsstream/AmsFrameBatch.h"
#include "amsstream/AmsFrameDecoder.h"
#include "detect/Detector.h"
#include "detect/DetectorFactory.h"
#include "net/AmsWire.h"
#include "net/NetClock.h"
#include "net/WireCodec.h"
#include "net/WireConvert.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {

namespace {

constexpr double kIdleWaitMs = 200.0;  ///< longest wait of the service's threads (they check for stop between)
constexpr std::size_t kMaxPendingCommands = 16;  ///< joins and resyncs waiting; more are answered ERROR_BUSY

static_assert(AmsWire::kMaxFrames == AmsFrameBatch::kMaxFrames, "AmsSamples.frame_count limit = AmsFrameBatch's");
static_assert(static_cast<int>(wire::AMS_CODEC_H264) == static_cast<int>(AmsFrameCodec::H264) &&
                  static_cast<int>(wire::AMS_CODEC_JPEG) == static_cast<int>(AmsFrameCodec::Jpeg),
              "AmsCodec values = AmsFrameCodec's");

std::string hex64(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::unique_ptr<Detector> createTeacher(const std::string& spec) {
  if (spec.empty()) throw Error("AMS: no teacher spec (--ams-teacher SPEC)");
  try {
    return DetectorFactory::create(spec);
  } catch (const std::exception& error) {
    throw Error("AMS: the teacher '" + spec + "' cannot be created: " + error.what());
  }
}

}  // namespace

AmsNodeSessions::AmsNodeSessions(Options options)
    : options_(std::move(options)), teacher_(createTeacher(options_.teacherSpec)), catalog_(options_.modelFolders) {
  if (options_.maxSessions < 1) throw Error("AMS: option --ams-max-sessions must be >= 1");
  if (options_.device != "cpu" && options_.device != "cuda" && options_.device != "auto") {
    throw Error("AMS: option --ams-device must be cpu, cuda or auto, got '" + options_.device + "'");
  }
  if (!options_.stateDir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options_.stateDir, error);
    if (error) throw Error("AMS: cannot create the state folder " + options_.stateDir + ": " + error.message());
  }
}

AmsNodeSessions::~AmsNodeSessions() { stop(); }

void AmsNodeSessions::start(std::function<void()> wake) {
  if (labelThread_.joinable()) throw Error("AMS: the service is already started");
  wake_ = std::move(wake);
  stopping_ = false;
  labelThread_ = std::thread([this] {
    setCurrentThreadName("es-node-label");
    labelLoop();
  });
  trainThread_ = std::thread([this] {
    setCurrentThreadName("es-node-train");
    trainLoop();
  });
  log("teacher " + options_.teacherSpec + ", " + std::to_string(options_.maxSessions) + " sessions, device " +
      options_.device + (options_.stateDir.empty() ? "" : ", state in " + options_.stateDir));
}

void AmsNodeSessions::stop() {
  stopping_ = true;
  if (labelThread_.joinable()) labelThread_.join();
  if (trainThread_.joinable()) trainThread_.join();
}

void AmsNodeSessions::log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "edgescope-node AMS: " << line << std::endl;
  }
}

std::shared_ptr<AmsNodeSession> AmsNodeSessions::find(const std::string& sessionId) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(sessionId);
  return it == sessions_.end() ? nullptr : it->second;
}

std::size_t AmsNodeSessions::freeSessions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size() >= options_.maxSessions ? 0 : options_.maxSessions - sessions_.size();
}

wire::Envelope AmsNodeSessions::unknownSession(const wire::Envelope& request) {
  const std::string& id = AmsWire::sessionOf(request.ams());
  return WireConvert::errorReply(request, wire::ERROR_BAD_REQUEST,
                                 AmsWire::requestName(request) + ": field ams." + AmsWire::kindName(request.ams()) +
                                     ".session_id: unknown session '" + id + "' on this node (join first)");
}

void AmsNodeSessions::post(const std::string& peer, wire::Envelope envelope) {
  replies_.push(Outgoing{peer, std::move(envelope)});
  if (wake_) wake_();
}

NodeAmsService::Action AmsNodeSessions::handle(const std::string& peer, const wire::Envelope& request,
                                               double arrivalMs) {
  Action action;
  try {
    const wire::AmsMessage& ams = request.ams();
    const auto queueCommand = [&] {  // joins and resyncs wait for the training thread (between phases)
      if (pendingCommands_.load() >= kMaxPendingCommands) {
        ++busy_;
        action.reply = WireConvert::errorReply(
            request, wire::ERROR_BUSY,
            AmsWire::requestName(request) + ": " + std::to_string(kMaxPendingCommands) + " joins or resyncs wait");
        return;
      }
      ++pendingCommands_;
      commands_.push(Command{peer, request, arrivalMs});
      action.kind = Action::Kind::Deferred;
    };
    if (ams.has_join()) {
      queueCommand();
      return action;
    }
    std::shared_ptr<AmsNodeSession> session = find(AmsWire::sessionOf(ams));
    if (!session) {
      action.reply = unknownSession(request);
      return action;
    }
    session->touch(arrivalMs);
    if (ams.has_resync()) {
      queueCommand();
    } else if (ams.has_samples()) {
      if (!session->takeSequence(ams.samples().sequence())) {  // a repeat or an older batch: nothing to add
        action.reply = WireConvert::replyTo(request);
        *action.reply.mutable_ams()->mutable_samples_reply() = session->samplesReply(ams.samples().sequence(), 0);
      } else if (pendingBatches_.load() >= options_.maxPendingBatches) {
        ++busy_;
        action.reply =
            WireConvert::errorReply(request, wire::ERROR_BUSY,
                                    AmsWire::requestName(request) + ": " + std::to_string(options_.maxPendingBatches) +
                                        " batches wait for the teacher already");
      } else {
        ++pendingBatches_;
        labelJobs_.push(LabelJob{session, peer, request, arrivalMs});
        action.kind = Action::Kind::Deferred;
      }
    } else if (ams.has_poll()) {
      if (std::optional<wire::AmsUpdate> update = session->updateFrom(ams.poll().version(), arrivalMs)) {
        action.reply = WireConvert::replyTo(request);
        *action.reply.mutable_ams()->mutable_update() = std::move(*update);
      } else {
        const double waitMs =
            ams.poll().wait_ms() > 0 ? double(ams.poll().wait_ms()) : 2000.0 * session->updateIntervalS();
        action.kind = Action::Kind::Hold;
        action.holdUntilMs = arrivalMs + waitMs;
      }
    } else {
      action.reply = WireConvert::errorReply(request, wire::ERROR_BAD_REQUEST,
                                             AmsWire::requestName(request) + ": not a request a node accepts");
    }
  } catch (const std::exception& error) {
    action.kind = Action::Kind::Reply;
    action.reply =
        WireConvert::errorReply(request, wire::ERROR_BAD_REQUEST, AmsWire::requestName(request) + ": " + error.what());
  }
  return action;
}

std::optional<wire::Envelope> AmsNodeSessions::resolveHeld(const wire::Envelope& poll, bool expired) {
  std::shared_ptr<AmsNodeSession> session = find(poll.ams().poll().session_id());
  if (!session) return unknownSession(poll);  // closed or replaced by another camera meanwhile
  std::optional<wire::AmsUpdate> update = session->updateFrom(poll.ams().poll().version(), NetClock::nowMs());
  if (!update && !expired) return std::nullopt;
  wire::Envelope reply = WireConvert::replyTo(poll);
  *reply.mutable_ams()->mutable_update() = update ? std::move(*update) : session->emptyUpdate();
  return reply;
}

std::vector<NodeAmsService::Outgoing> AmsNodeSessions::takeReplies() { return replies_.drain(); }

void AmsNodeSessions::fillCapabilities(wire::Capabilities& capabilities) const {
  capabilities.set_ams_teacher(options_.teacherSpec.substr(0, WireCodec::kMaxTextBytes));
  capabilities.set_ams_free_sessions(static_cast<std::uint32_t>(freeSessions()));
  capabilities.set_ams_max_sessions(static_cast<std::uint32_t>(options_.maxSessions));
}

NodeAmsStats AmsNodeSessions::stats() const {
  NodeAmsStats stats;
  stats.teacher = options_.teacherSpec;
  stats.maxSessions = options_.maxSessions;
  stats.joins = joins_;
  stats.refusedJoins = refusedJoins_;
  stats.weightUploads = weightUploads_;
  stats.resumed = resumed_;
  stats.badImages = badImages_;
  stats.busy = busy_;
  std::vector<std::shared_ptr<AmsNodeSession>> sessions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, session] : sessions_) sessions.push_back(session);
  }
  stats.freeSessions = sessions.size() >= options_.maxSessions ? 0 : options_.maxSessions - sessions.size();
  for (const auto& session : sessions) stats.sessions.push_back(session->stats());
  return stats;
}

// ---- es-node-label ------------------------------------------------------------------------------------------------

void AmsNodeSessions::labelLoop() {
  while (!stopping_) {
    if (!labelJobs_.waitForItem(kIdleWaitMs)) continue;
    for (LabelJob& job : labelJobs_.drain()) {
      if (!stopping_) label(job);
      --pendingBatches_;
    }
  }
}

void AmsNodeSessions::label(LabelJob& job) {
  const std::string name = AmsWire::requestName(job.request);
  try {
    wire::AmsSamples& samples = *job.request.mutable_ams()->mutable_samples();
    AmsFrameBatch batch;
    batch.codec = static_cast<AmsFrameCodec>(samples.codec());
    batch.width = static_cast<int>(samples.width());
    batch.height = static_cast<int>(samples.height());
    batch.frameCount = static_cast<int>(samples.frame_count());
    batch.payload = std::move(*samples.mutable_payload());
    std::vector<cv::Mat> frames = AmsFrameDecoder::decode(batch, name);
    std::vector<std::vector<Detection>> teacher;
    teacher.reserve(frames.size());
    for (const cv::Mat& frame : frames) teacher.push_back(teacher_->detect(frame));
    wire::Envelope reply = WireConvert::replyTo(job.request);
    *reply.mutable_ams()->mutable_samples_reply() =
        job.session->ingest(samples, std::move(frames), std::move(teacher), job.arrivalMs);
    post(job.peer, std::move(reply));
  } catch (const std::exception& error) {
    const std::string what = error.what();
    const bool badImage = what.rfind("BAD_IMAGE", 0) == 0;
    if (badImage) ++badImages_;
    post(job.peer, WireConvert::errorReply(job.request, badImage ? wire::ERROR_BAD_IMAGE : wire::ERROR_COMPUTE,
                                           badImage ? what : name + ": " + what));
  }
}

// ---- es-node-train ------------------------------------------------------------------------------------------------

std::shared_ptr<AmsNodeSession> AmsNodeSessions::nextDue(double nowMs, double& waitMs) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<AmsNodeSession> best;
  waitMs = kIdleWaitMs;
  for (const auto& [id, session] : sessions_) {
    const double dueMs = session->dueMs();
    if (dueMs > nowMs) {
      waitMs = std::min(waitMs, dueMs - nowMs);
    } else if (!best || dueMs < best->dueMs()) {
      best = session;
    }
  }
  return best;
}

void AmsNodeSessions::trainLoop() {
  const auto logLine = [this](const std::string& line) { log(line); };
  while (!stopping_) {
    for (const Command& command : commands_.drain()) {
      --pendingCommands_;
      if (stopping_) continue;
      try {
        if (command.request.ams().has_join()) {
          join(command);
        } else {
          resync(command);
        }
      } catch (const std::exception& error) {
        post(command.peer, WireConvert::errorReply(command.request, wire::ERROR_COMPUTE,
                                                   AmsWire::requestName(command.request) + ": " + error.what()));
      }
    }
    double waitMs = kIdleWaitMs;
    if (std::shared_ptr<AmsNodeSession> session = nextDue(NetClock::nowMs(), waitMs)) {
      if (session->runPhase(NetClock::nowMs(), options_.stateDir, logLine) && wake_) wake_();
      continue;
    }
    commands_.waitForItem(std::max(1.0, waitMs));
  }
}

bool AmsNodeSessions::makeRoom(double nowMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sessions_.size() < options_.maxSessions) return true;
  auto idlest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (idlest == sessions_.end() || it->second->lastSeenMs() < idlest->second->lastSeenMs()) idlest = it;
  }
  if (idlest == sessions_.end() || nowMs - idlest->second->lastSeenMs() < options_.idleSessionS * 1000.0) return false;
  log("session " + idlest->first + " closed: silent for " +
      std::to_string(static_cast<long long>((nowMs - idlest->second->lastSeenMs()) / 1000.0)) + " s");
  sessions_.erase(idlest);
  return true;
}

void AmsNodeSessions::join(const Command& command) {
  const wire::AmsJoin& j = command.request.ams().join();
  const std::string& id = j.session_id();
  wire::Envelope envelope = WireConvert::replyTo(command.request);
  wire::AmsJoinReply& reply = *envelope.mutable_ams()->mutable_join_reply();
  reply.set_session_id(id);
  const auto refuse = [&](const std::string& reason) {
    ++refusedJoins_;
    reply.set_accepted(false);
    reply.set_reason(reason.substr(0, WireCodec::kMaxTextBytes));
    log("join of " + id + " refused: " + reason);
    post(command.peer, envelope);
  };
  const AmsConfig config = AmsWire::toConfig(j.settings());
  const std::shared_ptr<const AmsStudentCatalog::Student> student =
      catalog_.find(j.model_name(), j.base_model_sha256());
  if (!student) {
    return refuse("the node has no student model '" + j.model_name() + "' with pretrained weights sha256 " +
                  j.base_model_sha256() + " (searched " + catalog_.searched() + ")");
  }
  if (student->layoutHash != j.layout_hash() || student->parameterCount != j.parameter_count()) {
    return refuse("student mismatch: the camera's " + j.model_name() + " has layout " + hex64(j.layout_hash()) +
                  " with " + std::to_string(j.parameter_count()) + " parameters, the node's has layout " +
                  hex64(student->layoutHash) + " with " + std::to_string(student->parameterCount));
  }
  const double nowMs = NetClock::nowMs();
  const std::shared_ptr<AmsNodeSession> existing = find(id);
  std::shared_ptr<AmsNodeSession> session;
  bool resumed = false;
  if (existing && existing->identity().student == student && existing->version() == j.version() &&
      existing->sha256() == j.student_sha256()) {
    existing->setConfig(config);
    existing->touch(nowMs);
    session = existing;
    resumed = true;
  } else {
    if (!existing && !makeRoom(nowMs)) {
      return refuse("no free AMS session: " + std::to_string(options_.maxSessions) + " of " +
                    std::to_string(options_.maxSessions) + " in use");
    }
    std::unique_ptr<AmsSessionTrainer> trainer;
    double clockS = 0.0, rateFps = std::numeric_limits<double>::quiet_NaN();
    if (!options_.stateDir.empty()) {
      try {
        const std::optional<AmsSessionRecord> record = AmsSessionRecord::read(options_.stateDir, id);
        if (record && record->modelName == student->name && record->baseSha256 == student->baseSha256 &&
            record->layoutHash == student->layoutHash && record->version == j.version() &&
            record->sha256 == j.student_sha256()) {
          trainer = std::make_unique<AmsSessionTrainer>(student->cardPath, config, options_.device, options_.seed);
          trainer->load(AmsSessionRecord::folderOf(options_.stateDir, id) + "/" + AmsSessionRecord::kTrainerFolder);
          const std::string sha = ParameterDigest::sha256(trainer->flatParameters());
          if (trainer->version() != j.version() || sha != j.student_sha256()) {
            throw Error("the saved weights have version " + std::to_string(trainer->version()) + " and sha256 " + sha +
                        ", the record says " + std::to_string(j.version()) + " and " + j.student_sha256());
          }
          resumed = true;
          clockS = record->clockS;
          rateFps = record->rateFps;
        }
      } catch (const std::exception& error) {
        log("saved state of session " + id + " not used: " + error.what());
        trainer.reset();
      }
    }
    if (!trainer) {
      if (j.student_sha256() == student->flatSha256) {
        trainer = std::make_unique<AmsSessionTrainer>(student->cardPath, config, options_.device, options_.seed);
        if (j.version() != 0) trainer->resetTo(*student->pretrained, j.version());
      } else if (j.version() == 0) {
        return refuse("student mismatch: the camera's " + j.model_name() + " (version 0) has sha256 " +
                      j.student_sha256() + ", the node's pretrained " + student->name + " has sha256 " +
                      student->flatSha256);
      } else if (!j.weights().empty()) {
        const std::vector<float> weights = AmsWire::unpackWeights(j.weights(), "ams.join.weights");
        const std::string digest = ParameterDigest::sha256(weights);
        if (digest != j.student_sha256()) {
          return refuse("student mismatch: the uploaded weights have sha256 " + digest + ", the join declares " +
                        j.student_sha256());
        }
        trainer = std::make_unique<AmsSessionTrainer>(student->cardPath, config, options_.device, options_.seed);
        trainer->resetTo(weights, j.version());
        ++weightUploads_;
      } else {
        reply.set_accepted(false);
        reply.set_need_weights(true);
        reply.set_version(j.version());
        reply.set_reason("the node has no copy of version " + std::to_string(j.version()) + " (sha256 " +
                         j.student_sha256() + "): send the weights");
        return post(command.peer, envelope);
      }
    }
    session = std::make_shared<AmsNodeSession>(AmsNodeSession::Identity{id, j.camera_name(), student}, config,
                                               std::move(trainer), nowMs, clockS, rateFps);
    if (!options_.stateDir.empty()) {
      try {
        session->save(options_.stateDir);
      } catch (const Error& error) {
        log("session " + id + ": state not saved: " + error.what());
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_[id] = session;
  }
  ++joins_;
  if (resumed) ++resumed_;
  reply.set_accepted(true);
  reply.set_version(session->version());
  reply.set_resumed(resumed);
  reply.set_rate_fps(session->rateFps());
  reply.set_update_interval_s(session->updateIntervalS());
  reply.set_free_sessions(static_cast<std::uint32_t>(freeSessions()));
  log("session " + id + " (" + j.camera_name() + ") joined at version " + std::to_string(session->version()) +
      (resumed ? ", resumed" : "") + (j.weights().empty() ? "" : ", weights uploaded"));
  post(command.peer, envelope);
}

void AmsNodeSessions::resync(const Command& command) {
  const wire::AmsResync& r = command.request.ams().resync();
  std::shared_ptr<AmsNodeSession> session = find(r.session_id());
  if (!session) return post(command.peer, unknownSession(command.request));
  const AmsNodeSession::ResyncOutcome outcome = session->resyncTo(
      r.version(), r.sha256(), r.weights(), options_.stateDir, [this](const std::string& line) { log(line); });
  wire::Envelope envelope = WireConvert::replyTo(command.request);
  wire::AmsResyncReply& reply = *envelope.mutable_ams()->mutable_resync_reply();
  reply.set_session_id(r.session_id());
  reply.set_accepted(outcome.accepted);
  reply.set_need_weights(outcome.needWeights);
  reply.set_version(session->version());
  reply.set_reason(outcome.reason.substr(0, WireCodec::kMaxTextBytes));
  if (!outcome.accepted && !outcome.needWeights) log("resync of " + r.session_id() + " refused: " + outcome.reason);
  post(command.peer, std::move(envelope));
}

}  // namespace edgescope
