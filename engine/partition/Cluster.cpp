#include "partition/Cluster.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "link/DuplexLink.h"
#include "net/NodeAddress.h"
#include "net/NodeClient.h"
#include "partition/LocalNodeProcess.h"
#include "util/Error.h"

namespace edgescope {

namespace fs = std::filesystem;

struct Cluster::Node {
  std::string name;
  std::string address;
  std::string serverKey;
  std::unique_ptr<LocalNodeProcess> process;  ///< local nodes only
  std::shared_ptr<DuplexLink> link;
  std::shared_ptr<NodeClient> client;         ///< null while stopped
  std::string profile;
  double cost = 0.0;  ///< operator's cost (ParaLoupe)
};

namespace {

CurveKeyPair cameraKeys(const std::string& configured) {
  std::string dir = configured;
  if (dir.empty()) {
    if (const char* env = std::getenv("EDGESCOPE_KEYS_DIR"); env && *env) {
      dir = env;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      dir = std::string(home) + "/.config/edgescope/keys";
    }
  }
  if (dir.empty()) return CurveKeyPair::generate();
  try {
    if (fs::exists(fs::path(dir) / "camera.secret")) return CurveKeyPair::load(dir, "camera");
    const CurveKeyPair keys = CurveKeyPair::generate();
    fs::create_directories(dir);
    keys.save(dir, "camera");
    return keys;
  } catch (const std::exception&) {
    return CurveKeyPair::generate();  // unwritable home: this run only (remote nodes cannot know the key)
  }
}

std::string freshFolder() {
  const fs::path base = fs::temp_directory_path() / ("edgescope-cluster-" + std::to_string(::getpid()));
  fs::create_directories(base);
  return base.string();
}

}  // namespace

Cluster::Cluster(ClusterOptions options) : options_(std::move(options)) {
  if (options_.nodeExecutable.empty()) options_.nodeExecutable = LocalNodeProcess::defaultExecutable();
}

Cluster::~Cluster() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& node : nodes_) {
    if (node->client) node->client->stop();
    if (node->process) node->process->stop(1000);
  }
  std::error_code ignored;
  if (ownsFolder_) fs::remove_all(options_.folder, ignored);  // holds the local nodes' secret keys
}

const CurveKeyPair& Cluster::keysLocked() const {
  if (!keys_) keys_ = cameraKeys(options_.keysDir);
  return *keys_;
}

std::string Cluster::cameraPublicKey() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keysLocked().publicKey();
}

std::shared_ptr<DuplexLink> Cluster::makeLink() const {
  return options_.emulateLinks ? std::make_shared<DuplexLink>(options_.linkProfile) : nullptr;
}

std::shared_ptr<NodeClient> Cluster::connect(const std::string& address, const std::string& serverKey,
                                             const std::string& name, const std::shared_ptr<DuplexLink>& link) const {
  NodeClientConfig config;
  config.address = address;
  config.name = "camera";
  config.role = wire::ROLE_CAMERA;
  config.link = link;
  // The promise is "lost within 2 s of the failure": silence is counted from the last heartbeat ack, up to
  // one heartbeat period (250 ms) before the failure, and the console sees the state at its next status (≤ 250 ms).
  config.degradedAfterMs = 600;
  config.lostAfterMs = 1500;
  if (serverKey.empty()) {
    config.insecure = true;
  } else {
    config.keys = keysLocked();
    config.serverPublicKey = serverKey;
  }
  auto client = std::make_shared<NodeClient>(config);
  client->start();
  (void)name;
  return client;
}

