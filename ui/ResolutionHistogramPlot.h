#pragma once
/// @file ResolutionHistogramPlot.h
/// Bar plot of the fraction of frames DeepScale ran at each ladder rung (QCustomPlot; x ticks are the rung sizes,
/// highest resolution first). setHistogram() never replots; the owner calls refresh() (coalesced) (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

class QCustomPlot;
class QCPBars;

namespace edgescope {

class ResolutionHistogramPlot : public QWidget {
  Q_OBJECT
 public:
  explicit ResolutionHistogramPlot(QWidget* parent = nullptr);
  /// One bar per entry of @p fractions (fraction of @p frames), named by @p labels (rung index when missing).
  /// Non-finite or negative fractions count as 0.
  void setHistogram(const QVector<double>& fractions, const QStringList& labels, qint64 frames);
  void clear();
  /// Queues a replot.
  void refresh();

  int barCount() const;
  /// Height of the bar of @p rung (0 when there is none).
  double barValue(int rung) const;

 private:
  QCustomPlot* plot_;
  QCPBars* bars_;
  QStringList labels_;
  qsizetype tickCount_ = -1;
};

}  // namespace edgescope
