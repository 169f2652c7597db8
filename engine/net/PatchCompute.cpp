#include "net/PatchCompute.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "core/Stopwatch.h"
#include "net/JpegImage.h"
#include "net/PatchWire.h"
#include "util/Error.h"

namespace edgescope {

PatchCompute::PatchCompute(const std::string& path, double slowdown, int threads)
    : runner_(PatchModelRunner::create(path, threads)), slowdown_(std::max(1.0, slowdown)) {
  name_ = runner_->name();
  sizes_ = runner_->sizes();
  const std::vector<double> accuracy = runner_->accuracy();
  for (std::size_t j = 0; j < sizes_.size(); ++j) {
    costs_.push_back(BatchCost::profile(*runner_, sizes_[j], kProfileRuns).scaled(slowdown_));
    wire::PatchModelProfile profile;
    profile.set_width(static_cast<std::uint32_t>(sizes_[j].width));
    profile.set_height(static_cast<std::uint32_t>(sizes_[j].height));
    profile.set_compute_ms(costs_.back().patchMs);
    profile.set_batch_ms(costs_.back().batchMs);
    profile.set_accuracy(j < accuracy.size() ? accuracy[j] : 0.0);
    profiles_.push_back(profile);
  }
}

void PatchCompute::run(const wire::PatchRequest& request, wire::PatchReply* reply) {
  for (int i = 0; i < request.patches_size(); ++i) PatchWire::checkServed(request.patches(i), i, sizes_);
  reply->set_frame_number(request.frame_number());
  // Decode every crop; group the good ones by size.
  Stopwatch clock;
  std::map<std::pair<int, int>, std::vector<int>> bySize;
  std::vector<cv::Mat> crops(static_cast<std::size_t>(request.patches_size()));
  for (int i = 0; i < request.patches_size(); ++i) {
    const wire::PatchItem& item = request.patches(i);
    wire::PatchResult* result = reply->add_results();
    result->set_id(item.id());
    try {
      cv::Mat crop = JpegImage::decode(item.jpeg());
      if (crop.cols != static_cast<int>(item.input_width()) || crop.rows != static_cast<int>(item.input_height())) {
        throw Error("jpeg: " + std::to_string(crop.cols) + "x" + std::to_string(crop.rows) + " is not the stated " +
                    std::to_string(item.input_width()) + "x" + std::to_string(item.input_height()));
      }
      crops[static_cast<std::size_t>(i)] = crop;
      bySize[{crop.cols, crop.rows}].push_back(i);
    } catch (const std::exception& error) {
      result->set_error(wire::ERROR_BAD_IMAGE);
      result->set_error_message("patch " + std::to_string(item.id()) + ": " + error.what());
    }
  }
  reply->set_decode_ms(clock.elapsedMs());
  clock.restart();
  for (const auto& [size, indices] : bySize) {
    std::vector<cv::Mat> batch;
    for (int i : indices) batch.push_back(crops[static_cast<std::size_t>(i)]);
    const Stopwatch batchClock;
    const std::vector<std::vector<PatchPeak>> peaks = runner_->run(batch);
    std::size_t j = 0;
    while (j < sizes_.size() && sizes_[j] != cv::Size(size.first, size.second)) ++j;
    const double emulatedMs = j < costs_.size() ? costs_[j].ms(static_cast<int>(indices.size())) : 0.0;
    const double batchMs = BatchCost::emulate(batchClock.elapsedMs(), emulatedMs);
    for (std::size_t b = 0; b < indices.size(); ++b) {
      wire::PatchResult* result = reply->mutable_results(indices[b]);
      PatchWire::putPeaks(peaks[b], result);
      result->set_compute_ms(batchMs / static_cast<double>(indices.size()));
    }
  }
  reply->set_compute_ms(clock.elapsedMs());
}

}  // namespace edgescope
