// edgescope-node: serves detection and tracking to cameras over ZeroMQ with CURVE (see engine/net/NodeServer.h).
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <pthread.h>

#include "link/DeviceProfile.h"
#include "metrics/NodeExporter.h"
#include "net/CurveKeyPair.h"
#include "net/KeyAllowList.h"
#include "net/NodeServer.h"
#include "node/NodeOptions.h"
#include "util/Error.h"
#include "util/HeapPolicy.h"
#include "util/ModelFolders.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#include "patchnet/PatchNetRunner.h"
#endif
#ifdef EDGESCOPE_HAVE_AMS_NODE
#include "amsstream/node/AmsNodeSessions.h"
#endif

using namespace edgescope;

namespace {

int keygen(const NodeOptions& options) {
  const CurveKeyPair keys = CurveKeyPair::generate();
  keys.save(options.keysDir, options.name);
  std::cout << "wrote " << options.keysDir << "/" << options.name << ".public and " << options.name
            << ".secret (mode 0600)\npublic key " << keys.publicKey() << std::endl;
  return 0;
}

/// The project's default JDE model found in the model folders, else hog.
std::string defaultDetector() {
#ifdef EDGESCOPE_HAVE_TORCH
  const std::string model = NeuralDetectors::findModel(ModelFolders::search());
  if (!model.empty()) return "jde:" + model;
#endif
  std::cerr << "edgescope-node: no JDE model in the model folders (or no LibTorch in this build): serving hog\n";
  return "hog";
}

NodeServerConfig serverConfig(const NodeOptions& options) {
  NodeServerConfig config;
  config.bindAddress = options.bind;
  config.detectorSpec = options.detector == "default" ? defaultDetector() : options.detector;
  config.patchModel = options.patchModel;
  config.insecure = options.insecure;
  config.name = options.name;
  config.threads = options.threads;
  config.device = options.device;
  config.profile = options.profile;
  config.slowdown = options.slowdown;
  config.maxQueue = static_cast<std::size_t>(options.queue);
  config.turbo = options.turbo == "off" ? std::string() : options.turbo;
  config.turboMarginMs = options.turboMarginMs;
  config.turboHardThreshold = options.turboThreshold;
  if (!options.profile.empty()) {  // device emulation: a named profile or "slowdown=…,threads=…,memory=…"
    const DeviceProfile profile = DeviceProfile::parse(options.profile);
    config.profile = profile.name;
    if (options.slowdown == 1.0) config.slowdown = profile.computeSlowdown;
    if (options.threads == 0 && profile.threads > 0) config.threads = profile.threads;
    // The jde: detector sizes its own LibTorch pool from ?threads=N; give it the profile's count unless set.
    if (profile.threads > 0 && config.detectorSpec.rfind("jde:", 0) == 0 &&
        config.detectorSpec.find("threads=") == std::string::npos) {
      config.detectorSpec += (config.detectorSpec.find('?') == std::string::npos ? "?threads=" : "&threads=") +
                             std::to_string(profile.threads);
    }
    const std::string capProblem = profile.applyMemoryCap();
    if (!capProblem.empty()) std::cerr << "edgescope-node: memory cap not applied: " << capProblem << "\n";
    std::cout << "edgescope-node " << options.name << ": profile " << profile.toString() << std::endl;
  }
  if (options.keysDir.empty()) return config;  // plain: NodeServer checks --insecure and loopback
  config.keys = CurveKeyPair::load(options.keysDir);
  const std::string allow = options.allow.empty() ? options.keysDir + "/allowed" : options.allow;
  if (!options.allow.empty() || std::filesystem::exists(allow)) config.allowedClients = KeyAllowList::load(allow);
  if (config.allowedClients.size() == 0) {
    std::cerr << "edgescope-node: no client keys allowed (" << allow << "): every client will be refused\n";
  }
  return config;
}

/// The AMS service of --ams-teacher (null without it). Throws Error naming the spec when the teacher cannot be
/// loaded, or when this build has no AMS node.
std::shared_ptr<NodeAmsService> amsService(const NodeOptions& options) {
  if (options.amsTeacher.empty()) return nullptr;
#ifdef EDGESCOPE_HAVE_AMS_NODE
  AmsNodeSessions::Options ams;
  ams.teacherSpec = options.amsTeacher;
  ams.maxSessions = static_cast<std::size_t>(options.amsMaxSessions);
  ams.stateDir = options.amsState;
  ams.device = options.amsDevice;
  return std::make_shared<AmsNodeSessions>(ams);
#else
  throw Error("--ams-teacher " + options.amsTeacher + ": this build of edgescope-node has no AMS (needs LibTorch)");
#endif
}

int serve(const NodeOptions& options) {
  // SIGINT/SIGTERM are blocked in every thread (the server's threads inherit the mask) and taken by sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
#ifdef EDGESCOPE_HAVE_TORCH
  NeuralDetectors::registerAll();
  PatchNetRunner::install();
#endif
  NodeServerConfig config = serverConfig(options);
  config.ams = amsService(options);
  const std::shared_ptr<NodeAmsService> ams = config.ams;
  const std::string publicKey = config.keys ? config.keys->publicKey() : std::string();
  const std::string detector = config.detectorSpec;
  NodeServer server(std::move(config));
  server.start();
  std::cout << "edgescope-node " << options.name << " ready on " << server.boundAddress()
            << (publicKey.empty() ? " (plain, insecure)" : " (CURVE, server key " + publicKey + ")") << " detector "
            << detector << (options.turbo == "off" ? "" : ", Turbo " + options.turbo)
            << (ams ? ", AMS teacher " + options.amsTeacher : "") << std::endl;
  std::unique_ptr<NodeExporter> metrics;  // --metrics: reads server.stats() at each scrape
  if (!options.metricsAddress.empty()) {
    metrics = std::make_unique<NodeExporter>(options.metricsAddress, options.name, detector,
                                             [&server] { return server.stats(); });
    std::cout << "edgescope-node " << options.name << ": metrics on " << metrics->url() << std::endl;
  }
  int received = 0;
  sigwait(&signals, &received);
  std::cout << "edgescope-node " << options.name << ": " << (received == SIGINT ? "SIGINT" : "SIGTERM")
            << ", stopping" << std::endl;
  metrics.reset();
  server.stop();
  const NodeServerStats stats = server.stats();
  std::cout << "edgescope-node " << options.name << ": served " << stats.served << ", dropped " << stats.dropped
            << ", refused keys " << stats.refusedKeys;
  if (options.turbo != "off") {
    std::cout << ", Turbo: enhanced " << stats.turboEnhanced << ", yielded " << stats.turboYielded << ", late "
              << stats.turboMissed << " (after enhancing " << stats.turboMissedAfterEnhancing << "), "
              << static_cast<long long>(stats.turboUs / 1000) << " of " << static_cast<long long>(stats.busyUs / 1000)
              << " busy ms";
  }
  if (ams) {
    const NodeAmsStats amsStats = ams->stats();
    std::cout << ", AMS: " << amsStats.joins << " joins (" << amsStats.resumed << " resumed, " << amsStats.weightUploads
              << " uploads), " << amsStats.sessions.size() << " sessions";
    for (const NodeAmsSessionStats& session : amsStats.sessions) {
      std::cout << "; " << session.sessionId << " v" << session.version << " " << session.updates << "/"
                << session.phases << " phases sent, staleness " << static_cast<long long>(session.meanStalenessMs)
                << " ms";
    }
  }
  std::cout << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  edgescope::HeapPolicy::useOneArena();  // before any thread: the compute thread's forwards stay off fresh mappings
  try {
    const NodeOptions options = NodeOptions::parse(std::vector<std::string>(argv + 1, argv + argc));
    if (options.help) {
      std::cout << options.helpText;
      return 0;
    }
    return options.keygen ? keygen(options) : serve(options);
  } catch (const Error& error) {
    std::cerr << "edgescope-node: " << error.what() << "\n(edgescope-node --help lists the options)\n";
    return 2;
  }
}
