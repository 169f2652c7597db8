#include "session/EngineRecording.h"

#include <cmath>

#include "record/CsvText.h"
#include "record/ManifestFactory.h"
#include "record/ParaLoupeRecord.h"
#include "record/SnapshotRecord.h"
#include "session/FrameSnapshot.h"
#include "util/Error.h"

namespace edgescope {

void EngineRecording::start(const std::string& folder, const std::string& tool, const Context& context) {
  stop();
  SessionManifest manifest =
      ManifestFactory::make(tool, context.source, context.groundTruthPath, context.pipeline, context.parameters);
  lastMetricsFrame_ = lastMetricsCount_ = -1;
  nextNodesS_ = 0.0;
  try {
    recorder_ = std::make_unique<SessionRecorder>(folder, std::move(manifest));
    recorder_->recordInitialParameters(context.currentFrame);
  } catch (const std::exception& e) {
    recorder_.reset();
    emit_(EngineEvent::Type::Error, std::string("cannot record: ") + e.what());
    return;
  }
  emit_(EngineEvent::Type::RecordingStarted, folder);
}

void EngineRecording::stop() {
  if (!recorder_) return;
  std::unique_ptr<SessionRecorder> recorder = std::move(recorder_);
  const std::string folder = recorder->folder();
  try {
    recorder->finish();
  } catch (const std::exception& e) {
    emit_(EngineEvent::Type::Error, std::string("recording not finished cleanly: ") + e.what());
  }
  emit_(EngineEvent::Type::RecordingStopped, folder);
}

template <typename Write>
void EngineRecording::guarded(Write&& write) {
  if (!recorder_) return;
  try {
    write(*recorder_);
  } catch (const std::exception& e) {
    // The recorder is dropped before the Error event goes out, so the event is not recorded into the failing disk.
    std::unique_ptr<SessionRecorder> failed = std::move(recorder_);
    const std::string folder = failed->folder();
    failed.reset();  // finish() keeps complete = false after a write error
    emit_(EngineEvent::Type::Error, std::string("recording stopped: ") + e.what());
    emit_(EngineEvent::Type::RecordingStopped, folder);
  }
}

void EngineRecording::recordFrame(const FrameSnapshot& snapshot) {
  guarded([&](SessionRecorder& r) {
    const double timeS = r.elapsedS();
    const std::int64_t frame = snapshot.frame.number;
    ParaLoupeRecord::appendFrame(r, frame, snapshot.partition.paraloupe);  // before the frame's line
    r.recordFrame(SnapshotRecord::fromSnapshot(snapshot, timeS), snapshot.tracks);
    if (!snapshot.nodes.empty() && timeS >= nextNodesS_) {
      ParaLoupeRecord::appendNodes(r, timeS, frame, snapshot.nodes);
      nextNodesS_ = (std::floor(timeS / ParaLoupeRecord::kNodesPeriodS) + 1.0) * ParaLoupeRecord::kNodesPeriodS;
    }
  });
}

void EngineRecording::recordKnob(std::int64_t frame, const std::string& id, double requested, double applied) {
  guarded([&](SessionRecorder& r) { r.recordKnob({r.elapsedS(), frame, id, requested, applied}); });
}

void EngineRecording::recordMetrics(std::int64_t frame, const MotMetrics& metrics) {
  if (frame == lastMetricsFrame_ && metrics.frames == lastMetricsCount_) return;
  guarded([&](SessionRecorder& r) {
    r.recordMetrics({frame, r.elapsedS(), metrics});
    lastMetricsFrame_ = frame;
    lastMetricsCount_ = metrics.frames;
  });
}

void EngineRecording::recordModuleLines(std::int64_t frame, const std::vector<ModuleRecordLine>& lines) {
  if (lines.empty()) return;
  guarded([&](SessionRecorder& r) { appendModuleLines(r, frame, lines); });
}

void EngineRecording::appendModuleLines(SessionRecorder& recorder, std::int64_t frame,
                                        const std::vector<ModuleRecordLine>& lines) {
  const std::string prefix = CsvText::number(recorder.elapsedS()) + "," + std::to_string(frame) + ",";
  for (const ModuleRecordLine& line : lines) {
    recorder.appendLines(line.file, "time_s,frame," + line.header, {prefix + line.fields});
  }
}

void EngineRecording::recordEvent(const std::string& level, const std::string& message) {
  guarded([&](SessionRecorder& r) { r.recordEvent(level, message); });
}

void EngineRecording::recordEngineEvent(EngineEvent::Type type, const std::string& message) {
  switch (type) {
    case EngineEvent::Type::Warning: recordEvent("warning", message); break;
    case EngineEvent::Type::Error: recordEvent("error", message); break;
    case EngineEvent::Type::Info: recordEvent("info", message); break;
    default: break;
  }
}

}  // namespace edgescope
