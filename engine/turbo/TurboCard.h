#pragma once
/// @file TurboCard.h
/// The JSON card `turbo_<detector>.json` that travels with a Turbo enhancer's weights `turbo_<detector>.pt` (paper
/// 004, issue 21): which detector card it was trained for (file name and the sha256 of that card's bytes), the
/// enhancer's architecture, the detector's backbone levels, the hard threshold and D_f's Platt calibration, the
/// training recipe, validation metrics and, optionally, the offline gain and latency profiles. Torch-free, so the
/// console can list and check enhancers without LibTorch; TurboModelFile (edgescope_torch) saves and loads the net.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "turbo/GainProfile.h"
#include "turbo/LatencyProfile.h"

namespace edgescope {

/// TurboNet's architecture without LibTorch (TurboModelFile::configOf converts to TurboNetConfig). Value type.
struct TurboArchitecture {
  std::vector<int> decoderChannels{64, 48, 32, 16, 8};  ///< hidden channels of decoder blocks 1 … β
  int discriminatorChannels = 32;                        ///< D_f / D_i convolution width
  int discriminatorHidden = 64;                          ///< D_f / D_i first fully connected layer
  double imageScale = 1.0;  ///< the residual image's scale: 1 / the detector's normalisation std (pixel units)
  /// Model-agnostic: the weights hold a trainable copy of the detector's encoder; every exit runs as the full image.
  bool ownEncoder = false;

  bool operator==(const TurboArchitecture& other) const;
  bool operator!=(const TurboArchitecture& other) const { return !(*this == other); }
};

/// Value type; any thread may read.
struct TurboCard {
  static constexpr const char* kFormat = "edgescope-turbo";
  static constexpr int kVersion = 1;

  /// D_f's Platt scaling: calibrated P(easy) = sigmoid(a · logit + b).
  struct Calibration {
    double a = 1.0;
    double b = 0.0;
    /// sigmoid(a · @p logit + b), in [0, 1].
    double probabilityEasy(double logit) const;
  };

  /// How the weights were made (paper 004 §4: stage 0 discriminators, 1 GAN, 2 multi-exit, 3 target fine-tuning).
  struct Training {
    std::string command;                     ///< exact command line that produced the weights
    std::vector<std::string> data;           ///< pre-training data specs (public, annotated)
    std::vector<std::string> targetData;     ///< the deployment's frames (discriminator fine-tuning, unlabelled)
    std::vector<std::string> validationData;
    std::array<std::int64_t, 4> stageSteps{};  ///< optimiser steps of stages 0 … 3, each ≥ 0
    std::uint64_t seed = 0;
    std::string device;                      ///< e.g. "LibTorch 2.3.0, cuda, NVIDIA H100"
    double seconds = 0.0;                    ///< wall time of the whole run
    std::string created;                     ///< ISO 8601 UTC
    std::vector<std::string> notes;          ///< one sentence each: what the command line does not say
    bool modelAgnostic = false;              ///< ablation: pixel L1 to the clean frame, own encoder, no L_d
    bool noAdversarial = false;              ///< ablation: stage 2 without the GAN loss
    bool noInstance = false;                 ///< ablation: without D_i
  };

  std::string name;           ///< e.g. "turbo_jde_yolox_s8"
  std::string description;
  std::string weightsFile;    ///< file name of the weights, relative to the card's folder
  std::string weightsSha256;  ///< lowercase hex of the weights file
  std::string detectorCard;   ///< file name of the detector's card, e.g. "jde_yolox_s8.json"
  std::string detectorSha256; ///< lowercase hex of the detector card file's bytes
  TurboArchitecture architecture;
  /// The detector's backbone level values (imported graphs; empty for the residual backbone), informational.
  std::vector<std::string> levelValues;
  std::vector<int> levelChannels;  ///< channels of backbone levels 0 … β (level 0 = the input, 3)
  int exits = 0;                   ///< β = architecture.decoderChannels.size()
  double hardThreshold = 0.4;      ///< d = 1 − θ at or above which a frame is hard, in [0, 1]
  Calibration calibration;
  Training training;
  std::map<std::string, double> validation;  ///< e.g. "val.AP50.plain", "val.AP50.exit5"
  std::optional<GainProfile> gainProfile;    ///< offline gain profile (maxExit = exits)
  std::vector<LatencyProfile> latencyProfiles;  ///< offline latency profiles, one per LatencyProfile::key()

  std::string toJson() const;
  /// Parses a card. Throws Error naming @p name and the field path (wrong format tag, unsupported version, a field
  /// missing or of the wrong type, values out of range, exits/levelChannels/levelValues/decoderChannels or the
  /// profiles' exits that disagree, two latency profiles with the same key).
  static TurboCard fromJson(const std::string& text, const std::string& name);
  /// Reads the card at @p path (Error naming the path when unreadable or invalid).
  static TurboCard read(const std::string& path);
  /// Throws Error naming @p path when it cannot be written.
  void write(const std::string& path) const;
  /// The card path for a weights path and vice versa: "x.pt" ↔ "x.json".
  static std::string cardPathFor(const std::string& path);

  /// Sets detectorCard (the file name) and detectorSha256 from the detector card at @p detectorCardPath (Error
  /// naming the path when it cannot be read).
  void bindDetector(const std::string& detectorCardPath);
  /// Throws Error naming both files unless the sha256 of the detector card at @p detectorCardPath equals
  /// @p card.detectorSha256 (or it cannot be read): the enhancer was trained for another detector.
  static void requireDetector(const TurboCard& card, const std::string& turboCardPath,
                              const std::string& detectorCardPath);
  /// The latency profile with LatencyProfile::key() @p key, or null. Points into this card.
  const LatencyProfile* latencyProfileFor(const std::string& key) const;
};

}  // namespace edgescope
