#include "source/PlaylistEntry.h"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>

#include "eval/FrameRange.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr const char* kKnownKeys = "frames, gain, noise, blur, gt";
constexpr std::size_t kMaxSegments = 2000;  ///< keeps PlaylistSource's per-segment GT id offsets inside an int

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == ','; }

/// Splits @p text at blanks and commas outside double quotes (the quotes are dropped); a '#' that starts a token
/// starts a comment.
std::vector<std::string> tokenize(const std::string& text, const std::string& file, int line) {
  std::vector<std::string> tokens;
  std::string token;
  bool inToken = false, inQuotes = false;
  for (const char c : text) {
    if (inQuotes) {
      if (c == '"')
        inQuotes = false;
      else
        token += c;
    } else if (c == '"') {
      inQuotes = inToken = true;
    } else if (isSeparator(c)) {
      if (inToken) tokens.push_back(token);
      token.clear();
      inToken = false;
    } else if (c == '#' && !inToken) {
      break;
    } else {
      token += c;
      inToken = true;
    }
  }
  if (inQuotes) throw Error::atLine(file, line, "", "unterminated '\"'");
  if (inToken) tokens.push_back(token);
  return tokens;
}

double parseNumber(const std::string& value, double lo, double hi, bool loExclusive, const std::string& file, int line,
                   const std::string& key) {
  char* end = nullptr;
  errno = 0;
  const double number = std::strtod(value.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || !std::isfinite(number)) {
    throw Error::atLine(file, line, key, "'" + value + "' is not a number");
  }
  if (number > hi || number < lo || (loExclusive && number == lo)) {
    char range[64];
    std::snprintf(range, sizeof(range), "%s%g, %g]", loExclusive ? "(" : "[", lo, hi);
    throw Error::atLine(file, line, key, value + " is out of range " + range);
  }
  return number;
}

std::string folderOf(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return {};
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolve(const std::string& folder, const std::string& path) {
  if (path.empty() || path[0] == '/' || folder.empty()) return path;
  return folder == "/" ? "/" + path : folder + "/" + path;
}

/// @p uri with a relative file or mot: path resolved against @p folder; Error for kinds a playlist cannot play.
std::string resolveUri(const std::string& uri, const std::string& folder, const std::string& file, int line) {
  const std::string kind = SourceFactory::kindOf(uri);
  if (kind == "synthetic") return uri;
  if (kind == "mot") return "mot:" + resolve(folder, uri.substr(4));
  if (kind == "file") {
    return uri.rfind("file:", 0) == 0 ? "file:" + resolve(folder, uri.substr(5)) : resolve(folder, uri);
  }
  if (kind == "playlist") throw Error::atLine(file, line, "uri", "playlists cannot be nested ('" + uri + "')");
  throw Error::atLine(file, line, "uri",
                      "'" + uri + "' is a live " + kind + " source; a playlist plays files, mot: and synthetic:");
}

}  // namespace

bool PlaylistEntry::parse(const std::string& text, const std::string& playlistPath, int lineNumber,
                          PlaylistEntry& out) {
  const std::vector<std::string> tokens = tokenize(text, playlistPath, lineNumber);
  if (tokens.empty()) return false;
  const std::string folder = folderOf(playlistPath);
  PlaylistEntry entry;
  entry.line = lineNumber;
  if (tokens[0].empty()) throw Error::atLine(playlistPath, lineNumber, "uri", "empty source URI");
  entry.uri = resolveUri(tokens[0], folder, playlistPath, lineNumber);
  std::set<std::string> seen;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const auto eq = tokens[i].find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error::atLine(
          playlistPath, lineNumber, "",
          "expected KEY=VALUE (" + std::string(kKnownKeys) + ") after the URI, got '" + tokens[i] + "'");
    }
    const std::string key = tokens[i].substr(0, eq), value = tokens[i].substr(eq + 1);
    if (!seen.insert(key).second) throw Error::atLine(playlistPath, lineNumber, key, "given twice");
    if (value.empty()) throw Error::atLine(playlistPath, lineNumber, key, "has no value");
    if (key == "frames") {
      try {
        const FrameRange range = FrameRange::parse(value);
        entry.first = range.first;
        entry.last = range.last == FrameRange().last ? -1 : range.last;
      } catch (const Error& e) {
        throw Error::atLine(playlistPath, lineNumber, key, e.what());
      }
    } else if (key == "gain") {
      entry.gain = parseNumber(value, 0.0, 64.0, true, playlistPath, lineNumber, key);
    } else if (key == "noise") {
      entry.noiseSigma = parseNumber(value, 0.0, 100.0, false, playlistPath, lineNumber, key);
    } else if (key == "blur") {
      entry.blurSigmaPx = parseNumber(value, 0.0, 20.0, false, playlistPath, lineNumber, key);
    } else if (key == "gt") {
      entry.gtPath = resolve(folder, value);
    } else {
      throw Error::atLine(playlistPath, lineNumber, key, "unknown key (known: " + std::string(kKnownKeys) + ")");
    }
  }
  out = entry;
  return true;
}

std::vector<PlaylistEntry> PlaylistEntry::readFile(const std::string& playlistPath) {
  struct stat st {};
  if (::stat(playlistPath.c_str(), &st) != 0) {
    throw Error("cannot open playlist '" + playlistPath + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw Error("cannot open playlist '" + playlistPath + "': not a regular file");
  std::ifstream in(playlistPath, std::ios::binary);
  if (!in) throw Error("cannot open playlist '" + playlistPath + "'");
  std::vector<PlaylistEntry> entries;
  std::string text;
  for (int lineNumber = 1; std::getline(in, text); ++lineNumber) {
    if (lineNumber == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    PlaylistEntry entry;
    if (!parse(text, playlistPath, lineNumber, entry)) continue;
    if (entries.size() == kMaxSegments) {
      throw Error::atLine(playlistPath, lineNumber, "", "more than " + std::to_string(kMaxSegments) + " segments");
    }
    entries.push_back(entry);
  }
  if (in.bad()) throw Error("cannot read playlist '" + playlistPath + "'");
  if (entries.empty()) throw Error("playlist '" + playlistPath + "' has no segment (only blank or comment lines)");
  return entries;
}

}  // namespace edgescope
