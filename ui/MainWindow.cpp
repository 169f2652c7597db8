#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "BandwidthPlot.h"
#include "ClusterPanel.h"
#include "DeepScalePanel.h"
#include "EnhanceFrameDialog.h"
#include "LatencyPlot.h"
#include "LogPanel.h"
#include "MetricsActions.h"
#include "OpenSourceDialog.h"
#include "ParameterPanel.h"
#include "PartitionPlot.h"
#include "PatchesPanel.h"
#include "PipelinePanel.h"
#include "SessionActions.h"
#include "SessionHub.h"
#include "SourcesPanel.h"
#include "StatsPanel.h"
#include "Theme.h"
#include "ThroughputPlot.h"
#include "TradeoffPlot.h"
#include "TransportBar.h"
#include "TurboPanel.h"
#include "VideoView.h"

namespace edgescope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      hub_(new SessionHub(this)),
      video_(new VideoView(this)),
      transport_(new TransportBar(this)),
      stats_(new StatsPanel(this)),
      parameters_(new ParameterPanel(hub_->parameters(), this)),
      plot_(new ThroughputPlot(this)),
      latency_(new LatencyPlot(this)),
      tradeoff_(new TradeoffPlot(hub_->parameters(), this)),
      log_(new LogPanel(this)),
      pipeline_(new PipelinePanel(this)),
      deepscale_(new DeepScalePanel(this)),
      sources_(new SourcesPanel(hub_, this)),
      actions_(new SessionActions(hub_, this)),
      cluster_(new ClusterPanel(this)),
      bandwidth_(new BandwidthPlot(this)),
      partition_(new PartitionPlot(this)),
      patches_(new PatchesPanel(this)),
      turbo_(new TurboPanel(this)) {
  setWindowTitle(tr("EdgeScope"));
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(video_, 1);
  layout->addWidget(transport_);
  setCentralWidget(central);
  createDocks();
  metrics_ = new MetricsActions(hub_, this);
  createMenus();
  connectPanels();
  defaultState_ = saveState();
}

MainWindow::~MainWindow() = default;