std::string Cluster::startLocal(int count, const std::string& profile, const std::string& detectorSpec,
                                const std::optional<LinkProfile>& link) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string detector = detectorSpec.empty() ? defaultDetector_ : detectorSpec;
  if (detector.empty()) throw Error("cluster: no detector for local nodes (open a source with tracking first)");
  if (count < 1 || count > 16) throw Error("cluster: start 1 to 16 local nodes, not " + std::to_string(count));
  if (options_.folder.empty()) {
    options_.folder = freshFolder();
    ownsFolder_ = true;
  }
  std::string message;
  int started = 0;
  for (auto& node : nodes_) {  // revive stopped or killed local nodes first
    if (started == count || !node->process || node->process->running()) continue;
    node->process->restart();
    if (link && node->link) node->link->setProfile(*link);
    if (!node->client) node->client = connect(node->address, node->serverKey, node->name, node->link);
    message += (message.empty() ? "" : ", ") + node->name + " restarted";
    ++started;
  }
  for (; started < count; ++started) {
    auto node = std::make_unique<Node>();
    LocalNodeSpec spec;
    spec.executable = options_.nodeExecutable;
    spec.name = "node" + std::to_string(++localCounter_);
    spec.port = LocalNodeProcess::freePort();
    spec.detectorSpec = detector;
    spec.profile = profile;
    spec.patchModel = patchModel_;
    spec.folder = options_.folder + "/" + spec.name;
    spec.clientPublicKey = keysLocked().publicKey();
    node->process = std::make_unique<LocalNodeProcess>(spec);
    node->name = spec.name;
    node->address = node->process->address();
    node->serverKey = node->process->serverPublicKey();
    node->profile = profile.empty() ? "native" : profile;
    node->link = makeLink();
    if (link && node->link) node->link->setProfile(*link);
    node->client = connect(node->address, node->serverKey, node->name, node->link);
    message += (message.empty() ? "" : ", ") + node->name + " on " + node->address;
    nodes_.push_back(std::move(node));
  }
  return "local nodes: " + message + " (" + detector + ")";
}

std::string Cluster::add(const std::string& addressText) {
  const auto hash = addressText.find('#');
  const std::string address = addressText.substr(0, hash);
  const std::string key = hash == std::string::npos ? std::string() : addressText.substr(hash + 1);
  if (address.rfind("tcp://", 0) != 0 || address.find(':', 6) == std::string::npos) {
    throw Error("node address '" + addressText + "': expected tcp://HOST:PORT[#SERVERKEY]");
  }
  if (!key.empty() && !CurveKeyPair::isValidKey(key)) {
    throw Error("node " + address + ": server key is not a 40-character Z85 CURVE key");
  }
  if (key.empty() && !NodeAddress::isLoopback(address)) {
    throw Error("node " + address + ": a remote node needs its CURVE server key: " + address +
                "#SERVERKEY (edgescope-node prints it at start); this camera's key to allow there is " +
                cameraPublicKey());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (find(address)) throw Error("node " + address + " is already in the cluster");
  auto node = std::make_unique<Node>();
  node->name = address;
  node->address = address;
  node->serverKey = key;
  node->link = makeLink();
  node->client = connect(address, key, address, node->link);
  nodes_.push_back(std::move(node));
  return "connecting to node " + address + (key.empty() ? " (plain, loopback)" : " (CURVE)");
}

Cluster::Node* Cluster::find(const std::string& nameOrAddress) {
  return const_cast<Node*>(static_cast<const Cluster*>(this)->find(nameOrAddress));
}

const Cluster::Node* Cluster::find(const std::string& nameOrAddress) const {
  for (const auto& node : nodes_) {
    if (node->name == nameOrAddress || node->address == nameOrAddress) return node.get();
  }
  return nullptr;
}

std::string Cluster::stop(const std::string& nameOrAddress) {
  std::lock_guard<std::mutex> lock(mutex_);
  Node* node = find(nameOrAddress);
  if (!node) throw Error("no node '" + nameOrAddress + "' in the cluster");
  if (node->client) node->client->stop();
  node->client.reset();
  if (node->process) {
    node->process->stop();
    return "node " + node->name + " stopped";
  }
  const std::string name = node->name;
  for (auto it = nodes_.begin(); it != nodes_.end(); ++it) {
    if (it->get() == node) {
      nodes_.erase(it);
      break;
    }
  }
  return "node " + name + " disconnected";
}

std::string Cluster::kill(const std::string& nameOrAddress) {
  std::lock_guard<std::mutex> lock(mutex_);
  Node* node = find(nameOrAddress);
  if (!node) throw Error("no node '" + nameOrAddress + "' in the cluster");
  if (!node->process) throw Error("node " + node->name + " is remote: only local nodes can be killed");
  const int pid = node->process->pid();
  node->process->kill();
  return "node " + node->name + " killed (pid " + std::to_string(pid) + ")";
}

std::optional<ClusterServer> Cluster::pickServer() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& node : nodes_) {
    if (node->client && node->client->status().state == PeerState::Online) {
      return ClusterServer{node->client, node->link, node->name, node->profile};
    }
  }
  return std::nullopt;
}

