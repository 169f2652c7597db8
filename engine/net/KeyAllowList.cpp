#include "net/KeyAllowList.h"

#include <filesystem>
#include <fstream>

#include "net/CurveKeyPair.h"
#include "util/Error.h"

namespace edgescope {

KeyAllowList KeyAllowList::load(const std::string& path) {
  KeyAllowList list;
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (entry.path().extension() == ".public") list.addFile(entry.path().string(), false);
    }
    if (error) throw Error(path + ": cannot list the allow-list folder: " + error.message());
  } else if (std::filesystem::is_regular_file(path, error)) {
    list.addFile(path, true);
  } else {
    throw Error(path + ": allow-list file or folder not found");
  }
  return list;
}

void KeyAllowList::add(const std::string& publicKey) {
  if (!CurveKeyPair::isValidKey(publicKey)) throw Error("net: allow-list entry is not a Z85 CURVE public key");
  if (size() >= kMaxKeys) throw Error("net: allow-list holds more than " + std::to_string(kMaxKeys) + " keys");
  keys_.insert(publicKey);
}

void KeyAllowList::addFile(const std::string& path, bool manyKeys) {
  if (!manyKeys) {
    add(CurveKeyPair::readKeyFile(path));
    return;
  }
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot read the allow-list");
  std::string line;
  int lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    const std::size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos || line[begin] == '#') continue;
    const std::string key = line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
    if (!CurveKeyPair::isValidKey(key)) throw Error::atLine(path, lineNumber, "key", "not a Z85 CURVE public key");
    if (size() >= kMaxKeys) throw Error::atLine(path, lineNumber, "key", "more than 10000 keys");
    keys_.insert(key);
  }
}

}  // namespace edgescope
