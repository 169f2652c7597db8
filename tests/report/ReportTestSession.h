#pragma once
// A small recorded session for the report tests: 60 frames at 25 fps over three detector input sizes, four stages,
// two tracks per frame, three metrics lines, two knob changes, a model card with nested objects and a source name
// that needs HTML escaping. Built in memory (SessionData) or written to a folder with SessionRecorder.
#include <QDir>
#include <QFile>
#include <QString>

#include "record/SessionData.h"
#include "record/SessionRecorder.h"

namespace reporttest {

constexpr int kFrames = 60;
constexpr int kTracksPerFrame = 2;
constexpr double kFinalMota = 0.6543;

inline edgescope::SessionManifest manifest() {
  edgescope::SessionManifest m;
  m.tool = "edgescope-test";
  m.sourceUri = "synthetic:?seed=3&frames=60";
  m.sourceName = "<script>alert('x')</script> & cam";
  m.sourceKind = "synthetic";
  m.width = 960;
  m.height = 540;
  m.fps = 25.0;
  m.frameCount = kFrames;
  m.groundTruthPath = "/data/gt.txt";
  m.hasGroundTruth = true;
  m.detector = "jde:models/jde_pets09.json";
  m.modelCardJson = R"({"name":"jde_pets09","sha256":"68bb0948","architecture":{"embeddingDim":128},)"
                    R"("training":{"command":"edgescope-cli train --steps 4000","data":["a.avi","b<c>"]},)"
                    R"("metrics":{"val.MOTA":0.7337164751}})";
  m.initialParameters = {{"track.highScore", 0.4}, {"playback.speed", 1.0}};
  return m;
}

inline edgescope::RecordedFrame frame(int n) {
  edgescope::RecordedFrame f;
  f.frame = n;
  f.timeS = 0.04 * n;
  const bool small = n > 20 && n <= 40;
  f.inputWidth = small ? 640 : 864;
  f.inputHeight = small ? 352 : 480;
  f.rung = small ? 2 : 1;
  f.reselected = n % 10 == 1;
  f.detections = 3 + n % 4;
  f.tracks = kTracksPerFrame;
  f.stageMs = {{"decode", 1.0}, {"detect", static_cast<double>(n)}, {"embed", 0.5}, {"track", 0.25}};
  f.totalMs = 1.75 + n;
  return f;
}

inline edgescope::RecordedMetrics metrics(int n) {
  edgescope::RecordedMetrics r;
  r.frame = n;
  r.timeS = 0.04 * n;
  r.metrics.frames = n;
  r.metrics.mota = n == kFrames ? kFinalMota : 0.5 + 0.001 * n;
  r.metrics.idf1 = 0.7123456789012345;
  r.metrics.hota.hota = 0.55 + 1e-17 * n;
  r.metrics.motp = 0.81;
  r.metrics.recall = 0.9;
  r.metrics.precision = 0.8;
  r.metrics.idsw = n / 10;
  r.metrics.fp = 2 * n;
  r.metrics.fn = 3 * n;
  r.metrics.gtDetections = 10 * n;
  return r;
}

inline edgescope::BoundingBox trackBox(int n, int id) { return {10.0f * id + n, 20.0f, 30.5f, 60.25f}; }

inline std::vector<edgescope::RecordedKnob> knobs() {
  return {{0.8, 20, "deepscale.preset", 2, 2}, {1.6, 40, "track.highScore", 0.55, 0.5}};
}

/// The session as SessionReader would return it for a complete folder.
inline edgescope::SessionData handMade() {
  edgescope::SessionData data;
  data.folder = "/tmp/hand-made";
  data.manifest = manifest();
  data.manifest.created = "2026-11-23T02:10:00Z";
  data.manifest.ended = "2026-11-23T02:10:03Z";
  data.manifest.complete = true;
  data.knobs = knobs();
  for (int n = 1; n <= kFrames; ++n) {
    data.frames.push_back(frame(n));
    for (int id = 1; id <= kTracksPerFrame; ++id) {
      edgescope::MotRow row;
      row.frame = n;
      row.id = id;
      row.box = trackBox(n, id);
      row.confidence = 0.9f;
      data.tracks.push_back(row);
    }
    if (n % 20 == 0) data.metrics.push_back(metrics(n));
  }
  data.events.push_back({1.0, "warning", "source <stalled>"});
  return data;
}

inline void recordAll(edgescope::SessionRecorder& recorder) {
  for (const auto& knob : knobs()) recorder.recordKnob(knob);
  for (int n = 1; n <= kFrames; ++n) {
    std::vector<edgescope::Track> tracks;
    for (int id = 1; id <= kTracksPerFrame; ++id) {
      edgescope::Track t;
      t.id = id;
      t.box = trackBox(n, id);
      t.score = 0.9f;
      tracks.push_back(t);
    }
    recorder.recordFrame(frame(n), tracks);
    if (n % 20 == 0) recorder.recordMetrics(metrics(n));
  }
  recorder.recordEvent("warning", "source <stalled>");
}

/// Records the session into @p folder with SessionRecorder and finishes it (complete = true).
inline void recordComplete(const QString& folder) {
  edgescope::SessionRecorder recorder(folder.toStdString(), manifest());
  recordAll(recorder);
  recorder.finish();
}

/// A folder as a killed writer leaves it: copied while the recorder is still open (session.json says
/// complete = false), with half a frames.csv line at the end.
inline void recordInterrupted(const QString& folder) {
  const QString live = folder + ".live";
  edgescope::SessionRecorder recorder(live.toStdString(), manifest());
  recordAll(recorder);
  QDir().mkpath(folder);
  for (const QString& name : QDir(live).entryList(QDir::Files)) QFile::copy(live + "/" + name, folder + "/" + name);
  QFile frames(folder + "/frames.csv");
  if (frames.open(QIODevice::Append)) frames.write("61,2.44,864,4");
}

}  // namespace reporttest
