#include "synthetic/SyntheticConfig.h"

#include <cstdlib>
#include <limits>
#include <locale>
#include <sstream>

#include "util/Error.h"
#include "util/UriQuery.h"

namespace edgescope {
namespace {

constexpr const char* kScheme = "synthetic:";
constexpr const char* kKnownKeys = "seed,people,frames,width,height,fps,lighting,blur,noise";

/// Shortest decimal text that reads back as exactly @p value.
std::string formatNumber(double value) {
  std::string text;
  for (int precision = 1; precision <= 17; ++precision) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(precision);
    out << value;
    text = out.str();
    if (std::strtod(text.c_str(), nullptr) == value) break;
  }
  return text;
}

}  // namespace

SyntheticConfig SyntheticConfig::fromUri(const std::string& uri) {
  if (uri.rfind(kScheme, 0) != 0) throw Error("'" + uri + "' is not a synthetic: URI");
  const UriQuery query = UriQuery::parse(uri);
  query.requireKnownKeys(kKnownKeys);
  SyntheticConfig config;
  config.seed = query.getInt("seed", config.seed, 0, std::numeric_limits<std::int64_t>::max());
  config.people = static_cast<int>(query.getInt("people", config.people, 0, 200));
  config.frames = query.getInt("frames", config.frames, 1, 10000000);
  config.width = static_cast<int>(query.getInt("width", config.width, 64, 4096));
  config.height = static_cast<int>(query.getInt("height", config.height, 64, 4096));
  config.fps = query.getDouble("fps", config.fps, 1.0, 240.0);
  config.lighting = query.getInt("lighting", 0, 0, 1) != 0;
  config.blur = query.getDouble("blur", config.blur, 0.0, 20.0);
  config.noise = query.getDouble("noise", config.noise, 0.0, 100.0);
  return config;
}

std::string SyntheticConfig::toUri() const {
  std::ostringstream out;
  out << kScheme << "?seed=" << seed << "&people=" << people << "&frames=" << frames << "&width=" << width
      << "&height=" << height << "&fps=" << formatNumber(fps) << "&lighting=" << (lighting ? 1 : 0)
      << "&blur=" << formatNumber(blur) << "&noise=" << formatNumber(noise);
  return out.str();
}

bool SyntheticConfig::operator==(const SyntheticConfig& other) const {
  return seed == other.seed && people == other.people && frames == other.frames && width == other.width &&
         height == other.height && fps == other.fps && lighting == other.lighting && blur == other.blur &&
         noise == other.noise;
}

}  // namespace edgescope
