#pragma once
/// @file ParameterSpec.h
/// A parameter an engine module declares; the UI builds its controls (sliders, toggles) from these.

#include <string>
#include <vector>

namespace edgescope {

/// Value type. A parameter with minValue 0, maxValue 1 and step 1 is a toggle.
struct ParameterSpec {
  std::string id;            ///< stable dotted id, e.g. "playback.speed"
  std::string label;         ///< short human label
  double minValue = 0.0;
  double maxValue = 1.0;
  double step = 0.0;         ///< quantum of valid values from minValue (0 = continuous)
  double defaultValue = 0.0;
  std::string unit;          ///< e.g. "ms", "fps", "×", "" for none
  std::string description;   ///< one sentence for tooltips and --help
  /// Labels of an enumeration: value i (minValue + i × step) is choices[i]. Empty for numeric parameters. The UI
  /// shows a few choices as preset buttons and more as a combo box.
  std::vector<std::string> choices;

  bool isToggle() const { return choices.empty() && minValue == 0.0 && maxValue == 1.0 && step == 1.0; }
  /// @p value clamped to [minValue, maxValue] and snapped to the step grid.
  double sanitize(double value) const;
};

}  // namespace edgescope
