#pragma once
/// @file DegradeKnobs.h
/// The console's degrade.* knobs (issue 21): darken, blur or otherwise degrade a running source's frames so an
/// operator can watch Turbo react. degrade.kind (off, mixed = every kind, or one kind), degrade.share (expected
/// fraction of degraded frames) and degrade.strength (one strength for every episode) make a DegradationSpec
/// (seed 1, episodes 1–5 s); degrade() applies its DegradationSchedule and ImageDegrader to a frame that was just
/// read, leaving its number, time and ground truth untouched, exactly as DegradedSource would.
///
/// Thread: one owner (the engine thread).

#include <memory>
#include <string>
#include <vector>

#include "degrade/DegradationSchedule.h"
#include "degrade/DegradationSpec.h"
#include "session/ParameterSpec.h"
#include "source/VideoSource.h"

namespace edgescope {

class DegradeKnobs {
 public:
  /// degrade.kind choices, by value: off, mixed, dark, motion, defocus, noise, jpeg, lowres.
  static const std::vector<std::string>& kindChoices();
  /// degrade.kind (choice, 0 = off), degrade.share (0–1, step 0.05, 0.35), degrade.strength (0–1, step 0.05, 0.7).
  static std::vector<ParameterSpec> parameterSpecs();

  /// Applies one knob sanitised by its spec; returns the applied value. Throws Error naming an unknown id.
  double apply(const std::string& id, double value);
  /// Applied value of one knob; throws Error naming an unknown id.
  double value(const std::string& id) const;
  /// The spec the knobs describe: seed 1, share, the chosen kinds, strength S:S, default episode lengths. Not
  /// enabled() while degrade.kind is off or degrade.share is 0.
  DegradationSpec spec() const;

  /// Degrades @p frame in place when the knobs are on: its image becomes a degraded copy on the frame's degraded
  /// episodes and frame.degradation says how (None on clean frames). Nothing changes while off. Episode lengths use
  /// @p fps (≤ 0: 25). Frame N is degraded the same way whenever it is read (after seeks and loops). Throws Error when
  /// the image is not 8-bit BGR.
  void degrade(SourceFrame& frame, double fps);

 private:
  int kind_ = 0;
  double share_ = 0.35;
  double strength_ = 0.7;
  std::unique_ptr<DegradationSchedule> schedule_;  ///< for the current spec and fps (rebuilt when either changes)
};

}  // namespace edgescope
