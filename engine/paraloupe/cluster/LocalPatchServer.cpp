#include "paraloupe/cluster/LocalPatchServer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "core/Stopwatch.h"
#include "util/Error.h"

namespace edgescope {

LocalPatchServer::LocalPatchServer(const std::string& path, int threads, double slowdown)
    : path_(path), runner_(PatchModelRunner::create(path, threads)), slowdown_(std::max(1.0, slowdown)) {
  sizes_ = runner_->sizes();
  accuracy_ = runner_->accuracy();
  accuracy_.resize(sizes_.size(), 0.0);
  for (const cv::Size& size : sizes_) costs_.push_back(BatchCost::profile(*runner_, size, kProfileRuns).scaled(slowdown_));
}

std::vector<double> LocalPatchServer::computeMs() const {
  std::vector<double> ms;
  for (const BatchCost& cost : costs_) ms.push_back(cost.patchMs * speed_);
  return ms;
}

double LocalPatchServer::batchMs() const { return costs_.empty() ? 0.0 : costs_[costs_.size() / 2].batchMs * speed_; }

double LocalPatchServer::predictMs(int j, int patches) const {
  return j >= 0 && j < static_cast<int>(costs_.size()) ? costs_[static_cast<std::size_t>(j)].ms(patches) * speed_ : 0.0;
}

int LocalPatchServer::sizeIndex(cv::Size size) const {
  for (std::size_t j = 0; j < sizes_.size(); ++j) {
    if (sizes_[j] == size) return static_cast<int>(j);
  }
  return -1;
}

void LocalPatchServer::relax(double nowS) {
  if (lastRelaxS_ > 0.0 && nowS > lastRelaxS_ && speed_ > 1.0) {
    speed_ = 1.0 + (speed_ - 1.0) * std::exp(-(nowS - lastRelaxS_) / kRecoveryS);
  }
  lastRelaxS_ = nowS;
}

void LocalPatchServer::setSlowdown(double slowdown) {
  slowdown = std::isfinite(slowdown) ? std::max(1.0, slowdown) : 1.0;
  for (BatchCost& cost : costs_) cost = cost.scaled(slowdown / slowdown_);
  slowdown_ = slowdown;
}

std::vector<std::vector<PatchPeak>> LocalPatchServer::run(const std::vector<cv::Mat>& crops,
                                                          std::vector<double>* msPerCrop) {
  std::vector<std::vector<PatchPeak>> peaks(crops.size());
  if (msPerCrop) msPerCrop->assign(crops.size(), 0.0);
  std::map<int, std::vector<std::size_t>> bySize;
  for (std::size_t i = 0; i < crops.size(); ++i) {
    const int j = sizeIndex(crops[i].size());
    if (j < 0) {
      throw Error("local patch: crop " + std::to_string(crops[i].cols) + "x" + std::to_string(crops[i].rows) +
                  " is not an input size of " + runner_->name());
    }
    bySize[j].push_back(i);
  }
  for (const auto& [j, indices] : bySize) {
    for (std::size_t begin = 0; begin < indices.size(); begin += 64) {
      const std::size_t end = std::min(indices.size(), begin + 64);
      std::vector<cv::Mat> batch;
      for (std::size_t k = begin; k < end; ++k) batch.push_back(crops[indices[k]]);
      const Stopwatch clock;
      std::vector<std::vector<PatchPeak>> out = runner_->run(batch);
      const int n = static_cast<int>(batch.size());
      const double ms = BatchCost::emulate(clock.elapsedMs(), costs_[static_cast<std::size_t>(j)].ms(n));
      const double perCrop = ms / static_cast<double>(n);
      const double predicted = costs_[static_cast<std::size_t>(j)].ms(n);
      if (predicted > 0.0) {  // one sample moves the factor at most ×2 (a batch shape's first run is slow)
        const double ratio = std::clamp(ms / predicted, std::max(0.25, speed_ / 2.0), std::min(8.0, speed_ * 2.0));
        speed_ = (1.0 - kAlpha) * speed_ + kAlpha * ratio;
      }
      for (std::size_t k = begin; k < end; ++k) {
        peaks[indices[k]] = std::move(out[k - begin]);
        if (msPerCrop) (*msPerCrop)[indices[k]] = perCrop;
      }
    }
  }
  return peaks;
}

}  // namespace edgescope
