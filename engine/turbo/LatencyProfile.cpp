#include "turbo/LatencyProfile.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

namespace {

bool validMs(double ms) { return std::isfinite(ms) && ms >= 0.0; }

std::string cellName(size_t rung, size_t exit) {
  return "timesMs[" + std::to_string(rung) + "][" + std::to_string(exit) + "]";
}

}  // namespace

LatencyProfile::LatencyProfile(std::string device, int threads, std::string modelSha, double discriminatorMs,
                               std::vector<std::vector<std::vector<double>>> timesMs)
    : device_(std::move(device)),
      threads_(threads),
      modelSha_(std::move(modelSha)),
      discriminatorMs_(discriminatorMs),
      timesMs_(std::move(timesMs)) {
  if (device_.find('|') != std::string::npos) throw Error("LatencyProfile: device '" + device_ + "' contains '|'");
  if (modelSha_.find('|') != std::string::npos)
    throw Error("LatencyProfile: modelSha '" + modelSha_ + "' contains '|'");
  if (threads_ < 1) throw Error("LatencyProfile: threads " + std::to_string(threads_) + " must be >= 1");
  if (!validMs(discriminatorMs_)) throw Error("LatencyProfile: discriminatorMs must be a finite number >= 0");
  if (timesMs_.empty()) throw Error("LatencyProfile: timesMs has no rung");
  const size_t exits = timesMs_.front().size();
  if (exits == 0) throw Error("LatencyProfile: timesMs[0] has no exit");
  for (size_t r = 0; r < timesMs_.size(); ++r) {
    if (timesMs_[r].size() != exits) {
      throw Error("LatencyProfile: timesMs[" + std::to_string(r) + "] has " + std::to_string(timesMs_[r].size()) +
                  " exits, expected " + std::to_string(exits) + " (as timesMs[0])");
    }
    for (size_t e = 0; e < exits; ++e) {
      const auto& batch = timesMs_[r][e];
      if (batch.empty()) throw Error("LatencyProfile: " + cellName(r, e) + " has no batch size");
      for (size_t i = 0; i < batch.size(); ++i) {
        if (!validMs(batch[i])) {
          throw Error("LatencyProfile: " + cellName(r, e) + "[" + std::to_string(i) + "] must be a finite number >= 0");
        }
      }
    }
  }
  factors_.assign(timesMs_.size() * exits, 1.0);
  observations_.assign(timesMs_.size() * exits, 0);
}

std::string LatencyProfile::makeKey(const std::string& device, int threads, const std::string& modelSha) {
  return device + "|" + std::to_string(threads) + "|" + modelSha;
}

int LatencyProfile::cellIndex(int rung, int exit) const {
  if (rung < 0 || rung >= rungCount()) {
    throw Error("LatencyProfile: rung " + std::to_string(rung) + " outside 0.." + std::to_string(rungCount() - 1));
  }
  if (exit < 0 || exit > maxExit()) {
    throw Error("LatencyProfile: exit " + std::to_string(exit) + " outside 0.." + std::to_string(maxExit()));
  }
  return rung * (maxExit() + 1) + exit;
}

int LatencyProfile::measuredBatch(int rung, int exit) const {
  cellIndex(rung, exit);
  return static_cast<int>(timesMs_[rung][exit].size());
}

double LatencyProfile::profiledMs(int rung, int exit, int n) const {
  cellIndex(rung, exit);
  if (n < 1) throw Error("LatencyProfile: batch size " + std::to_string(n) + " must be >= 1");
  const auto& batch = timesMs_[rung][exit];
  const int measured = static_cast<int>(batch.size());
  if (n <= measured) return batch[n - 1];
  if (measured == 1) return n * batch[0];
  const double slopeMs = std::max(0.0, batch[measured - 1] - batch[measured - 2]);
  return batch[measured - 1] + (n - measured) * slopeMs;
}

double LatencyProfile::predictMs(int rung, int exit, int n) const {
  return profiledMs(rung, exit, n) * factors_[cellIndex(rung, exit)];
}

