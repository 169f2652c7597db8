#pragma once
/// @file PhiScore.h
/// AMS's scene-change signal (paper 003, Section 3.2): φ_k is the task loss of the teacher's output on sample k
/// scored against its output on the previous sample k − 1 as if that were ground truth. For detection the loss is
/// φ_k = 1 − F1 at IoU ≥ 0.3, so φ = 0 for an unchanged (or empty) scene and φ = 1 when nothing carries over.
/// Also keeps φ̄, the mean φ over the samples of the current decision interval, which feeds SamplingRateController.

#include <vector>

#include "core/BoundingBox.h"
#include "core/Detection.h"

namespace edgescope {

/// Matching: an optimal (Hungarian) assignment, not greedy. Only pairs with IoU ≥ the threshold may be matched; among
/// those the solver takes as many pairs as possible (then the largest total IoU), which is exactly the assignment
/// that maximises F1 = 2·matched / (previous + current). A greedy highest-IoU-first pass can strand a box whose only
/// partner was taken (see TestPhiScore::hungarianBeatsGreedy) and would overstate φ in crowds; the solver
/// (AssignmentSolver, split into connected components) costs next to nothing at a teacher's box counts.
///
/// Static functions are stateless and reentrant. An instance (one per camera session) is not thread-safe: use it from
/// one thread (the node's training thread). It owns copies of the previous sample's boxes.
class PhiScore {
 public:
  /// The paper's detection criterion for "the same object in both samples".
  static constexpr double kIouThreshold = 0.3;
  /// Teacher detections below this score are not boxes (the distillation's positive threshold, issue 22).
  static constexpr float kTeacherMinScore = 0.5f;

  /// The outcome of matching one sample's boxes against the previous sample's.
  struct Match {
    int matched = 0;        ///< pairs with IoU ≥ threshold in the optimal assignment
    int previousCount = 0;  ///< boxes of sample k − 1 (the "ground truth")
    int currentCount = 0;   ///< boxes of sample k (the "prediction")
    /// 2·matched / (previous + current); 1 when both samples are empty, 0 when exactly one is.
    double f1() const;
    /// 1 − f1(), in [0, 1].
    double phi() const { return 1.0 - f1(); }
  };

  /// Class-agnostic match of two box lists. Boxes with a non-finite or non-positive size count as boxes but match
  /// nothing (their IoU is 0). Throws Error naming "iouThreshold" unless 0 < @p iouThreshold ≤ 1.
  static Match match(const std::vector<BoundingBox>& previous, const std::vector<BoundingBox>& current,
                     double iouThreshold = kIouThreshold);
  /// Teacher outputs: only detections with score ≥ @p minScore count (NaN scores never do), and a pair must share
  /// its classId. Same errors as above, and "minScore" when it is not finite.
  static Match match(const std::vector<Detection>& previous, const std::vector<Detection>& current,
                     double iouThreshold = kIouThreshold, float minScore = kTeacherMinScore);

  /// Throws Error naming "iouThreshold" as match() does, or "minScore" when it is not finite.
  explicit PhiScore(double iouThreshold = kIouThreshold, float minScore = kTeacherMinScore);

  /// Adds the teacher's output on the next sample (in sampling order). Returns φ_k against the previous sample and
  /// adds it to the interval, or NaN for the first sample after construction or reset(), which has no predecessor.
  double addSample(const std::vector<Detection>& teacher);
  /// Same for bare boxes (every box counts, one class).
  double addSample(const std::vector<BoundingBox>& teacher);
  /// Adds an externally computed φ (e.g. restored state) to the interval. NaN is ignored; throws Error naming "phi"
  /// for a value outside [0, 1] or ±inf.
  void addPhi(double phi);

  /// φ̄: the mean φ of the current interval; NaN when it holds no φ yet.
  double intervalMean() const;
  /// Number of φ values in the current interval.
  int intervalCount() const { return intervalCount_; }
  /// Returns intervalMean() and starts a new interval. Call it when SamplingRateController decides. The previous
  /// sample is kept, so the first φ of the new interval compares across the boundary.
  double takeIntervalMean();
  /// True once a sample has been added since construction or reset().
  bool hasPrevious() const { return hasPrevious_; }
  /// Forgets the previous sample and the interval (a new stream, a resync).
  void reset();

  double iouThreshold() const { return iouThreshold_; }
  float minScore() const { return minScore_; }

 private:
  double addFiltered(std::vector<Detection> current);

  double iouThreshold_;
  float minScore_;
  std::vector<Detection> previous_;  // filtered by minScore_, embeddings dropped
  bool hasPrevious_ = false;
  double intervalSum_ = 0.0;
  int intervalCount_ = 0;
};

}  // namespace edgescope
