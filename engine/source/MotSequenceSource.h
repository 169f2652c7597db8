#pragma once
/// @file MotSequenceSource.h
/// `mot:DIR` — a MOTChallenge sequence folder: seqinfo.ini, img1/NNNNNN.jpg, optional gt/gt.txt and det/det.txt.

#include <memory>

#include "mot/GroundTruthIndex.h"
#include "mot/SeqInfo.h"
#include "source/VideoSource.h"

namespace edgescope {

/// Thread: owned and used by one thread (the engine thread).
class MotSequenceSource : public VideoSource {
 public:
  /// Throws Error naming the path when the folder, seqinfo.ini or the image folder is missing, seqinfo.ini is
  /// malformed, the first image cannot be read, or gt.txt / det.txt is malformed.
  explicit MotSequenceSource(const std::string& directory);
  const SourceInfo& info() const override { return info_; }
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  bool seek(std::int64_t frameNumber) override;
  /// Public detections from det/det.txt (nullptr when the folder has none).
  std::shared_ptr<const GroundTruthIndex> detections() const { return detections_; }
  const SeqInfo& seqInfo() const { return seqInfo_; }
  /// Path of image @p frameNumber.
  std::string imagePath(std::int64_t frameNumber) const;

 private:
  std::string directory_;
  SeqInfo seqInfo_;
  SourceInfo info_;
  std::shared_ptr<const GroundTruthIndex> detections_;
  std::int64_t nextNumber_ = 1;
};

}  // namespace edgescope
