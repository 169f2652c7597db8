#include "record/ModelCardFile.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "detect/ComponentSpec.h"

namespace edgescope {

std::string ModelCardFile::textForDetector(const std::string& detectorSpec) {
  std::filesystem::path card;
  try {
    const ComponentSpec spec = ComponentSpec::parse(detectorSpec);
    if (spec.scheme() != "jde" || spec.path().empty()) return {};
    card = std::filesystem::path(spec.path()).replace_extension(".json");
  } catch (const std::exception&) {
    return {};
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(card, error)) return {};
  std::ifstream in(card, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return in ? text.str() : std::string();
}

}  // namespace edgescope
