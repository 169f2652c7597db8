#pragma once
/// @file DeepScalePanel.h
/// The "DeepScale" dock: fixed/adaptive toggle and Table IV presets C1–C3 (checked state follows the engine's echo of
/// deepscale.mode / deepscale.preset; clicks are requested through parameterChanged, which MainWindow routes to
/// EngineClient::setParameter), the input-resolution timeline, the per-rung histogram and the last Eq. 5 scores next
/// to their thresholds γ. Plots replot at most every kReplotIntervalMs and only while the panel is visible. Without a
/// DeepScale detector the panel says so in one line and disables its controls (GUI thread).

#include <QTimer>
#include <QVector>
#include <QWidget>

#include "ViewTypes.h"

class QLabel;
class QPushButton;

namespace edgescope {

class ResolutionHistogramPlot;
class ResolutionTimelinePlot;

class DeepScalePanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kReplotIntervalMs = 100;

  explicit DeepScalePanel(QWidget* parent = nullptr);

  bool isDeepScaleActive() const { return status_.active; }
  ResolutionTimelinePlot* timeline() const { return timeline_; }
  ResolutionHistogramPlot* histogram() const { return histogram_; }
  /// The score table as shown (rich text): one row per rung with its size, last Eq. 5 score and γ.
  QString scoresText() const;
  /// The one-line state: running size, mode, re-selections — or why DeepScale is off.
  QString summaryText() const;
  /// Plot refreshes so far (coalescing is observable in tests).
  int replotCount() const { return replots_; }

 public slots:
  void setStatus(const edgescope::StatusView& status);
  void addFrame(const edgescope::FrameView& frame);
  /// Forgets the timeline and histogram (new source).
  void clear();

 signals:
  /// The operator asked for @p id = @p value (deepscale.mode or deepscale.preset).
  void parameterChanged(const QString& id, double value);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  QPushButton* addButton(const QString& text, const QString& id, double value);
  void syncButtons();
  void updateTexts();
  void scheduleReplot();
  void flushReplot();

  QLabel* summary_;
  QWidget* controls_;
  QPushButton* fixed_ = nullptr;
  QPushButton* adaptive_ = nullptr;
  QVector<QPushButton*> presets_;
  ResolutionTimelinePlot* timeline_;
  ResolutionHistogramPlot* histogram_;
  QLabel* scores_;
  QTimer replotTimer_;
  DeepScaleStatusView status_;
  QMap<QString, double> parameters_;  ///< echoed engine values
  bool dirty_ = false;
  int replots_ = 0;
};

}  // namespace edgescope
