#pragma once
/// @file TrackHistory.h
/// What the console knows about each track id from the frames it displayed: first and last frame seen, frames
/// shown, the GT identity it covered (IoU ≥ 0.5, best match) and how often that GT identity changed while GT was
/// present (identity switches from the track's point of view). Cleared on seek, loop or a new source. GUI thread.

#include <QHash>

#include "ViewTypes.h"

namespace edgescope {

class TrackHistory {
 public:
  struct Entry {
    qint64 firstSeen = 0;     ///< frame the tracker created it (frame − age when first shown)
    qint64 lastSeen = 0;
    int framesShown = 0;      ///< displayed frames containing it
    int gtId = -1;            ///< GT identity it covered last (-1: none)
    int idSwitches = 0;       ///< changes of the covered GT identity
    int framesWithGt = 0;     ///< displayed frames where it covered a GT box
  };
  void addFrame(const FrameView& frame);
  void clear() { entries_.clear(); lastFrame_ = 0; }
  bool contains(int id) const { return entries_.contains(id); }
  Entry entry(int id) const { return entries_.value(id); }
  int size() const { return entries_.size(); }
  /// Multi-line description for the video overlay.
  QString describe(int id) const;

 private:
  QHash<int, Entry> entries_;
  qint64 lastFrame_ = 0;
};

}  // namespace edgescope
