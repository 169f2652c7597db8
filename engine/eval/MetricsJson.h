#pragma once
/// @file MetricsJson.h
/// The metrics as one JSON object with exactly the keys MOTA MOTP IDF1 IDP IDR HOTA DetA AssA LocA Recall Precision
/// FP FN IDSW Frag MT PT ML GT_IDs (rates as fractions 0–1, counts as integers) — the contract of
/// `edgescope-cli eval --json`, also embedded by other commands.

#include <string>

#include "eval/MotMetrics.h"
#include "util/JsonDocument.h"

namespace edgescope {

/// Stateless; call from any thread.
class MetricsJson {
 public:
  /// The object (counts as integers, rates as numbers; non-finite rates are written as null).
  static Json toJson(const MotMetrics& metrics);
  /// The object as a string.
  static std::string toString(const MotMetrics& metrics);
};

}  // namespace edgescope
