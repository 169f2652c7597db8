#pragma once
/// @file JdeModelCard.h
/// The JSON model card that travels with every JDE weights file: architecture, input normalisation, candidate
/// resolutions, the training recipe (exact command, data, seed, steps), measured metrics and the weights' sha256.
/// Torch-free, so the console can list models without loading LibTorch.

#include <map>
#include <string>
#include <vector>

#include "neural/JdeNetConfig.h"
#include "neural/PatchCardSection.h"

namespace edgescope {

/// Value type.
struct JdeModelCard {
  static constexpr const char* kFormat = "edgescope-jde";
  static constexpr int kVersion = 1;

  static constexpr const char* kKindJde = "jde";
  static constexpr const char* kKindPatch = "patch";

  std::string kind = kKindJde;    ///< "jde": a frame detector; "patch": a ParaLoupe patch model (issue 20)
  PatchCardSection patch;         ///< kind "patch" only: sizes, objectness weights, preset search
  std::string name;               ///< e.g. "jde_pets09"
  std::string description;
  std::string weightsFile;        ///< file name of the weights, relative to the card's folder
  std::string weightsSha256;      ///< lowercase hex of the weights file
  JdeNetConfig architecture;
  std::string trainingCommand;    ///< exact command line that produced the weights
  /// Commands of the earlier phases this run resumed from (oldest first); empty for a run from scratch.
  std::vector<std::string> earlierTrainingCommands;
  std::vector<std::string> trainingData, validationData;  ///< data specs
  std::int64_t trainingSteps = 0;
  int batchSize = 0;
  std::uint64_t seed = 0;
  std::string trainedOn;          ///< device description, e.g. "LibTorch 1.13.1, cpu, 2 threads"
  double trainingSeconds = 0.0;
  std::string createdUtc;         ///< ISO 8601
  /// How the recipe treats what the command line does not say (BatchNorm, pretrained layers, distillation): one
  /// sentence each, "training.notes".
  std::vector<std::string> trainingNotes;
  std::map<std::string, double> metrics;  ///< e.g. "val.MOTA", "val.IDF1", "loss.final"
  /// Tracker settings this model's scores were measured with ("track.highScore" → 0.4, …): the pipeline applies
  /// them unless the operator set that knob explicitly (CLI --tracker).
  std::map<std::string, double> trackerDefaults;

  std::string toJson() const;
  /// Parses a card. Throws Error naming @p name and the field (wrong format tag, unsupported version, bad values).
  static JdeModelCard fromJson(const std::string& text, const std::string& name);
  /// Reads the card at @p path (Error naming the path when unreadable or invalid).
  static JdeModelCard read(const std::string& path);
  void write(const std::string& path) const;
  /// Throws Error naming @p path and the field "kind" unless the card is of @p expected kind (e.g. a JDE card given
  /// as a patch model).
  void requireKind(const std::string& expected, const std::string& path) const;
  /// The card path for a weights path and vice versa: "x.pt" ↔ "x.json".
  static std::string cardPathFor(const std::string& path);
};

}  // namespace edgescope
