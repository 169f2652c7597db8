#include "paraloupe/ObjectnessModel.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

namespace {

const char* const kNames[ObjectnessModel::kWeights] = {"edge", "diff", "hist", "bias"};

bool finite(const ObjectnessModel::Weights& w) {
  for (double v : w) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

}  // namespace

ObjectnessModel::ObjectnessModel() : ObjectnessModel(Weights{2.0, 4.0, 2.0, -3.0}) {}

ObjectnessModel::ObjectnessModel(const Weights& weights) : weights_(weights), initial_(weights) {}

cv::Mat ObjectnessModel::predict(const ObjectnessFeatureMaps& maps) const {
  cv::Mat p(maps.edge.size(), CV_32F);
  for (int r = 0; r < p.rows; ++r) {
    const float* e = maps.edge.ptr<float>(r);
    const float* d = maps.diff.ptr<float>(r);
    const float* h = maps.hist.ptr<float>(r);
    float* out = p.ptr<float>(r);
    for (int c = 0; c < p.cols; ++c) {
      const double z = weights_[0] * e[c] + weights_[1] * d[c] + weights_[2] * h[c] + weights_[3];
      out[c] = static_cast<float>(1.0 / (1.0 + std::exp(-z)));
    }
  }
  return p;
}

double ObjectnessModel::accumulate(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy, Weights& gradient,
                                   double weight) const {
  if (occupancy.size() != maps.edge.size() || occupancy.type() != CV_32F) {
    throw Error("objectness model: label grid " + std::to_string(occupancy.cols) + "×" +
                std::to_string(occupancy.rows) + " does not match the feature grid");
  }
  Weights sums[2] = {{}, {}};
  double losses[2] = {0.0, 0.0};
  int counts[2] = {0, 0};
  for (int r = 0; r < occupancy.rows; ++r) {
    const float* e = maps.edge.ptr<float>(r);
    const float* d = maps.diff.ptr<float>(r);
    const float* h = maps.hist.ptr<float>(r);
    const float* y = occupancy.ptr<float>(r);
    for (int c = 0; c < occupancy.cols; ++c) {
      const int label = y[c] > 0.5f ? 1 : 0;
      const double x[kWeights] = {e[c], d[c], h[c], 1.0};
      const double z = weights_[0] * x[0] + weights_[1] * x[1] + weights_[2] * x[2] + weights_[3];
      const double p = 1.0 / (1.0 + std::exp(-z));
      for (int i = 0; i < kWeights; ++i) sums[label][i] += (p - label) * x[i];
      // log(1 + e^{∓z}) without overflow
      const double s = label ? -z : z;
      losses[label] += s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s));
      ++counts[label];
    }
  }
  double loss = 0.0;
  for (int label = 0; label < 2; ++label) {
    if (counts[label] == 0) continue;
    for (int i = 0; i < kWeights; ++i) gradient[i] += weight * 0.5 * sums[label][i] / counts[label];
    loss += 0.5 * losses[label] / counts[label];
  }
  return loss;
}

bool ObjectnessModel::update(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy, double learningRate) {
  if (occupancy.size() != maps.edge.size() || occupancy.type() != CV_32F) {
    throw Error("objectness model: label grid does not match the feature grid");
  }
  const int objectCells = cv::countNonZero(occupancy > 0.5f);
  if (objectCells == 0 || objectCells == occupancy.rows * occupancy.cols || learningRate <= 0.0) return true;
  Weights gradient{};
  accumulate(maps, occupancy, gradient, 1.0);
  for (int i = 0; i < kWeights; ++i) weights_[i] -= learningRate * gradient[i];
  applyMask(weights_);
  if (finite(weights_)) return true;
  weights_ = initial_;
  return false;
}

void ObjectnessModel::keepFeatures(const std::array<bool, 3>& keep) {
  keep_ = keep;
  applyMask(weights_);
  applyMask(initial_);
}

void ObjectnessModel::applyMask(Weights& weights) const {
  for (int i = 0; i < 3; ++i) {
    if (!keep_[static_cast<std::size_t>(i)]) weights[static_cast<std::size_t>(i)] = 0.0;
  }
}

double ObjectnessModel::fit(const std::vector<ObjectnessFeatureMaps>& frames, const std::vector<cv::Mat>& occupancy,
                            int iterations, double learningRate) {
  if (frames.size() != occupancy.size()) throw Error("objectness model: feature and label lists differ in length");
  double loss = 0.0;
  for (int it = 0; it < iterations; ++it) {
    Weights gradient{};
    loss = 0.0;
    for (std::size_t f = 0; f < frames.size(); ++f) {
      loss += accumulate(frames[f], occupancy[f], gradient, 1.0 / frames.size()) / frames.size();
    }
    for (int i = 0; i < kWeights; ++i) weights_[i] -= learningRate * gradient[i];
    if (!finite(weights_)) throw Error("objectness model: fit diverged (learning rate too high)");
  }
  initial_ = weights_;
  return loss;
}

double ObjectnessModel::loss(const ObjectnessFeatureMaps& maps, const cv::Mat& occupancy) const {
  Weights unused{};
  return accumulate(maps, occupancy, unused, 0.0);
}

Json ObjectnessModel::toJson() const {
  Json json = Json::object();
  for (int i = 0; i < kWeights; ++i) json[kNames[i]] = weights_[i];
  return json;
}

ObjectnessModel ObjectnessModel::fromJson(const JsonNode& node) {
  Weights weights{};
  for (int i = 0; i < kWeights; ++i) {
    const JsonNode value = node[kNames[i]];
    weights[i] = value.asDouble();
    if (!std::isfinite(weights[i])) throw Error(value.location() + ": expected a finite number");
  }
  return ObjectnessModel(weights);
}

}  // namespace edgescope
