#pragma once
/// @file WeightAverage.h
/// Exponential moving average of a JdeNet's weights during training (the "EMA model" of YOLOX/ultralytics): after
/// every optimiser step, average = d · average + (1 − d) · live for parameters and BatchNorm statistics, with the decay
/// ramped as d = min(decay, (1 + updates) / (10 + updates)) so early averages do not remember the random start. The
/// averaged copy is what a run with `--ema` saves: it moves less from one step to the next than the live weights.
/// Only edgescope_torch includes this header.

#include <cstdint>

#include <torch/torch.h>

#include "neural/JdeNet.h"

namespace edgescope {

/// Owns its copy of the network (same device as the live one). Thread: the trainer's.
class WeightAverage {
 public:
  /// Copies @p live's current weights. @p decay in (0, 1).
  WeightAverage(JdeNet& live, double decay);
  /// Folds @p live's weights in (call after each optimiser step).
  void update(JdeNet& live);
  JdeNet& net() { return average_; }
  std::int64_t updates() const { return updates_; }
  void save(torch::serialize::OutputArchive& archive) const;
  /// Restores the average and the update count; throws Error when the archive does not fit the architecture.
  void load(torch::serialize::InputArchive& archive, const torch::Device& device);

 private:
  JdeNet average_{nullptr};
  double decay_;
  std::int64_t updates_ = 0;
};

}  // namespace edgescope
