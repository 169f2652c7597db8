#pragma once
/// @file PipelinePanel.h
/// Detector and ReID choice (only what is available is offered) and the live metrics (MOTA / IDF1 / HOTA over the
/// frames tracked so far, with a small history plot) when the source has ground truth (GUI thread). Under the
/// detector, the Turbo enhancers ModelCatalog finds (issue 21): those built for another detector are greyed out with
/// the reason as tooltip, and a line says which one turbo.enabled ("auto") would load. Selecting one is informational.

#include <QElapsedTimer>
#include <QWidget>

#include "ViewTypes.h"

class QComboBox;
class QLabel;
class QListWidget;
class QCustomPlot;

namespace edgescope {

class PipelinePanel : public QWidget {
  Q_OBJECT
 public:
  explicit PipelinePanel(QWidget* parent = nullptr);
  QString detectorSpec() const;
  QString embedderSpec() const;
  /// Selects the entry with @p spec (false when it is not offered).
  bool selectDetector(const QString& spec);
  bool selectEmbedder(const QString& spec);
  QString metricText(const QString& key) const;
  /// The chosen detector's model card summary (its tooltip; "" without a card).
  QString detectorToolTip() const;

 public slots:
  void setStatus(const edgescope::StatusView& status);
  void clearMetrics();

 signals:
  void pipelineRequested(const QString& detectorSpec, const QString& embedderSpec);

 private:
  void addDetector(const QString& label, const QString& spec);
  /// Lists the enhancers against the chosen detector and says which one "auto" loads.
  void refreshEnhancers();

  QComboBox* detector_;
  QComboBox* embedder_;
  QLabel* active_;
  QListWidget* enhancers_;  ///< objectName "enhancerList"; item data Qt::UserRole = card path
  QLabel* autoEnhancer_;    ///< objectName "autoEnhancer"
  QMap<QString, QLabel*> metricLabels_;
  QCustomPlot* plot_;
  double lastFrames_ = -1;
};

}  // namespace edgescope
