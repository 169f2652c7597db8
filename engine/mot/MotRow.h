#pragma once
/// @file MotRow.h
/// One row of a MOTChallenge gt/det/result file.

#include <cstdint>

#include "core/BoundingBox.h"

namespace edgescope {

/// Value type. Column meaning follows MOT16/17/20: frame, id, x, y, w, h, conf/flag, class, visibility; MOT15 files
/// have world coordinates in columns 8–10 instead of class/visibility.
struct MotRow {
  std::int64_t frame = 0;     ///< 1-based frame number
  int id = -1;                ///< object id, -1 for detections
  BoundingBox box;            ///< pixels
  float confidence = 1.0f;    ///< column 7: detection score, or GT "consider" flag (0 = ignore row)
  int classId = 1;            ///< column 8 of 9-column files (1 = pedestrian); -1 when the file had no class
  float visibility = 1.0f;    ///< column 9 of 9-column files, in [0, 1]
  float worldX = -1.0f, worldY = -1.0f, worldZ = -1.0f;  ///< MOT15 columns 8–10 (metres), -1 when absent

  /// GT rows whose 7th column is 0 are "ignore" rows.
  bool isIgnore() const { return confidence == 0.0f; }
};

}  // namespace edgescope
