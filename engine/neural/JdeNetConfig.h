#pragma once
/// @file JdeNetConfig.h
/// Architecture hyper-parameters and input normalisation of EdgeScope's JDE network (JdeNet). Torch-free, so the
/// model card can be read and written anywhere.

#include <array>
#include <string>
#include <vector>

#include "neural/JdeBackboneSpec.h"
#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

/// Value type.
struct JdeNetConfig {
  static constexpr int kInputAlign = 32;  ///< input sides must be multiples of this

  int strideOut = 4;               ///< output grid stride, pixels: 4, or 8 (ONNX backbones only)
  JdeBackboneSpec backbone;        ///< what the neck stands on (residual: stageChannels below)

  /// Residual backbone: channels of the stem (stride 2) and of the four stages (strides 4, 8, 16, 32).
  std::vector<int> stageChannels = {16, 32, 48, 96, 160};
  int residualBlocks = 1;          ///< residual blocks in each of the stride-8/16/32 stages (0–4; depth)
  int neckChannels = 48;           ///< channels of the stride-4 aggregated feature map
  int headChannels = 48;           ///< hidden channels of the heatmap/size/offset/detectability heads
  int reidHiddenChannels = 64;     ///< hidden channels of the ReID head
  int embeddingDim = 128;          ///< ReID embedding length
  int detectabilityChannels = 5;   ///< R, one per candidate resolution (highest first); 0: no head (patch models)
  std::array<float, 3> meanRgb = {0.408f, 0.447f, 0.470f};  ///< input normalisation (RGB in [0, 1])
  std::array<float, 3> stdRgb = {0.289f, 0.274f, 0.278f};
  /// Candidate resolutions the detectability channels were trained for, as scales of the full size (highest first).
  std::vector<double> resolutionScales = {1.0, 864.0 / 1088, 704.0 / 1088, 640.0 / 1088, 576.0 / 1088};

  /// Throws Error naming the field when a value is out of range (channels 1–1024, embedding 8–1024, R 0–16 and
  /// equal to resolutionScales.size(), std > 0, strideOut 4 or 8, the backbone's fields).
  void validate() const;
  /// The fields as one JSON object value (the card's "architecture").
  Json toJson() const;
  /// Reads what toJson() wrote; missing fields keep their defaults (a card without "backbone" is the residual
  /// network of the first cards). Throws Error naming the field path.
  static JdeNetConfig read(const JsonNode& object);
  bool operator==(const JdeNetConfig& other) const;
};

}  // namespace edgescope
