#include "ViewConversion.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core/mat.hpp>

#include "session/FrameSnapshot.h"
#include "session/ParameterSpec.h"

namespace edgescope {
namespace {

struct SnapshotHolder {
  std::shared_ptr<const FrameSnapshot> snapshot;
};

void releaseSnapshot(void* holder) { delete static_cast<SnapshotHolder*>(holder); }

QRectF toRect(const BoundingBox& box) { return QRectF(box.x, box.y, box.width, box.height); }

}  // namespace

FrameView ViewConversion::toView(const std::shared_ptr<const FrameSnapshot>& snapshot) {
  FrameView view;
  view.sequence = snapshot->sequence;
  view.frameNumber = snapshot->frame.number;
  const cv::Mat& image = snapshot->frame.image;
  if (!image.empty() && image.type() == CV_8UC3) {
    view.image = QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step),
                        QImage::Format_BGR888, &releaseSnapshot, new SnapshotHolder{snapshot});
  }
  view.hasGroundTruth = snapshot->hasGroundTruth;
  for (const auto& row : snapshot->groundTruth) {
    view.groundTruth.push_back({toRect(row.box), row.id, row.confidence, row.visibility, row.isIgnore()});
  }
  for (const auto& det : snapshot->detections) view.detections.push_back({toRect(det.box), -1, det.score, 1.0, false});
  for (const auto& track : snapshot->tracks) view.tracks.push_back({toRect(track.box), track.id, track.score, 1.0, false, track.ageFrames});
  for (const auto& stage : snapshot->latency.stages()) {
    view.latencyMs.push_back({QString::fromStdString(stage.first), stage.second});
  }
  view.totalLatencyMs = snapshot->latency.totalMs();
  const DeepScaleFrame& scale = snapshot->deepscale;
  view.deepscale = {scale.active, scale.widthPx, scale.heightPx, scale.rungIndex, scale.reselected};
  view.partition = toView(snapshot->partition);
  const TurboFrameStatus& turbo = snapshot->turbo;
  TurboFrameView& t = view.turbo;
  t.active = turbo.active;
  t.difficulty = turbo.difficulty;
  t.exit = turbo.exit;
  t.budgetMs = turbo.budgetMs;
  t.spentMs = turbo.spentMs;
  t.predictedGain = turbo.predictedGain;
  t.behind = turbo.behind;
  t.fellBack = turbo.fellBack;
  t.overran = turbo.overran;
  t.plainKnown = snapshot->plainKnown;
  for (const auto& det : snapshot->plainDetections)
    t.plainDetections.push_back({toRect(det.box), -1, det.score, 1.0, false});
  if (snapshot->degradation.degraded()) t.degradeKind = QString::fromLatin1(kindName(snapshot->degradation.kind));
  t.degradeStrength = snapshot->degradation.strength;
  return view;
}

SourceView ViewConversion::toView(const SourceInfo& info) {
  SourceView view;
  view.uri = QString::fromStdString(info.uri);
  view.kind = QString::fromStdString(info.kind);
  view.name = QString::fromStdString(info.name);
  view.width = info.width;
  view.height = info.height;
  view.fps = info.fps;
  view.frameCount = info.frameCount;
  view.live = info.live;
  view.seekable = info.seekable;
  view.hasGroundTruth = info.hasGroundTruth;
  return view;
}

