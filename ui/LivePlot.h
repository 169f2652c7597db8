#pragma once
/// @file LivePlot.h
/// Base of the console's live plots: a QCustomPlot whose redraws are coalesced (queued, at most one per event-loop
/// pass) and skipped while the widget is hidden; showing it again redraws once (PlotJuggler / OBS stats style).
/// GUI thread.

#include <QWidget>

class QCPBars;
class QCustomPlot;

namespace edgescope {

class LivePlot : public QWidget {
  Q_OBJECT
 public:
  explicit LivePlot(QWidget* parent = nullptr);
  QCustomPlot* plot() const { return plot_; }
  /// Redraws performed so far (for tests: hidden plots must not redraw).
  int replotCount() const { return replots_; }

 protected:
  /// Updates axes and redraws later, only while visible.
  void requestReplot();
  /// Subclasses fit their axes to the data here (called right before a redraw).
  virtual void updateAxes() {}
  void showEvent(QShowEvent* event) override;
  /// Small legend in a corner, semi-transparent.
  void setupLegend(Qt::Alignment corner);
  /// Bars on the plot's main axes (owned by the plot) named @p name, filled with @p color without outline, each
  /// @p width keys wide.
  QCPBars* addBars(const QString& name, const QColor& color, double width);

 private:
  QCustomPlot* plot_;
  int replots_ = 0;
};

}  // namespace edgescope
