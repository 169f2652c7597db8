#pragma once
/// @file SyntheticScene.h
/// The roster of the synthetic scene: `people` spawn slots, each spawning one person per period (with jitter), so
/// that about `people` persons are in view at any time. Persons are pure functions of (seed, slot, cycle), so the
/// persons at any frame are found in O(people) without simulation state.

#include <cstdint>
#include <vector>

#include "synthetic/PersonFactory.h"
#include "synthetic/StreetCamera.h"
#include "synthetic/SyntheticConfig.h"
#include "synthetic/SyntheticPerson.h"

namespace edgescope {

/// Immutable after construction, thread-safe.
class SyntheticScene {
 public:
  /// A person on its path at some frame, value type.
  struct Walker {
    SyntheticPerson person;
    PersonPose pose;
  };

  /// Throws Error when the ids of the configured sequence would not fit an int.
  SyntheticScene(const SyntheticConfig& config, const StreetCamera& camera);
  /// Persons on their path at @p frame (1-based), ordered by id. Some may be outside the image.
  std::vector<Walker> walkersAt(std::int64_t frame) const;
  /// Frames between two spawns of one slot.
  double periodFrames() const { return period_; }

 private:
  SyntheticPerson personOf(int slot, std::int64_t cycle) const;
  /// Mean number of frames a person spends in view (estimated from a sample of persons).
  double meanFramesInView(const StreetCamera& camera) const;

  PersonFactory factory_;
  std::uint64_t salt_;
  int slots_;
  double fps_;
  double period_ = 1.0;
  double maxDuration_ = 0.0;
  std::int64_t firstCycle_ = 0;
  std::vector<double> phase_;
};

}  // namespace edgescope
