#include "amsstream/AmsStreamMailbox.h"

#include <algorithm>
#include <chrono>

#include "core/Stopwatch.h"

namespace edgescope {
namespace {

template <typename T>
void pushBounded(std::vector<T>& list, T item) {
  if (list.size() >= AmsStreamMailbox::kMaxPending) list.erase(list.begin());
  list.push_back(std::move(item));
}

}  // namespace

void AmsStreamMailbox::setConfig(const AmsConfig& config) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    config_ = config;
    configChanged_ = true;
    woken_ = true;
  }
  wakeUp_.notify_all();
}

void AmsStreamMailbox::post(Command command) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    commands_.push_back(command);
    woken_ = true;
  }
  wakeUp_.notify_all();
}

void AmsStreamMailbox::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wakeUp_.notify_all();
}

std::optional<AmsConfig> AmsStreamMailbox::takeConfig() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!configChanged_) return std::nullopt;
  configChanged_ = false;
  return config_;
}

std::vector<AmsStreamMailbox::Command> AmsStreamMailbox::takeCommands() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Command> taken;
  taken.swap(commands_);
  return taken;
}

void AmsStreamMailbox::wait(int ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  wakeUp_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return woken_; });
  woken_ = false;
}

AmsStreamStatus AmsStreamMailbox::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  AmsStreamStatus status = status_;
  status.nextBatchDueS = nextBatchAtMs_ < 0 ? -1.0 : std::max(0.0, (nextBatchAtMs_ - Stopwatch::nowMs()) / 1000.0);
  return status;
}

void AmsStreamMailbox::setNextBatchAt(double steadyMs) {
  std::lock_guard<std::mutex> lock(mutex_);
  nextBatchAtMs_ = steadyMs;
}

void AmsStreamMailbox::warn(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  status_.lastError = text;
  pushBounded(messages_, {EngineEvent::Type::Warning, text});
}

void AmsStreamMailbox::info(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  pushBounded(messages_, {EngineEvent::Type::Info, text});
}

void AmsStreamMailbox::record(AmsCsvRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  record.rateFps = status_.rateFps;
  record.phiMean = status_.phiMean;
  record.updateIntervalS = status_.updateIntervalS;
  pushBounded(records_, std::move(record));
}

std::vector<EngineModule::Message> AmsStreamMailbox::takeMessages() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<EngineModule::Message> taken;
  taken.swap(messages_);
  return taken;
}

std::vector<AmsCsvRecord> AmsStreamMailbox::takeRecords() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<AmsCsvRecord> taken;
  taken.swap(records_);
  return taken;
}

}  // namespace edgescope
