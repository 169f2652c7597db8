// edgescope-bench-association [FRAMES] [SEED]: association time per frame of MultiObjectTracker with 100 tracks and
// 100 detections (a synthetic crowd on a 1920x1080 frame: people of 80–320 px height walking at up to 4 px/frame,
// box noise σ 2 px, 128-d embeddings = identity + N(0, 0.05²) per dimension, cosine ≈ 0.75 between two sightings).
// Prints mean / p95 ms of the whole update() in JDE and BYTE mode (the association time per frame), and of JDE's
// round-1 cost matrix and its LAPJV solve alone. Used for docs/BENCHMARKS.md (goal ≤ 1 ms per frame).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "core/Stopwatch.h"
#include "track/AssociationCost.h"
#include "track/LinearAssignment.h"
#include "track/MultiObjectTracker.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

constexpr int kPeople = 100;
constexpr int kEmbeddingDim = 128;
constexpr int kWarmupFrames = 30;

struct Walker {
  double x, y, w, h, vx, vy;
  std::vector<float> identity;
};

class Crowd {
 public:
  explicit Crowd(std::uint64_t seed) : rng_(seed) {
    for (int i = 0; i < kPeople; ++i) {
      Walker p;
      p.h = rng_.uniform(80, 320);
      p.w = p.h * rng_.uniform(0.35, 0.5);
      p.x = rng_.uniform(0, 1920 - p.w);
      p.y = rng_.uniform(0, 1080 - p.h);
      p.vx = rng_.uniform(-4, 4);
      p.vy = rng_.uniform(-1.5, 1.5);
      p.identity = normalised(gaussian(1.0));
      people_.push_back(p);
    }
  }
  /// Moves everyone one frame (bouncing at the borders) and returns their noisy detections.
  std::vector<Detection> step() {
    std::vector<Detection> dets;
    for (Walker& p : people_) {
      p.x += p.vx;
      p.y += p.vy;
      if (p.x < 0 || p.x + p.w > 1920) p.vx = -p.vx;
      if (p.y < 0 || p.y + p.h > 1080) p.vy = -p.vy;
      Detection d;
      d.box = {static_cast<float>(p.x + 2 * rng_.normal()), static_cast<float>(p.y + 2 * rng_.normal()),
               static_cast<float>(p.w * (1 + 0.02 * rng_.normal())),
               static_cast<float>(p.h * (1 + 0.02 * rng_.normal()))};
      d.score = static_cast<float>(rng_.uniform(0.6, 0.95));
      std::vector<float> e = gaussian(0.05);
      for (int k = 0; k < kEmbeddingDim; ++k) e[k] += p.identity[k];
      d.embedding = normalised(e);
      dets.push_back(std::move(d));
    }
    return dets;
  }

 private:
  std::vector<float> gaussian(double sigma) {
    std::vector<float> v(kEmbeddingDim);
    for (float& x : v) x = static_cast<float>(sigma * rng_.normal());
    return v;
  }
  static std::vector<float> normalised(std::vector<float> v) {
    double n = 0;
    for (const float x : v) n += static_cast<double>(x) * x;
    for (float& x : v) x = static_cast<float>(x / std::sqrt(n));
    return v;
  }
  Rng rng_;
  std::vector<Walker> people_;
};

struct Stats {
  double meanMs = 0, p95Ms = 0;
};

Stats summarise(std::vector<double> ms) {
  Stats s;
  if (ms.empty()) return s;
  for (const double v : ms) s.meanMs += v;
  s.meanMs /= static_cast<double>(ms.size());
  std::sort(ms.begin(), ms.end());
  s.p95Ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  return s;
}

using FramePairFn = std::function<void(const std::vector<Detection>&, const std::vector<Detection>&)>;

