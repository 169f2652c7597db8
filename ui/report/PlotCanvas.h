#pragma once
/// @file PlotCanvas.h
/// An offscreen QCustomPlot for report figures: never shown, rendered to PNG bytes. Light theme, a title row, a
/// legend when asked, and vertical dashed markers for parameter changes. Needs a QApplication; GUI thread.

#include <QByteArray>
#include <QColor>
#include <QString>
#include <memory>
#include <vector>

#include "record/SessionData.h"

class QCPGraph;
class QCustomPlot;

namespace edgescope {

class PlotCanvas {
 public:
  /// A plot titled @p title, rendered at @p widthPx × @p heightPx.
  PlotCanvas(const QString& title, int widthPx, int heightPx);
  ~PlotCanvas();
  PlotCanvas(const PlotCanvas&) = delete;
  PlotCanvas& operator=(const PlotCanvas&) = delete;

  QCustomPlot* plot() const { return plot_.get(); }
  /// Shows the legend in the top-right corner.
  void showLegend();
  /// A line graph named @p name in seriesColor(@p colorIndex) on the main axes.
  QCPGraph* addLine(const QString& name, int colorIndex);
  /// Fits both main axes to the data: a flat key range is widened, the value axis gets headroom and starts at zero
  /// (or below for negative data).
  void fitAxes();
  /// A dashed vertical line per knob change at its time (@p byFrame false) or frame (true), labelled with the
  /// parameter id while there are few of them. Call after the axes have their final range.
  void addKnobMarkers(const std::vector<RecordedKnob>& knobs, bool byFrame);
  /// A vertical line at key @p x in @p color (@p style: Qt::DashLine, Qt::SolidLine, …), labelled @p label at the
  /// top of the plot when @p label is not empty.
  void addMarker(double x, const QColor& color, Qt::PenStyle style, const QString& label);
  /// Renders to PNG. Throws edgescope::Error when encoding fails.
  QByteArray toPng();

  /// A distinct colour per series index (cycles).
  static QColor seriesColor(int index);

 private:
  std::unique_ptr<QCustomPlot> plot_;
  int widthPx_, heightPx_;
};

}  // namespace edgescope
