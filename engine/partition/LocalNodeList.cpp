#include "partition/LocalNodeList.h"

#include <sstream>

#include "link/DeviceProfile.h"
#include "util/Error.h"

namespace edgescope {

LinkProfile LocalNodeList::link(const std::string& text, const std::string& what, const std::string& item) {
  try {
    return text == "testbed" ? LinkProfile() : LinkProfile::parse(text);
  } catch (const Error& error) {
    throw Error(what + " '" + item + "': link: " + error.what());
  }
}

std::vector<LocalNodeEntry> LocalNodeList::parse(const std::string& text, const std::string& what) {
  std::vector<LocalNodeEntry> entries;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ';');) {
    if (item.empty()) continue;
    LocalNodeEntry entry;
    const auto at = item.find('@');
    entry.profile = item.substr(0, at);
    try {
      DeviceProfile::parse(entry.profile);
    } catch (const Error& error) {
      throw Error(what + " '" + item + "': profile: " + error.what());
    }
    entry.linkText = at == std::string::npos ? std::string() : item.substr(at + 1);
    entry.link = link(entry.linkText.empty() ? kLanLink : entry.linkText, what, item);
    entries.push_back(entry);
  }
  if (entries.size() > kMaxNodes) {
    throw Error(what + ": at most " + std::to_string(kMaxNodes) + " nodes, not " + std::to_string(entries.size()));
  }
  return entries;
}

}  // namespace edgescope
