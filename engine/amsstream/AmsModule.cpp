#include "amsstream/AmsModule.h"

#include <unistd.h>

#include <filesystem>

#include "ams/StreamableModel.h"
#include "amsstream/AmsNodeEndpoint.h"
#include "amsstream/AmsWorker.h"
#include "core/Stopwatch.h"
#include "detect/ScalableDetector.h"
#include "link/DuplexLink.h"
#include "net/AmsWire.h"
#include "net/NodeClient.h"
#include "session/EngineModules.h"
#include "util/Error.h"

namespace edgescope {
namespace {

std::string hostName() {
  char name[256] = {};
  return ::gethostname(name, sizeof(name) - 1) == 0 && name[0] ? std::string(name) : std::string("camera");
}

/// @p text in session-id characters ([A-Za-z0-9._-]; others become '_').
std::string idCharacters(const std::string& text) {
  std::string id;
  for (const char c : text) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    id += ok ? c : '_';
  }
  return id;
}

}  // namespace

void AmsModule::install(const Options& options) {
  EngineModules::registerFactory(kFactoryName, [options] { return std::make_unique<AmsModule>(options); });
}

std::string AmsModule::defaultSessionId(const std::string& host, const std::string& sourceName) {
  std::string id = idCharacters(host) + "." + idCharacters(sourceName.empty() ? "source" : sourceName);
  if (id.front() == '.') id.insert(id.begin(), 'c');
  if (id.size() > AmsWire::kMaxSessionIdBytes) id.resize(AmsWire::kMaxSessionIdBytes);
  return id;
}

AmsModule::AmsModule(Options options) : options_(std::move(options)) {}

AmsModule::~AmsModule() { stop({}); }

std::vector<ParameterSpec> AmsModule::parameterSpecs() const { return AmsConfig::parameterSpecs(); }

double AmsModule::value(const std::string& id) const { return config_.value(id); }

double AmsModule::apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) {
  if (id == "ams.enabled") {
    if (value >= 0.5 && !worker_) {
      config_.enabled = start(pipeline, source);
    } else if (value < 0.5) {
      stop("AMS stopped (ams.enabled = 0): the model keeps its version");
      config_.enabled = false;
    }
    return config_.value(id);
  }
  config_.apply(id, value);
  if (worker_) worker_->setConfig(config_);
  return config_.value(id);
}

bool AmsModule::start(TrackingPipeline* pipeline, const SourceInfo& source) {
  ScalableDetector* detector = pipeline ? pipeline->scalableDetector() : nullptr;
  StreamableModel* model = detector ? detector->streamable() : nullptr;
  if (!model) {
    messages_.emplace_back(EngineEvent::Type::Warning,
                           std::string(kNeedsJdeMessage) + ": " +
                               (pipeline ? "detector " + pipeline->detectorName() + " cannot take model updates"
                                         : std::string("no detector runs")) +
                               " (ams.enabled = 0)");
    return false;
  }
  if (options_.node.empty()) {
    messages_.emplace_back(EngineEvent::Type::Warning,
                           "AMS needs a node: send ams.connect tcp://HOST:PORT#SERVERKEY first (ams.enabled = 0)");
    return false;
  }
  try {
    const AmsNodeEndpoint endpoint = AmsNodeEndpoint::parse(options_.node);
    link_ = options_.link.empty() ? nullptr : std::make_shared<DuplexLink>(LinkProfile::parse(options_.link));
    model_ = model;
    loadState(*pipeline);
    client_ = std::make_unique<NodeClient>(endpoint.clientConfig(options_.keys, options_.keysDir, link_));
    client_->start();
    source_ = source;
    AmsWorker::Options worker;
    worker.nodeName = endpoint.address;
    worker.sessionId = options_.sessionId.empty() ? defaultSessionId(hostName(), source.name) : options_.sessionId;
    worker.cameraName = hostName() + " " + (source.name.empty() ? std::string("camera") : source.name);
    worker.stateDir = options_.stateDir;
    worker.requestTimeoutMs = options_.requestTimeoutMs;
    worker_ = std::make_unique<AmsWorker>(*model_, *client_, worker, config_);
    messages_.emplace_back(EngineEvent::Type::Info, "AMS on: " + pipeline->detectorName() + " version " +
                                                        std::to_string(model_->identity().version) + ", session " +
                                                        worker.sessionId + " on node " + endpoint.address);
  } catch (const std::exception& e) {
    stop({});
    messages_.emplace_back(EngineEvent::Type::Warning, std::string("AMS stays off (ams.enabled = 0): ") + e.what());
    return false;
  }
  nextSampleMs_ = 0.0;
  return true;
}

void AmsModule::loadState(TrackingPipeline& pipeline) {
  if (options_.stateDir.empty()) return;
  const std::filesystem::path file = std::filesystem::path(options_.stateDir) / StreamableModel::kStateFileName;
  if (!std::filesystem::exists(file)) return;
  try {
    model_->stageState(options_.stateDir);
    swapIfStaged(pipeline);
    swapped_ = false;  // before any frame: nothing to mark
    messages_.emplace_back(EngineEvent::Type::Info, "AMS: version " + std::to_string(model_->identity().version) +
                                                        " loaded from " + file.string());
  } catch (const std::exception& e) {
    messages_.emplace_back(EngineEvent::Type::Warning,
                           std::string("AMS: the saved state was not used (the model stays as it is): ") + e.what());
  }
}

