#include "degrade/DegradationSchedule.h"

#include <algorithm>
#include <cmath>

namespace edgescope {
namespace {

constexpr double kFallbackFps = 25.0;
constexpr std::uint64_t kTimelineStream = 0x7469'6D65'6C69'6E65ULL;  // "timeline"
constexpr std::uint64_t kNoiseStream = 0x6E6F'6973'6570'6978ULL;     // "noisepix"
/// Gaps vary uniformly by ±kGapSpread around their mean.
constexpr double kGapSpread = 0.5;

}  // namespace

DegradationSchedule::DegradationSchedule(DegradationSpec spec, double fps)
    : spec_(std::move(spec)), fps_(fps > 0.0 ? fps : kFallbackFps), rng_(Rng::mix(spec_.seed, kTimelineStream)) {}

double DegradationSchedule::meanGapS() const {
  if (spec_.share <= 0.0) return 0.0;
  return 0.5 * (spec_.episodeMinS + spec_.episodeMaxS) * (1.0 - spec_.share) / spec_.share;
}

std::int64_t DegradationSchedule::secondsToFrames(double seconds) const {
  return static_cast<std::int64_t>(std::llround(seconds * fps_));
}

void DegradationSchedule::extendTo(std::int64_t frameNumber) {
  const double gapPerEpisodeS = spec_.share > 0.0 ? (1.0 - spec_.share) / spec_.share : 0.0;
  while (coveredTo_ < frameNumber) {
    // The first episode starts anywhere in the first gap; each later gap is the episode before it × (1 − share) /
    // share × U(1 − spread, 1 + spread): every cycle then has about the spec's share, so the share converges fast.
    const double gapS = episodes_.empty()
                            ? rng_.uniform() * meanGapS()
                            : previousLengthS_ * gapPerEpisodeS * rng_.uniform(1.0 - kGapSpread, 1.0 + kGapSpread);
    Episode episode;
    episode.first = coveredTo_ + 1 + secondsToFrames(gapS);
    previousLengthS_ = rng_.uniform(spec_.episodeMinS, spec_.episodeMaxS);
    episode.last = episode.first + std::max<std::int64_t>(1, secondsToFrames(previousLengthS_)) - 1;
    episode.degradation.kind =
        spec_.kinds[static_cast<std::size_t>(rng_.uniformInt(0, static_cast<int>(spec_.kinds.size()) - 1))];
    episode.degradation.strength = rng_.uniform(spec_.strengthMin, spec_.strengthMax);
    episode.degradation.angleDeg = rng_.uniform(0.0, 180.0);
    episodes_.push_back(episode);
    coveredTo_ = episode.last;
  }
}

FrameDegradation DegradationSchedule::at(std::int64_t frameNumber) {
  if (frameNumber < 1 || !spec_.enabled()) return {};
  extendTo(frameNumber);
  // The last episode starting at or before frameNumber; the frame is in it or in the gap after it.
  const auto after = std::upper_bound(episodes_.begin(), episodes_.end(), frameNumber,
                                      [](std::int64_t n, const Episode& e) { return n < e.first; });
  if (after == episodes_.begin()) return {};
  const Episode& episode = *(after - 1);
  return frameNumber <= episode.last ? episode.degradation : FrameDegradation{};
}

std::uint64_t DegradationSchedule::noiseSeed(std::int64_t frameNumber) const {
  return Rng::mix(Rng::mix(spec_.seed, kNoiseStream), static_cast<std::uint64_t>(frameNumber));
}

}  // namespace edgescope
