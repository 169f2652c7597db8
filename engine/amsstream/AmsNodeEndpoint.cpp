#include "amsstream/AmsNodeEndpoint.h"

#include <cstdlib>
#include <filesystem>

#include "link/DuplexLink.h"
#include "net/NodeAddress.h"
#include "util/Error.h"

namespace edgescope {

AmsNodeEndpoint AmsNodeEndpoint::parse(const std::string& text) {
  const auto hash = text.find('#');
  AmsNodeEndpoint endpoint;
  endpoint.address = text.substr(0, hash);
  endpoint.serverKey = hash == std::string::npos ? std::string() : text.substr(hash + 1);
  if (endpoint.address.rfind("tcp://", 0) != 0 || endpoint.address.find(':', 6) == std::string::npos) {
    throw Error("AMS node '" + text + "': expected tcp://HOST:PORT#SERVERKEY (or tcp://127.0.0.1:PORT, plain)");
  }
  if (!endpoint.serverKey.empty() && !CurveKeyPair::isValidKey(endpoint.serverKey)) {
    throw Error("AMS node " + endpoint.address + ": the server key is not a 40-character Z85 CURVE key");
  }
  if (endpoint.serverKey.empty() && !NodeAddress::isLoopback(endpoint.address)) {
    throw Error("AMS node " + endpoint.address + ": a remote node needs its CURVE server key: " + endpoint.address +
                "#SERVERKEY (edgescope-node prints it at start)");
  }
  return endpoint;
}

CurveKeyPair AmsNodeEndpoint::cameraKeys(const std::string& keysDir) {
  std::string dir = keysDir;
  if (dir.empty()) {
    if (const char* env = std::getenv("EDGESCOPE_KEYS_DIR"); env && *env) {
      dir = env;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      dir = std::string(home) + "/.config/edgescope/keys";
    }
  }
  if (dir.empty()) return CurveKeyPair::generate();
  try {
    if (std::filesystem::exists(std::filesystem::path(dir) / "camera.secret")) return CurveKeyPair::load(dir, "camera");
    CurveKeyPair keys = CurveKeyPair::generate();
    keys.save(dir, "camera");
    return keys;
  } catch (const std::exception&) {
    return CurveKeyPair::generate();  // an unusable folder: this run only (a remote node cannot know the key)
  }
}

NodeClientConfig AmsNodeEndpoint::clientConfig(const std::optional<CurveKeyPair>& keys, const std::string& keysDir,
                                               std::shared_ptr<DuplexLink> link) const {
  NodeClientConfig config;
  config.address = address;
  config.name = "camera";
  config.role = wire::ROLE_CAMERA;
  config.link = std::move(link);
  config.degradedAfterMs = 600;  // as the cluster's clients: a lost node is known within 2 s
  config.lostAfterMs = 1500;
  if (serverKey.empty()) {
    config.insecure = true;
  } else {
    config.keys = keys ? *keys : cameraKeys(keysDir);
    config.serverPublicKey = serverKey;
  }
  return config;
}

}  // namespace edgescope
