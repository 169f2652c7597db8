#pragma once
/// @file DeepScaleConfig.h
/// The operator's DeepScale settings (paper 000, Sections III-C and V-B): fixed or adaptive resolution, the fixed
/// rung, the adaptation interval K, the thresholds γ1..γ4 and the presets C1/C2/C3 of Table IV, plus their
/// ParameterSpecs ("deepscale.*") for the console's sliders.

#include <array>
#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

enum class DeepScaleMode {
  Fixed,     ///< every frame at config.fixedIndex
  Adaptive,  ///< every K-th frame at the highest rung, Eq. 5 picks the rung of the next K − 1 frames
};

/// Table IV presets; Custom = γs set one by one.
enum class DeepScalePreset { Custom = 0, C1 = 1, C2 = 2, C3 = 3 };

/// Value type; the governor keeps its own copy. γ index i (0-based) is γ(i+1), the threshold of ladder rung i + 1
/// (Table IV: γ1 = 864×480 … γ4 = 576×320 for a 1088×608 ladder). γ is unitless in [0, kGammaNever]; any γ above 1
/// (kGammaNever) means "never choose this size" (Table IV's "–"), because an Eq. 5 score never exceeds 1.
struct DeepScaleConfig {
  static constexpr int kGammaCount = 4;
  static constexpr double kGammaNever = 1.01;  ///< Table IV "–": above every reachable score
  static constexpr int kMaxIntervalFrames = 60;

  DeepScaleMode mode = DeepScaleMode::Fixed;  ///< fixed full resolution unless the operator asks for adaptation
  int fixedIndex = 0;                         ///< rung used in Fixed mode (0 = highest … 4 = smallest)
  int intervalFrames = 40;                    ///< K, source frames between selections (Tables III, V: K = 40)
  std::array<double, kGammaCount> gammas{};   ///< γ1..γ4; defaults to C2
  DeepScalePreset preset = DeepScalePreset::C2;

  DeepScaleConfig();

  /// Table IV's thresholds for @p preset: C1 {0, 0, 1, 1}, C2 {0.8, 1, 1, 1}, C3 {1, –, –, –} ("–" = kGammaNever).
  /// Throws Error for Custom.
  static std::array<double, kGammaCount> presetGammas(DeepScalePreset preset);
  /// "C1", "C2", "C3" or "custom".
  static const char* presetName(DeepScalePreset preset);
  /// "C1"/"c1" … "C3"; throws Error naming @p name otherwise.
  static DeepScalePreset parsePreset(const std::string& name);
  /// "a,b,c,d" as for `track --gamma`: kGammaCount numbers ≥ 0; "-" or any value above 1 means never
  /// (kGammaNever). Throws Error naming the text and the bad item.
  static std::array<double, kGammaCount> parseGammas(const std::string& text);

  /// Sets γ1..γ4 from @p preset (no-op for Custom) and records it.
  void applyPreset(DeepScalePreset preset);
  /// The Table IV preset whose γs equal gammas (within 1e-9), else Custom.
  DeepScalePreset matchingPreset() const;

  /// Operator knobs: deepscale.mode (toggle, 1 = adaptive), deepscale.fixedIndex (0–4), deepscale.k (1–60 frames),
  /// deepscale.gamma1..4 (0–1.01, step 0.01, 1.01 = never), deepscale.preset (0 = custom, 1–3 = C1–C3).
  static std::vector<ParameterSpec> parameterSpecs();
  /// Sets the field named by @p id to @p value sanitised by its spec and returns the applied value (= value(id)
  /// afterwards). Setting a γ makes preset the matching Table IV preset or Custom; setting preset 1–3 sets the γs,
  /// preset 0 keeps them. Throws Error naming the id when it is not one of parameterSpecs().
  double apply(const std::string& id, double value);
  /// Value of the field named by @p id. Throws Error for an unknown id.
  double value(const std::string& id) const;
};

}  // namespace edgescope
