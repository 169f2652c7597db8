#pragma once
/// @file MotFolderWriter.h
/// Writes a MOTChallenge sequence folder frame by frame: seqinfo.ini, img1/NNNNNN.EXT and gt/gt.txt (written by
/// finish()). Used by `synth` and `reframe`. One instance per folder; one thread.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "mot/MotRow.h"
#include "mot/SeqInfo.h"

namespace edgescope {

class MotFolderWriter {
 public:
  /// Creates @p folder (and img1/, gt/); @p seq names the sequence, its frame rate, size and image extension.
  /// Throws Error naming the folder when it cannot be created.
  MotFolderWriter(std::string folder, SeqInfo seq);
  /// Writes @p image as the next frame (numbered from 1) with @p groundTruth (their frame numbers are replaced).
  void add(const cv::Mat& image, std::vector<MotRow> groundTruth);
  /// Writes seqinfo.ini (with the number of frames written) and gt/gt.txt. Returns the number of GT rows.
  std::size_t finish();
  std::int64_t frames() const { return frames_; }

 private:
  std::string folder_;
  SeqInfo seq_;
  std::vector<MotRow> rows_;
  std::int64_t frames_ = 0;
};

}  // namespace edgescope
