#pragma once
/// @file TurboPanel.h
/// The "Turbo" tab beside DeepScale (issue 21, paper 004): presets Off / Light (exits ≤ 2) / Full (exits ≤ 5) and a
/// Compare toggle (turbo.compare: exit 0 decoded as well, for recovered/lost boxes), a one-line state, the plain vs
/// Turbo AP50 table with ground truth, the difficulty timeline with the hard threshold (points coloured by exit),
/// budget vs spent ms per frame against the interval T, the exit histogram and the gain-profile heat map.
/// Checked states follow the engine's echo of turbo.enabled / turbo.maxExit / turbo.compare; clicks are requested
/// through parameterChanged (MainWindow routes them to the session). Plots refresh at most every kReplotIntervalMs
/// and only while the panel is visible. GUI thread.

#include <QMap>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include "ViewTypes.h"

class QLabel;
class QPushButton;

namespace edgescope {

class GainHeatMap;
class ResolutionHistogramPlot;
class TurboBudgetPlot;
class TurboTimelinePlot;

class TurboPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kReplotIntervalMs = 100;
  static constexpr int kLightMaxExit = 2;
  static constexpr int kFullMaxExit = 5;
  static constexpr int kTextColumnMaxWidthPx = 300;  ///< the state/preset/AP column; the plots take the rest
  static constexpr int kPlotMinHeightPx = 110;
  enum class Preset { Off, Light, Full, Custom };

  explicit TurboPanel(QWidget* parent = nullptr);

  TurboTimelinePlot* timeline() const { return timeline_; }
  TurboBudgetPlot* budget() const { return budget_; }
  ResolutionHistogramPlot* exitHistogram() const { return histogram_; }
  GainHeatMap* gainMap() const { return gain_; }
  QString summaryText() const;
  /// The AP table as shown (rich text; empty without ground truth).
  QString scoresText() const;
  /// The preset the echoed knobs amount to.
  Preset preset() const;
  /// The interval T the budget plot draws, ms (turbo.latencyMs when set, else one source frame interval).
  double intervalMs() const;

 public slots:
  void setStatus(const edgescope::StatusView& status);
  void addFrame(const edgescope::FrameView& frame);
  /// Forgets the per-frame plots (new source).
  void clear();

 signals:
  /// The operator asked for @p id = @p value (turbo.enabled, turbo.maxExit or turbo.compare).
  void parameterChanged(const QString& id, double value);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  QPushButton* addPreset(const QString& text, Preset preset, const QString& tip);
  void requestPreset(Preset preset);
  void syncButtons();
  void updateTexts();
  void scheduleReplot();
  void flushReplot();

  QLabel* summary_;
  QWidget* controls_;
  QMap<Preset, QPushButton*> presets_;
  QPushButton* compare_;
  QLabel* scores_;
  TurboTimelinePlot* timeline_;
  TurboBudgetPlot* budget_;
  ResolutionHistogramPlot* histogram_;
  GainHeatMap* gain_;
  QTimer replotTimer_;
  TurboStatusView status_;
  QMap<QString, double> parameters_;  ///< echoed engine values
  double sourceFps_ = 0.0;
  QString detector_;
  bool dirty_ = false;
};

}  // namespace edgescope
