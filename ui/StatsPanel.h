#pragma once
/// @file StatsPanel.h
/// Source and pipeline figures: state, source fps, processing fps, capacity, dropped/skipped frames, health.
/// Updates its labels only while visible (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

class QFormLayout;
class QLabel;

namespace edgescope {

class StatsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit StatsPanel(QWidget* parent = nullptr);
  /// Label text of row @p key ("state", "source", "sourceFps", "processingFps", "capacity", "dropped",
  /// "skipped", "health", "latency") — for tests and the screenshot.
  QString text(const QString& key) const;

 public slots:
  void setStatus(const edgescope::StatusView& status);
  void setFrame(const edgescope::FrameView& frame);

 private:
  QLabel* addRow(QFormLayout* form, const QString& key, const QString& title);
  QMap<QString, QLabel*> labels_;
};

}  // namespace edgescope
