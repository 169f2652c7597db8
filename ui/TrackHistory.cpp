#include "TrackHistory.h"

#include <QObject>

namespace edgescope {
namespace {
double iou(const QRectF& a, const QRectF& b) {
  const QRectF inter = a.intersected(b);
  if (inter.isEmpty()) return 0.0;
  const double overlap = inter.width() * inter.height();
  return overlap / (a.width() * a.height() + b.width() * b.height() - overlap);
}
}  // namespace

void TrackHistory::addFrame(const FrameView& frame) {
  if (frame.frameNumber <= lastFrame_) clear();
  lastFrame_ = frame.frameNumber;
  for (const auto& track : frame.tracks) {
    const bool known = entries_.contains(track.id);
    Entry& entry = entries_[track.id];
    if (!known) entry.firstSeen = frame.frameNumber - track.ageFrames;
    entry.lastSeen = frame.frameNumber;
    ++entry.framesShown;
    if (!frame.hasGroundTruth) continue;
    int bestId = -1;
    double best = 0.5;
    for (const auto& gt : frame.groundTruth) {
      if (gt.ignore) continue;
      const double overlap = iou(track.rect, gt.rect);
      if (overlap >= best) {
        best = overlap;
        bestId = gt.id;
      }
    }
    if (bestId < 0) continue;
    ++entry.framesWithGt;
    if (entry.gtId >= 0 && entry.gtId != bestId) ++entry.idSwitches;
    entry.gtId = bestId;
  }
}

QString TrackHistory::describe(int id) const {
  if (!entries_.contains(id)) return QObject::tr("track %1: not seen").arg(id);
  const Entry e = entries_.value(id);
  QString text = QObject::tr("track %1\nfirst seen: frame %2\nlast seen: frame %3\nframes shown: %4")
                     .arg(id).arg(e.firstSeen).arg(e.lastSeen).arg(e.framesShown);
  if (e.framesWithGt > 0) {
    text += QObject::tr("\ncovers GT id %1 (%2 frames)\nID switches: %3").arg(e.gtId).arg(e.framesWithGt).arg(e.idSwitches);
  }
  return text;
}

}  // namespace edgescope