void LatencyProfile::observe(int rung, int exit, int n, double measuredMs) {
  const int cell = cellIndex(rung, exit);
  if (!validMs(measuredMs)) throw Error("LatencyProfile: measured time must be a finite number >= 0");
  const double profiled = profiledMs(rung, exit, n);
  if (profiled <= 0.0) return;
  const double updated = (1.0 - kEwmaAlpha) * factors_[cell] + kEwmaAlpha * (measuredMs / profiled);
  factors_[cell] = std::clamp(updated, kMinFactor, kMaxFactor);
  ++observations_[cell];
}

double LatencyProfile::correctionFactor(int rung, int exit) const { return factors_[cellIndex(rung, exit)]; }

int LatencyProfile::observationCount(int rung, int exit) const { return observations_[cellIndex(rung, exit)]; }

bool LatencyProfile::isStale() const {
  for (size_t i = 0; i < factors_.size(); ++i) {
    if (observations_[i] >= kStaleMinObservations &&
        (factors_[i] < kStaleLowFactor || factors_[i] > kStaleHighFactor)) {
      return true;
    }
  }
  return false;
}

void LatencyProfile::resetCorrections() {
  std::fill(factors_.begin(), factors_.end(), 1.0);
  std::fill(observations_.begin(), observations_.end(), 0);
}

Json LatencyProfile::toJson() const {
  Json json = Json::object();
  json["device"] = device_;
  json["threads"] = threads_;
  json["modelSha"] = modelSha_;
  json["key"] = key();
  json["discriminatorMs"] = discriminatorMs_;
  Json rungs = Json::array();
  for (const auto& rung : timesMs_) {
    Json exits = Json::array();
    for (const auto& batch : rung) exits.push_back(Json(batch));
    rungs.push_back(exits);
  }
  json["timesMs"] = rungs;
  return json;
}

LatencyProfile LatencyProfile::fromJson(const JsonNode& node) {
  const std::string device = node["device"].asString();
  const JsonNode threadsNode = node["threads"];
  const int threads = threadsNode.asInt();
  if (threads < 1) throw Error(threadsNode.location() + ": threads must be >= 1");
  const std::string sha = node["modelSha"].asString();
  const JsonNode mu = node["discriminatorMs"];
  const double discriminatorMs = mu.asDouble();
  if (!validMs(discriminatorMs)) throw Error(mu.location() + ": expected a finite number >= 0");
  if (const auto keyNode = node.find("key")) {
    if (keyNode->asString() != makeKey(device, threads, sha)) {
      throw Error(keyNode->location() + ": '" + keyNode->asString() + "' does not match device|threads|modelSha '" +
                  makeKey(device, threads, sha) + "'");
    }
  }
  const JsonNode rungs = node["timesMs"];
  if (!rungs.isArray() || rungs.size() == 0) throw Error(rungs.location() + ": expected a non-empty array of rungs");
  std::vector<std::vector<std::vector<double>>> times;
  for (size_t r = 0; r < rungs.size(); ++r) {
    const JsonNode exits = rungs.at(r);
    if (!exits.isArray() || exits.size() == 0) throw Error(exits.location() + ": expected a non-empty array of exits");
    if (r > 0 && exits.size() != times.front().size()) {
      throw Error(exits.location() + ": " + std::to_string(exits.size()) + " exits, expected " +
                  std::to_string(times.front().size()) + " (as timesMs[0])");
    }
    times.emplace_back();
    for (size_t e = 0; e < exits.size(); ++e) {
      const JsonNode batch = exits.at(e);
      if (!batch.isArray() || batch.size() == 0) {
        throw Error(batch.location() + ": expected a non-empty array of batch times (n = 1, 2, …)");
      }
      times.back().emplace_back();
      for (size_t i = 0; i < batch.size(); ++i) {
        const JsonNode v = batch.at(i);
        const double ms = v.asDouble();
        if (!validMs(ms)) throw Error(v.location() + ": expected a finite number >= 0");
        times.back().back().push_back(ms);
      }
    }
  }
  return LatencyProfile(device, threads, sha, discriminatorMs, std::move(times));
}

}  // namespace edgescope
