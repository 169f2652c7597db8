#include "net/NodeAddress.h"

#include "util/Error.h"

namespace edgescope {

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

bool NodeAddress::isLoopback(const std::string& endpoint) {
  if (startsWith(endpoint, "ipc://") || startsWith(endpoint, "inproc://")) return true;
  if (!startsWith(endpoint, "tcp://")) return false;
  const std::string rest = endpoint.substr(6);
  // tcp://[source;]host:port — a source address would still send to another host; refuse it.
  if (rest.find(';') != std::string::npos) return false;
  std::string host;
  if (startsWith(rest, "[")) {
    const std::size_t close = rest.find(']');
    if (close == std::string::npos) return false;
    host = rest.substr(1, close - 1);
    return host == "::1" && rest.size() > close + 1 && rest[close + 1] == ':';
  }
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return false;
  host = rest.substr(0, colon);
  if (host == "localhost") return true;
  if (!startsWith(host, "127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

void NodeAddress::requirePlainAllowed(const std::string& endpoint, bool insecure, const std::string& who) {
  if (!insecure) {
    throw Error("net: " + who + " " + endpoint + ": no CURVE keys given; plain mode needs an explicit insecure=true");
  }
  if (!isLoopback(endpoint)) {
    throw Error("net: " + who + " " + endpoint +
                ": insecure (plain) mode is allowed only on loopback (127.0.0.1, localhost, [::1], ipc://); use CURVE "
                "keys for other addresses");
  }
}

}  // namespace edgescope
