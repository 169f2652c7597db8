#include "synthetic/SyntheticScene.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

constexpr double kSpawnJitter = 0.5;  // spawn times jitter by up to this fraction of the period
constexpr int kSamplePersons = 256;
constexpr int kSamplesPerPath = 48;

}  // namespace

SyntheticScene::SyntheticScene(const SyntheticConfig& config, const StreetCamera& camera)
    : factory_(camera),
      salt_(Rng::mix(static_cast<std::uint64_t>(config.seed), 0x5CE7E)),
      slots_(config.people),
      fps_(config.fps) {
  if (slots_ == 0) return;
  maxDuration_ = factory_.maxDurationS() * fps_ + 1.0;
  // Each slot spawns one person per period; with period = mean time in view, about `slots_` persons are in view.
  period_ = std::max(1.0, meanFramesInView(camera));
  Rng rng(Rng::mix(salt_, 0xF4A5E));
  for (int k = 0; k < slots_; ++k) phase_.push_back(rng.uniform(0.0, period_));
  // First cycle that can still be on its path at frame 1.
  firstCycle_ =
      static_cast<std::int64_t>(std::floor((1.0 - (1.0 + kSpawnJitter) * period_ - maxDuration_) / period_)) - 1;
  const double lastCycle = std::floor(static_cast<double>(config.frames) / period_) + 1.0;
  if ((lastCycle - static_cast<double>(firstCycle_) + 1.0) * slots_ >= static_cast<double>(INT_MAX)) {
    throw Error("synthetic: option 'frames'=" + std::to_string(config.frames) + " gives more persons than ids");
  }
}

SyntheticPerson SyntheticScene::personOf(int slot, std::int64_t cycle) const {
  const std::int64_t key = (cycle - firstCycle_) * slots_ + slot;
  Rng rng(Rng::mix(salt_, static_cast<std::uint64_t>(key)));
  SyntheticPerson person = factory_.make(rng);
  person.id = static_cast<int>(key + 1);
  person.spawnFrame =
      phase_[static_cast<std::size_t>(slot)] + (static_cast<double>(cycle) + rng.uniform(0.0, kSpawnJitter)) * period_;
  return person;
}

std::vector<SyntheticScene::Walker> SyntheticScene::walkersAt(std::int64_t frame) const {
  std::vector<Walker> walkers;
  const double t = static_cast<double>(frame);
  for (int k = 0; k < slots_; ++k) {
    const double sinceFirst = t - phase_[static_cast<std::size_t>(k)];
    const auto last = static_cast<std::int64_t>(std::floor(sinceFirst / period_));
    const auto first =
        std::max(firstCycle_,
                 static_cast<std::int64_t>(std::floor((sinceFirst - kSpawnJitter * period_ - maxDuration_) / period_)));
    for (std::int64_t cycle = first; cycle <= last; ++cycle) {
      Walker walker{personOf(k, cycle), {}};
      if (walker.person.poseAt(t, fps_, walker.pose)) walkers.push_back(walker);
    }
  }
  std::sort(walkers.begin(), walkers.end(), [](const Walker& a, const Walker& b) { return a.person.id < b.person.id; });
  return walkers;
}

double SyntheticScene::meanFramesInView(const StreetCamera& camera) const {
  Rng rng(Rng::mix(salt_, 0x5A3B1E));
  double total = 0.0;
  for (int i = 0; i < kSamplePersons; ++i) {
    const SyntheticPerson person = factory_.make(rng);
    int inView = 0;
    for (int j = 0; j < kSamplesPerPath; ++j) {
      const cv::Point2d ground = person.pointAt(person.pathLength * (j + 0.5) / kSamplesPerPath);
      cv::Point2d feet, head;
      if (!camera.project({ground.x, ground.y, 0.0}, feet) ||
          !camera.project({ground.x, ground.y, person.height}, head))
        continue;
      const double halfWidth = 0.25 * (feet.y - head.y);
      if (feet.x + halfWidth >= 0 && feet.x - halfWidth < camera.width() && feet.y >= 0 && head.y < camera.height()) {
        ++inView;
      }
    }
    total += person.durationFrames(fps_) * inView / kSamplesPerPath;
  }
  return total / kSamplePersons;
}

}  // namespace edgescope
