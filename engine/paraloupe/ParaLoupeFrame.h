#pragma once
/// @file ParaLoupeFrame.h
/// What ParaLoupe did with one frame (paper 002; issue 20): the patches, where each ran and at which size, what the
/// scheduler predicted against what was measured, and the frame's timeline per device (the console's Gantt, the
/// recording's pl_* columns and patches.csv). Part of PartitionFrame; value type, any thread reads a copy.
/// Times are ms from the moment the frame was handed to tracking (the camera's wall clock).

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/BoundingBox.h"
#include "paraloupe/Patch.h"

namespace edgescope {

/// One patch of the frame and its fate.
struct PatchRecord {
  int id = 0;
  PatchKind kind = PatchKind::Low;
  BoundingBox rect;            ///< frame pixels
  std::string node;            ///< "camera", a node's name, or "" when shed
  int inputWidth = 0;          ///< patch-model input size it ran at (0 when shed)
  int inputHeight = 0;
  double predictedMs = 0.0;    ///< the scheduler's s/b + t for it
  double measuredMs = 0.0;     ///< compute ms as measured (the node's per-patch share, or the camera's)
  float objectness = 0.0f;
  bool served = false;         ///< peaks came back in time
  bool kept = false;           ///< one of its peaks survived aggregation
};

/// A span of the Gantt: one phase on one device.
struct GanttSegment {
  std::string device;          ///< "camera" or a node's name
  std::string phase;           ///< generate, schedule, encode, uplink, queue, compute, downlink, aggregate, track, keyframe
  double startMs = 0.0;
  double endMs = 0.0;
};

/// One device's share of the frame: predicted T_i against the measured completion.
struct DeviceTiming {
  std::string device;
  int patches = 0;
  double predictedMs = 0.0;    ///< the scheduler's T_i (from the send time)
  double measuredMs = 0.0;     ///< send to reply (or to the local batch's end), −1 when no reply came in time
  bool late = false;           ///< its reply missed SLO + graceMs (or failed)
  bool timed = true;           ///< measuredMs is the reply's arrival (false: it was there before the camera looked)
};

struct ParaLoupeFrame {
  bool active = false;         ///< the frame ran under PL
  bool keyframe = false;       ///< a full-frame JDE keyframe (cold start, keyframeInterval, no patch model)
  std::string scheduler;       ///< "markov", "uniform", "greedy"
  int patches = 0;             ///< after refinement
  int high = 0;
  int low = 0;
  int roi = 0;
  int shed = 0;                ///< left unassigned by the scheduler, plus those lost with a late node and not redone
  int redone = 0;              ///< HighConf patches of a late or failed node run again on the camera
  int lateReplies = 0;         ///< node replies that missed the frame (late, failed, invalid)
  int invalidPeaks = 0;        ///< peaks discarded for non-finite boxes or unknown patch ids
  double sloMs = 0.0;
  bool sloMet = false;         ///< end to end ≤ sloMs
  double utility = 0.0;        ///< U of the chosen assignment
  int iterations = 0;          ///< Markov moves
  double scheduleMs = 0.0;     ///< solve time
  double patchgenMs = 0.0;     ///< features + proposals + refinement
  double aggregateMs = 0.0;    ///< mapping, NMS, tracking, online update
  double budgetMs = 0.0;       ///< what the scheduler had: SLO − pre − post − guard
  double guardMs = 0.0;        ///< held back after recent SLO overruns (p95 of the last 50 frames' end past their plan)
  double uplinkKb = 0.0;       ///< patch requests' bytes / 1000
  std::vector<PatchRecord> records;
  std::vector<DeviceTiming> devices;
  std::vector<GanttSegment> gantt;
  cv::Mat objectness;          ///< the generator's p per cell (CV_32F, its own copy; empty on keyframes)
  int objectnessCellPx = 8;    ///< cell side, frame pixels
};

}  // namespace edgescope
