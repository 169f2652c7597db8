#pragma once
/// @file ModelCardSummary.h
/// What an operator needs to know about a JDE model at a glance, read from its JSON model card without loading the
/// network: architecture (backbone, output stride, embedding, detectability maps), training data, lineage (what it
/// was initialised or distilled from) and validation scores. The console shows it as the Tracking panel's tooltip;
/// reports put it at the top of their model section. Torch-free value type; any thread.

#include <string>
#include <utility>
#include <vector>

namespace edgescope {

struct ModelCardSummary {
  std::string name;          ///< e.g. "jde_yolox_s8"
  std::string description;
  std::string architecture;  ///< e.g. "JDE on yolox_nano.onnx (PAFPN taps 956, 990, 1024), output stride 8, …"
  std::string trainingData;  ///< e.g. "vtest.avi frames 1:300 with GT; 8 synthetic scenes (seeds 101–108)"
  std::string lineage;       ///< e.g. "backbone from yolox_nano.onnx (Apache-2.0, sha256 695e750a…); ReID: …"
  std::string validation;    ///< e.g. "MOTA 0.912, IDF1 0.950 on vtest.avi frames 301:400", or ""

  /// Reads @p cardText. Throws Error naming @p name when the text is not a JSON object.
  static ModelCardSummary fromJson(const std::string& cardText, const std::string& name);
  /// (label, text) rows in display order, empty fields left out.
  std::vector<std::pair<std::string, std::string>> rows() const;
  /// The rows as "Label: text" lines.
  std::string toText() const;
};

}  // namespace edgescope
