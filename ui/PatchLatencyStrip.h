#pragma once
/// @file PatchLatencyStrip.h
/// The Patches tab's frame chooser (ParaLoupe, issue 20): the end-to-end ms of the last kRingFrames frames that ran
/// under PL as bars (green: SLO met, red: missed) under a dashed SLO line. It keeps those frames' ParaLoupe data in a
/// ring, so the Gantt can show any of them. By default the newest frame is shown and a marker follows it; a click on
/// a bar shows that frame (the marker stays on it), a double-click follows the newest again. A shown frame that leaves
/// the ring falls back to following. Frames not under PL are ignored; an older frame number (seek, loop, new source)
/// clears the ring. Coalesced, visible-only redraws (LivePlot). GUI thread.

#include <deque>

#include "LivePlot.h"
#include "ViewTypes.h"

class QCPBars;
class QCPItemStraightLine;
class QMouseEvent;

namespace edgescope {

class PatchLatencyStrip : public LivePlot {
  Q_OBJECT
 public:
  static constexpr int kRingFrames = 300;

  /// One kept frame: its number and its partition result (end to end, ParaLoupe data).
  struct Entry {
    qint64 frameNumber = 0;
    PartitionView partition;
  };

  explicit PatchLatencyStrip(QWidget* parent = nullptr);

  /// Frames in the ring (≤ kRingFrames).
  int frameCount() const { return static_cast<int>(ring_.size()); }
  /// Oldest and newest kept frame numbers (0 when empty).
  qint64 oldestFrame() const { return ring_.empty() ? 0 : ring_.front().frameNumber; }
  qint64 newestFrame() const { return ring_.empty() ? 0 : ring_.back().frameNumber; }
  /// The kept frame @p frameNumber, or null.
  const Entry* entry(qint64 frameNumber) const;
  /// The frame to show: the chosen one, or the newest while following (null when empty).
  const Entry* shownEntry() const;
  bool isFollowing() const { return following_; }
  /// Share of the kept frames whose end to end met their SLO, 0..1 (0 when empty).
  double sloMetShare() const;
  /// Mean patches per kept frame, keyframes left out (0 when none).
  double meanPatches() const;
  /// The kept frame nearest to x pixel @p xPx of the plot (its bar), or -1 when the ring is empty.
  qint64 frameAtPixel(int xPx) const;

 public slots:
  void addFrame(const edgescope::FrameView& frame);
  /// Shows kept frame @p frameNumber (the nearest kept one when it is not kept) and stops following.
  void selectFrame(qint64 frameNumber);
  /// Shows the newest frame from now on.
  void followNewest();
  /// Forgets the ring (new source, seek, other session) and follows again.
  void clear();

 signals:
  /// The frame to show changed: a new newest frame while following, a click, or a reset.
  void shownFrameChanged();

 protected:
  void updateAxes() override;

 private:
  void onPress(QMouseEvent* event);

  QCPBars* met_;
  QCPBars* missed_;
  QCPItemStraightLine* slo_;
  QCPItemStraightLine* marker_;
  std::deque<Entry> ring_;  ///< oldest first
  bool following_ = true;
  qint64 chosen_ = 0;  ///< the frame shown while not following
};

}  // namespace edgescope
