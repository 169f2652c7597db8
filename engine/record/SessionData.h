#pragma once
/// @file SessionData.h
/// Everything a recorded session folder holds, as plain values: what SessionRecorder writes incrementally and
/// SessionReader reads back (also from a folder whose writer was killed). Value types; any thread.
///
/// Folder layout (format "edgescope-session", version 2; all text, UTF-8). Version 1 (before issue 21) has the same
/// files; its frames.csv lacks the six Turbo/degrade columns after total_ms. SessionReader reads both.
///   session.json  manifest: tool, created/ended (ISO-8601 UTC), complete flag, source, detector, embedder, the
///                 model card (the jde model's JSON card, verbatim object) and the parameters applied at start.
///                 Rewritten atomically (temp file + rename) at start and at finish.
///   knobs.csv     time_s,frame,id,requested,applied          — one line per parameter change the engine applied
///   frames.csv    frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,difficulty,exit,
///                 budget_ms,turbo_ms,degrade_kind,degrade_strength,<stage>_ms…,<module field>… — one line per
///                 processed frame. difficulty: Turbo's d (nan when none was computed), exit: the enhancer exit that
///                 produced the detections (0: plain), budget_ms/turbo_ms: Turbo's idle budget and enhancement time,
///                 degrade_kind: none, dark, motion, defocus, noise, jpeg or lowres, degrade_strength 0–1 (version 2
///                 only; a version 1 file reads as Turbo off and clean frames). The stage and module columns are fixed when the
///                 file is created (by the first frame). Module columns carry a registered prefix
///                 (kModuleColumnPrefixes: "pl_" = ParaLoupe) and keep their full name, so "pl_schedule_ms" is a
///                 module field, never a latency stage; a frame without a field has "nan" there.
///   tracks.txt    MOTChallenge results (frame,id,x,y,w,h,score,-1,-1,-1), one line per track per frame
///   metrics.csv   frame,time_s,frames,MOTA,IDF1,HOTA,MOTP,recall,precision,idsw,fp,fn,gt — cumulative live
///                 metrics since the source was opened (or last seek), appended periodically and at finish
///   events.log    time_s level message — engine warnings, errors and notices (level info: cluster and partition
///                 changes such as a node lost, back, or patches shed)
/// Feature files, created on first use (SessionRecorder::appendLines; columns in record/ParaLoupeRecord.h):
///   patches.csv   frame,patch,kind,x,y,w,h,node,input_w,input_h,predicted_ms,measured_ms,objectness,served,kept
///                 — one line per ParaLoupe patch, written before its frame's frames.csv line
///   gantt.csv     frame,device,phase,start_ms,end_ms — one line per ParaLoupe Gantt segment, likewise
///   nodes.csv     time_s,frame,node,state,b_est_kbps,cost,share,queue_depth,rtt_ms,load — the cluster's nodes
///                 once per second of session time while a partition module reports nodes
/// Each line is flushed when written, so a killed writer loses at most the line it was writing; readers ignore
/// an unterminated last line and report it in SessionData::warnings.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "eval/MotMetrics.h"
#include "mot/MotRow.h"

namespace edgescope {

/// Prefixes of the frames.csv module columns (see the layout above). A feature that adds per-frame fields to
/// RecordedFrame::moduleFields registers its prefix here; no latency stage may start with one.
inline constexpr const char* kModuleColumnPrefixes[] = {"pl_"};

struct SessionManifest {
  std::string format = "edgescope-session";
  static constexpr int kCurrentVersion = 2;  ///< what SessionRecorder writes (1: frames.csv without Turbo/degrade)
  int version = kCurrentVersion;
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
  /// Turbo (issue 21; version 2): the frame's difficulty d in [0, 1] (NaN when none was computed: Turbo off, or a
  /// version 1 file), the exit that produced the detections (0 = plain), the idle budget and the enhancement's time.
  double difficulty = std::numeric_limits<double>::quiet_NaN();
  int exit = 0;
  double budgetMs = 0.0;
  double turboMs = 0.0;
  std::string degradeKind = "none";  ///< how the frame was degraded (degrade/DegradationKind.h kindName)
  double degradeStrength = 0.0;      ///< 0 … 1 (0 for clean frames)
  std::vector<std::pair<std::string, double>> stageMs;  ///< decode, detect, embed, track, … (ms)
  /// Per-frame fields of a module, full column names with a kModuleColumnPrefixes prefix (ParaLoupe: pl_patches,
  /// pl_high, pl_low, pl_roi, pl_shed, pl_slo_ms, pl_slo_met, pl_u, pl_iterations, pl_schedule_ms, pl_patchgen_ms).
  /// Empty for a frame the module did not handle.
  std::vector<std::pair<std::string, double>> moduleFields;

