#pragma once
/// @file Cluster.h
/// The edge nodes a camera can offload to (issue 6): local nodes it started itself on loopback (child processes)
/// and remote nodes added by address. Each node has a NodeClient (CURVE, heartbeats, liveness) behind its own
/// emulated link (DuplexLink with the cluster's LinkProfile). The console's cluster panel reads views().
///
/// Threads: every member may be called from any thread (one mutex); clients are handed out as shared_ptr, so a node
/// stopped while a frame is in flight stays valid until that frame is done. Owns the nodes and their processes
/// (stopped in the destructor).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "link/LinkProfile.h"
#include "net/CurveKeyPair.h"
#include "paraloupe/ClusterLedger.h"
#include "session/ClusterNodeView.h"

namespace edgescope {

class DuplexLink;
class LocalNodeProcess;
class NodeClient;

struct ClusterOptions {
  std::string nodeExecutable;  ///< edgescope-node to start; "" = LocalNodeProcess::defaultExecutable()
  std::string folder;          ///< keys and logs of local nodes; "" = a fresh folder under the temp dir
  std::string keysDir;         ///< the camera's persistent key pair; "" = $EDGESCOPE_KEYS_DIR or ~/.config/edgescope/keys
  bool emulateLinks = true;    ///< put a DuplexLink with linkProfile on every node link
  LinkProfile linkProfile;     ///< the paper's testbed by default
};

/// A node chosen to serve a frame.
struct ClusterServer {
  std::shared_ptr<NodeClient> client;
  std::shared_ptr<DuplexLink> link;  ///< null without link emulation
  std::string name;
  std::string profile;               ///< device profile it was started with ("" for remote nodes)
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options = {});
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  /// Starts @p count server nodes on loopback running @p detectorSpec with DeviceProfile @p profile ("" = native);
  /// local nodes that were stopped or killed are started again first (same name and port). Returns a message.
  /// Throws Error naming the executable when a node cannot be started.
  /// With @p link, the new (and revived) nodes get that emulated link instead of the cluster's; local nodes also
  /// serve the patch model set with setPatchModel().
  std::string startLocal(int count, const std::string& profile, const std::string& detectorSpec,
                         const std::optional<LinkProfile>& link = std::nullopt);
  /// Connects to a remote node: "tcp://HOST:PORT#SERVERKEY" (CURVE; the node prints its key at start and must allow
  /// this camera's public key, see cameraPublicKey()), or "tcp://127.0.0.1:PORT" for a plain loopback node.
  /// Throws Error naming the address when it is malformed or already known.
  std::string add(const std::string& addressText);
  /// Stops a node (local: SIGTERM; remote: disconnects and forgets it). Throws Error when unknown.
  std::string stop(const std::string& nameOrAddress);
  /// Kills a local node with SIGKILL (rehearse a crash); throws Error for a remote or unknown node.
  std::string kill(const std::string& nameOrAddress);

  /// The first online node (in the order they were added), or nullopt.
  std::optional<ClusterServer> pickServer() const;
  /// Every online node, in the order they were added (ParaLoupe schedules over all of them).
  std::vector<ClusterServer> onlineServers() const;
  /// Every node, @p inUse (a node name) marked.
  std::vector<ClusterNodeView> views(const std::string& inUse = {}) const;
  std::size_t size() const;

  /// Applies to every link now and to nodes added later.
  void setLinkProfile(const LinkProfile& profile);
  LinkProfile linkProfile() const;
  /// Applies @p profile to the link of one node only (a slower or dropping uplink); throws Error when the node is
  /// unknown or its link is not emulated.
  void setLinkProfile(const std::string& nameOrAddress, const LinkProfile& profile);
  /// The link profile of one node; throws Error when unknown.
  LinkProfile linkProfile(const std::string& nameOrAddress) const;
  /// The operator's cost of a node, clamped to 0..1 (ParaLoupe's c_i floor); throws Error when unknown.
  void setCost(const std::string& nameOrAddress, double cost);
  /// 0 for an unknown node.
  double cost(const std::string& nameOrAddress) const;
  /// Patch model card local nodes started afterwards serve (edgescope-node --patch-model); "" = none.
  void setPatchModel(const std::string& path);
  std::string patchModel() const;
  /// The backlog ledger every stream's ParaLoupe scheduler shares.
  ClusterLedger& ledger() { return ledger_; }
  /// This camera's CURVE public key (loaded or made on first use, see ClusterOptions::keysDir).
  std::string cameraPublicKey() const;
  /// Default detector for startLocal() callers that have none.
  void setDefaultDetector(const std::string& spec);
  std::string defaultDetector() const;

 private:
  struct Node;
  Node* find(const std::string& nameOrAddress);
  const Node* find(const std::string& nameOrAddress) const;
  std::shared_ptr<NodeClient> connect(const std::string& address, const std::string& serverKey, const std::string& name,
                                      const std::shared_ptr<DuplexLink>& link) const;
  std::shared_ptr<DuplexLink> makeLink() const;
  /// The camera's key pair, loaded or made on first use (mutex_ held).
  const CurveKeyPair& keysLocked() const;

  ClusterOptions options_;
  mutable std::mutex mutex_;
  mutable std::optional<CurveKeyPair> keys_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::string defaultDetector_;
  std::string patchModel_;
  ClusterLedger ledger_;
  int localCounter_ = 0;
  bool ownsFolder_ = false;  ///< options_.folder was made here (removed in the destructor)
};

}  // namespace edgescope