/// Runs the tracker over @p frames frames and times update(); also runs @p extra (given this and the previous
/// frame's detections) when set. Returns the number of tracks reported in the last frame.
size_t run(TrackerMode mode, int frames, std::uint64_t seed, std::vector<double>& updateMs, const FramePairFn& extra) {
  TrackerConfig config;
  config.mode = mode;
  MultiObjectTracker tracker(config);
  Crowd crowd(seed);
  std::vector<Track> tracks;
  std::vector<Detection> previous;
  for (int f = 0; f < kWarmupFrames + frames; ++f) {
    std::vector<Detection> dets = crowd.step();
    if (f >= kWarmupFrames && extra) extra(dets, previous);
    Stopwatch sw;
    tracks = tracker.update(dets, f);
    if (f >= kWarmupFrames) updateMs.push_back(sw.elapsedMs());
    previous = std::move(dets);
  }
  return tracks.size();
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const KalmanFilter filter;
  std::vector<double> jdeMs, byteMs, costMs, solveMs;
  size_t matched = 0;
  // JDE round 1 alone: tracks at the previous frame's detections (Kalman-initiated and predicted once, their
  // embeddings as track features) against this frame's detections; cost matrix, then LAPJV.
  const auto costAndSolve = [&](const std::vector<Detection>& dets, const std::vector<Detection>& previous) {
    std::vector<KalmanState> states;
    for (const Detection& p : previous) {
      states.push_back(filter.initiate(KalmanFilter::toXyah(p.box)));
      filter.predict(states.back());
    }
    Stopwatch sw;
    std::vector<const std::vector<float>*> trackFeatures, detFeatures;
    std::vector<cv::Vec4d> measurements;
    std::vector<const KalmanState*> statePtrs;
    for (const auto& s : states) statePtrs.push_back(&s);
    for (const Detection& p : previous) trackFeatures.push_back(&p.embedding);
    for (const Detection& d : dets) {
      detFeatures.push_back(&d.embedding);
      measurements.push_back(KalmanFilter::toXyah(d.box));
    }
    const CostMatrix cost = AssociationCost::gatedAppearanceCost(trackFeatures, detFeatures, filter, statePtrs,
                                                                 measurements, 0.98, KalmanFilter::kChi2Inv95Dof4);
    costMs.push_back(sw.elapsedMs());
    sw.restart();
    matched += LinearAssignment::solve(cost, 0.4).matches.size();
    solveMs.push_back(sw.elapsedMs());
  };
  const size_t jdeTracks = run(TrackerMode::Jde, frames, seed, jdeMs, costAndSolve);
  const size_t byteTracks = run(TrackerMode::Byte, frames, seed, byteMs, nullptr);

  std::vector<double> denseMs;  // LAPJV on dense uniform 100 x 100 costs (no structure, no limit)
  Rng rng(seed);
  for (int f = 0; f < frames; ++f) {
    CostMatrix c(kPeople, kPeople);
    for (int i = 0; i < kPeople; ++i) {
      for (int j = 0; j < kPeople; ++j) c.at(i, j) = rng.uniform();
    }
    Stopwatch sw;
    LinearAssignment::solve(c);
    denseMs.push_back(sw.elapsedMs());
  }

  const Stats jde = summarise(jdeMs), byte = summarise(byteMs), cost = summarise(costMs), solve = summarise(solveMs),
              dense = summarise(denseMs);
  std::printf("association, %d people, %d-d embeddings, %d frames (after %d warm-up), seed %llu\n", kPeople,
              kEmbeddingDim, frames, kWarmupFrames, static_cast<unsigned long long>(seed));
  std::printf("  JDE  update()            mean %.3f ms  p95 %.3f ms  (%zu tracks reported)\n", jde.meanMs, jde.p95Ms,
              jdeTracks);
  std::printf("  BYTE update()            mean %.3f ms  p95 %.3f ms  (%zu tracks reported)\n", byte.meanMs, byte.p95Ms,
              byteTracks);
  std::printf("  JDE fused cost, fresh Kalman tracks (wide gates)  mean %.3f ms  p95 %.3f ms\n", cost.meanMs,
              cost.p95Ms);
  std::printf("  LAPJV fused, limit 0.4   mean %.3f ms  p95 %.3f ms  (%.1f of %d matched per frame)\n", solve.meanMs,
              solve.p95Ms, static_cast<double>(matched) / frames, kPeople);
  std::printf("  LAPJV dense uniform      mean %.3f ms  p95 %.3f ms\n", dense.meanMs, dense.p95Ms);
  return 0;
}
