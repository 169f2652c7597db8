#include "SessionHub.h"

#include <QFileInfo>

#include "EngineClient.h"

namespace edgescope {

SessionHub::SessionHub(QObject* parent) : QObject(parent) {}

SessionHub::~SessionHub() { qDeleteAll(clients_); }

EngineClient* SessionHub::client(int index) const {
  return index >= 0 && index < clients_.size() ? clients_[index] : nullptr;
}

EngineClient* SessionHub::active() {
  if (clients_.isEmpty()) addSession();
  return clients_[active_];
}

QVector<ParameterView> SessionHub::parameters() const {
  if (!clients_.isEmpty()) return clients_.front()->parameters();
  EngineClient probe;  // the specs are fixed per build; a short-lived session declares them
  return probe.parameters();
}

StatusView SessionHub::lastStatus() const { return active_ >= 0 ? clients_[active_]->lastStatus() : StatusView{}; }

quint64 SessionHub::framesShown() const { return active_ >= 0 ? clients_[active_]->framesShown() : 0; }

QString SessionHub::sessionName(int index) const {
  const EngineClient* client = this->client(index);
  if (!client) return {};
  const StatusView& status = client->lastStatus();
  if (!status.source.name.isEmpty()) return status.source.name;
  if (!status.source.uri.isEmpty()) return QFileInfo(status.source.uri).fileName();
  return tr("empty");
}

int SessionHub::addSession() {
  auto* client = new EngineClient(nullptr);
  clients_.push_back(client);
  lastStates_.push_back(QString());
  connectClient(client);
  setActive(clients_.size() - 1);
  emit sessionsChanged();
  return active_;
}

void SessionHub::removeSession(int index) {
  if (index < 0 || index >= clients_.size()) return;
  EngineClient* client = clients_.takeAt(index);
  lastStates_.removeAt(index);
  client->disconnect(this);
  delete client;  // joins its engine thread
  if (clients_.isEmpty()) {
    active_ = -1;
    emit activeChanged(-1);
  } else {
    active_ = -1;
    setActive(std::min<int>(index, clients_.size() - 1));
  }
  emit sessionsChanged();
}

void SessionHub::setActive(int index) {
  if (index < 0 || index >= clients_.size() || index == active_) return;
  active_ = index;
  EngineClient* client = clients_[index];
  emit activeChanged(index);
  // Replay what panels need to show the session they now follow.
  const StatusView status = client->lastStatus();
  if (!status.source.uri.isEmpty()) emit sourceOpened(status.source);
  for (auto it = status.parameters.begin(); it != status.parameters.end(); ++it) emit parameterApplied(it.key(), it.value());
  emit statusChanged(status);
}

bool SessionHub::isActive(QObject* sender) const { return active_ >= 0 && sender == clients_[active_]; }

void SessionHub::connectClient(EngineClient* client) {
  connect(client, &EngineClient::frameReady, this, [this, client](const FrameView& frame) {
    if (isActive(client)) emit frameReady(frame);
  });
  connect(client, &EngineClient::statusChanged, this, [this, client](const StatusView& status) {
    const int index = clients_.indexOf(client);
    if (index >= 0 && lastStates_[index] != status.state + status.source.uri) {
      lastStates_[index] = status.state + status.source.uri;
      emit sessionsChanged();
    }
    if (isActive(client)) emit statusChanged(status);
  });
  connect(client, &EngineClient::sourceOpened, this, [this, client](const SourceView& source) {
    if (isActive(client)) emit sourceOpened(source);
    emit sessionsChanged();
  });
  connect(client, &EngineClient::parameterApplied, this, [this, client](const QString& id, double value) {
    if (isActive(client)) emit parameterApplied(id, value);
  });
  connect(client, &EngineClient::pipelineConfigured, this, [this, client](const QString& description) {
    if (isActive(client)) emit pipelineConfigured(description);
  });
  connect(client, &EngineClient::imagesReady, this,
          [this, client](const QString& command, const QString& description, const QStringList& labels,
                         const QVector<QImage>& images) {
            if (isActive(client)) emit imagesReady(command, description, labels, images);
          });
  connect(client, &EngineClient::message, this, [this, client](const QString& level, const QString& text) {
    const int index = clients_.indexOf(client);
    emit message(level, clients_.size() > 1 ? QStringLiteral("[%1] %2").arg(sessionName(index), text) : text);
  });
}

void SessionHub::openSource(const QString& uri, const QString& groundTruthPath) {
  active()->openSource(uri, groundTruthPath);
}
void SessionHub::play() { active()->play(); }
void SessionHub::pause() { active()->pause(); }
void SessionHub::togglePlay() { active()->togglePlay(); }
void SessionHub::step() { active()->step(); }
void SessionHub::stop() { active()->stop(); }
void SessionHub::seek(qint64 frameNumber) { active()->seek(frameNumber); }
void SessionHub::setParameter(const QString& id, double value) { active()->setParameter(id, value); }
void SessionHub::configurePipeline(const QString& detectorSpec, const QString& embedderSpec) {
  active()->configurePipeline(detectorSpec, embedderSpec);
}

void SessionHub::startLocalNodes(int count, const QString& profile) { active()->startLocalNodes(count, profile); }
void SessionHub::startLocalNodeList(const QString& list) { active()->startLocalNodeList(list); }
void SessionHub::addNode(const QString& address) { active()->addNode(address); }
void SessionHub::stopNode(const QString& name) {
  if (active_ >= 0) clients_[active_]->stopNode(name);
}
void SessionHub::killNode(const QString& name) {
  if (active_ >= 0) clients_[active_]->killNode(name);
}
void SessionHub::setNodeCost(const QString& name, double cost) {
  if (active_ >= 0) clients_[active_]->setNodeCost(name, cost);
}
void SessionHub::whatIfLost(const QString& name) {
  if (active_ >= 0) clients_[active_]->whatIfLost(name);
}
void SessionHub::setRois(const QVector<QRectF>& rois) {
  if (active_ >= 0) clients_[active_]->setRois(rois);
}
void SessionHub::enhanceFrame() {
  if (active_ >= 0) clients_[active_]->enhanceFrame();
}

}  // namespace edgescope
