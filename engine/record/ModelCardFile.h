#pragma once
/// @file ModelCardFile.h
/// Finds the JSON model card of a detector spec for session manifests, without loading the model (the engine does
/// not depend on LibTorch): for "jde:PATH[?options]" the card is PATH with its extension replaced by ".json".
/// Stateless; any thread.

#include <string>

namespace edgescope {

class ModelCardFile {
 public:
  /// The card's text, or "" when the spec is not jde:, has no path, or the card file is absent or unreadable.
  static std::string textForDetector(const std::string& detectorSpec);
};

}  // namespace edgescope