void MainWindow::connectPanels() {
  EnhanceFrameDialog::install(video_, hub_, this);  // VideoView's "Enhance this frame" (Turbo)
  SessionHub* e = hub_;
  connect(e, &SessionHub::frameReady, video_, &VideoView::showFrame);
  connect(e, &SessionHub::frameReady, stats_, &StatsPanel::setFrame);
  connect(e, &SessionHub::frameReady, plot_, &ThroughputPlot::addFrame);
  connect(e, &SessionHub::frameReady, latency_, &LatencyPlot::addFrame);
  connect(e, &SessionHub::frameReady, deepscale_, &DeepScalePanel::addFrame);
  connect(e, &SessionHub::frameReady, partition_, &PartitionPlot::addFrame);
  connect(e, &SessionHub::frameReady, patches_, &PatchesPanel::addFrame);
  connect(e, &SessionHub::frameReady, turbo_, &TurboPanel::addFrame);
  connect(e, &SessionHub::statusChanged, video_, &VideoView::setStatus);
  connect(e, &SessionHub::statusChanged, stats_, &StatsPanel::setStatus);
  connect(e, &SessionHub::statusChanged, transport_, &TransportBar::setStatus);
  connect(e, &SessionHub::statusChanged, plot_, &ThroughputPlot::addStatus);
  connect(e, &SessionHub::statusChanged, tradeoff_, &TradeoffPlot::addStatus);
  connect(e, &SessionHub::statusChanged, parameters_, &ParameterPanel::setStatus);
  connect(e, &SessionHub::statusChanged, pipeline_, &PipelinePanel::setStatus);
  connect(e, &SessionHub::statusChanged, deepscale_, &DeepScalePanel::setStatus);
  connect(e, &SessionHub::statusChanged, turbo_, &TurboPanel::setStatus);
  connect(e, &SessionHub::statusChanged, cluster_, &ClusterPanel::setStatus);
  connect(e, &SessionHub::statusChanged, bandwidth_, &BandwidthPlot::addStatus);
  connect(e, &SessionHub::statusChanged, this, [this](const StatusView& status) {
    video_->setTrackingActive(!status.detectorName.isEmpty());
  });
  auto* recording = new QLabel(this);
  recording->setObjectName("recordingIndicator");
  statusBar()->addPermanentWidget(recording);
  connect(e, &SessionHub::statusChanged, recording, [recording](const StatusView& status) {
    recording->setText(status.recording ? tr("<b style='color:#d22'>● REC</b> %1 frames").arg(status.recordedFrames)
                                        : QString());
    recording->setToolTip(status.recordingFolder);
  });
  connect(e, &SessionHub::sourceOpened, deepscale_, &DeepScalePanel::clear);
  connect(e, &SessionHub::sourceOpened, turbo_, &TurboPanel::clear);
  connect(e, &SessionHub::sourceOpened, pipeline_, &PipelinePanel::clearMetrics);
  connect(e, &SessionHub::sourceOpened, transport_, &TransportBar::setSource);
  connect(e, &SessionHub::sourceOpened, this, [this](const SourceView& source) {
    plot_->clear();
    latency_->clear();
    tradeoff_->clear();
    partition_->clear();
    patches_->clear();
    setWindowTitle(tr("EdgeScope — %1").arg(source.name));
  });
  connect(e, &SessionHub::activeChanged, this, &MainWindow::clearHistory);
  connect(pipeline_, &PipelinePanel::pipelineRequested, e, &SessionHub::configurePipeline);
  connect(e, &SessionHub::pipelineConfigured, pipeline_, &PipelinePanel::clearMetrics);
  connect(e, &SessionHub::parameterApplied, parameters_, &ParameterPanel::setApplied);
  connect(e, &SessionHub::message, log_, &LogPanel::addMessage);
  connect(metrics_, &MetricsActions::message, log_, &LogPanel::addMessage);
  connect(metrics_, &MetricsActions::message, statusBar(), [this](const QString& level, const QString& text) {
    statusBar()->showMessage(text, level == "error" ? 0 : 5000);
  });
  connect(e, &SessionHub::message, this, [this](const QString& level, const QString& text) {
    statusBar()->showMessage(text, level == "error" ? 0 : 5000);
    if (level == "error" && video_->currentFrame().image.isNull()) video_->setPlaceholder(text);
  });
  connect(transport_, &TransportBar::playPauseClicked, e, &SessionHub::togglePlay);
  connect(transport_, &TransportBar::stepClicked, e, &SessionHub::step);
  connect(transport_, &TransportBar::seekRequested, e, &SessionHub::seek);
  connect(parameters_, &ParameterPanel::parameterChanged, e, &SessionHub::setParameter);
  connect(deepscale_, &DeepScalePanel::parameterChanged, e, &SessionHub::setParameter);
  connect(turbo_, &TurboPanel::parameterChanged, e, &SessionHub::setParameter);
  connect(cluster_, &ClusterPanel::startLocalNodesRequested, e, &SessionHub::startLocalNodes);
  connect(cluster_, &ClusterPanel::startLocalNodeListRequested, e, &SessionHub::startLocalNodeList);
  connect(cluster_, &ClusterPanel::addNodeRequested, e, &SessionHub::addNode);
  connect(cluster_, &ClusterPanel::stopNodeRequested, e, &SessionHub::stopNode);
  connect(cluster_, &ClusterPanel::killNodeRequested, e, &SessionHub::killNode);
  connect(cluster_, &ClusterPanel::setNodeCostRequested, e, &SessionHub::setNodeCost);
  connect(cluster_, &ClusterPanel::whatIfLostRequested, e, &SessionHub::whatIfLost);
  connect(video_, &VideoView::roisChanged, e, &SessionHub::setRois);
  connect(e, &SessionHub::message, cluster_, &ClusterPanel::showEngineMessage);
  connect(sources_, &SourcesPanel::addRequested, this, [this] { showOpenDialog(-1); });
  connect(sources_, &SourcesPanel::recentRequested, this, &MainWindow::addSource);
}

void MainWindow::clearHistory() {
  plot_->clear();
  latency_->clear();
  tradeoff_->clear();
  deepscale_->clear();
  pipeline_->clearMetrics();
  cluster_->clear();  // the newly active session's status refills it
  bandwidth_->clear();
  partition_->clear();
  patches_->clear();
  turbo_->clear();
  video_->setTrackingActive(false);
  // An empty session (created by a cluster command before any source) shows the hint too.
  video_->setPlaceholder(hub_->lastStatus().source.uri.isEmpty() ? tr("no source — File ▸ Open") : QString());
  setWindowTitle(tr("EdgeScope — %1").arg(hub_->sessionName(hub_->activeIndex())));
}

