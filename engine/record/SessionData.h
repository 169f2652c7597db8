#pragma once
/// @file SessionData.h
/// Everything a recorded session folder holds, as plain values: what SessionRecorder writes incrementally and
/// SessionReader reads back (also from a folder whose writer was killed). Value types; any thread.
///
/// Folder layout (format "edgescope-session", version 1; all text, UTF-8):
///   session.json  manifest: tool, created/ended (ISO-8601 UTC), complete flag, source, detector, embedder, the
///                 model card (the jde model's JSON card, verbatim object) and the parameters applied at start.
///                 Rewritten atomically (temp file + rename) at start and at finish.
///   knobs.csv     time_s,frame,id,requested,applied          — one line per parameter change the engine applied
///   frames.csv    frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,<stage>_ms…
///                 — one line per processed frame; the stage columns are fixed when the file is created
///   tracks.txt    MOTChallenge results (frame,id,x,y,w,h,score,-1,-1,-1), one line per track per frame
///   metrics.csv   frame,time_s,frames,MOTA,IDF1,HOTA,MOTP,recall,precision,idsw,fp,fn,gt — cumulative live
///                 metrics since the source was opened (or last seek), appended periodically and at finish
///   events.log    time_s level message — engine warnings and errors
/// Each line is flushed when written, so a killed writer loses at most the line it was writing; readers ignore
/// an unterminated last line and report it in SessionData::warnings.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "eval/MotMetrics.h"
#include "mot/MotRow.h"

namespace edgescope {

struct SessionManifest {
  std::string format = "edgescope-session";
  int version = 1;
  std::string tool;      ///< "edgescope" (console) or "edgescope-cli"
  std::string created;   ///< ISO-8601 UTC, e.g. "2026-11-23T02:10:00Z"
  std::string ended;     ///< empty while recording or when the writer died
  bool complete = false; ///< finish() ran (false: interrupted session, readable up to the last flushed line)
  std::string sourceUri, sourceName, sourceKind;
  int width = 0, height = 0;              ///< source frame size, pixels
  double fps = 0.0;                       ///< nominal source rate
  std::int64_t frameCount = -1;           ///< -1 unknown / live
  std::string groundTruthPath;            ///< empty when none
  bool hasGroundTruth = false;
  std::string detector, embedder;         ///< names as the pipeline reports them; empty when none
  std::string modelCardJson;              ///< the detector's model card as JSON text ("" when none)
  std::map<std::string, double> initialParameters;  ///< values applied when recording started
};

struct RecordedKnob {
  double timeS = 0.0;         ///< seconds since recording started
  std::int64_t frame = 0;     ///< last processed frame number when it was applied (0: before the first)
  std::string id;
  double requested = 0.0;
  double applied = 0.0;
};

struct RecordedFrame {
  std::int64_t frame = 0;     ///< 1-based source frame number
  double timeS = 0.0;         ///< seconds since recording started
  int inputWidth = 0, inputHeight = 0;  ///< detector input size (0 without a scalable detector)
  int rung = -1;              ///< DeepScale ladder index, -1 when DeepScale is inactive
  bool reselected = false;    ///< DeepScale re-chose the resolution on this frame
  int detections = 0, tracks = 0;
  double totalMs = 0.0;       ///< sum of the stages
  std::vector<std::pair<std::string, double>> stageMs;  ///< decode, detect, embed, track, … (ms)
};

struct RecordedMetrics {
  std::int64_t frame = 0;     ///< last frame the metrics cover
  double timeS = 0.0;
  MotMetrics metrics;         ///< rates and CLEAR counts (tp/fp/fn/idsw/gtDetections) filled; others may be 0
};

struct RecordedEvent {
  double timeS = 0.0;
  std::string level;          ///< "info", "warning", "error"
  std::string message;
};

struct SessionData {
  std::string folder;
  SessionManifest manifest;
  std::vector<RecordedKnob> knobs;
  std::vector<RecordedFrame> frames;
  std::vector<MotRow> tracks;
  std::vector<RecordedMetrics> metrics;
  std::vector<RecordedEvent> events;
  std::vector<std::string> warnings;  ///< what the reader skipped, naming file and line
};

}  // namespace edgescope
