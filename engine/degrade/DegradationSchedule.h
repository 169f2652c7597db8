#pragma once
/// @file DegradationSchedule.h
/// The timeline of a DegradationSpec: clean gaps alternating with episodes of one random kind and strength, drawn
/// from the spec's seed. Each gap is the episode before it × (1 − share) / share × U(0.5, 1.5), so the expected
/// share of degraded frames is the spec's share and any stretch of a few episodes comes close to it. Frame N's
/// degradation depends only on (spec, fps, N), never on which frames were asked for before, so the same spec
/// degrades the same frames the same way after any seek.

#include <cstdint>
#include <vector>

#include "degrade/DegradationKind.h"
#include "degrade/DegradationSpec.h"
#include "util/Rng.h"

namespace edgescope {

/// Thread: not thread-safe (at() extends a cache); one owner at a time.
class DegradationSchedule {
 public:
  /// @p fps: frames per second of the source (episode lengths are in seconds); ≤ 0 means 25.
  DegradationSchedule(DegradationSpec spec, double fps);

  /// The degradation of frame @p frameNumber (1-based); None for clean frames and frame numbers < 1. Episodes are
  /// generated lazily up to the highest frame asked for and cached.
  FrameDegradation at(std::int64_t frameNumber);
  /// Seed of frame @p frameNumber's random pixels (noise), a SplitMix64 hash of (seed, frame number).
  std::uint64_t noiseSeed(std::int64_t frameNumber) const;

  const DegradationSpec& spec() const { return spec_; }
  double fps() const { return fps_; }
  /// Mean clean gap between episodes in seconds: mean episode × (1 − share) / share (0 when share is 1).
  double meanGapS() const;

 private:
  struct Episode {
    std::int64_t first = 0;  ///< first frame of the episode
    std::int64_t last = 0;   ///< last frame, inclusive
    FrameDegradation degradation;
  };
  /// Draws gaps and episodes until the timeline covers @p frameNumber.
  void extendTo(std::int64_t frameNumber);
  std::int64_t secondsToFrames(double seconds) const;

  DegradationSpec spec_;
  double fps_;
  Rng rng_;
  std::vector<Episode> episodes_;
  std::int64_t coveredTo_ = 0;    ///< the timeline is drawn for frames 1 … coveredTo_
  double previousLengthS_ = 0.0;  ///< drawn length of the last episode, seconds
};

}  // namespace edgescope
