#pragma once
/// @file AmsStreamMailbox.h
/// What the engine thread and the camera's es-ams thread (AmsWorker) share (issue 22): the knobs and commands the
/// engine posts, and the streaming status, messages and ams.csv records es-ams produces, behind one mutex, with the
/// wake-up es-ams waits on. Messages and records are bounded (the oldest are dropped beyond kMaxPending) so nothing
/// grows while the engine does not take them (a paused session).

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ams/AmsConfig.h"
#include "ams/AmsCsvRecord.h"
#include "ams/AmsStreamStatus.h"
#include "session/EngineModule.h"

namespace edgescope {

/// Thread-safe: every member may be called from any thread.
class AmsStreamMailbox {
 public:
  /// Operator commands for es-ams.
  enum class Command { Rollback, Reset, Freeze, Unfreeze };
  static constexpr std::size_t kMaxPending = 1000;

  explicit AmsStreamMailbox(const AmsConfig& config) : config_(config) {}

  // Engine thread → es-ams.
  void setConfig(const AmsConfig& config);
  void post(Command command);
  /// Ends the current (or next) wait() at once.
  void wake();
  /// The knobs when they changed since the last call, else nullopt.
  std::optional<AmsConfig> takeConfig();
  std::vector<Command> takeCommands();
  /// Waits up to @p ms, or until woken.
  void wait(int ms);

  // es-ams → engine thread.
  /// Runs @p edit(AmsStreamStatus&) under the lock.
  template <typename Edit>
  void edit(Edit&& edit) {
    std::lock_guard<std::mutex> lock(mutex_);
    edit(status_);
  }
  /// The status, nextBatchDueS computed now.
  AmsStreamStatus status() const;
  /// When the next batch goes (steady ms; < 0: none scheduled).
  void setNextBatchAt(double steadyMs);
  /// A Warning (also the status' lastError).
  void warn(const std::string& text);
  void info(const std::string& text);
  /// Queues @p record with the rates in force (rate, φ̄, T_update of the status).
  void record(AmsCsvRecord record);
  std::vector<EngineModule::Message> takeMessages();
  std::vector<AmsCsvRecord> takeRecords();

 private:
  mutable std::mutex mutex_;
  std::condition_variable wakeUp_;
  bool woken_ = false;
  AmsConfig config_;
  bool configChanged_ = false;
  std::vector<Command> commands_;
  AmsStreamStatus status_;
  double nextBatchAtMs_ = -1.0;
  std::vector<EngineModule::Message> messages_;
  std::vector<AmsCsvRecord> records_;
};

}  // namespace edgescope
