#include "record/SessionRecorder.h"

#include <filesystem>
#include <limits>

#include "record/AtomicFile.h"
#include "record/CsvText.h"
#include "record/ManifestJson.h"
#include "record/UtcTime.h"
#include "util/Error.h"

namespace edgescope {
namespace {

namespace fs = std::filesystem;

double stageValue(const RecordedFrame& frame, const std::string& name) {
  for (const auto& [stage, ms] : frame.stageMs) {
    if (stage == name) return ms;
  }
  return 0.0;
}

const char* const kOwnFiles[] = {"session.json", "knobs.csv", "frames.csv", "tracks.txt", "metrics.csv", "events.log"};

/// Throws Error unless @p name is a plain file name that is not one of the session's own files.
void checkFeatureFile(const std::string& name) {
  const bool plain = !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
                     name.find('\\') == std::string::npos && name.find('\0') == std::string::npos;
  if (!plain) throw Error("session feature file '" + name + "': not a plain file name");
  for (const char* own : kOwnFiles) {
    if (name == own) throw Error("session feature file '" + name + "': the session's own file");
  }
}

}  // namespace

SessionRecorder::SessionRecorder(std::string folder, SessionManifest manifest)
    : folder_(std::move(folder)), manifest_(std::move(manifest)), start_(std::chrono::steady_clock::now()) {
  if (folder_.empty()) throw Error("session folder: no folder given");
  std::error_code error;
  fs::create_directories(folder_, error);
  if (error || !fs::is_directory(folder_, error)) {
    throw Error("cannot create session folder '" + folder_ +
                "': " + (error ? error.message() : std::string("not a folder")));
  }
  if (fs::exists(path("session.json"), error)) {
    throw Error("session folder already in use: '" + folder_ + "' already holds a session.json");
  }
  manifest_.version = SessionManifest::kCurrentVersion;  // the layout written below, whatever the caller copied
  manifest_.created = UtcTime::now();
  manifest_.ended.clear();
  manifest_.complete = false;
  try {
    AtomicFile::write(path("session.json"), ManifestJson::toJson(manifest_));
  } catch (const Error& e) {
    throw Error("session folder '" + folder_ + "' is not writable: " + e.what());
  }
  try {
    knobs_ = std::make_unique<LineFile>(path("knobs.csv"));
    knobs_->writeLine("time_s,frame,id,requested,applied");
    tracks_ = std::make_unique<LineFile>(path("tracks.txt"));
    metrics_ = std::make_unique<LineFile>(path("metrics.csv"));
    metrics_->writeLine("frame,time_s,frames,MOTA,IDF1,HOTA,MOTP,recall,precision,idsw,fp,fn,gt");
    events_ = std::make_unique<LineFile>(path("events.log"));
  } catch (const Error&) {
    fs::remove(path("session.json"), error);  // leave the folder free for another try
    throw;
  }
}

SessionRecorder::~SessionRecorder() {
  try {
    finish();
  } catch (const std::exception&) {
    // A destructor must not throw; the folder stays readable as an interrupted session.
  }
}

std::string SessionRecorder::path(const char* name) const { return (fs::path(folder_) / name).string(); }

double SessionRecorder::elapsedS() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

template <typename Write>
void SessionRecorder::guarded(Write&& write) {
  if (stopped()) return;
  try {
    write();
  } catch (const std::exception&) {
    failed_ = true;
    throw;
  }
}

std::string SessionRecorder::frameHeader() const {
  std::string header =
      "frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,difficulty,exit,budget_ms,"
      "turbo_ms,degrade_kind,degrade_strength";
  for (const auto& name : stageNames_) header += "," + name + "_ms";
  for (const auto& name : moduleNames_) header += "," + name;
  return header;
}

void SessionRecorder::fixColumns(const RecordedFrame& first) {
  std::vector<std::string> stages, modules;
  for (const auto& stage : first.stageMs) {
    stages.push_back(CsvText::field(stage.first));
    if (RecordedFrame::isModuleColumn(stages.back() + "_ms")) {
      throw Error("frames.csv: stage '" + stage.first + "' starts with a module column prefix");
    }
  }
  for (const auto& field : first.moduleFields) {
    modules.push_back(CsvText::field(field.first));
    if (!RecordedFrame::isModuleColumn(modules.back())) {
      throw Error("frames.csv: module field '" + field.first + "' has no registered prefix (kModuleColumnPrefixes)");
    }
  }
  stageNames_ = std::move(stages);
  moduleNames_ = std::move(modules);
}

void SessionRecorder::recordFrame(const RecordedFrame& frame, const std::vector<Track>& tracks) {
  guarded([&] {
    if (!frames_) {
      fixColumns(frame);
      frames_ = std::make_unique<LineFile>(path("frames.csv"));
      frames_->writeLine(frameHeader());
    }
    std::string line = std::to_string(frame.frame) + "," + CsvText::number(frame.timeS) + "," +
                       std::to_string(frame.inputWidth) + "," + std::to_string(frame.inputHeight) + "," +
                       std::to_string(frame.rung) + "," + (frame.reselected ? "1" : "0") + "," +
                       std::to_string(frame.detections) + "," + std::to_string(frame.tracks) + "," +
                       CsvText::number(frame.totalMs) + "," + CsvText::number(frame.difficulty) + "," +
                       std::to_string(frame.exit) + "," + CsvText::number(frame.budgetMs) + "," +
                       CsvText::number(frame.turboMs) + "," + CsvText::field(frame.degradeKind) + "," +
                       CsvText::number(frame.degradeStrength);
    for (const auto& name : stageNames_) line += "," + CsvText::number(stageValue(frame, name));
    for (const auto& name : moduleNames_) {
      line += "," + CsvText::number(frame.moduleField(name, std::numeric_limits<double>::quiet_NaN()));
    }
    // Tracks first (one write), then the frame line: a frame in frames.csv always has all its tracks.
    std::string rows;
    for (const Track& track : tracks) {
      rows += std::to_string(frame.frame) + "," + std::to_string(track.id) + "," + CsvText::number(track.box.x) + "," +
              CsvText::number(track.box.y) + "," + CsvText::number(track.box.width) + "," +
              CsvText::number(track.box.height) + "," + CsvText::number(track.score) + ",-1,-1,-1\n";
    }
    if (!rows.empty()) tracks_->writeText(rows);
    frames_->writeLine(line);
    ++framesRecorded_;
  });
}

void SessionRecorder::appendLines(const std::string& name, const std::string& header,
                                  const std::vector<std::string>& lines) {
  guarded([&] {
    checkFeatureFile(name);
    auto found = features_.find(name);
    if (found == features_.end()) {
      FeatureFile feature{header, std::make_unique<LineFile>(path(name.c_str()))};
      feature.file->writeLine(header);
      found = features_.emplace(name, std::move(feature)).first;
    } else if (found->second.header != header) {
      throw Error(name + ": header '" + header + "' differs from the file's '" + found->second.header + "'");
    }
    std::string text;
    for (const std::string& line : lines) text += CsvText::singleLine(line) + '\n';
    if (!text.empty()) found->second.file->writeText(text);
  });
}

void SessionRecorder::recordKnob(const RecordedKnob& knob) {
  guarded([&] {
    knobs_->writeLine(CsvText::number(knob.timeS) + "," + std::to_string(knob.frame) + "," + CsvText::field(knob.id) +
                      "," + CsvText::number(knob.requested) + "," + CsvText::number(knob.applied));
  });
}

void SessionRecorder::recordInitialParameters(std::int64_t frame) {
  for (const auto& [id, value] : manifest_.initialParameters) recordKnob({0.0, frame, id, value, value});
}

void SessionRecorder::recordMetrics(const RecordedMetrics& recorded) {
  guarded([&] {
    const MotMetrics& m = recorded.metrics;
    metrics_->writeLine(std::to_string(recorded.frame) + "," + CsvText::number(recorded.timeS) + "," +
                        std::to_string(m.frames) + "," + CsvText::number(m.mota) + "," + CsvText::number(m.idf1) + "," +
                        CsvText::number(m.hota.hota) + "," + CsvText::number(m.motp) + "," + CsvText::number(m.recall) +
                        "," + CsvText::number(m.precision) + "," + std::to_string(m.idsw) + "," + std::to_string(m.fp) +
                        "," + std::to_string(m.fn) + "," + std::to_string(m.gtDetections));
  });
}

void SessionRecorder::recordEvent(const std::string& level, const std::string& message) {
  guarded([&] {
    events_->writeLine(CsvText::number(elapsedS()) + " " + CsvText::field(level) + " " + CsvText::singleLine(message));
  });
}

void SessionRecorder::finish() {
  if (finished_) return;
  finished_ = true;
  knobs_.reset();
  frames_.reset();
  tracks_.reset();
  metrics_.reset();
  events_.reset();
  features_.clear();
  manifest_.ended = UtcTime::now();
  manifest_.complete = !failed_;
  AtomicFile::write(path("session.json"), ManifestJson::toJson(manifest_));
}

}  // namespace edgescope
