#pragma once
/// @file DeepScaleStatus.h
/// What the engine reports about DeepScale: per frame (DeepScaleFrame, in FrameSnapshot) and overall
/// (DeepScaleStatus, in EngineStatus). Plain values; the console draws its badge, timeline and histogram from them.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

/// The input size one frame ran at. Value type.
struct DeepScaleFrame {
  bool active = false;     ///< false when the detector has no DeepScale support (fields below then unused)
  int widthPx = 0;         ///< network input width of this frame, pixels
  int heightPx = 0;        ///< network input height of this frame, pixels
  int rungIndex = 0;       ///< ladder index (0 = highest resolution)
  bool reselected = false; ///< this frame ran at the highest rung and re-chose the resolution (Eq. 5)
};

/// DeepScale's running state. Value type.
struct DeepScaleStatus {
  bool active = false;                   ///< the pipeline's detector supports DeepScale
  bool adaptive = false;                 ///< mode: adaptive (true) or fixed
  std::vector<std::string> rungLabels;   ///< ladder, "WxH", highest first
  int chosenRung = 0;                    ///< rung the current cycle uses
  std::vector<double> lastScores;        ///< Eq. 5 scores of the last selection, one per rung (rung 0 = 1); may be empty
  std::vector<double> histogram;         ///< fraction of frames per rung since the source was opened (sums to 1)
  std::int64_t histogramFrames = 0;      ///< frames the histogram counts
  std::int64_t selections = 0;           ///< re-selections so far
};

}  // namespace edgescope
