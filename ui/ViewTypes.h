#pragma once
/// @file ViewTypes.h
/// Qt-side value types the panels consume. EngineClient converts engine snapshots into these, so widgets never see
/// engine objects. All are plain values (implicitly shared Qt containers), used on the GUI thread.

#include <QImage>
#include <QMap>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVector>

namespace edgescope {

struct OverlayBox {
  QRectF rect;            ///< image pixels
  int id = -1;            ///< GT/track id, -1 for detections
  double score = 1.0;
  double visibility = 1.0;
  bool ignore = false;    ///< GT "ignore" row
  int ageFrames = 0;      ///< tracks: frames since the tracker created it
};

struct SourceView {
  QString uri, kind, name;
  int width = 0, height = 0;
  double fps = 0.0;
  qint64 frameCount = -1;
  bool live = false, seekable = false, hasGroundTruth = false;
};

/// The network input size one frame ran at (DeepScale adaptive resolution).
struct DeepScaleFrameView {
  bool active = false;                  ///< false when the detector has no DeepScale support (rest unused)
  int inputWidth = 0, inputHeight = 0;  ///< network input, pixels
  int rung = 0;                         ///< ladder index, 0 = highest resolution
  bool reselected = false;              ///< this frame ran at the highest rung and re-chose the resolution (Eq. 5)
};

/// One ParaLoupe patch of a frame and its fate (engine PatchRecord; issue 20).
struct PatchRecordView {
  int id = 0;
  QString kind;               ///< "high" (HighConf), "low" (LowConf) or "roi"
  QRectF rect;                ///< frame pixels
  QString node;               ///< "camera", a node's name, or empty when shed
  int inputWidth = 0, inputHeight = 0;  ///< patch-model input it ran at, pixels (0 when shed)
  double predictedMs = 0.0, measuredMs = 0.0;  ///< the scheduler's s/b + t; the compute ms measured
  double objectness = 0.0;
  bool served = false;        ///< its peaks came back in time
  bool kept = false;          ///< one of its peaks survived aggregation
};

/// A span of a ParaLoupe frame's Gantt: one phase on one device, ms from the frame's hand-over to tracking.
struct GanttSegmentView {
  QString device;             ///< "camera" or a node's name
  QString phase;              ///< generate, schedule, encode, uplink, queue, compute, downlink, aggregate, track, keyframe
  double startMs = 0.0, endMs = 0.0;
};

/// One device's part of a ParaLoupe frame: the scheduler's predicted T_i against the measured time, both from the
/// moment its patches were sent (the camera: from the start of its own patches).
struct DeviceTimingView {
  QString device;
  int patches = 0;
  double predictedMs = 0.0;
  double measuredMs = 0.0;    ///< −1 when no reply came in time
  bool late = false;          ///< its reply missed SLO + grace (or failed)
};

/// What ParaLoupe did with one frame (engine ParaLoupeFrame; issue 20, paper 002).
struct ParaLoupeView {
  bool active = false;        ///< the frame ran under PL (false: rest unused)
  bool keyframe = false;      ///< a full-frame keyframe on the camera (no patches)
  QString scheduler;          ///< "markov", "uniform" or "greedy"
  int patches = 0, high = 0, low = 0, roi = 0;  ///< after refinement, by kind
  int shed = 0;               ///< unassigned plus lost with a late node and not redone
  int redone = 0, lateReplies = 0;
  double sloMs = 0.0;
  bool sloMet = false;        ///< end to end ≤ sloMs
  double utility = 0.0;       ///< U of the chosen assignment
  int iterations = 0;         ///< Markov moves
  double scheduleMs = 0.0, patchgenMs = 0.0, aggregateMs = 0.0;
  double budgetMs = 0.0, guardMs = 0.0;  ///< the scheduler's budget (SLO − pre − post − guard) and the guard
  double uplinkKb = 0.0;
  QVector<PatchRecordView> records;
  QVector<DeviceTimingView> devices;
  QVector<GanttSegmentView> gantt;
  QImage objectness;          ///< the generator's p per cell as a heat image (ARGB, alpha = p); null on keyframes
  int objectnessCellPx = 8;   ///< frame pixels per pixel of objectness
};

/// Where one frame's work ran under a camera/server partition (engine PartitionFrame; issue 6). KB = 1000 bytes.
struct PartitionView {
  bool active = false;        ///< the partition module ran this frame (false: plain local tracking, rest unused)
  QString requested;          ///< strategy the operator chose: "CO", "SO", "SOAT", "SAT" or "PL"
  QString strategy;           ///< strategy that actually ran ("CO" while falling back)
  QString node;               ///< server node used (empty for CO)
  bool fullFrame = false;     ///< SOAT/SAT: sent at full resolution (re-selection frame)
  int sentWidth = 0, sentHeight = 0;  ///< image sent to the server, pixels (0: nothing sent)
  double cameraMs = 0.0, serverMs = 0.0, transmissionMs = 0.0, endToEndMs = 0.0;
  double uplinkKb = 0.0, downlinkKb = 0.0;
  QString fallbackReason;     ///< why the frame ran CO instead of the requested strategy (empty when it did not)
  ParaLoupeView paraloupe;    ///< strategy PL: the patches and their schedule (inactive otherwise)
  /// The frame ran another strategy than the one requested.
  bool fellBack() const { return active && strategy != requested; }
};

/// What Turbo (issue 21, paper 004) did with one frame, and how the frame was degraded (engine TurboFrameStatus,
/// FrameDegradation).
struct TurboFrameView {
  bool active = false;       ///< Turbo was on for this frame (false: the Turbo fields are unused)
  double difficulty = -1.0;  ///< d in [0, 1]; −1 when none was computed
  int exit = 0;              ///< exit that produced the detections (0 = not enhanced)
  double budgetMs = 0.0, spentMs = 0.0, predictedGain = 0.0;  ///< idle budget, enhancement ms, AP50 points
  bool behind = false, fellBack = false, overran = false;
  bool plainKnown = false;  ///< plainDetections holds exit 0's boxes (enhanced frame under turbo.compare)
  QVector<OverlayBox> plainDetections;
  QString degradeKind;  ///< "dark", "motion", … or empty for a clean frame (applies with Turbo off too)
  double degradeStrength = 0.0;
};

struct FrameView {
  quint64 sequence = 0;
  qint64 frameNumber = 0;
  QImage image;  ///< shares the engine's pixels; valid as long as the FrameView lives
  bool hasGroundTruth = false;
  QVector<OverlayBox> groundTruth, detections, tracks;
  QVector<QPair<QString, double>> latencyMs;  ///< per stage
  double totalLatencyMs = 0.0;
  DeepScaleFrameView deepscale;
  PartitionView partition;
  TurboFrameView turbo;
};

/// DeepScale's running state (see engine DeepScaleStatus).
struct DeepScaleStatusView {
  bool active = false;         ///< the running detector supports DeepScale
  bool adaptive = false;       ///< adaptive (true) or fixed resolution
  QStringList rungLabels;      ///< ladder sizes "WxH", highest first
  int chosenRung = 0;          ///< rung the current cycle uses
  QVector<double> lastScores;  ///< Eq. 5 score per rung of the last selection (rung 0 = 1); may be empty
  QVector<double> histogram;   ///< fraction of frames per rung since the source was opened
  qint64 histogramFrames = 0;  ///< frames the histogram counts
  qint64 selections = 0;       ///< re-selections so far
};

/// One edge node of the cluster (engine ClusterNodeView; issue 6).
struct NodeView {
  QString name;               ///< node name, or its address before the handshake
  QString address;            ///< endpoint, "tcp://HOST:PORT"
  QString state;              ///< "connecting", "online", "degraded", "lost" or "stopped"
  QString role, profile, model, device;  ///< profile empty = native; device "cpu" or "cuda"
  int threads = 0;
  bool local = false;         ///< started by this console (can be stopped and killed)
  int pid = 0;                ///< process id of a local node, 0 otherwise
  bool inUse = false;         ///< the partition currently sends frames to it
  double rttMs = -1.0;        ///< heartbeat round trip, -1 before the first
  double uplinkKbps = 0.0, downlinkKbps = 0.0;  ///< measured over the last second
  int queueDepth = 0;         ///< requests waiting or running on the node
  double load = 0.0;          ///< busy fraction of its compute thread, 0..1
  qint64 lossCount = 0;       ///< times it was lost
  QString lastError;          ///< latest refusal, loss or error (empty when none)
  // ParaLoupe (issue 20)
  double cost = 0.0;          ///< the operator's cost c, 0..1
  QString patchModel;         ///< patch model it serves (empty = none)
  double patchMs = -1.0;      ///< profiled ms per 64×128 patch, −1 when none
  double uplinkEstimateKbps = 0.0;  ///< the network profiler's uplink estimate, 0 before the first probe
  double share = 0.0;         ///< share of the recent frames' patches it served, 0..1
  // Turbo (issue 21)
  QString turboModel;       ///< enhancer it runs (edgescope-node --turbo; empty = off)
  double turboShare = 0.0;  ///< share of its busy time spent enhancing, 0..1
  /// Stable identity of the row/series: the address (the name changes at the handshake), else the name.
  QString key() const { return address.isEmpty() ? name : address; }
};

/// Turbo's enhancer and totals since open/seek (engine TurboSummary).
struct TurboStatusView {
  bool loaded = false, enabled = false;
  QString model;
  double hardThreshold = 0.0;
  qint64 frames = 0, hardFrames = 0, enhancedFrames = 0, fallbacks = 0, overruns = 0, behind = 0;
  QVector<qint64> exitHistogram;  ///< frames per exit 0 … 5
  double meanBudgetMs = 0.0, meanSpentMs = 0.0;
  QVector<QVector<double>> gainProfile;     ///< P[bucket][exit], AP50 points; empty without an enhancer
  qint64 scoredFrames = 0;                  ///< frames with GT whose plain detections are known
  double ap50Plain = 0.0, ap50Turbo = 0.0;  ///< fractions in [0, 1]
  qint64 recovered = 0, lost = 0;
};

struct StatusView {
  QString state;           ///< "idle", "playing", "paused", "ended", "failed"
  SourceView source;
  QString health;          ///< "ok", "reconnecting", "stalled", …
  int reconnectAttempts = 0, reconnects = 0;
  double nextRetryMs = 0.0;
  QString lastError;
  qint64 currentFrame = 0;
  double sourceFps = 0.0, processingFps = 0.0, capacityFps = 0.0;
  qint64 framesProcessed = 0, sourceDropped = 0, displaySkipped = 0;
  QMap<QString, double> parameters;  ///< values the engine applied
  QString detectorName, embedderName;  ///< empty when no pipeline runs
  bool hasMetrics = false;             ///< live metrics available (source has GT and a pipeline runs)
  QMap<QString, double> metrics;       ///< "MOTA", "IDF1", "HOTA", "MOTP", "Recall", "Precision", "IDSW", "Frames"
  DeepScaleStatusView deepscale;
  bool recording = false;            ///< the session is being recorded
  QString recordingFolder;
  qint64 recordedFrames = 0;
  QVector<NodeView> nodes;           ///< edge nodes of the active session's cluster (empty without one)
  TurboStatusView turbo;
};

struct ParameterView {
  QString id, label, unit, description;
  double minValue = 0.0, maxValue = 1.0, step = 0.0, defaultValue = 0.0;
  bool toggle = false;
  QStringList choices;  ///< enumeration labels (value minValue + i × step is choices[i]); empty when numeric
  /// Panel group: the id's prefix before the first dot ("playback", "track", "deepscale").
  QString group() const { return id.section('.', 0, 0); }
};

}  // namespace edgescope
