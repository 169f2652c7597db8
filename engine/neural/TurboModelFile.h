#pragma once
/// @file TurboModelFile.h
/// Saving and loading a Turbo enhancer (TurboNet, paper 004): weights in LibTorch's own serialization
/// (`turbo_<detector>.pt`) next to the JSON card (`turbo_<detector>.json`, TurboCard). An enhancer belongs to one
/// detector: loading checks the card, the weights' sha256, that the detector's card is byte for byte the one the
/// enhancer was trained for, that the exits and level channels fit the detector's backbone and that every tensor fits
/// the architecture. Any mismatch or corruption is an Error naming the file. Only edgescope_torch includes this header.

#include <string>

#include "neural/JdeModelFile.h"
#include "neural/TurboNet.h"
#include "turbo/TurboCard.h"

namespace edgescope {

/// A loaded enhancer. Value type (TurboNet is a shared module handle).
struct TurboModel {
  TurboNet net{nullptr};
  TurboCard card;
  std::string weightsPath, cardPath;
};

/// Stateless; any thread.
class TurboModelFile {
 public:
  /// Writes @p net's weights to @p weightsPath (".pt") and @p card next to it (".json"), with weightsFile,
  /// weightsSha256, architecture, levelChannels and exits taken from the file and the net. @p card must name its
  /// detector already (TurboCard::bindDetector). Throws Error naming the path on failure, for a card that names no
  /// detector or would not read back (e.g. profiles with another exit count), and for a net folded for inference
  /// (TurboNetImpl::foldBatchNorm). Nothing is written when it throws before the weights.
  static void save(TurboNet& net, TurboCard card, const std::string& weightsPath);
  /// @p path: the card (".json") or the weights (".pt"); the other is found by extension. @p detector: the loaded
  /// detector the enhancer will run with (its cardPath and net are used). The net is on the CPU in eval mode, not
  /// folded. Throws Error naming the file: missing or invalid card, missing weights, sha256 mismatch, a detector card
  /// other than the one trained for (naming both files), an exit-count or level-channel mismatch with the detector,
  /// weights that are corrupt or do not fit the architecture.
  static TurboModel load(const std::string& path, const JdeModel& detector);

  /// The torch-side configuration of a card's architecture, and back.
  static TurboNetConfig configOf(const TurboArchitecture& architecture);
  static TurboArchitecture architectureOf(const TurboNetConfig& config);
};

}  // namespace edgescope
