#include "NetTestUtil.h"

#include <fstream>

#include <opencv2/imgproc.hpp>

#include "net/JpegImage.h"
#include "net/KeyAllowList.h"
#include "util/Error.h"
#include "source/VideoSource.h"
#include "synthetic/SyntheticSource.h"

namespace edgescope::testing {

std::string syntheticJpeg(int number, cv::Size size) {
  SyntheticSource source("synthetic:?seed=7&people=8&frames=400&width=" + std::to_string(size.width) +
                         "&height=" + std::to_string(size.height));
  source.seek(number);
  SourceFrame frame;
  source.read(frame, 1000);
  return JpegImage::encode(frame.frame.image, 90);
}

void LogCapture::add(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  lines_.push_back(line);
}

bool LogCapture::contains(const std::string& text) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& line : lines_) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> LogCapture::lines() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lines_;
}

NodeServerConfig curveServer(const CurveKeyPair& serverKeys, const std::string& allowedClient, LogCapture& log,
                             const std::string& address) {
  NodeServerConfig config;
  config.bindAddress = address;
  config.detectorSpec = "hog";
  config.keys = serverKeys;
  config.allowedClients.add(allowedClient);
  config.name = "test-node";
  config.log = [&log](const std::string& line) { log.add(line); };
  return config;
}

NodeClientConfig curveClient(const std::string& address, const CurveKeyPair& clientKeys,
                             const std::string& serverPublicKey) {
  NodeClientConfig config;
  config.address = address;
  config.keys = clientKeys;
  config.serverPublicKey = serverPublicKey;
  config.name = "test-camera";
  return config;
}

zmq::socket_t curveDealer(zmq::context_t& context, const std::string& address, const CurveKeyPair& clientKeys,
                          const std::string& serverPublicKey) {
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  dealer.set(zmq::sockopt::curve_serverkey, serverPublicKey);
  dealer.set(zmq::sockopt::curve_publickey, clientKeys.publicKey());
  dealer.set(zmq::sockopt::curve_secretkey, clientKeys.secretKey());
  dealer.connect(address);
  return dealer;
}

wire::Envelope detectEnvelope(const std::string& jpeg, std::int64_t frameNumber) {
  wire::Envelope envelope;
  envelope.mutable_detect_request()->set_jpeg(jpeg);
  envelope.mutable_detect_request()->set_frame_number(frameNumber);
  return envelope;
}

long residentKb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

std::string futureError(std::future<wire::Envelope>& future) {
  try {
    future.get();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace edgescope::testing
