#pragma once
/// @file LocalNodeProcess.h
/// An edgescope-node child process on loopback (issue 6: local clusters for one-machine testing). It gets its own
/// CURVE key pair and allow list in a private folder, dies with its parent (PR_SET_PDEATHSIG), and writes its
/// output to DIR/node.log. Owned by Cluster; not thread-safe (Cluster locks).

#include <string>
#include <sys/types.h>

namespace edgescope {

struct LocalNodeSpec {
  std::string executable;       ///< path of edgescope-node
  std::string name;             ///< node name (also the folder name)
  int port = 0;                 ///< TCP port on 127.0.0.1
  std::string detectorSpec;     ///< what it detects with
  std::string profile;          ///< DeviceProfile text ("" = native)
  std::string patchModel;       ///< ParaLoupe patch model card it serves ("" = none: patch requests UNSUPPORTED)
  std::string folder;           ///< keys and log; created
  std::string clientPublicKey;  ///< the camera's key, the only one the node accepts
};

class LocalNodeProcess {
 public:
  /// Writes the keys and starts the process. Throws Error naming the executable when it cannot be started.
  explicit LocalNodeProcess(LocalNodeSpec spec);
  ~LocalNodeProcess();  ///< stop()
  LocalNodeProcess(const LocalNodeProcess&) = delete;
  LocalNodeProcess& operator=(const LocalNodeProcess&) = delete;

  /// Starts it again after it exited (same port, keys, name). No-op when it is running.
  void restart();
  /// SIGTERM, waits up to @p graceMs, then SIGKILL. Idempotent.
  void stop(int graceMs = 2000);
  /// SIGKILL at once (rehearse a crash). Idempotent.
  void kill();
  /// Whether the process is alive (reaps it when it exited).
  bool running();
  pid_t pid() const { return pid_; }
  const LocalNodeSpec& spec() const { return spec_; }
  std::string address() const;
  const std::string& serverPublicKey() const { return serverPublicKey_; }
  /// The last lines of its log (for error messages).
  std::string logTail(std::size_t maxBytes = 600) const;

  /// A free TCP port on 127.0.0.1 (asks the kernel; throws Error when none).
  static int freePort();
  /// edgescope-node next to the running executable, else $EDGESCOPE_NODE, else "edgescope-node" (PATH).
  static std::string defaultExecutable();

 private:
  void spawn();
  void reap(bool block);

  LocalNodeSpec spec_;
  std::string serverPublicKey_;
  pid_t pid_ = 0;
};

}  // namespace edgescope
