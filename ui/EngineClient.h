#pragma once
/// @file EngineClient.h
/// The console's single point of contact with the engine. Owns an EngineSession, posts commands to it, and polls
/// its mailboxes on a GUI-thread timer (coalesced: at most one frame per tick, only the newest), converting what it
/// finds into ViewTypes. All signals are emitted on the GUI thread.

#include <QObject>
#include <QTimer>
#include <memory>

#include "ViewTypes.h"

namespace edgescope {

class EngineSession;
class PipelineMetrics;
class ClusterMetrics;

class EngineClient : public QObject {
  Q_OBJECT
 public:
  explicit EngineClient(QObject* parent = nullptr);
  ~EngineClient() override;

  QVector<ParameterView> parameters() const;
  const StatusView& lastStatus() const { return status_; }
  quint64 framesShown() const { return framesShown_; }
  /// Feeds @p pipeline with every frame this client takes and every status, and @p cluster with the status' nodes
  /// (null: not fed; MetricsActions). GUI thread, like the feeding itself.
  void setMetrics(std::shared_ptr<PipelineMetrics> pipeline, std::shared_ptr<ClusterMetrics> cluster);
  /// The detector spec last passed to configurePipeline() ("" before).
  const QString& detectorSpec() const { return detectorSpec_; }

 public slots:
  void openSource(const QString& uri, const QString& groundTruthPath = {});
  void play();
  void pause();
  void togglePlay();
  void step();
  /// Closes the source (the engine goes idle).
  void stop();
  void seek(qint64 frameNumber);
  void setParameter(const QString& id, double value);
  /// Starts detection + tracking with @p detectorSpec (empty: off) and optional ReID @p embedderSpec.
  void configurePipeline(const QString& detectorSpec, const QString& embedderSpec);
  /// Records this session into @p folder (created; see engine/record/SessionData.h) until stopRecording().
  void startRecording(const QString& folder);
  void stopRecording();
  // Cluster (issue 6): applied by the session's partition module, which answers with a message (or an error).
  /// Starts @p count server nodes on this machine emulating device @p profile ("native", "jetson-tx2", …).
  void startLocalNodes(int count, const QString& profile);
  /// One local node per "PROFILE[@LINK]" entry of @p list (an error event names a bad entry).
  void startLocalNodeList(const QString& list);
  /// Connects to the node at @p address ("tcp://HOST:PORT").
  void addNode(const QString& address);
  /// Stops node @p name (name or address) gracefully: a local one exits, a remote one is disconnected.
  void stopNode(const QString& name);
  /// Kills local node @p name (name or address) abruptly, to rehearse a node failure.
  void killNode(const QString& name);
  /// ParaLoupe (issue 20): sets the operator's cost of node @p name (name or address), 0..1.
  void setNodeCost(const QString& name, double cost);
  /// Asks what the last ParaLoupe frame would cost without node @p name; the answer comes back as an info message
  /// starting "What if".
  void whatIfLost(const QString& name);
  /// ParaLoupe's operator RoIs, frame pixels (the whole list; the engine answers with an info message listing them).
  void setRois(const QVector<QRectF>& rois);
  /// Turbo (issue 21): asks for the full-exit enhanced image of the last frame tracked; the answer is imagesReady
  /// (command "turbo.enhanceFrame"), or a warning message saying why not (no enhancer loaded, not a jde: network).
  void enhanceFrame();

 signals:
  void frameReady(const edgescope::FrameView& frame);
  void statusChanged(const edgescope::StatusView& status);
  void sourceOpened(const edgescope::SourceView& source);
  void parameterApplied(const QString& id, double value);
  /// The engine (re)configured detection and tracking; @p description says with what.
  void pipelineConfigured(const QString& description);
  /// Recording started (@p on) or finished; @p folder is the session folder.
  void recordingChanged(bool on, const QString& folder);
  /// Pictures an engine module made on request: @p command names the request, @p labels[i] captions @p images[i]
  /// (deep copies), @p description says what they show (also sent as an info message).
  void imagesReady(const QString& command, const QString& description, const QStringList& labels,
                   const QVector<QImage>& images);
  /// @p level is "info", "warning" or "error".
  void message(const QString& level, const QString& text);

 private slots:
  void poll();

 private:
  void pollEvents();
  std::unique_ptr<EngineSession> session_;
  QTimer timer_;
  std::uint64_t lastFrameSequence_ = 0;
  quint64 lastStatusSequence_ = 0;
  quint64 framesShown_ = 0;
  StatusView status_;
  QString detectorSpec_;
  std::shared_ptr<PipelineMetrics> pipelineMetrics_;
  std::shared_ptr<ClusterMetrics> clusterMetrics_;
};

}  // namespace edgescope
