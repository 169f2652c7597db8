#pragma once
/// @file Patch.h
/// One single-object patch of a frame (paper 002, Section III-C): where it is, why it exists and how much it is worth
/// to the scheduler. Value type; any thread.

#include "core/BoundingBox.h"

namespace edgescope {

/// Why a patch exists, in the refiner's priority order.
enum class PatchKind {
  High = 0,  ///< HighConf: a track's predicted box for this frame, enlarged
  Roi = 1,   ///< an operator's rectangle
  Low = 2,   ///< LowConf: a connected component of objectness p ≥ threshold outside the HighConf patches
};

struct Patch {
  /// Width / height of every patch and of the patch model's inputs (32×64, 64×128, 96×192).
  static constexpr float kAspect = 0.5f;

  int id = 0;              ///< index within its frame, 0-based, in priority order
  PatchKind kind = PatchKind::Low;
  BoundingBox rect;        ///< frame pixels; may reach past the frame (the crop is padded there, never shifted)
  float objectness = 0.0f; ///< mean p (LowConf), the track's score (HighConf), 1 (RoI)
  int trackId = 0;         ///< HighConf: the track it follows; 0 otherwise
  double weight = 1.0;     ///< y_k of Eq. 4: 1 for HighConf and RoI, paraloupe.lowConfWeight for LowConf

  static const char* kindName(PatchKind kind) {
    return kind == PatchKind::High ? "high" : kind == PatchKind::Roi ? "roi" : "low";
  }
  /// @p box grown about its centre to kAspect (the shorter side lengthened).
  static BoundingBox widenToAspect(const BoundingBox& box) {
    BoundingBox out = box;
    if (box.height <= 0.0f || box.width <= 0.0f) return out;
    if (box.width < box.height * kAspect) {
      out.width = box.height * kAspect;
    } else {
      out.height = box.width / kAspect;
    }
    out.x = box.centerX() - out.width * 0.5f;
    out.y = box.centerY() - out.height * 0.5f;
    return out;
  }
};

}  // namespace edgescope
