#include "mot/SeqInfo.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "util/Error.h"

namespace edgescope {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

double toNumber(const std::string& value, const std::string& name, int line, const std::string& key, double lo) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !std::isfinite(v)) {
    throw Error::atLine(name, line, key, "expected a number, got '" + value + "'");
  }
  if (v < lo) throw Error::atLine(name, line, key, "must be at least " + std::to_string(static_cast<long long>(lo)));
  return v;
}

}  // namespace

SeqInfo SeqInfo::parse(const std::string& text, const std::string& name) {
  SeqInfo info;
  std::set<std::string> seen;
  std::istringstream stream(text);
  std::string line;
  int lineNumber = 0;
  bool inSequence = false;
  bool sawSection = false;
  while (std::getline(stream, line)) {
    ++lineNumber;
    const std::string t = trim(line);
    if (t.empty() || t[0] == ';' || t[0] == '#') continue;
    if (t.front() == '[') {
      if (t.back() != ']') throw Error::atLine(name, lineNumber, "", "malformed section header '" + t + "'");
      inSequence = t == "[Sequence]";
      sawSection = sawSection || inSequence;
      continue;
    }
    const auto eq = t.find('=');
    if (eq == std::string::npos) {
      throw Error::atLine(name, lineNumber, "", "expected key=value, got '" + t + "'");
    }
    if (!inSequence) continue;
    const std::string key = trim(t.substr(0, eq));
    const std::string value = trim(t.substr(eq + 1));
    seen.insert(key);
    if (key == "name") info.name = value;
    else if (key == "imDir") info.imDir = value;
    else if (key == "imExt") info.imExt = value;
    else if (key == "frameRate") info.frameRate = toNumber(value, name, lineNumber, key, 0.001);
    else if (key == "seqLength") info.seqLength = static_cast<std::int64_t>(toNumber(value, name, lineNumber, key, 1));
    else if (key == "imWidth") info.imWidth = static_cast<int>(toNumber(value, name, lineNumber, key, 1));
    else if (key == "imHeight") info.imHeight = static_cast<int>(toNumber(value, name, lineNumber, key, 1));
  }
  if (!sawSection) throw Error(name + ": no [Sequence] section (is this a MOTChallenge seqinfo.ini?)");
  for (const char* key : {"frameRate", "seqLength", "imWidth", "imHeight"}) {
    if (!seen.count(key)) throw Error(name + ": missing key '" + key + "' in [Sequence]");
  }
  if (info.imDir.empty() || info.imDir.find("..") != std::string::npos) {
    throw Error(name + ": field 'imDir': invalid folder '" + info.imDir + "'");
  }
  return info;
}

SeqInfo SeqInfo::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "': " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

void SeqInfo::write(const std::string& path) const {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error("cannot write '" + path + "': " + std::strerror(errno));
  out << "[Sequence]\nname=" << name << "\nimDir=" << imDir << "\nframeRate=" << frameRate
      << "\nseqLength=" << seqLength << "\nimWidth=" << imWidth << "\nimHeight=" << imHeight << "\nimExt=" << imExt
      << "\n";
  if (!out) throw Error("error while writing '" + path + "'");
}

}  // namespace edgescope
