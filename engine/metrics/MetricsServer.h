#pragma once
/// @file MetricsServer.h
/// Serves `/metrics` in Prometheus' text format over HTTP (prometheus-cpp's civetweb exposer) from one registry that
/// the feeders (PipelineMetrics, ClusterMetrics, NodeMetrics, BuildInfo) fill.
///
/// Addresses: "HOST:PORT" binds there; "PORT" or ":PORT" alone means 127.0.0.1:PORT (loopback unless the address
/// says otherwise: "0.0.0.0:9464" serves every interface, "[::1]:9464" IPv6 loopback); port 0 picks a free port
/// (port() tells which).
///
/// Threads: the constructor, addScrapeHook() and the destructor on the owner's thread; registry(), address() and
/// port() from any thread. Requests are served on civetweb's threads ("civetweb-worker"), which collect the registry
/// (prometheus-cpp's metrics are thread-safe) after running the scrape hooks, one scrape at a time.

#include <functional>
#include <memory>
#include <string>

namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace edgescope {

class ScrapeCollectable;

class MetricsServer {
 public:
  /// The port Prometheus' registry of exporters suggests for EdgeScope (the console's View ▸ Serve metrics).
  static constexpr int kDefaultPort = 9464;

  /// Binds @p address and starts serving. Throws Error naming the address when it is malformed, busy or cannot be
  /// bound.
  explicit MetricsServer(const std::string& address);
  ~MetricsServer();  ///< stop()
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  /// "127.0.0.1:9464" for "9464" and ":9464"; other forms unchanged. Throws Error naming @p address when it has no
  /// port, a port that is not a number in 0..65535, or characters civetweb would read as options (",", "s", "r").
  static std::string normalizeAddress(const std::string& address);

  /// Stops serving, in milliseconds (waits for a scrape in progress, so no scrape hook runs afterwards; wakes the
  /// listener with a connection to its own port). Idempotent. Owners whose scrape hooks use their own members call it
  /// first in their destructor.
  void stop();

  /// The registry the feeders add their series to; lives as long as the server.
  prometheus::Registry& registry() { return *registry_; }
  /// The address as bound, with the actual port ("127.0.0.1:41723").
  const std::string& address() const { return address_; }
  int port() const { return port_; }
  /// "http://ADDRESS/metrics".
  std::string url() const;

  /// Runs @p hook before each scrape collects the registry (on a civetweb thread, never two at once): feeders that
  /// read a counter source on demand (NodeServer::stats()) refresh their series there. The hook must not throw and
  /// must stay valid until the server is destroyed.
  void addScrapeHook(std::function<void()> hook);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ScrapeCollectable> collectable_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string address_;
  int port_ = 0;
};

}  // namespace edgescope
