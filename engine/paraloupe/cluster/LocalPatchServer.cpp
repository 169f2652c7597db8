#include "paraloupe/cluster/LocalPatchServer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "core/Stopwatch.h"
#include "util/Error.h"

namespace edgescope {

namespace {

void sleepExtra(double computeMs, double slowdown) {
  const double extraMs = (slowdown - 1.0) * computeMs;
  if (extraMs > 0.0 && std::isfinite(extraMs)) {
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long long>(extraMs * 1000.0)));
  }
}

}  // namespace

LocalPatchServer::LocalPatchServer(const std::string& path, int threads, double slowdown)
    : path_(path), runner_(PatchModelRunner::create(path, threads)), slowdown_(std::max(1.0, slowdown)) {
  sizes_ = runner_->sizes();
  accuracy_ = runner_->accuracy();
  accuracy_.resize(sizes_.size(), 0.0);
  for (const cv::Size& size : sizes_) {
    const std::vector<cv::Mat> batch(8, cv::Mat(size, CV_8UC3, cv::Scalar(114, 114, 114)));
    runner_->run(batch);  // first-use set-up is not the camera's speed
    std::vector<double> ms;
    for (int i = 0; i < kProfileRuns; ++i) {
      const Stopwatch clock;
      runner_->run(batch);
      ms.push_back(clock.elapsedMs() / static_cast<double>(batch.size()));
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    computeMs_.push_back(ms[ms.size() / 2] * slowdown_);
  }
}

int LocalPatchServer::sizeIndex(cv::Size size) const {
  for (std::size_t j = 0; j < sizes_.size(); ++j) {
    if (sizes_[j] == size) return static_cast<int>(j);
  }
  return -1;
}

void LocalPatchServer::setSlowdown(double slowdown) {
  slowdown = std::isfinite(slowdown) ? std::max(1.0, slowdown) : 1.0;
  for (double& ms : computeMs_) ms *= slowdown / slowdown_;
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
      const double ms = clock.elapsedMs();
      sleepExtra(ms, slowdown_);
      const double perCrop = ms * slowdown_ / static_cast<double>(batch.size());
      double& estimate = computeMs_[static_cast<std::size_t>(j)];
      estimate = (1.0 - kAlpha) * estimate + kAlpha * perCrop;
      for (std::size_t k = begin; k < end; ++k) {
        peaks[indices[k]] = std::move(out[k - begin]);
        if (msPerCrop) (*msPerCrop)[indices[k]] = perCrop;
      }
    }
  }
  return peaks;
}

}  // namespace edgescope
