#include "neural/NeuralDetectors.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "detect/ComponentSpec.h"
#include "detect/DetectorFactory.h"
#include "neural/JdeDetector.h"
#include "util/Error.h"

namespace edgescope {

bool NeuralDetectors::isJdeModel(const std::string& path) {
  if (path.size() < 5 || path.compare(path.size() - 5, 5, ".json") != 0) return false;
  try {
    return JdeModelCard::read(path).kind == JdeModelCard::kKindJde;  // patch models are not frame detectors
  } catch (const std::exception&) {
    return false;
  }
}

std::string NeuralDetectors::findModel(const std::vector<std::string>& folders) {
  for (const std::string& folder : folders) {
    std::ifstream marker(std::filesystem::path(folder) / kDefaultModelFile);
    std::string named;
    if (marker && std::getline(marker, named)) {
      while (!named.empty() && std::isspace(static_cast<unsigned char>(named.back()))) named.pop_back();
      const std::string card = (std::filesystem::path(folder) / named).string();
      if (!named.empty() && isJdeModel(card)) return card;
    }
    std::error_code error;
    std::vector<std::string> cards;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
      if (entry.is_regular_file(error) && entry.path().extension() == ".json") cards.push_back(entry.path().string());
    std::sort(cards.begin(), cards.end());
    for (const std::string& card : cards)
      if (isJdeModel(card)) return card;
  }
  return {};
}

void NeuralDetectors::registerAll() {
  DetectorFactory::registerScheme(
      "jde",
      [](const ComponentSpec& spec) -> std::unique_ptr<Detector> {
        spec.requirePath("a JDE model card (.json) or weights (.pt)");
        spec.options().requireKnownKeys("conf,device,threads,size");
        JdeDetectorOptions options;
        options.scoreThreshold = static_cast<float>(spec.options().getDouble("conf", 0.1, 0.0, 1.0));
        options.device = spec.options().getString("device", "auto");
        options.threads = static_cast<int>(spec.options().getInt("threads", 0, 0, 256));
        const std::string size = spec.options().getString("size", "");
        if (!size.empty()) {
          int w = 0, h = 0;
          char trailing = 0;
          if (std::sscanf(size.c_str(), "%dx%d%c", &w, &h, &trailing) != 2)
            throw Error("in '" + spec.text() + "': option 'size'=" + size + " must be WxH");
          options.inputSize = {w, h};
        }
        return std::make_unique<JdeDetector>(spec.path(), options);
      },
      &NeuralDetectors::isJdeModel);
}

}  // namespace edgescope
