#include "amsstream/node/AmsSessionRecord.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

namespace edgescope {

namespace fs = std::filesystem;

namespace {

/// 16 lowercase hex digits.
std::string hex(std::uint64_t value) {
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::string AmsSessionRecord::folderOf(const std::string& stateDir, const std::string& sessionId) {
  return (fs::path(stateDir) / sessionId).string();
}

void AmsSessionRecord::write(const std::string& stateDir) const {
  const fs::path folder = folderOf(stateDir, sessionId);
  const fs::path path = folder / kFileName, temporary = folder / (std::string(kFileName) + ".tmp");
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw Error("AMS session state: cannot create " + folder.string() + ": " + error.message());
  const Json json{{"format", kFormat},
                  {"sessionId", sessionId},
                  {"cameraName", cameraName},
                  {"modelName", modelName},
                  {"baseSha256", baseSha256},
                  {"layoutHash", hex(layoutHash)},
                  {"parameterCount", parameterCount},
                  {"version", std::to_string(version)},
                  {"sha256", sha256},
                  {"clockS", clockS},
                  {"rateFps", rateFps},
                  {"updateIntervalS", updateIntervalS}};
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << JsonDocument::dump(json) << "\n";
    if (!out.flush()) throw Error("AMS session state: cannot write " + temporary.string());
  }
  fs::rename(temporary, path, error);
  if (error) throw Error("AMS session state: cannot move " + temporary.string() + " to " + path.string());
}

namespace {

/// An unsigned integer written as text in @p base (64-bit values do not fit JSON numbers exactly).
std::uint64_t u64(const JsonNode& node, int base, const std::string& where) {
  const std::string& text = node.asString();
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const std::from_chars_result parsed = std::from_chars(text.data(), end, value, base);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end) {
    throw Error(where + ": '" + text + "' is not an unsigned integer");
  }
  return value;
}

}  // namespace

std::optional<AmsSessionRecord> AmsSessionRecord::read(const std::string& stateDir, const std::string& sessionId) {
  const fs::path path = fs::path(folderOf(stateDir, sessionId)) / kFileName;
  if (!fs::exists(path)) return std::nullopt;
  const JsonDocument document = JsonDocument::readFile(path.string());
  const JsonNode root = document.root();
  const std::string where = path.string();
  if (root["format"].asInt() != kFormat) throw Error(where + ": field 'format': unsupported");
  AmsSessionRecord record;
  record.sessionId = root["sessionId"].asString();
  if (record.sessionId != sessionId) throw Error(where + ": field 'sessionId': '" + record.sessionId + "'");
  record.cameraName = root["cameraName"].asString();
  record.modelName = root["modelName"].asString();
  record.baseSha256 = root["baseSha256"].asString();
  record.layoutHash = u64(root["layoutHash"], 16, where + ": field 'layoutHash'");
  const std::int64_t count = root["parameterCount"].asInt64();
  if (count <= 0 || count > 0xFFFFFFFFLL) throw Error(where + ": field 'parameterCount': out of range");
  record.parameterCount = static_cast<std::uint32_t>(count);
  record.version = u64(root["version"], 10, where + ": field 'version'");
  record.sha256 = root["sha256"].asString();
  record.clockS = root["clockS"].asDouble();
  record.rateFps = root["rateFps"].asDouble();
  record.updateIntervalS = root["updateIntervalS"].asDouble();
  if (!(record.clockS >= 0.0)) throw Error(where + ": field 'clockS': not a time");
  return record;
}

}  // namespace edgescope