bool MainWindow::raisePanel(const QString& name) {
  for (QDockWidget* dock : findChildren<QDockWidget*>()) {
    QString title = dock->windowTitle();  // "&&" is a literal "&" (tab text); a single "&" marks a mnemonic
    title.replace(QLatin1String("&&"), QChar(1)).remove('&').replace(QChar(1), '&');
    if (dock->objectName().compare(name, Qt::CaseInsensitive) == 0 || title.compare(name, Qt::CaseInsensitive) == 0) {
      dock->show();
      dock->raise();
      return true;
    }
  }
  return false;
}

void MainWindow::createDocks() {
  auto addDock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
  };
  // Side columns run the full height; the plot strip sits under the video only.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  addDock(tr("Sources"), "Sources", sources_, Qt::LeftDockWidgetArea);
  addDock(tr("Pipeline"), "Pipeline", stats_, Qt::LeftDockWidgetArea);
  addDock(tr("Messages"), "Messages", log_, Qt::LeftDockWidgetArea);
  addDock(tr("Tracking"), "Tracking", pipeline_, Qt::RightDockWidgetArea);
  addDock(tr("Knobs"), "Knobs", parameters_, Qt::RightDockWidgetArea);
  addDock(tr("Cluster"), "Cluster", cluster_, Qt::RightDockWidgetArea);
  QDockWidget* throughput = addDock(tr("Throughput"), "Throughput", plot_, Qt::BottomDockWidgetArea);
  QDockWidget* latency = addDock(tr("Latency && boxes"), "Latency", latency_, Qt::BottomDockWidgetArea);
  QDockWidget* tradeoff = addDock(tr("Trade-off"), "Tradeoff", tradeoff_, Qt::BottomDockWidgetArea);
  QDockWidget* deepscale = addDock(tr("DeepScale"), "DeepScale", deepscale_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(throughput, latency);
  tabifyDockWidget(latency, tradeoff);
  QDockWidget* partition = addDock(tr("Partition"), "Partition", partition_, Qt::BottomDockWidgetArea);
  QDockWidget* bandwidth = addDock(tr("Bandwidth"), "Bandwidth", bandwidth_, Qt::BottomDockWidgetArea);
  QDockWidget* turbo = addDock(tr("Turbo"), "Turbo", turbo_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(tradeoff, deepscale);
  tabifyDockWidget(deepscale, turbo);
  tabifyDockWidget(turbo, partition);
  tabifyDockWidget(partition, bandwidth);
  tabifyDockWidget(bandwidth, addDock(tr("Patches"), "Patches", patches_, Qt::BottomDockWidgetArea));
  throughput->raise();
  resize(1400, 860);
}

void MainWindow::applyDefaultDockSizes() {
  // The video keeps most of the window: side columns and the plot strip get fixed shares.
  auto dock = [this](const char* name) { return findChild<QDockWidget*>(QLatin1String(name)); };
  resizeDocks({dock("Sources"), dock("Pipeline"), dock("Messages")}, {170, 280, 400}, Qt::Vertical);
  resizeDocks({dock("Tracking"), dock("Knobs"), dock("Cluster")}, {250, 400, 210}, Qt::Vertical);
  resizeDocks({dock("Sources"), dock("Tracking")}, {270, 380}, Qt::Horizontal);
  resizeDocks({dock("Throughput")}, {260}, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  // After the first layout pass: before it, dock areas have no size to distribute.
  if (firstShow_ && !layoutRestored_) QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
  firstShow_ = false;
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
  file->addAction(tr("&Add source in a new session…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                  [this] { showOpenDialog(-1); });
  file->addSeparator();
  actions_->addToMenu(file);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

  QMenu* playback = menuBar()->addMenu(tr("&Playback"));
  playback->addAction(tr("Play / pause"), QKeySequence(Qt::Key_Space), hub_, &SessionHub::togglePlay);
  playback->addAction(tr("Next frame"), QKeySequence(Qt::Key_Period), hub_, &SessionHub::step);
  playback->addAction(tr("Back 1 s"), QKeySequence(Qt::Key_Left), this, [this] { seekBySeconds(-1); });
  playback->addAction(tr("Forward 1 s"), QKeySequence(Qt::Key_Right), this, [this] { seekBySeconds(1); });
  playback->addAction(tr("Back 10 s"), QKeySequence(Qt::SHIFT | Qt::Key_Left), this, [this] { seekBySeconds(-10); });
  playback->addAction(tr("Forward 10 s"), QKeySequence(Qt::SHIFT | Qt::Key_Right), this, [this] { seekBySeconds(10); });
  playback->addAction(tr("Go to start"), QKeySequence(Qt::Key_Home), this, [this] { hub_->seek(1); });
  playback->addAction(tr("Stop"), QKeySequence(Qt::CTRL | Qt::Key_Period), hub_, &SessionHub::stop);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QMenu* layers = view->addMenu(tr("Video &layers"));
  for (int i = 0; i < VideoView::kLayerCount; ++i) {
    const auto layer = static_cast<VideoView::Layer>(i);
    QAction* action = layers->addAction(VideoView::layerName(layer));
    action->setObjectName(QStringLiteral("layer_%1").arg(i));
    action->setCheckable(true);
    action->setChecked(video_->layerVisible(layer));
    if (i < 9) action->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_1 + i)));  // Alt+1 … Alt+9
    connect(action, &QAction::toggled, this, [this, layer](bool on) { video_->setLayerVisible(layer, on); });
  }
  view->addAction(tr("Reset &zoom"), QKeySequence(Qt::Key_0), video_, &VideoView::resetView);
  view->addAction(video_->enhanceAction());  // Turbo: enabled while paused on a frame
  auto* themes = new QActionGroup(this);
  for (auto [text, kind] : {std::pair{tr("&Light theme"), Theme::Kind::Light}, std::pair{tr("&Dark theme"), Theme::Kind::Dark}}) {
    QAction* action = view->addAction(text, this, [kind = kind] { Theme::apply(kind); });
    action->setCheckable(true);
    action->setChecked(Theme::current() == kind);
    themes->addAction(action);
  }
  view->addAction(tr("Reset &layout"), this, [this] {
    restoreState(defaultState_);
    applyDefaultDockSizes();
  });
  metrics_->addToMenu(view);
  QMenu* panels = view->addMenu(tr("&Panels"));
  for (QDockWidget* dock : findChildren<QDockWidget*>()) panels->addAction(dock->toggleViewAction());
}

bool MainWindow::restoreLayout() {
  QSettings settings;
  const bool geometry = restoreGeometry(settings.value("window/geometry").toByteArray());
  layoutRestored_ = restoreState(settings.value("window/state").toByteArray()) && geometry;
  return layoutRestored_;
}

void MainWindow::saveLayout() const {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveLayout();
  QMainWindow::closeEvent(event);
}

void MainWindow::openSource(const QString& uri, const QString& groundTruthPath) {
  video_->setPlaceholder(tr("opening %1 …").arg(uri));
  SourcesPanel::remember(uri, groundTruthPath);
  hub_->openSource(uri, groundTruthPath);
}

void MainWindow::addSource(const QString& uri, const QString& groundTruthPath) {
  const StatusView current = hub_->lastStatus();
  hub_->addSession();
  openSource(uri, groundTruthPath);
  if (!current.detectorName.isEmpty()) configurePipeline(pipeline_->detectorSpec(), pipeline_->embedderSpec());
}

void MainWindow::configurePipeline(const QString& detectorSpec, const QString& embedderSpec) {
  pipeline_->selectDetector(detectorSpec);
  pipeline_->selectEmbedder(embedderSpec);
  hub_->configurePipeline(detectorSpec, embedderSpec);
}

void MainWindow::seekBySeconds(double seconds) {
  const StatusView status = hub_->lastStatus();
  if (!status.source.seekable) return;
  const double fps = status.source.fps > 0 ? status.source.fps : 25.0;
  hub_->seek(std::max<qint64>(1, status.currentFrame + static_cast<qint64>(std::lround(seconds * fps))));
}

void MainWindow::showOpenDialog(int page) {
  OpenSourceDialog dialog(this);
  const bool newSession = page < 0;
  dialog.setPage(static_cast<OpenSourceDialog::Page>(newSession ? 0 : page));
  if (dialog.exec() != QDialog::Accepted || dialog.uri().isEmpty()) return;
  if (newSession || hub_->count() == 0) {
    addSource(dialog.uri(), dialog.groundTruthPath());
  } else {
    openSource(dialog.uri(), dialog.groundTruthPath());
  }
}

}  // namespace edgescope
