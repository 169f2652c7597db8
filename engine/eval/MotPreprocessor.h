#pragma once
/// @file MotPreprocessor.h
/// MOTChallenge preprocessing of one frame, as TrackEval's MotChallenge2DBox (and the official devkit) do it before
/// scoring:
/// - Hypotheses are matched to ALL ground-truth rows of the frame (Hungarian, maximum total IoU over pairs with
///   IoU >= 0.5). A hypothesis matched to a "don't care" row is removed: in 9-column MOT16/17/20 files the distractor
///   classes 2 person_on_vehicle, 7 static_person, 8 distractor, 12 reflection (and 6 non_mot_vehicle with the MOT20
///   option); in MOT15 files (no class column) the ignore rows (7th column 0), unless that option is switched off
///   (TrackEval itself keeps them for MOT15).
/// - Ground-truth rows kept: not ignore (7th column != 0) and, in 9-column files, class 1 (pedestrian) only.
/// Visibility is not used (the devkit's minimum visibility is 0). Hypothesis classes are not looked at.

#include <vector>

#include "eval/EvalFrame.h"
#include "mot/MotRow.h"

namespace edgescope {

/// Stateless apart from its options; call from any thread.
class MotPreprocessor {
 public:
  struct Options {
    bool dropHypMatchedToMot15Ignore = true;  ///< MOT15: remove hypotheses matched to ignore rows
    bool mot20Distractors = false;            ///< also treat class 6 (non_mot_vehicle) as a distractor
  };
  /// Indices of the rows to score.
  struct Kept {
    std::vector<int> gt;
    std::vector<int> hyp;
  };

  MotPreprocessor() = default;
  explicit MotPreprocessor(const Options& options) : options_(options) {}

  /// @p overlaps are the IoUs of all @p gt × @p hyp rows (BoxIou::overlaps). A GT row whose classId is -1 came
  /// from a file without class column (MOT15 rules).
  Kept apply(const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp,
             const std::vector<EvalFrame::Overlap>& overlaps) const;
  const Options& options() const { return options_; }
  /// True when hypotheses matched to @p row are removed.
  bool isDontCare(const MotRow& row) const;
  /// True when @p row is scored.
  static bool isScored(const MotRow& row);

 private:
  Options options_;
};

}  // namespace edgescope
