#pragma once
/// @file Track.h
/// One tracked object as published to consumers (a value snapshot of the tracker's state).

#include "core/BoundingBox.h"

namespace edgescope {

enum class TrackState { Tentative, Confirmed, Lost };

/// Value type; safe to copy between threads.
struct Track {
  int id = 0;                 ///< stable identity, > 0
  BoundingBox box;            ///< pixels, in the source frame's coordinates
  float score = 1.0f;         ///< confidence of the last matched detection
  TrackState state = TrackState::Tentative;
  int ageFrames = 0;          ///< frames since birth
  int framesSinceUpdate = 0;  ///< frames since last matched detection
};

}  // namespace edgescope
