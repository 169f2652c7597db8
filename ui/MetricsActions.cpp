#include "MetricsActions.h"

#include <algorithm>

#include <QAction>
#include <QMenu>
#include <QMessageBox>

#include "EngineClient.h"
#include "SessionHub.h"
#include "metrics/BuildInfo.h"
#include "metrics/ClusterMetrics.h"
#include "metrics/MetricsServer.h"
#include "metrics/PipelineMetrics.h"
#include "util/Error.h"

namespace edgescope {

QString MetricsActions::defaultAddress() { return QStringLiteral("127.0.0.1:%1").arg(MetricsServer::kDefaultPort); }

MetricsActions::MetricsActions(SessionHub* hub, QWidget* window) : QObject(window), hub_(hub), window_(window) {
  connect(hub_, &SessionHub::sessionsChanged, this, [this] {
    if (serving()) attachSessions();
  });
  connect(hub_, &SessionHub::activeChanged, this, [this] {
    if (serving()) attachSessions();
  });
  connect(hub_, &SessionHub::pipelineConfigured, this, [this] {
    if (serving()) updateBuildInfo();
  });
}

MetricsActions::~MetricsActions() { release(); }

void MetricsActions::addToMenu(QMenu* menu) {
  action_ = menu->addAction(tr("Serve &metrics (%1)").arg(defaultAddress()));
  action_->setObjectName(QStringLiteral("serveMetrics"));
  action_->setCheckable(true);
  action_->setToolTip(tr("Serve Prometheus metrics at http://%1/metrics").arg(defaultAddress()));
  connect(action_, &QAction::triggered, this, [this](bool on) {
    if (on) {
      start(defaultAddress());
    } else {
      stop();
    }
  });
}

QString MetricsActions::address() const {
  return server_ ? QString::fromStdString(server_->address()) : QString();
}

bool MetricsActions::start(const QString& address) {
  stop();
  try {
    server_ = std::make_unique<MetricsServer>(address.toStdString());
  } catch (const Error& error) {
    const QString text = tr("Metrics not served: %1").arg(QString::fromUtf8(error.what()));
    emit message("error", text);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Serve metrics"), text, QMessageBox::Ok, window_);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();  // not exec(): the console keeps running behind it
    if (action_) action_->setChecked(false);
    return false;
  }
  cluster_ = std::make_shared<ClusterMetrics>(server_->registry());
  buildInfo_ = std::make_unique<BuildInfo>(server_->registry(), BuildInfo::Model{});
  attachSessions();
  updateBuildInfo();
  if (action_) action_->setChecked(true);
  emit message("info", tr("Serving metrics at %1").arg(QString::fromStdString(server_->url())));
  return true;
}

void MetricsActions::stop() {
  if (!server_) return;
  const QString url = QString::fromStdString(server_->url());
  release();
  if (action_) action_->setChecked(false);
  emit message("info", tr("Stopped serving metrics at %1").arg(url));
}

void MetricsActions::release() {
  for (const Feed& feed : feeds_) {
    if (feed.client) feed.client->setMetrics(nullptr, nullptr);
  }
  feeds_.clear();
  if (server_) server_->stop();  // no scrape reads the series below while they go
  buildInfo_.reset();
  cluster_.reset();
  server_.reset();
}

void MetricsActions::attachSessions() {
  feeds_.erase(std::remove_if(feeds_.begin(), feeds_.end(), [](const Feed& feed) { return feed.client.isNull(); }),
               feeds_.end());
  EngineClient* active = hub_->activeIndex() >= 0 ? hub_->client(hub_->activeIndex()) : nullptr;
  for (int i = 0; i < hub_->count(); ++i) {
    EngineClient* client = hub_->client(i);
    auto feed = std::find_if(feeds_.begin(), feeds_.end(), [client](const Feed& f) { return f.client == client; });
    if (feed == feeds_.end()) {
      feeds_.push_back({client, std::make_shared<PipelineMetrics>(server_->registry(), hub_->sessionName(i).toStdString())});
      feed = feeds_.end() - 1;
    }
    // One feed for the cluster: every session sees the same shared nodes, at slightly different times.
    client->setMetrics(feed->metrics, client == active ? cluster_ : nullptr);
  }
}

void MetricsActions::updateBuildInfo() {
  EngineClient* active = hub_->activeIndex() >= 0 ? hub_->client(hub_->activeIndex()) : nullptr;
  if (buildInfo_ && active) buildInfo_->set(BuildInfo::describeDetector(active->detectorSpec().toStdString()));
}

}  // namespace edgescope
