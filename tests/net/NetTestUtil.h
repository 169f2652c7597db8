#pragma once
// Helpers shared by the node protocol tests: synthetic JPEG frames, key folders, server/client configurations and a
// thread-safe capture of the server's log lines.
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <zmq.hpp>

#include "net/NodeClientConfig.h"
#include "net/NodeServerConfig.h"
#include "net/edgescope_node.pb.h"

namespace edgescope::testing {

/// Frame @p number of the synthetic street scene (people walking), @p size pixels, as JPEG.
std::string syntheticJpeg(int number, cv::Size size = {640, 480});

/// Log lines from any thread.
class LogCapture {
 public:
  void add(const std::string& line);
  bool contains(const std::string& text) const;
  std::vector<std::string> lines() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

/// A CURVE server on "tcp://127.0.0.1:*" (or @p address) running hog, accepting @p allowedClient, logging into @p log.
NodeServerConfig curveServer(const CurveKeyPair& serverKeys, const std::string& allowedClient, LogCapture& log,
                             const std::string& address = "tcp://127.0.0.1:*");
NodeClientConfig curveClient(const std::string& address, const CurveKeyPair& clientKeys,
                             const std::string& serverPublicKey);
/// A raw DEALER connected to @p address with CURVE (linger 0), for tests that speak the protocol by hand.
zmq::socket_t curveDealer(zmq::context_t& context, const std::string& address, const CurveKeyPair& clientKeys,
                          const std::string& serverPublicKey);
/// An envelope whose body is a DetectRequest for @p jpeg.
wire::Envelope detectEnvelope(const std::string& jpeg, std::int64_t frameNumber = 1);
/// The error message @p future fails with, or "<no error>" when it delivers a reply (waits for it).
std::string futureError(std::future<wire::Envelope>& future);
/// VmRSS of this process in KiB (0 when /proc is unavailable).
long residentKb();

}  // namespace edgescope::testing
