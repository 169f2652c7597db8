#pragma once
/// @file MetricsActions.h
/// View ▸ Serve metrics and `edgescope --metrics ADDR`: serves Prometheus' /metrics (engine/metrics) with a series
/// set per open source (PipelineMetrics, label source), the active session's cluster nodes (ClusterMetrics) and
/// edgescope_build_info of the active session's detector. Every EngineClient feeds its series from its own poll, so
/// nothing runs on the engine threads. A bad or busy address is a message (and a non-blocking dialog); the console
/// keeps running. GUI thread.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QVector>
#include <memory>

class QAction;
class QMenu;
class QWidget;

namespace edgescope {

class BuildInfo;
class ClusterMetrics;
class EngineClient;
class MetricsServer;
class PipelineMetrics;
class SessionHub;

class MetricsActions : public QObject {
  Q_OBJECT
 public:
  /// The address View ▸ Serve metrics binds: 127.0.0.1 and MetricsServer::kDefaultPort.
  static QString defaultAddress();

  MetricsActions(SessionHub* hub, QWidget* window);
  ~MetricsActions() override;
  /// Adds the checkable "Serve metrics" action.
  void addToMenu(QMenu* menu);
  bool serving() const { return server_ != nullptr; }
  /// The bound address ("127.0.0.1:9464"), "" when not serving.
  QString address() const;

 public slots:
  /// Serves on @p address (restarting when already serving); false after reporting why it cannot.
  bool start(const QString& address);
  void stop();

 signals:
  /// @p level "info" or "error", for the log panel and the status bar.
  void message(const QString& level, const QString& text);

 private:
  /// Gives every session without series its own, and the cluster series to the active one only.
  void attachSessions();
  /// Stops serving and detaches every session, silently (also from the destructor).
  void release();
  void updateBuildInfo();

  struct Feed {
    QPointer<EngineClient> client;
    std::shared_ptr<PipelineMetrics> metrics;
  };
  SessionHub* hub_;
  QWidget* window_;
  QAction* action_ = nullptr;
  std::unique_ptr<MetricsServer> server_;
  std::shared_ptr<ClusterMetrics> cluster_;
  std::unique_ptr<BuildInfo> buildInfo_;
  QVector<Feed> feeds_;
};

}  // namespace edgescope
