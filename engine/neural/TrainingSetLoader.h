#pragma once
/// @file TrainingSetLoader.h
/// Reads training frames for the JDE network from data specs:
///   SOURCE[,gt=PATH][,frames=A:B][,every=N][,minvis=V]
/// SOURCE is anything SourceFactory opens (a video file, `mot:DIR`, `synthetic:?…`). Labels come from the GT file
/// (or the synthetic generator's own GT); a source without GT is labelled by the teacher detector (pseudo-labels
/// without identities). Identities become global classes: (spec index, GT id) → 0, 1, 2, … Torch-free.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "neural/TrainingSample.h"

namespace edgescope {

class Detector;

/// Not thread-safe; one caller.
class TrainingSetLoader {
 public:
  struct Result {
    std::vector<TrainingSample> samples;
    int identities = 0;           ///< identity classes over all samples
    std::vector<std::string> log; ///< one line per spec: what was read
  };
  /// Called after each frame read: (frames read so far in this spec, frames expected or −1).
  using Progress = std::function<void(const std::string& spec, std::int64_t done, std::int64_t total)>;

  /// @p teacher: labels specs without GT (may be null: then such a spec is an Error naming it). Not owned.
  explicit TrainingSetLoader(Detector* teacher = nullptr, float teacherMinScore = 0.5f)
      : teacher_(teacher), teacherMinScore_(teacherMinScore) {}
  /// Loads every spec in order. Throws Error naming the spec (and the file/line for GT errors).
  Result load(const std::vector<std::string>& specs, const Progress& progress = {}) const;

  /// Parsed spec (exposed for tests).
  struct Spec {
    std::string source, gtPath;
    std::int64_t first = 1, last = -1;  ///< −1: to the end
    int every = 1;
    float minVisibility = 0.25f;        ///< GT rows less visible than this are not used as targets
  };
  static Spec parseSpec(const std::string& text);

 private:
  Detector* teacher_;
  float teacherMinScore_;
};

}  // namespace edgescope
