#include "metrics/MetricsServer.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>

#include <CivetServer.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include "metrics/CivetwebStacks.h"
#include "metrics/ScrapeCollectable.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// Position of the ':' before the port (after "]" for IPv6), npos when none.
std::size_t portSeparator(const std::string& address) {
  const std::size_t bracket = address.rfind(']');
  const std::size_t colon = address.rfind(':');
  if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket)) return std::string::npos;
  return colon;
}

/// civetweb's first log line on this thread since cleared: why a start failed ("cannot bind to 127.0.0.1:9464: 98
/// (Address already in use)"). Lines of a running server (on its threads) are dropped rather than printed to stderr.
thread_local std::string tFirstCivetwebLine;

int keepLogLine(const mg_connection*, const char* message) {
  if (tFirstCivetwebLine.empty() && message) tFirstCivetwebLine = message;
  return 1;  // handled: civetweb prints nothing
}

/// Opens and closes a connection to @p host:@p port (a wildcard host: its loopback). Failures are ignored.
void connectOnce(std::string host, int port) {
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) return;
  const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd >= 0) {
    (void)::connect(fd, found->ai_addr, found->ai_addrlen);
    ::close(fd);
  }
  ::freeaddrinfo(found);
}

}  // namespace

std::string MetricsServer::normalizeAddress(const std::string& address) {
  const auto bad = [&](const std::string& why) {
    return Error("metrics address '" + address + "': " + why + " (expected PORT, :PORT or HOST:PORT)");
  };
  if (address.empty()) throw bad("empty");
  const std::size_t colon = portSeparator(address);
  const std::string host = colon == std::string::npos ? std::string() : address.substr(0, colon);
  const std::string port = colon == std::string::npos ? address : address.substr(colon + 1);
  if (port.empty() || port.size() > 5) throw bad("the port must be a number 0..65535");
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) throw bad("the port must be a number 0..65535");
  }
  if (std::stoi(port) > 65535) throw bad("the port must be a number 0..65535");
  for (char c : host) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') throw bad("the host has a space or a comma");
  }
  if (host.empty()) {
    if (colon == std::string::npos || colon == 0) return "127.0.0.1:" + port;
    throw bad("empty host");
  }
  return host + ":" + port;
}

MetricsServer::MetricsServer(const std::string& address)
    : registry_(std::make_shared<prometheus::Registry>()),
      collectable_(std::make_shared<ScrapeCollectable>(registry_)) {
  const std::string bind = normalizeAddress(address);
  // Pulls CivetwebStacks.cpp (and its pthread_attr_setstacksize) into every program that serves metrics.
  (void)CivetwebStacks::isCivetweb(nullptr);
  CivetCallbacks callbacks;
  callbacks.log_message = &keepLogLine;
  tFirstCivetwebLine.clear();
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(bind, 2, &callbacks);
  } catch (const std::exception& error) {  // CivetException: "null context when constructing CivetServer…"
    throw Error("cannot serve metrics on " + bind + ": " +
                (tFirstCivetwebLine.empty() ? std::string(error.what()) : tFirstCivetwebLine));
  }
  exposer_->RegisterCollectable(collectable_);
  const std::vector<int> ports = exposer_->GetListeningPorts();
  port_ = ports.empty() ? 0 : ports.front();
  address_ = bind.substr(0, portSeparator(bind)) + ":" + std::to_string(port_);
}

MetricsServer::~MetricsServer() { stop(); }

void MetricsServer::stop() {
  if (!exposer_) return;
  // civetweb's listener checks its stop flag between polls of up to 2 s; a connection ends the poll at once, so
  // stopping takes milliseconds instead of up to 2 s (the console's GUI thread, the end of every CLI command).
  std::atomic<bool> stopped{false};
  std::thread stopper([this, &stopped] {
    exposer_.reset();
    stopped = true;
  });
  const std::string host = address_.substr(0, portSeparator(address_));
  while (!stopped) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!stopped) connectOnce(host, port_);
  }
  stopper.join();
}

std::string MetricsServer::url() const { return "http://" + address_ + "/metrics"; }

void MetricsServer::addScrapeHook(std::function<void()> hook) { collectable_->addHook(std::move(hook)); }

}  // namespace edgescope
