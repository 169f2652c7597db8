#pragma once
/// @file JdeBackboneSpec.h
/// Which feature extractor a JdeNet stands on: the project's own small residual network (trained from scratch, the
/// cards before issue 19), or a graph imported from an ONNX model (e.g. yolox_nano's CSPDarknet + PAFPN, with its
/// pretrained weights) whose named values at strides 8/16/32 (and 4) feed the JDE neck. Torch-free value type; the
/// card's "architecture.backbone" object. The imported graph's structure (weights stripped) travels inside the
/// network's `.pt` file, not in the card; the card records its sha256.

#include <memory>
#include <string>
#include <vector>

#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode;

struct JdeBackboneSpec {
  static constexpr const char* kResidual = "residual";
  static constexpr const char* kOnnx = "onnx";

  std::string kind = kResidual;    ///< kResidual | kOnnx
  std::string source;              ///< ONNX file the weights were imported from (file name), e.g. "yolox_nano.onnx"
  std::string sourceSha256;        ///< sha256 of that file
  std::string licence;             ///< its licence, e.g. "Apache-2.0"
  std::vector<std::string> taps;   ///< graph values at strides 8, 16, 32 (the PAFPN outputs), finest first
  std::string stride4Tap;          ///< graph value at stride 4 (used when the network's strideOut is 4)
  std::string inputOrder = "rgb";  ///< channel order the backbone was trained on: "rgb" or "bgr"
  std::string graphSha256;         ///< sha256 of `graph`
  /// Serialised onnx::ModelProto of the cut graph with its weights stripped (OnnxSubgraph); shared, immutable.
  /// Not written to the card: JdeModelFile stores it in the `.pt` file.
  std::shared_ptr<const std::string> graph;

  bool isOnnx() const { return kind == kOnnx; }
  /// Throws Error naming the field (unknown kind or channel order, not three taps, no stride-4 tap for @p strideOut 4).
  void validate(int strideOut) const;
  Json toJson() const;
  /// Reads what toJson() wrote. Throws Error naming the field path.
  static JdeBackboneSpec read(const JsonNode& object);
  /// Equal fields and equal graph bytes.
  bool operator==(const JdeBackboneSpec& other) const;
};

}  // namespace edgescope
