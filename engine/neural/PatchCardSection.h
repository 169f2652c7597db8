#pragma once
/// @file PatchCardSection.h
/// The "patch" section of a model card whose kind is "patch" (a ParaLoupe patch model, issue 20): the input sizes
/// the network serves (the scheduler's models m_j), the objectness regression fitted with it (the patch generator's
/// initial weights), and the width/depth presets that were compared (Eq. 3's score), the chosen one marked.
/// Per-size measurements live in the card's metrics ("patch.64x128.f1", ".medianIou", ".cpuMs").
/// Torch-free value type.

#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "paraloupe/ObjectnessModel.h"
#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

struct PatchCardSection {
  /// One preset of the architecture search.
  struct Preset {
    std::string name;
    int parameters = 0;
    double validationLoss = 0.0;
    double cpuMs = 0.0;       ///< batch-8 forward at the middle size, per patch, on the training machine
    double score = 0.0;       ///< validationLoss · α · log(cpuMs)^β (lower is better)
    bool chosen = false;
  };

  std::vector<cv::Size> sizes;   ///< inputs, smallest first (e.g. 32×64, 64×128, 96×192)
  ObjectnessModel objectness;
  std::vector<Preset> presets;
  double scoreAlpha = 1.0;       ///< α of the score
  double scoreBeta = 0.6;        ///< β of the score

  /// "64x128"
  static std::string sizeName(cv::Size size);
  Json toJson() const;
  /// Throws Error naming the field (sizes missing, empty or not multiples of 32; objectness weights not finite).
  static PatchCardSection read(const JsonNode& object);
};

}  // namespace edgescope