std::vector<ClusterServer> Cluster::onlineServers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ClusterServer> servers;
  for (const auto& node : nodes_) {
    if (node->client && node->client->status().state == PeerState::Online) {
      servers.push_back(ClusterServer{node->client, node->link, node->name, node->profile});
    }
  }
  return servers;
}

std::vector<ClusterNodeView> Cluster::views(const std::string& inUse) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ClusterNodeView> views;
  for (const auto& node : nodes_) {
    ClusterNodeView view;
    view.name = node->name;
    view.address = node->address;
    view.local = node->process != nullptr;
    view.pid = node->process ? node->process->pid() : 0;
    view.inUse = !inUse.empty() && node->name == inUse;
    view.profile = node->profile;
    view.cost = node->cost;
    if (!node->client) {
      view.state = "stopped";
    } else {
      const PeerStatus status = node->client->status();
      view.state = PeerStatus::stateName(status.state);
      if (!status.nodeName.empty() && !view.local) view.name = node->name;
      view.rttMs = status.rttMs;
      view.queueDepth = status.queueDepth;
      view.load = status.load;
      view.turboShare = status.turboShare;
      view.turboModel = status.capabilities.turbo_model();
      view.lossCount = status.lossCount;
      view.lastError = status.lastError;
      if (status.capabilities.models_size() > 0) view.model = status.capabilities.models(0);
      view.device = status.capabilities.device();
      view.threads = status.capabilities.threads();
      if (!status.capabilities.profile().empty()) view.profile = status.capabilities.profile();
      view.patchModel = status.capabilities.patch_model_name();
      for (const wire::PatchModelProfile& patch : status.capabilities.patch_models()) {
        if (patch.width() == 64 && patch.height() == 128) view.patchMs = patch.compute_ms();
      }
    }
    if (node->link) {
      const LinkStats stats = node->link->stats();
      view.uplinkKbps = stats.uplink.measuredKbps;
      view.downlinkKbps = stats.downlink.measuredKbps;
      view.uplinkBytes = stats.uplink.bytes;
      view.downlinkBytes = stats.downlink.bytes;
    }
    views.push_back(std::move(view));
  }
  return views;
}

std::size_t Cluster::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return nodes_.size();
}

void Cluster::setLinkProfile(const LinkProfile& profile) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_.linkProfile = profile;
  for (auto& node : nodes_) {
    if (node->link) node->link->setProfile(profile);
  }
}

LinkProfile Cluster::linkProfile() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return options_.linkProfile;
}

void Cluster::setLinkProfile(const std::string& nameOrAddress, const LinkProfile& profile) {
  std::lock_guard<std::mutex> lock(mutex_);
  Node* node = find(nameOrAddress);
  if (!node) throw Error("no node '" + nameOrAddress + "' in the cluster");
  if (!node->link) throw Error("node " + node->name + ": its link is not emulated");
  node->link->setProfile(profile);
}

LinkProfile Cluster::linkProfile(const std::string& nameOrAddress) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Node* node = find(nameOrAddress);
  if (!node) throw Error("no node '" + nameOrAddress + "' in the cluster");
  return node->link ? node->link->profile() : options_.linkProfile;
}

void Cluster::setCost(const std::string& nameOrAddress, double cost) {
  std::lock_guard<std::mutex> lock(mutex_);
  Node* node = find(nameOrAddress);
  if (!node) throw Error("no node '" + nameOrAddress + "' in the cluster");
  node->cost = std::isfinite(cost) ? std::clamp(cost, 0.0, 1.0) : 0.0;
}

double Cluster::cost(const std::string& nameOrAddress) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const Node* node = find(nameOrAddress);
  return node ? node->cost : 0.0;
}

void Cluster::setPatchModel(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  patchModel_ = path;
}

std::string Cluster::patchModel() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return patchModel_;
}

void Cluster::setDefaultDetector(const std::string& spec) {
  std::lock_guard<std::mutex> lock(mutex_);
  defaultDetector_ = spec;
}

std::string Cluster::defaultDetector() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return defaultDetector_;
}

}  // namespace edgescope