StatusView ViewConversion::toView(const EngineStatus& status) {
  StatusView view;
  view.state = stateName(status.state);
  view.source = toView(status.source);
  view.health = stateName(status.health.state);
  view.reconnectAttempts = status.health.reconnectAttempts;
  view.reconnects = status.health.reconnects;
  view.nextRetryMs = status.health.nextRetryInMs;
  view.lastError = QString::fromStdString(!status.lastError.empty() ? status.lastError : status.health.lastError);
  view.currentFrame = status.currentFrame;
  view.sourceFps = status.stats.sourceFps;
  view.processingFps = status.stats.processingFps;
  view.capacityFps = status.stats.pipelineCapacityFps;
  view.framesProcessed = status.stats.framesProcessed;
  view.sourceDropped = status.stats.sourceDroppedFrames;
  view.displaySkipped = status.stats.displaySkippedFrames;
  for (const auto& entry : status.parameters) view.parameters[QString::fromStdString(entry.first)] = entry.second;
  view.detectorName = QString::fromStdString(status.detectorName);
  view.embedderName = QString::fromStdString(status.embedderName);
  view.hasMetrics = status.hasMetrics;
  if (status.hasMetrics) {
    const MotMetrics& m = status.metrics;
    view.metrics = {{"MOTA", m.mota}, {"IDF1", m.idf1}, {"HOTA", m.hota.hota}, {"MOTP", m.motp}, {"Recall", m.recall},
                    {"Precision", m.precision}, {"IDSW", double(m.idsw)}, {"Frames", double(m.frames)},
                    {"FP", double(m.fp)}, {"FN", double(m.fn)}, {"GT", double(m.gtDetections)}};
  }
  view.deepscale = toView(status.deepscale);
  view.recording = status.recording;
  view.recordingFolder = QString::fromStdString(status.recordingFolder);
  view.recordedFrames = status.recordedFrames;
  view.nodes.reserve(static_cast<int>(status.nodes.size()));
  for (const auto& node : status.nodes) view.nodes.push_back(toView(node));
  view.turbo = toView(status.turbo);
  return view;
}

TurboStatusView ViewConversion::toView(const TurboSummary& summary) {
  TurboStatusView view;
  view.loaded = summary.loaded;
  view.enabled = summary.enabled;
  view.model = QString::fromStdString(summary.model);
  view.hardThreshold = summary.hardThreshold;
  view.frames = summary.frames;
  view.hardFrames = summary.hardFrames;
  view.enhancedFrames = summary.enhancedFrames;
  view.fallbacks = summary.fallbacks;
  view.overruns = summary.overruns;
  view.behind = summary.behind;
  for (std::int64_t count : summary.exitHistogram) view.exitHistogram.push_back(count);
  view.meanBudgetMs = summary.meanBudgetMs;
  view.meanSpentMs = summary.meanSpentMs;
  for (const auto& row : summary.gainProfile) view.gainProfile.push_back(QVector<double>(row.begin(), row.end()));
  view.scoredFrames = summary.scoredFrames;
  view.ap50Plain = summary.ap50Plain;
  view.ap50Turbo = summary.ap50Turbo;
  view.recovered = summary.recovered;
  view.lost = summary.lost;
  return view;
}

DeepScaleStatusView ViewConversion::toView(const DeepScaleStatus& status) {
  DeepScaleStatusView view;
  view.active = status.active;
  view.adaptive = status.adaptive;
  for (const auto& label : status.rungLabels) view.rungLabels.push_back(QString::fromStdString(label));
  view.chosenRung = status.chosenRung;
  view.lastScores = QVector<double>(status.lastScores.begin(), status.lastScores.end());
  view.histogram = QVector<double>(status.histogram.begin(), status.histogram.end());
  view.histogramFrames = status.histogramFrames;
  view.selections = status.selections;
  return view;
}

NodeView ViewConversion::toView(const ClusterNodeView& node) {
  NodeView view;
  view.name = QString::fromStdString(node.name);
  view.address = QString::fromStdString(node.address);
  view.state = QString::fromStdString(node.state);
  view.role = QString::fromStdString(node.role);
  view.profile = QString::fromStdString(node.profile);
  view.model = QString::fromStdString(node.model);
  view.device = QString::fromStdString(node.device);
  view.threads = static_cast<int>(node.threads);
  view.local = node.local;
  view.pid = node.pid;
  view.inUse = node.inUse;
  view.rttMs = node.rttMs;
  view.uplinkKbps = node.uplinkKbps;
  view.downlinkKbps = node.downlinkKbps;
  view.queueDepth = static_cast<int>(node.queueDepth);
  view.load = node.load;
  view.turboModel = QString::fromStdString(node.turboModel);
  view.turboShare = node.turboShare;
  view.lossCount = static_cast<qint64>(node.lossCount);
  view.lastError = QString::fromStdString(node.lastError);
  view.cost = node.cost;
  view.patchModel = QString::fromStdString(node.patchModel);
  view.patchMs = node.patchMs;
  view.uplinkEstimateKbps = node.uplinkEstimateKbps;
  view.share = node.share;
  return view;
}

