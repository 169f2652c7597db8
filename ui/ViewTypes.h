#pragma once
/// @file ViewTypes.h
/// Qt-side value types the panels consume. EngineClient converts engine snapshots into these, so widgets never see
/// engine objects. All are plain values (implicitly shared Qt containers), used on the GUI thread.

#include <QImage>
#include <QMap>
#include <QRectF>
#include <QString>
#include <QVector>

namespace edgescope {

struct OverlayBox {
  QRectF rect;            ///< image pixels
  int id = -1;            ///< GT/track id, -1 for detections
  double score = 1.0;
  double visibility = 1.0;
  bool ignore = false;    ///< GT "ignore" row
};

struct SourceView {
  QString uri, kind, name;
  int width = 0, height = 0;
  double fps = 0.0;
  qint64 frameCount = -1;
  bool live = false, seekable = false, hasGroundTruth = false;
};

struct FrameView {
  quint64 sequence = 0;
  qint64 frameNumber = 0;
  QImage image;  ///< shares the engine's pixels; valid as long as the FrameView lives
  bool hasGroundTruth = false;
  QVector<OverlayBox> groundTruth, detections, tracks;
  QVector<QPair<QString, double>> latencyMs;  ///< per stage
  double totalLatencyMs = 0.0;
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
};

struct ParameterView {
  QString id, label, unit, description;
  double minValue = 0.0, maxValue = 1.0, step = 0.0, defaultValue = 0.0;
  bool toggle = false;
};

}  // namespace edgescope
