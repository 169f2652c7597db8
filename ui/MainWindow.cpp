#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QVBoxLayout>

#include "DeepScalePanel.h"
#include "EngineClient.h"
#include "LogPanel.h"
#include "OpenSourceDialog.h"
#include "ParameterPanel.h"
#include "PipelinePanel.h"
#include "StatsPanel.h"
#include "ThroughputPlot.h"
#include "TransportBar.h"
#include "VideoView.h"

namespace edgescope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      engine_(new EngineClient(this)),
      video_(new VideoView(this)),
      transport_(new TransportBar(this)),
      stats_(new StatsPanel(this)),
      parameters_(new ParameterPanel(engine_->parameters(), this)),
      plot_(new ThroughputPlot(this)),
      log_(new LogPanel(this)),
      pipeline_(new PipelinePanel(this)),
      deepscale_(new DeepScalePanel(this)) {
  setWindowTitle(tr("EdgeScope"));
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(video_, 1);
  layout->addWidget(transport_);
  setCentralWidget(central);
  createDocks();
  createMenus();

  connect(engine_, &EngineClient::frameReady, video_, &VideoView::showFrame);
  connect(engine_, &EngineClient::frameReady, stats_, &StatsPanel::setFrame);
  connect(engine_, &EngineClient::frameReady, plot_, &ThroughputPlot::addFrame);
  connect(engine_, &EngineClient::statusChanged, stats_, &StatsPanel::setStatus);
  connect(engine_, &EngineClient::statusChanged, transport_, &TransportBar::setStatus);
  connect(engine_, &EngineClient::statusChanged, plot_, &ThroughputPlot::addStatus);
  connect(engine_, &EngineClient::statusChanged, parameters_, &ParameterPanel::setStatus);
  connect(engine_, &EngineClient::statusChanged, pipeline_, &PipelinePanel::setStatus);
  connect(engine_, &EngineClient::frameReady, deepscale_, &DeepScalePanel::addFrame);
  connect(engine_, &EngineClient::statusChanged, deepscale_, &DeepScalePanel::setStatus);
  connect(engine_, &EngineClient::sourceOpened, deepscale_, &DeepScalePanel::clear);
  connect(deepscale_, &DeepScalePanel::parameterChanged, engine_, &EngineClient::setParameter);
  connect(engine_, &EngineClient::statusChanged, this, [this](const StatusView& status) {
    video_->setTrackingActive(!status.detectorName.isEmpty());
  });
  connect(engine_, &EngineClient::sourceOpened, pipeline_, &PipelinePanel::clearMetrics);
  connect(pipeline_, &PipelinePanel::pipelineRequested, engine_, &EngineClient::configurePipeline);
  connect(engine_, &EngineClient::pipelineConfigured, pipeline_, &PipelinePanel::clearMetrics);
  connect(engine_, &EngineClient::sourceOpened, transport_, &TransportBar::setSource);
  connect(engine_, &EngineClient::sourceOpened, this, [this](const SourceView& source) {
    plot_->clear();
    setWindowTitle(tr("EdgeScope — %1").arg(source.name));
  });
  connect(engine_, &EngineClient::parameterApplied, parameters_, &ParameterPanel::setApplied);
  connect(engine_, &EngineClient::message, log_, &LogPanel::addMessage);
  connect(engine_, &EngineClient::message, this, [this](const QString& level, const QString& text) {
    statusBar()->showMessage(text, level == "error" ? 0 : 5000);
    if (level == "error" && video_->currentFrame().image.isNull()) video_->setPlaceholder(text);
  });
  connect(transport_, &TransportBar::playPauseClicked, engine_, &EngineClient::togglePlay);
  connect(transport_, &TransportBar::stepClicked, engine_, &EngineClient::step);
  connect(transport_, &TransportBar::seekRequested, engine_, &EngineClient::seek);
  connect(parameters_, &ParameterPanel::parameterChanged, engine_, &EngineClient::setParameter);
  resize(1400, 820);
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
  auto addDock = [this](const QString& title, QWidget* widget, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(title);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
  };
  addDock(tr("Pipeline"), stats_, Qt::RightDockWidgetArea);
  addDock(tr("Tracking"), pipeline_, Qt::RightDockWidgetArea);
  addDock(tr("Knobs"), parameters_, Qt::RightDockWidgetArea);
  QDockWidget* throughput = addDock(tr("Throughput"), plot_, Qt::RightDockWidgetArea);
  tabifyDockWidget(throughput, addDock(tr("DeepScale"), deepscale_, Qt::RightDockWidgetArea));
  throughput->raise();
  addDock(tr("Messages"), log_, Qt::BottomDockWidgetArea)->setMaximumHeight(140);
}

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  const struct {
    QString text;
    OpenSourceDialog::Page page;
    QKeySequence keys;
  } entries[] = {{tr("Open &video file…"), OpenSourceDialog::Page::File, QKeySequence::Open},
                 {tr("Open &MOT folder…"), OpenSourceDialog::Page::MotFolder, {}},
                 {tr("Open stream &URL…"), OpenSourceDialog::Page::Url, {}},
                 {tr("Open &camera…"), OpenSourceDialog::Page::Camera, {}},
                 {tr("New &synthetic scene…"), OpenSourceDialog::Page::Synthetic, {}}};
  for (const auto& entry : entries) {
    QAction* action = file->addAction(entry.text, this, [this, page = entry.page] { showOpenDialog(static_cast<int>(page)); });
    action->setShortcut(entry.keys);
  }
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
  QMenu* playback = menuBar()->addMenu(tr("&Playback"));
  playback->addAction(tr("Play / pause"), QKeySequence(Qt::Key_Space), engine_, &EngineClient::togglePlay);
  playback->addAction(tr("Next frame"), QKeySequence(Qt::Key_Period), engine_, &EngineClient::step);
  playback->addAction(tr("Stop"), QKeySequence(Qt::CTRL | Qt::Key_Period), engine_, &EngineClient::stop);
  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* gt = view->addAction(tr("Ground truth boxes"));
  gt->setCheckable(true);
  gt->setChecked(true);
  connect(gt, &QAction::toggled, video_, &VideoView::setShowGroundTruth);
  QAction* det = view->addAction(tr("Detections"));
  det->setCheckable(true);
  det->setChecked(true);
  connect(det, &QAction::toggled, video_, &VideoView::setShowDetections);
}

void MainWindow::openSource(const QString& uri, const QString& groundTruthPath) {
  video_->setPlaceholder(tr("opening %1 …").arg(uri));
  engine_->openSource(uri, groundTruthPath);
}

void MainWindow::configurePipeline(const QString& detectorSpec, const QString& embedderSpec) {
  pipeline_->selectDetector(detectorSpec);
  pipeline_->selectEmbedder(embedderSpec);
  engine_->configurePipeline(detectorSpec, embedderSpec);
}

void MainWindow::showOpenDialog(int page) {
  OpenSourceDialog dialog(this);
  dialog.setPage(static_cast<OpenSourceDialog::Page>(page));
  if (dialog.exec() != QDialog::Accepted || dialog.uri().isEmpty()) return;
  openSource(dialog.uri(), dialog.groundTruthPath());
}

}  // namespace edgescope
