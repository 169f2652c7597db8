#pragma once
/// @file DetectionAccumulator.h
/// Person detection AP at IoU 0.5 (AP50), per frame and pooled over a sequence, with the precision envelope and
/// all-point interpolation of PASCAL VOC 2010+ (and COCO's matching): AP = Σ over recall steps of Δrecall × the
/// highest precision at that recall or beyond.
///
/// Rules shared with the tracking metrics (MotPreprocessor):
/// - Ground-truth rows counted: MotPreprocessor::isScored (not ignore; class 1 in 9-column files).
/// - Matching, per frame: detections in descending score order (ties keep their input order); each takes the
///   unmatched scored GT row with the highest IoU >= 0.5 (BoxIou, greedy as VOC/COCO) and is a true positive; a
///   detection left unmatched that overlaps a "don't care" row (MotPreprocessor::isDontCare: MOT15 ignore rows,
///   distractor classes of 9-column files) with IoU >= 0.5 is ignored (neither TP nor FP; a don't-care row may
///   absorb any number of detections, as COCO's crowd regions); any other detection is a false positive — a
///   second detection of an already matched person included.
/// - Pooled AP sorts the detections of all frames by descending score (ties keep the order they were added in).
/// Detection classes are not looked at: pass person detections only.
///
/// Edge cases (values are fractions in [0, 1]; callers print ×100 as points):
/// - one frame with no scored GT and no counted detection: AP (and F1) 1.0 — nothing to find, nothing wrong;
/// - no scored GT but detections: 0; scored GT but no detections: 0;
/// - pooled over frames without any scored GT (nothing added, or a hard/clean subset that has none): 0, whatever the
///   detections; gtCount(), hardGtCount() and cleanGtCount() tell such a 0 from a real one.

#include <cstdint>
#include <vector>

#include "core/Detection.h"
#include "eval/MotPreprocessor.h"
#include "mot/MotRow.h"

namespace edgescope {

/// Not thread-safe: one thread feeds and queries it. The static functions may be called from any thread.
class DetectionAccumulator {
 public:
  /// What one frame contributed.
  struct FrameSummary {
    std::int64_t frame = 0;  ///< as passed to addFrame
    int gt = 0;              ///< scored GT rows
    int truePositives = 0;   ///< detections matched to a scored GT row (any score)
    int falsePositives = 0;
    int ignored = 0;         ///< detections dropped on don't-care rows
    double ap50 = 0.0;       ///< the frame's own AP50 (frameAp50)
    bool hard = false;
  };

  DetectionAccumulator() = default;
  /// @p options choose the don't-care rows (MotPreprocessor::isDontCare).
  explicit DetectionAccumulator(const MotPreprocessor::Options& options) : preprocessor_(options) {}

  /// Scores the @p detections of frame @p frame (source pixels, score in [0, 1]) against that frame's GT rows @p gt;
  /// @p hard puts the frame in the "hard" pool (ap50Hard), else the "clean" one (ap50Clean).
  void addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<Detection>& detections,
                bool hard = false);
  /// As above with hypotheses as MOT rows: the 7th column (confidence) is the score.
  void addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hypotheses,
                bool hard = false);
  /// Adds @p other's frames after this one's (AP as if they had been added here in that order).
  void merge(const DetectionAccumulator& other);
  void reset() { *this = DetectionAccumulator(preprocessor_.options()); }

  double ap50() const;       ///< every frame pooled
  double ap50Hard() const;   ///< frames added with hard = true, pooled
  double ap50Clean() const;  ///< frames added with hard = false, pooled
  int frames() const { return static_cast<int>(frames_.size()); }
  int hardFrames() const { return hardFrames_; }
  std::int64_t gtCount() const { return hardGt_ + cleanGt_; }  ///< scored GT rows over all frames
  std::int64_t hardGtCount() const { return hardGt_; }
  std::int64_t cleanGtCount() const { return cleanGt_; }
  /// One entry per addFrame call, in order.
  const std::vector<FrameSummary>& frameSummaries() const { return frames_; }

  /// AP50 of one frame (default MotPreprocessor options); see the edge cases above.
  static double frameAp50(const std::vector<MotRow>& gt, const std::vector<Detection>& detections);
  /// F1 = 2·TP / (2·TP + FP + FN) of one frame over the detections with score >= @p minScore, same matching; 1.0
  /// when the frame has no scored GT and no counted detection.
  static double frameF1(const std::vector<MotRow>& gt, const std::vector<Detection>& detections, double minScore);

 private:
  /// One counted detection: its score and whether it is a true positive.
  struct Scored {
    float score = 0.0f;
    bool truePositive = false;
    bool hard = false;
  };
  /// Counted detections of one frame, in descending score order.
  static std::vector<Scored> match(const MotPreprocessor& preprocessor, const std::vector<MotRow>& gt,
                                   const std::vector<Detection>& detections, int* ignored);
  /// All-point interpolated AP of @p scored (any order; a stable sort by descending score is applied) against
  /// @p gtCount positives; 0 when gtCount is 0.
  static double averagePrecision(std::vector<Scored> scored, std::int64_t gtCount);
  /// AP of the detections whose hard flag is @p hard (both when @p all).
  double pooled(bool all, bool hard) const;

  MotPreprocessor preprocessor_;
  std::vector<Scored> scored_;  ///< counted detections of every frame, in the order they were added
  std::vector<FrameSummary> frames_;
  std::int64_t hardGt_ = 0;
  std::int64_t cleanGt_ = 0;
  int hardFrames_ = 0;
};

}  // namespace edgescope
