#pragma once
/// @file MainWindow.h
/// The console window. It only composes panels and wires their signals to the EngineClient (GUI thread).

#include <QMainWindow>

namespace edgescope {

class EngineClient;
class VideoView;
class TransportBar;
class StatsPanel;
class ParameterPanel;
class ThroughputPlot;
class LogPanel;
class PipelinePanel;
class DeepScalePanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  EngineClient* engine() const { return engine_; }
  VideoView* videoView() const { return video_; }
  StatsPanel* statsPanel() const { return stats_; }
  ParameterPanel* parameterPanel() const { return parameters_; }
  LogPanel* logPanel() const { return log_; }
  ThroughputPlot* throughputPlot() const { return plot_; }
  PipelinePanel* pipelinePanel() const { return pipeline_; }
  DeepScalePanel* deepScalePanel() const { return deepscale_; }

 public slots:
  void openSource(const QString& uri, const QString& groundTruthPath = {});
  /// Starts detection + tracking (empty @p detectorSpec: off) and shows the choice in the pipeline panel.
  void configurePipeline(const QString& detectorSpec, const QString& embedderSpec = {});
  void showOpenDialog(int page);

 private:
  void createMenus();
  void createDocks();
  EngineClient* engine_;
  VideoView* video_;
  TransportBar* transport_;
  StatsPanel* stats_;
  ParameterPanel* parameters_;
  ThroughputPlot* plot_;
  LogPanel* log_;
  PipelinePanel* pipeline_;
  DeepScalePanel* deepscale_;
};

}  // namespace edgescope
