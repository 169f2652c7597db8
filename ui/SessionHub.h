#pragma once
/// @file SessionHub.h
/// The console's open sources: one EngineClient (one engine session, one engine thread) per source, one of them
/// active. Panels connect to the hub, never to a client: the hub forwards the active client's signals and sends
/// commands to the active client, so switching sources re-targets every panel at once. Sources can be added and
/// removed at run time. GUI thread only; all signals are emitted on the GUI thread.

#include <QObject>
#include <QVector>

#include "ViewTypes.h"

namespace edgescope {

class EngineClient;

class SessionHub : public QObject {
  Q_OBJECT
 public:
  explicit SessionHub(QObject* parent = nullptr);
  ~SessionHub() override;

  int count() const { return clients_.size(); }
  int activeIndex() const { return active_; }
  /// Client @p index (owned by the hub); nullptr when out of range.
  EngineClient* client(int index) const;
  /// The active client; creates the first one when there is none.
  EngineClient* active();
  /// Parameters every session declares (the same specs for all).
  QVector<ParameterView> parameters() const;
  /// Status of the active session (an empty StatusView when none).
  StatusView lastStatus() const;
  quint64 framesShown() const;
  /// Display name of session @p index ("camera 0", the file name, or "empty").
  QString sessionName(int index) const;

 public slots:
  /// Adds an empty session and makes it active; returns its index.
  int addSession();
  /// Stops and removes session @p index (its engine thread is joined); the neighbour becomes active.
  void removeSession(int index);
  void setActive(int index);
  // Commands for the active session.
  void openSource(const QString& uri, const QString& groundTruthPath = {});
  void play();
  void pause();
  void togglePlay();
  void step();
  void stop();
  void seek(qint64 frameNumber);
  void setParameter(const QString& id, double value);
  void configurePipeline(const QString& detectorSpec, const QString& embedderSpec);
  // Cluster commands (issue 6) for the active session's partition module. With no session open, starting or
  // adding nodes creates an empty session (as play() does); the next source opened from the File menu goes into
  // it and finds its nodes ready. Stopping or killing with no session does nothing (there are no nodes).
  void startLocalNodes(int count, const QString& profile);
  /// One local node per "PROFILE[@LINK]" entry of @p list (an error event names a bad entry).
  void startLocalNodeList(const QString& list);
  void addNode(const QString& address);
  void stopNode(const QString& name);
  void killNode(const QString& name);
  /// ParaLoupe (issue 20): a node's cost and the what-if-lost question; nothing without a session.
  void setNodeCost(const QString& name, double cost);
  void whatIfLost(const QString& name);
  /// ParaLoupe's operator RoIs for the active source (frame pixels); nothing without a session.
  void setRois(const QVector<QRectF>& rois);
  /// Turbo (issue 21): the full-exit enhanced image of the active session's last frame (imagesReady); nothing without
  /// a session.
  void enhanceFrame();

 signals:
  // From the active session only.
  void frameReady(const edgescope::FrameView& frame);
  void statusChanged(const edgescope::StatusView& status);
  void sourceOpened(const edgescope::SourceView& source);
  void parameterApplied(const QString& id, double value);
  void pipelineConfigured(const QString& description);
  /// Pictures the active session made on request (EngineClient::imagesReady), e.g. "turbo.enhanceFrame".
  void imagesReady(const QString& command, const QString& description, const QStringList& labels,
                   const QVector<QImage>& images);
  /// From every session; prefixed with the source's name when more than one is open.
  void message(const QString& level, const QString& text);
  /// The active session changed (also after add/remove); panels clear their history.
  void activeChanged(int index);
  /// A session was added, removed, or changed its source or state (sources panel).
  void sessionsChanged();

 private:
  void connectClient(EngineClient* client);
  bool isActive(QObject* sender) const;
  QVector<EngineClient*> clients_;
  QVector<QString> lastStates_;
  int active_ = -1;
};

}  // namespace edgescope
