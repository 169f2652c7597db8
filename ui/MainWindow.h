#pragma once
/// @file MainWindow.h
/// The console window. It only composes dockable panels (layout saved and restored) and wires their signals to the
/// SessionHub, which routes them to the active source's engine session (GUI thread).

#include <QMainWindow>

namespace edgescope {

class SessionHub;
class VideoView;
class TransportBar;
class StatsPanel;
class ParameterPanel;
class ThroughputPlot;
class LatencyPlot;
class TradeoffPlot;
class LogPanel;
class PipelinePanel;
class DeepScalePanel;
class SourcesPanel;
class SessionActions;
class ClusterPanel;
class BandwidthPlot;
class PartitionPlot;
class PatchesPanel;
class TurboPanel;
class MetricsActions;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  SessionHub* engine() const { return hub_; }
  VideoView* videoView() const { return video_; }
  StatsPanel* statsPanel() const { return stats_; }
  ParameterPanel* parameterPanel() const { return parameters_; }
  LogPanel* logPanel() const { return log_; }
  ThroughputPlot* throughputPlot() const { return plot_; }
  LatencyPlot* latencyPlot() const { return latency_; }
  TradeoffPlot* tradeoffPlot() const { return tradeoff_; }
  PipelinePanel* pipelinePanel() const { return pipeline_; }
  DeepScalePanel* deepScalePanel() const { return deepscale_; }
  SourcesPanel* sourcesPanel() const { return sources_; }
  SessionActions* sessionActions() const { return actions_; }
  ClusterPanel* clusterPanel() const { return cluster_; }
  BandwidthPlot* bandwidthPlot() const { return bandwidth_; }
  PartitionPlot* partitionPlot() const { return partition_; }
  PatchesPanel* patchesPanel() const { return patches_; }
  TurboPanel* turboPanel() const { return turbo_; }
  MetricsActions* metricsActions() const { return metrics_; }
  /// Restores the dock layout and window geometry saved by the last run (QSettings); false when none.
  bool restoreLayout();
  void saveLayout() const;
  /// Brings the dock titled or named @p name (case-insensitive, e.g. "Turbo") to the front of its tab group; false
  /// when there is none.
  bool raisePanel(const QString& name);

 public slots:
  void openSource(const QString& uri, const QString& groundTruthPath = {});
  /// Opens @p uri in a new engine session (the current sources keep running).
  void addSource(const QString& uri, const QString& groundTruthPath = {});
  /// Starts detection + tracking (empty @p detectorSpec: off) and shows the choice in the pipeline panel.
  void configurePipeline(const QString& detectorSpec, const QString& embedderSpec = {});
  void showOpenDialog(int page);
  /// Seeks the active source by @p seconds (negative: back), clamped to the first frame.
  void seekBySeconds(double seconds);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void createMenus();
  void createDocks();
  void connectPanels();
  void clearHistory();
  void applyDefaultDockSizes();
  SessionHub* hub_;
  VideoView* video_;
  TransportBar* transport_;
  StatsPanel* stats_;
  ParameterPanel* parameters_;
  ThroughputPlot* plot_;
  LatencyPlot* latency_;
  TradeoffPlot* tradeoff_;
  LogPanel* log_;
  PipelinePanel* pipeline_;
  DeepScalePanel* deepscale_;
  SourcesPanel* sources_;
  SessionActions* actions_;
  ClusterPanel* cluster_;
  BandwidthPlot* bandwidth_;
  PartitionPlot* partition_;
  PatchesPanel* patches_;
  TurboPanel* turbo_;
  QByteArray defaultState_;
  bool firstShow_ = true;
  bool layoutRestored_ = false;
  MetricsActions* metrics_ = nullptr;
};

}  // namespace edgescope
