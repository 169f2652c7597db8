#pragma once
/// @file Theme.h
/// Dark and light console themes: Fusion style with a matching palette, applied to every widget and to every
/// QCustomPlot of the application's windows. The choice is remembered in QSettings. GUI thread.

#include <QString>

class QCustomPlot;
class QPalette;

namespace edgescope {

class Theme {
 public:
  enum class Kind { Light, Dark };
  /// Applies @p kind to the application and remembers it.
  static void apply(Kind kind);
  /// The remembered theme (light when none).
  static Kind saved();
  static Kind current() { return current_; }
  /// Colours @p plot (background, axes, grid, legend) after @p palette.
  static void stylePlot(QCustomPlot* plot, const QPalette& palette);

 private:
  static Kind current_;
};

}  // namespace edgescope