  /// Whether frames.csv column @p column is a module field (starts with a registered prefix).
  static bool isModuleColumn(const std::string& column) {
    for (const char* prefix : kModuleColumnPrefixes) {
      if (column.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }
  /// Module field @p name, or @p fallback when this frame has none.
  double moduleField(const std::string& name, double fallback) const {
    for (const auto& [field, value] : moduleFields) {
      if (field == name) return value;
    }
    return fallback;
  }
  bool hasModuleField(const std::string& name) const {
    for (const auto& field : moduleFields) {
      if (field.first == name) return true;
    }
    return false;
  }
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

/// One line of patches.csv: a ParaLoupe patch of a frame and its fate (paraloupe/ParaLoupeFrame.h, PatchRecord).
struct RecordedPatch {
  std::int64_t frame = 0;
  int patch = 0;                        ///< id within its frame
  std::string kind;                     ///< "high", "roi" or "low"
  double x = 0.0, y = 0.0, width = 0.0, height = 0.0;  ///< frame pixels (floats in the engine, written exactly)
  std::string node;                     ///< "camera", a node's name, or "" when shed
  int inputWidth = 0, inputHeight = 0;  ///< patch-model input size (0 when shed)
  double predictedMs = 0.0;             ///< the scheduler's estimate
  double measuredMs = 0.0;              ///< compute ms as measured
  double objectness = 0.0;
  bool served = false;                  ///< its result came back in time
  bool kept = false;                    ///< one of its peaks survived aggregation
};

/// One line of gantt.csv: a phase of one frame on one device, ms from the frame's capture.
struct RecordedGanttSegment {
  std::int64_t frame = 0;
  std::string device;  ///< "camera" or a node's name
  std::string phase;   ///< generate, schedule, encode, uplink, queue, compute, downlink, aggregate, track, keyframe
  double startMs = 0.0, endMs = 0.0;
};

/// One line of nodes.csv: an edge node as the engine saw it at a whole second of the session (ClusterNodeView).
struct RecordedNodeSample {
  double timeS = 0.0;
  std::int64_t frame = 0;          ///< the frame recorded with it
  std::string node;                ///< name
  std::string state;               ///< "connecting", "online", "degraded", "lost" or "stopped"
  double uplinkEstimateKbps = 0.0; ///< the network profiler's estimate b (0 before the first probe)
  double cost = 0.0;               ///< operator cost c, 0..1
  double share = 0.0;              ///< share of the recent patches it served, 0..1
  int queueDepth = 0;              ///< requests waiting or running on it
  double rttMs = -1.0;             ///< heartbeat round trip, −1 before the first
  double load = 0.0;               ///< busy fraction of its compute thread, 0..1
};

struct SessionData {
  std::string folder;
  SessionManifest manifest;
  std::vector<RecordedKnob> knobs;
  std::vector<RecordedFrame> frames;
  std::vector<MotRow> tracks;
  std::vector<RecordedMetrics> metrics;
  std::vector<RecordedEvent> events;
  std::vector<RecordedPatch> patches;       ///< patches.csv (empty without ParaLoupe)
  std::vector<RecordedGanttSegment> gantt;  ///< gantt.csv (empty without ParaLoupe)
  std::vector<RecordedNodeSample> nodes;    ///< nodes.csv (empty without a cluster)
  std::vector<std::string> warnings;  ///< what the reader skipped, naming file and line
};

}  // namespace edgescope
