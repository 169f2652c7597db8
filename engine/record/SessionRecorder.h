#pragma once
/// @file SessionRecorder.h
/// Writes a session folder (format in record/SessionData.h) incrementally and crash-safely: session.json is written
/// atomically at start (complete = false) and at finish (complete = true, ended time); every other line reaches
/// the kernel as soon as it is recorded, so a killed writer leaves a folder readable up to its last line.
///
/// Threading: not thread-safe; one thread owns the recorder (the engine thread, or the CLI's main thread).
/// Feature files (ParaLoupe's patches.csv, gantt.csv, nodes.csv) go through appendLines(): opened on first use,
/// written like the others.
/// Errors: every method that writes throws Error naming the file and the system error (e.g. a full disk). After
/// such an error the recorder stops writing: later record calls are ignored and finish() leaves complete = false.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/Track.h"
#include "record/LineFile.h"
#include "record/SessionData.h"

namespace edgescope {

class SessionRecorder {
 public:
  /// Creates @p folder (and its parents) when needed and starts the session: session.json (with @p manifest's
  /// created time set now, complete = false), knobs.csv, tracks.txt, metrics.csv and events.log; frames.csv is
  /// created with the first frame. Throws Error naming the folder when it cannot be created or written, and
  /// "session folder already in use" when it already holds a session.json.
  SessionRecorder(std::string folder, SessionManifest manifest);
  /// Calls finish(), ignoring errors.
  ~SessionRecorder();
  SessionRecorder(const SessionRecorder&) = delete;
  SessionRecorder& operator=(const SessionRecorder&) = delete;

  /// Appends the frame's @p tracks as MOT rows (frame,id,x,y,w,h,score,-1,-1,-1) to tracks.txt, then one line to
  /// frames.csv (so a frame present in frames.csv has all its tracks). The stage and module columns are those of
  /// the first recorded frame: later unknown stages and module fields are dropped, missing stages written as 0 and
  /// missing module fields as "nan" (read back as absent). Throws Error (a programming error, which stops the
  /// recording) when the first frame has a module field without a registered prefix or a stage with one.
  void recordFrame(const RecordedFrame& frame, const std::vector<Track>& tracks);
  /// Appends @p lines (each without '\n'; commas separate fields, see CsvText::field) to the feature file @p name
  /// of the session folder (e.g. "patches.csv"), in one write. The file is created on first use with @p header as
  /// its first line, even when @p lines is empty. Throws Error for a name that is not a plain file name or is one of
  /// the session's own files (session.json, knobs.csv, frames.csv, tracks.txt, metrics.csv, events.log), for a
  /// @p header other than the one the file was created with, and like every write for a system error.
  void appendLines(const std::string& name, const std::string& header, const std::vector<std::string>& lines);
  /// Appends one line to knobs.csv.
  void recordKnob(const RecordedKnob& knob);
  /// Records every manifest initial parameter as a knob (requested = applied) at time 0 and frame @p frame, so
  /// knobs.csv alone gives the full parameter timeline.
  void recordInitialParameters(std::int64_t frame);
  /// Appends one line to metrics.csv.
  void recordMetrics(const RecordedMetrics& metrics);
  /// Appends "time_s level message" to events.log (time = elapsedS(); line breaks in @p message become spaces).
  void recordEvent(const std::string& level, const std::string& message);
  /// Rewrites session.json with complete = true (false after a write error) and the ended time, and closes the
  /// files. Idempotent.
  void finish();

  /// Seconds (steady clock) since construction.
  double elapsedS() const;
  std::int64_t framesRecorded() const { return framesRecorded_; }
  const std::string& folder() const { return folder_; }
  const SessionManifest& manifest() const { return manifest_; }
  /// finish() ran or a write failed: nothing more is written.
  bool stopped() const { return finished_ || failed_; }

 private:
  std::string path(const char* name) const;
  /// Runs @p write unless stopped; marks the recorder failed (and rethrows) when it throws.
  template <typename Write>
  void guarded(Write&& write);
  std::string frameHeader() const;
  /// Fixes the stage and module columns from @p first; throws Error for a name in the wrong namespace.
  void fixColumns(const RecordedFrame& first);

  std::string folder_;
  SessionManifest manifest_;
  std::chrono::steady_clock::time_point start_;
  /// A feature file (appendLines) and the header it was created with.
  struct FeatureFile {
    std::string header;
    std::unique_ptr<LineFile> file;
  };

  std::unique_ptr<LineFile> knobs_, frames_, tracks_, metrics_, events_;
  std::map<std::string, FeatureFile> features_;  ///< by file name
  std::vector<std::string> stageNames_;   ///< frames.csv stage columns, fixed by the first frame
  std::vector<std::string> moduleNames_;  ///< frames.csv module columns, fixed by the first frame
  std::int64_t framesRecorded_ = 0;
  bool finished_ = false;
  bool failed_ = false;
};

}  // namespace edgescope
