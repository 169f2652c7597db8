#pragma once
// Helpers of the AMS protocol tests (header-only): the shipped student, a CURVE node with AMS on loopback, a camera
// client through an emulated link, the cheapest knobs that still train, and a camera identity of a flat vector.
#include <memory>
#include <string>
#include <vector>

#include "../net/NetTestUtil.h"
#include "ams/AmsConfig.h"
#include "ams/ParameterDigest.h"
#include "ams/StreamableModel.h"
#include "amsstream/node/AmsNodeSessions.h"
#include "link/DuplexLink.h"
#include "net/NodeClient.h"
#include "net/NodeServer.h"
#include "neural/AmsSessionTrainer.h"
#include "neural/NeuralDetectors.h"

namespace edgescope::testing {

inline std::string studentCard() { return std::string(EDGESCOPE_MODELS_DIR) + "/jde_yolox_s8.json"; }

/// The shipped student, described once per process (loading it takes a moment).
inline const AmsSessionTrainer::Student& student() {
  static const AmsSessionTrainer::Student described = [] {
    NeuralDetectors::registerAll();
    return AmsSessionTrainer::describe(studentCard());
  }();
  return described;
}

/// The camera's identity when it runs @p flat at @p version.
inline StreamableModel::Identity identityOf(const std::vector<float>& flat, std::uint64_t version) {
  StreamableModel::Identity identity;
  identity.sha256 = ParameterDigest::sha256(flat);
  identity.layoutHash = student().layoutHash;
  identity.parameterCount = student().parameterCount;
  identity.version = version;
  identity.modelName = student().name;
  identity.baseModelSha256 = student().baseSha256;
  return identity;
}

/// Knobs that make a phase cheap: T_update 2 s (the minimum), K = 1, batch 2, no gate (every trained phase sends).
inline AmsConfig cheapConfig() {
  AmsConfig config;
  config.enabled = true;
  config.updateIntervalS = 2;
  config.iterations = 1;
  config.batch = 2;
  config.gate = false;
  config.rateIntervalS = 1;
  return config;
}

/// A CURVE node on 127.0.0.1 with AMS (@p teacher), and a camera client through an emulated 100 Mbps link.
struct AmsNodeFixture {
  explicit AmsNodeFixture(const std::string& teacher, const std::string& stateDir = {},
                          const std::string& address = "tcp://127.0.0.1:*") {
    student();
    AmsNodeSessions::Options options;
    options.teacherSpec = teacher;
    options.maxSessions = 2;
    options.stateDir = stateDir;
    options.device = "cpu";
    options.modelFolders = {EDGESCOPE_MODELS_DIR};
    options.log = [this](const std::string& line) { log.add(line); };
    service = std::make_shared<AmsNodeSessions>(options);
    NodeServerConfig config = curveServer(serverKeys, clientKeys.publicKey(), log, address);
    config.ams = service;
    server = std::make_unique<NodeServer>(config);
    server->start();
    link = std::make_shared<DuplexLink>(LinkProfile::parse("up=100,down=100,rtt=2"));
    NodeClientConfig clientConfig = curveClient(server->boundAddress(), clientKeys, serverKeys.publicKey());
    clientConfig.link = link;
    client = std::make_unique<NodeClient>(clientConfig);
    client->start();
  }
  ~AmsNodeFixture() {
    if (client) client->stop();
    if (server) server->stop();
  }

  const CurveKeyPair serverKeys = CurveKeyPair::generate();
  const CurveKeyPair clientKeys = CurveKeyPair::generate();
  LogCapture log;
  std::shared_ptr<AmsNodeSessions> service;
  std::unique_ptr<NodeServer> server;
  std::shared_ptr<DuplexLink> link;
  std::unique_ptr<NodeClient> client;
};

/// The stats of session @p id on @p service (a default when it has none).
inline NodeAmsSessionStats sessionStats(const NodeAmsService& service, const std::string& id) {
  for (const NodeAmsSessionStats& stats : service.stats().sessions) {
    if (stats.sessionId == id) return stats;
  }
  return {};
}

}  // namespace edgescope::testing
