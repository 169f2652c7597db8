#pragma once
/// @file VideoSource.h
/// The interface every video source implements (files, MOT sequences, cameras, streams, synthetic scenes).

#include <memory>
#include <string>
#include <vector>

#include "core/Frame.h"
#include "degrade/DegradationKind.h"
#include "mot/MotRow.h"
#include "source/SourceInfo.h"

namespace edgescope {

class GroundTruthIndex;

/// Health of a live source (files and sequences are always Ok until the end).
enum class SourceState { Ok, Connecting, Reconnecting, Stalled, EndOfStream, Failed };
const char* stateName(SourceState state);

/// Snapshot of a source's health, value type.
struct SourceHealth {
  SourceState state = SourceState::Ok;
  int reconnectAttempts = 0;      ///< consecutive failed attempts since the last good frame
  int reconnects = 0;             ///< successful reconnects since open
  double nextRetryInMs = 0.0;     ///< while Reconnecting: time until the next attempt
  std::int64_t droppedFrames = 0; ///< live frames overwritten before the pipeline took them
  std::string lastError;          ///< human-readable, names the source
};

enum class ReadStatus { Frame, EndOfStream, NoFrameYet };

/// A frame plus the GT rows of that frame (empty when the source has none).
struct SourceFrame {
  Frame frame;
  std::vector<MotRow> groundTruth;
  FrameDegradation degradation;  ///< how DegradedSource degraded the image (None: as the source delivered it)
};

/// Owned by exactly one thread at a time (the engine thread once opened); implementations that run their own
/// grabber thread synchronise internally. Open errors are thrown as edgescope::Error by the factory/constructors.
class VideoSource {
 public:
  virtual ~VideoSource() = default;
  virtual const SourceInfo& info() const = 0;

  /// Reads the next frame into @p out. Files and sequences block until decoded; live sources wait at most
  /// @p timeoutMs and return NoFrameYet when none arrived. Throws Error on a decode failure that is not the end.
  virtual ReadStatus read(SourceFrame& out, int timeoutMs) = 0;

  /// Positions so that the next read() returns frame @p frameNumber (1-based). Returns false when not seekable or out
  /// of range.
  virtual bool seek(std::int64_t frameNumber) { return false; }

  /// Current health (live sources report reconnects, stalls, drops).
  virtual SourceHealth health() const { return health_; }

  /// Attaches a ground-truth index (e.g. a GT file for a video file); read() then fills SourceFrame::groundTruth.
  void attachGroundTruth(std::shared_ptr<const GroundTruthIndex> groundTruth);
  std::shared_ptr<const GroundTruthIndex> groundTruth() const { return groundTruth_; }

 protected:
  /// Fills @p out.groundTruth from the attached index for out.frame.number.
  void fillGroundTruth(SourceFrame& out) const;
  /// Fills @p out with offline frame @p number (stream time from @p fps, source id @p uri) and its GT rows.
  void fillOfflineFrame(SourceFrame& out, cv::Mat image, std::int64_t number, double fps, const std::string& uri) const;
  SourceHealth health_;

 private:
  std::shared_ptr<const GroundTruthIndex> groundTruth_;
};

}  // namespace edgescope