PartitionView ViewConversion::toView(const PartitionFrame& partition) {
  PartitionView view;
  view.active = partition.active;
  view.requested = QString::fromStdString(partition.requested);
  view.strategy = QString::fromStdString(partition.strategy);
  view.node = QString::fromStdString(partition.node);
  view.fullFrame = partition.fullFrame;
  view.sentWidth = partition.sentWidth;
  view.sentHeight = partition.sentHeight;
  view.cameraMs = partition.cameraMs;
  view.serverMs = partition.serverMs;
  view.transmissionMs = partition.transmissionMs;
  view.endToEndMs = partition.endToEndMs;
  view.uplinkKb = partition.uplinkKb;
  view.downlinkKb = partition.downlinkKb;
  view.fallbackReason = QString::fromStdString(partition.fallbackReason);
  view.paraloupe = toView(partition.paraloupe);
  return view;
}

QImage ViewConversion::objectnessImage(const cv::Mat& p) {
  if (p.empty() || p.type() != CV_32F) return {};
  QImage image(p.cols, p.rows, QImage::Format_ARGB32);
  for (int y = 0; y < p.rows; ++y) {
    const float* row = p.ptr<float>(y);
    auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < p.cols; ++x) {
      const float v = std::isfinite(row[x]) ? std::clamp(row[x], 0.0f, 1.0f) : 0.0f;
      // yellow → red as p rises; alpha follows p so that background stays visible
      out[x] = qRgba(255, static_cast<int>(220 * (1.0f - v)), 0, static_cast<int>(200 * v));
    }
  }
  return image;
}

ParaLoupeView ViewConversion::toView(const ParaLoupeFrame& frame) {
  ParaLoupeView view;
  view.active = frame.active;
  if (!frame.active) return view;
  view.keyframe = frame.keyframe;
  view.scheduler = QString::fromStdString(frame.scheduler);
  view.patches = frame.patches;
  view.high = frame.high;
  view.low = frame.low;
  view.roi = frame.roi;
  view.shed = frame.shed;
  view.redone = frame.redone;
  view.lateReplies = frame.lateReplies;
  view.sloMs = frame.sloMs;
  view.sloMet = frame.sloMet;
  view.utility = frame.utility;
  view.iterations = frame.iterations;
  view.scheduleMs = frame.scheduleMs;
  view.patchgenMs = frame.patchgenMs;
  view.aggregateMs = frame.aggregateMs;
  view.budgetMs = frame.budgetMs;
  view.guardMs = frame.guardMs;
  view.uplinkKb = frame.uplinkKb;
  view.records.reserve(static_cast<int>(frame.records.size()));
  for (const PatchRecord& r : frame.records) {
    view.records.push_back({r.id, QString::fromLatin1(Patch::kindName(r.kind)), toRect(r.rect),
                            QString::fromStdString(r.node), r.inputWidth, r.inputHeight, r.predictedMs, r.measuredMs,
                            r.objectness, r.served, r.kept});
  }
  view.devices.reserve(static_cast<int>(frame.devices.size()));
  for (const DeviceTiming& d : frame.devices) {
    view.devices.push_back({QString::fromStdString(d.device), d.patches, d.predictedMs, d.measuredMs, d.late});
  }
  view.gantt.reserve(static_cast<int>(frame.gantt.size()));
  for (const GanttSegment& g : frame.gantt) {
    view.gantt.push_back({QString::fromStdString(g.device), QString::fromStdString(g.phase), g.startMs, g.endMs});
  }
  view.objectness = objectnessImage(frame.objectness);
  view.objectnessCellPx = frame.objectnessCellPx;
  return view;
}

ParameterView ViewConversion::toView(const ParameterSpec& spec) {
  ParameterView view;
  view.id = QString::fromStdString(spec.id);
  view.label = QString::fromStdString(spec.label);
  view.unit = QString::fromStdString(spec.unit);
  view.description = QString::fromStdString(spec.description);
  view.minValue = spec.minValue;
  view.maxValue = spec.maxValue;
  view.step = spec.step;
  view.defaultValue = spec.defaultValue;
  view.toggle = spec.isToggle();
  for (const auto& choice : spec.choices) view.choices << QString::fromStdString(choice);
  return view;
}

}  // namespace edgescope
