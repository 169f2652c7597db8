#include "EngineClient.h"

#include "ViewConversion.h"
#include "metrics/ClusterMetrics.h"
#include "metrics/PipelineMetrics.h"
#include "session/EngineSession.h"
#include "session/TurboModule.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#endif

namespace edgescope {
namespace {
constexpr int kPollIntervalMs = 15;
// The engine and its LibTorch/OpenCV workers run this many nice steps below the GUI thread: on a 2-core edge box
// the GUI thread then gets a core within a few ms of waking instead of waiting out a worker's time slice. 10 rather
// than 5 since the JDE network runs at ≈ 30 fps here: at 5 the GUI thread's longest gap reached 50–58 ms in some
// 120 s full-speed runs, at 10 it stays near 42 ms (docs/BENCHMARKS.md).
constexpr int kEngineNiceIncrement = 10;

/// An 8-bit BGR (or grey) picture as a QImage that owns its pixels; null for any other type.
QImage deepCopy(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U) return {};
  if (image.channels() == 3) {
    return QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step), QImage::Format_BGR888).copy();
  }
  if (image.channels() == 1) {
    return QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step), QImage::Format_Grayscale8)
        .copy();
  }
  return {};
}
}

EngineClient::EngineClient(QObject* parent) : QObject(parent), session_(std::make_unique<EngineSession>(kEngineNiceIncrement)) {
#ifdef EDGESCOPE_HAVE_TORCH
  NeuralDetectors::registerAll();  // jde: models run inside the engine thread
#endif
  connect(&timer_, &QTimer::timeout, this, &EngineClient::poll);
  timer_.start(kPollIntervalMs);
}

EngineClient::~EngineClient() = default;

QVector<ParameterView> EngineClient::parameters() const {
  QVector<ParameterView> views;
  for (const auto& spec : session_->parameterSpecs()) views.push_back(ViewConversion::toView(spec));
  return views;
}

void EngineClient::openSource(const QString& uri, const QString& groundTruthPath) {
  session_->post(EngineCommand::openSource(uri.toStdString(), groundTruthPath.toStdString()));
}
void EngineClient::play() { session_->post(EngineCommand::play()); }
void EngineClient::pause() { session_->post(EngineCommand::pause()); }
void EngineClient::togglePlay() { status_.state == "playing" ? pause() : play(); }
void EngineClient::step() { session_->post(EngineCommand::step()); }
void EngineClient::stop() { session_->post(EngineCommand::close()); }
void EngineClient::seek(qint64 frameNumber) { session_->post(EngineCommand::seek(frameNumber)); }
void EngineClient::configurePipeline(const QString& detectorSpec, const QString& embedderSpec) {
  detectorSpec_ = detectorSpec;
  session_->post(EngineCommand::configurePipeline(detectorSpec.toStdString(), embedderSpec.toStdString()));
}
void EngineClient::startRecording(const QString& folder) {
  session_->post(EngineCommand::startRecording(folder.toStdString(), "edgescope"));
}
void EngineClient::stopRecording() { session_->post(EngineCommand::stopRecording()); }
void EngineClient::startLocalNodeList(const QString& list) {
  session_->post(EngineCommand::startLocalNodeList(list.toStdString()));
}
void EngineClient::startLocalNodes(int count, const QString& profile) {
  session_->post(EngineCommand::startLocalNodes(count, profile.toStdString()));
}
void EngineClient::addNode(const QString& address) { session_->post(EngineCommand::addNode(address.toStdString())); }
void EngineClient::stopNode(const QString& name) { session_->post(EngineCommand::stopNode(name.toStdString())); }
void EngineClient::killNode(const QString& name) { session_->post(EngineCommand::killNode(name.toStdString())); }
void EngineClient::setNodeCost(const QString& name, double cost) {
  session_->post(EngineCommand::setNodeCost(name.toStdString(), cost));
}
void EngineClient::whatIfLost(const QString& name) { session_->post(EngineCommand::whatIfLost(name.toStdString())); }
void EngineClient::setRois(const QVector<QRectF>& rois) {
  std::vector<BoundingBox> boxes;
  for (const QRectF& r : rois) {
    boxes.push_back({static_cast<float>(r.x()), static_cast<float>(r.y()), static_cast<float>(r.width()),
                     static_cast<float>(r.height())});
  }
  session_->post(EngineCommand::setRois(std::move(boxes)));
}
void EngineClient::enhanceFrame() { session_->post(EngineCommand::moduleCommand(TurboModule::kEnhanceFrameCommand)); }
void EngineClient::setParameter(const QString& id, double value) {
  session_->post(EngineCommand::setParameter(id.toStdString(), value));
}

void EngineClient::poll() {
  pollEvents();
  if (auto snapshot = session_->takeFrameIfNewer(lastFrameSequence_)) {
    ++framesShown_;
    if (pipelineMetrics_) pipelineMetrics_->observeSnapshot(*snapshot);
    emit frameReady(ViewConversion::toView(snapshot));
  }
  const auto status = session_->status();
  if (status && status->sequence != lastStatusSequence_) {
    lastStatusSequence_ = status->sequence;
    status_ = ViewConversion::toView(*status);
    if (pipelineMetrics_) pipelineMetrics_->observeStatus(*status);
    if (clusterMetrics_) clusterMetrics_->update(status->nodes);
    emit statusChanged(status_);
  }
}

void EngineClient::setMetrics(std::shared_ptr<PipelineMetrics> pipeline, std::shared_ptr<ClusterMetrics> cluster) {
  pipelineMetrics_ = std::move(pipeline);
  clusterMetrics_ = std::move(cluster);
}

void EngineClient::pollEvents() {
  for (const auto& event : session_->takeEvents()) {
    const QString text = QString::fromStdString(event.message);
    switch (event.type) {
      case EngineEvent::Type::SourceOpened:
        emit sourceOpened(ViewConversion::toView(event.source));
        emit message("info", text);
        break;
      case EngineEvent::Type::PipelineReady:
        emit pipelineConfigured(text);
        emit message("info", text);
        break;
      case EngineEvent::Type::ParameterApplied:
        emit parameterApplied(QString::fromStdString(event.parameterId), event.value);
        break;
      case EngineEvent::Type::SourceFailed:
      case EngineEvent::Type::Error: emit message("error", text); break;
      case EngineEvent::Type::Warning: emit message("warning", text); break;
      case EngineEvent::Type::EndOfStream:
      case EngineEvent::Type::Info: emit message("info", text); break;
      case EngineEvent::Type::Images: {
        QStringList labels;
        QVector<QImage> images;
        for (const auto& [label, image] : event.images) {
          labels << QString::fromStdString(label);
          images << deepCopy(image);
        }
        emit imagesReady(QString::fromStdString(event.command), text, labels, images);
        emit message("info", text);
        break;
      }
      case EngineEvent::Type::RecordingStarted:
        emit recordingChanged(true, text);
        emit message("info", tr("recording to %1").arg(text));
        break;
      case EngineEvent::Type::RecordingStopped:
        emit recordingChanged(false, text);
        emit message("info", tr("recording finished: %1").arg(text));
        break;
    }
  }
}

}  // namespace edgescope
