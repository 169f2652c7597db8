#pragma once
/// @file TrackTurbo.h
/// `edgescope-cli track`'s Turbo and pacing options (issue 21): --turbo MODEL|auto|off, --pace FPS (frames are due
/// at the source's pace from the first one; the command waits for each, so enhancement competes with real time),
/// --difficulty, --planner, --compare, --no-idle-share; the per-frame due times handed to the TurboController, and the
/// JSON "turbo" object (frames, hard/enhanced frames, exit histogram, budget and spent ms, overruns, fallbacks, search
/// µs, difficulty AUROC with GT, recovered/lost boxes with --compare, busy share) and latency_ms.e2e.

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "pipeline/TrackingPipeline.h"
#include "source/VideoSource.h"
#include "turbo/TurboScoreboard.h"
#include "util/JsonDocument.h"

namespace edgescope {

/// Value type.
struct TrackTurboOptions {
  std::string turbo = "off";                ///< off | auto | MODEL.json
  double paceFps = 0.0;                     ///< 0: unpaced (as fast as possible)
  std::string difficulty = "discriminator"; ///< discriminator | confidence | oracle | random
  std::string planner = "prune";            ///< prune | brute | ratio
  bool compare = false;
  bool noIdleShare = false;
  double latencyMs = 0.0;  ///< turbo.latencyMs (0: one frame interval when paced)
  double marginMs = 5.0;
  int maxExit = 5;
  double hardThreshold = -1.0;  ///< < 0: the card's

  static void addTo(CLI::App& command, TrackTurboOptions& options);
};

/// One per track run; the command's thread.
class TrackTurbo {
 public:
  /// Loads the enhancer into @p pipeline when --turbo is not off and configures its controller. Throws Error for a
  /// bad combination (--pace on a live source, pace ≤ 0, unknown difficulty/planner) naming the option and value.
  TrackTurbo(const TrackTurboOptions& options, TrackingPipeline& pipeline, const SourceInfo& info);
  /// Paced runs: sleeps until frame @p index (0-based in the range) is due and returns its due time (steady ms);
  /// unpaced: now.
  double waitForDue(std::int64_t index);
  /// Before process(): hands the frame's deadline to the controller.
  void beforeFrame(double dueMs, const SourceFrame& frame, bool tracksExist);
  /// After process(): accounts the frame (@p endMs: when its result was ready, steady ms).
  void afterFrame(const SourceFrame& frame, const TrackingPipeline::Result& result, double dueMs, double endMs);
  void addJson(Json& json) const;
  /// One line for the text report (empty when Turbo is off).
  std::string summary() const;
  bool enabled() const { return controllerOn_; }

 private:
  TrackTurboOptions options_;
  TrackingPipeline& pipeline_;
  bool controllerOn_ = false;
  double intervalMs_ = 0.0;
  double startMs_ = 0.0;
  double tailMs_ = 1.0;
  std::int64_t frames_ = 0, hardFrames_ = 0, enhanced_ = 0, overruns_ = 0, fallbacks_ = 0, behind_ = 0;
  TurboScoreboard scoreboard_;  ///< recovered/lost with --compare
  std::vector<std::int64_t> exitHistogram_ = std::vector<std::int64_t>(6, 0);
  std::vector<double> budgetMs_, spentMs_, searchUs_, e2eMs_, busyMs_;
  std::vector<double> difficulty_;
  std::vector<bool> oracleHard_;
  std::string model_;
};

}  // namespace edgescope