void AmsModule::stop(const std::string& why) {
  const bool running = worker_ != nullptr;
  if (worker_) worker_->requestStop();
  if (client_) client_->stop();  // a join or resync waiting for its reply fails now
  if (worker_) {
    for (Message& message : worker_->takeMessages()) messages_.push_back(std::move(message));
    lines_ = takeRecordLines();
    worker_.reset();
  }
  client_.reset();
  link_.reset();
  model_ = nullptr;
  graceLeft_ = 0;
  swapped_ = false;
  if (running && !why.empty()) messages_.emplace_back(EngineEvent::Type::Info, why);
}

void AmsModule::pipelineDropped() {
  if (!worker_) return;
  stop({});
  config_.enabled = false;
  messages_.emplace_back(EngineEvent::Type::Warning, "the detector changed: AMS stopped (ams.enabled = 0)");
}

void AmsModule::restart() {
  if (worker_) worker_->clearSamples();
  nextSampleMs_ = 0.0;
  graceLeft_ = 0;
}

void AmsModule::beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) {
  (void)timing;
  swapped_ = false;
  if (!worker_) return;
  swapIfStaged(pipeline);
  if (graceLeft_ > 0 && !swapped_) --graceLeft_;
  takeSample(snapshot);
}

void AmsModule::swapIfStaged(TrackingPipeline& pipeline) {
  if (!model_ || !model_->hasStaged()) return;
  Stopwatch clock;
  if (!model_->swapStaged()) return;
  lastSwapMs_ = clock.elapsedMs();
  lastUpdateSwapAtMs_ = Stopwatch::nowMs();
  swapped_ = true;
  graceLeft_ = config_.swapGraceFrames;
  pipeline.holdAppearance(config_.swapGraceFrames);
  if (worker_) worker_->noteSwap(lastSwapMs_);
}

void AmsModule::takeSample(const FrameSnapshot& snapshot) {
  const double rateFps = worker_->samplingRateFps();
  if (rateFps <= 0.0 || snapshot.frame.image.empty()) return;
  const double nowMs = Stopwatch::nowMs();
  if (nowMs < nextSampleMs_) return;
  const double periodMs = 1000.0 / rateFps;
  nextSampleMs_ = nextSampleMs_ + periodMs > nowMs ? nextSampleMs_ + periodMs : nowMs + periodMs;
  worker_->pushSample({snapshot.frame.image, nowMs, snapshot.frame.number});  // a reference: no copy
}

void AmsModule::afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot,
                           TrackingPipeline& pipeline) {
  (void)result;
  (void)pipeline;
  snapshot.ams = status();
}

void AmsModule::fillStatus(EngineStatus& status) const { status.ams = this->status(); }

AmsStreamStatus AmsModule::status() const {
  AmsStreamStatus status;
  if (worker_) status = worker_->status();
  status.enabled = config_.enabled;
  if (!worker_) status.node = options_.node.substr(0, options_.node.find('#'));
  if (model_) {
    status.version = model_->identity().version;
    status.ringVersions = model_->ringVersions();
    status.swapMs = model_->lastSwapMs() > 0 ? model_->lastSwapMs() : lastSwapMs_;
  }
  status.lastUpdateAgeS = lastUpdateSwapAtMs_ < 0 ? -1.0 : (Stopwatch::nowMs() - lastUpdateSwapAtMs_) / 1000.0;
  status.swapped = swapped_;
  status.graceFramesLeft = graceLeft_;
  return status;
}

bool AmsModule::command(const EngineCommand& command, TrackingPipeline* pipeline, std::vector<EngineEvent>& replies) {
  (void)replies;
  const std::string name = command.name.substr(0, command.name.find(' '));
  if (name == kConnectCommand) {
    connect(command, pipeline);
    return true;
  }
  AmsWorker::Command work;
  if (name == kRollbackCommand) {
    work = AmsWorker::Command::Rollback;
  } else if (name == kResetCommand) {
    work = AmsWorker::Command::Reset;
  } else if (name == kFreezeCommand) {
    work = AmsWorker::Command::Freeze;
  } else if (name == kUnfreezeCommand) {
    work = AmsWorker::Command::Unfreeze;
  } else {
    return false;
  }
  if (!worker_) throw Error("AMS is off (ams.enabled = 0)");
  if (work == AmsWorker::Command::Rollback && model_->ringVersions().size() < 2) {
    throw Error("nothing to roll back to: version " + std::to_string(model_->identity().version) +
                " is the only one in the ring");
  }
  worker_->post(work);
  return true;
}

void AmsModule::connect(const EngineCommand& command, TrackingPipeline* pipeline) {
  const auto space = command.name.find(' ');
  std::string address = command.node;
  if (address.empty() && space != std::string::npos) address = command.name.substr(space + 1);
  const AmsNodeEndpoint endpoint = AmsNodeEndpoint::parse(address);  // Error naming a malformed address
  options_.node = address;
  if (!worker_) {
    messages_.emplace_back(EngineEvent::Type::Info, "AMS node set to " + endpoint.address + " (ams.enabled starts)");
    return;
  }
  stop({});
  config_.enabled = start(pipeline, source_);
}

std::vector<EngineModule::Message> AmsModule::takeMessages() {
  std::vector<Message> taken;
  taken.swap(messages_);
  if (worker_) {
    for (Message& message : worker_->takeMessages()) taken.push_back(std::move(message));
  }
  return taken;
}

std::vector<ModuleRecordLine> AmsModule::takeRecordLines() {
  std::vector<ModuleRecordLine> lines;
  lines.swap(lines_);
  if (!worker_) return lines;
  for (const AmsCsvRecord& record : worker_->takeRecords()) {
    lines.push_back({AmsCsvRecord::kFile, AmsCsvRecord::header(), record.fields()});
  }
  return lines;
}

}  // namespace edgescope
