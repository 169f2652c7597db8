#include "partition/LocalNodeProcess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "net/CurveKeyPair.h"
#include "util/Error.h"
#include "util/OpenMpPolicy.h"

namespace edgescope {

namespace fs = std::filesystem;

LocalNodeProcess::LocalNodeProcess(LocalNodeSpec spec) : spec_(std::move(spec)) {
  fs::create_directories(fs::path(spec_.folder) / "allowed");
  const CurveKeyPair keys = CurveKeyPair::generate();
  keys.save(spec_.folder, "node");
  serverPublicKey_ = keys.publicKey();
  std::ofstream allowed(fs::path(spec_.folder) / "allowed" / "camera.public");
  allowed << spec_.clientPublicKey << "\n";
  if (!allowed) throw Error("local node " + spec_.name + ": cannot write " + spec_.folder + "/allowed/camera.public");
  allowed.close();
  spawn();
}

LocalNodeProcess::~LocalNodeProcess() { stop(); }

std::string LocalNodeProcess::address() const { return "tcp://127.0.0.1:" + std::to_string(spec_.port); }

void LocalNodeProcess::spawn() {
  std::vector<std::string> args = {spec_.executable, "--bind", address(), "--detector", spec_.detectorSpec,
                                   "--keys", spec_.folder, "--allow", spec_.folder + "/allowed", "--name", spec_.name};
  if (!spec_.profile.empty() && spec_.profile != "native") {
    args.push_back("--profile");
    args.push_back(spec_.profile);
  }
  if (!spec_.patchModel.empty()) {
    args.push_back("--patch-model");
    args.push_back(spec_.patchModel);
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The node shares the cores with the camera on one machine: OpenMP workers that spin after each inference
  // (libgomp's default) starve the camera's threads and inflate every handoff. Brief spinning, then sleep, unless the
  // operator set a policy (OpenMpPolicy).
  std::vector<std::string> inherited;
  for (char** entry = environ; entry && *entry; ++entry) inherited.emplace_back(*entry);
  std::vector<std::string> environment = OpenMpPolicy::withWorkerPolicy(std::move(inherited));
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const std::string logPath = spec_.folder + "/node.log";
  const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw Error("local node " + spec_.name + ": cannot open " + logPath);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    throw Error("local node " + spec_.name + ": fork failed");
  }
  if (pid == 0) {  // child: async-signal-safe calls only
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvpe(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log);
  pid_ = pid;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!running()) {
    throw Error("local node " + spec_.name + ": " + spec_.executable + " exited at once: " + logTail());
  }
}

void LocalNodeProcess::restart() {
  if (running()) return;
  spawn();
}

void LocalNodeProcess::reap(bool block) {
  if (pid_ <= 0) return;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (done == pid_ || (done < 0 && errno == ECHILD)) pid_ = 0;
}

bool LocalNodeProcess::running() {
  reap(false);
  return pid_ > 0;
}

void LocalNodeProcess::stop(int graceMs) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
  while (running() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
}

void LocalNodeProcess::kill() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::string LocalNodeProcess::logTail(std::size_t maxBytes) const {
  std::ifstream in(spec_.folder + "/node.log", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > maxBytes ? text.substr(text.size() - maxBytes) : text;
}

int LocalNodeProcess::freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw Error("no socket for a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw Error("no free TCP port on 127.0.0.1");
  return ntohs(address.sin_port);
}

std::string LocalNodeProcess::defaultExecutable() {
  if (const char* env = std::getenv("EDGESCOPE_NODE"); env && *env) return env;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const fs::path& candidate : {self.parent_path() / "edgescope-node", self.parent_path() / "../bin/edgescope-node"}) {
      if (fs::exists(candidate)) return candidate.lexically_normal().string();
    }
  }
  return "edgescope-node";
}

}  // namespace edgescope
