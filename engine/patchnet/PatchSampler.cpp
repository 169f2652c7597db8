#include "patchnet/PatchSampler.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "paraloupe/Patch.h"
#include "paraloupe/PatchCropper.h"
#include "util/Error.h"

namespace edgescope {

namespace {

constexpr int kEdgePointsPerSample = 48;

bool insideAny(const cv::Point& p, const std::vector<LabeledBox>& boxes) {
  return std::any_of(boxes.begin(), boxes.end(), [&](const LabeledBox& b) {
    return p.x >= b.box.x && p.x < b.box.right() && p.y >= b.box.y && p.y < b.box.bottom();
  });
}

/// Up to kEdgePointsPerSample of the strongest gradient points of @p image outside every box (8-px grid).
std::vector<cv::Point> edgePoints(const TrainingSample& sample) {
  cv::Mat grey, gx, gy, magnitude, cells;
  cv::cvtColor(sample.image, grey, cv::COLOR_BGR2GRAY);
  cv::Sobel(grey, gx, CV_32F, 1, 0);
  cv::Sobel(grey, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, magnitude);
  cv::resize(magnitude, cells, {std::max(1, grey.cols / 8), std::max(1, grey.rows / 8)}, 0, 0, cv::INTER_AREA);
  std::vector<std::pair<float, cv::Point>> ranked;
  for (int r = 0; r < cells.rows; ++r) {
    for (int c = 0; c < cells.cols; ++c) {
      const cv::Point p(c * 8 + 4, r * 8 + 4);
      if (!insideAny(p, sample.boxes)) ranked.push_back({cells.at<float>(r, c), p});
    }
  }
  const std::size_t keep = std::min<std::size_t>(kEdgePointsPerSample, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<cv::Point> points;
  for (std::size_t i = 0; i < keep; ++i) points.push_back(ranked[i].second);
  return points;
}

}  // namespace

PatchSampler::PatchSampler(const std::vector<TrainingSample>& samples, PatchSamplerOptions options)
    : samples_(samples), options_(options) {
  for (std::size_t s = 0; s < samples_.size(); ++s) {
    std::vector<float> heights;
    for (std::size_t b = 0; b < samples_[s].boxes.size(); ++b) {
      const BoundingBox& box = samples_[s].boxes[b].box;
      heights.push_back(box.height);
      if (box.height >= options_.minPersonHeightPx && box.width > 0) {
        people_.push_back({static_cast<int>(s), static_cast<int>(b)});
      }
    }
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    personHeight_.push_back(heights.empty() ? 0.0f : heights[heights.size() / 2]);
    edgePoints_.push_back(samples_[s].image.empty() ? std::vector<cv::Point>{} : edgePoints(samples_[s]));
  }
  if (people_.empty()) throw Error("patch sampler: no labelled person of at least " +
                                   std::to_string(static_cast<int>(options_.minPersonHeightPx)) + " px");
}

PatchDraw PatchSampler::draw(Rng& rng, cv::Size inputSize) const {
  return rng.uniform() < options_.negativeShare ? negative(rng, inputSize) : positive(rng, inputSize);
}

PatchDraw PatchSampler::positive(Rng& rng, cv::Size inputSize) const {
  const PersonRef person = people_[rng.uniformInt(0, static_cast<int>(people_.size()) - 1)];
  const std::vector<LabeledBox>& boxes = samples_[person.sample].boxes;
  BoundingBox target = boxes[person.box].box;
  bool crossing = false;
  if (rng.uniform() < options_.crossingShare) {  // the union with the nearest neighbour, if one is close
    int nearest = -1;
    float best = 0.0f;
    for (std::size_t b = 0; b < boxes.size(); ++b) {
      if (static_cast<int>(b) == person.box) continue;
      const float d = std::hypot(boxes[b].box.centerX() - target.centerX(), boxes[b].box.centerY() - target.centerY());
      if (d < target.height * 0.6f && (nearest < 0 || d < best)) nearest = static_cast<int>(b), best = d;
    }
    if (nearest >= 0) {
      const BoundingBox& other = boxes[nearest].box;
      const float x0 = std::min(target.x, other.x), y0 = std::min(target.y, other.y);
      target = {x0, y0, std::max(target.right(), other.right()) - x0, std::max(target.bottom(), other.bottom()) - y0};
      crossing = true;
    }
  }
  const double cover = rng.uniform(options_.minCover, options_.maxCover);
  BoundingBox rect = Patch::widenToAspect(target);
  const float grow = static_cast<float>(1.0 / std::sqrt(cover));
  const float w = rect.width * grow, h = rect.height * grow;
  const float cx = rect.centerX() + static_cast<float>(rng.uniform(-options_.jitter, options_.jitter)) * w;
  const float cy = rect.centerY() + static_cast<float>(rng.uniform(-options_.jitter, options_.jitter)) * h;
  PatchDraw out = cut(person.sample, {cx - w * 0.5f, cy - h * 0.5f, w, h}, inputSize, rng);
  out.cover = cover;
  out.crossing = crossing;
  // The centre person: the mapped box whose centre is nearest the crop centre.
  float bestDistance = 0.0f;
  for (std::size_t b = 0; b < out.view.boxes.size(); ++b) {
    const BoundingBox& box = out.view.boxes[b].box;
    const float d = std::hypot(box.centerX() - inputSize.width * 0.5f, box.centerY() - inputSize.height * 0.5f);
    if (out.centreBox < 0 || d < bestDistance) out.centreBox = static_cast<int>(b), bestDistance = d;
  }
  return out;
}

PatchDraw PatchSampler::negative(Rng& rng, cv::Size inputSize) const {
  const int index = rng.uniformInt(0, static_cast<int>(samples_.size()) - 1);
  const TrainingSample& sample = samples_[index];
  const float person = personHeight_[index] > 0 ? personHeight_[index] : sample.image.rows * 0.25f;
  const float h = person * static_cast<float>(rng.uniform(0.8, 1.6)), w = h * Patch::kAspect;
  cv::Point2f centre(static_cast<float>(rng.uniform(0, sample.image.cols)),
                     static_cast<float>(rng.uniform(0, sample.image.rows)));
  const std::vector<cv::Point>& edges = edgePoints_[index];
  if (!edges.empty() && rng.uniform() < 0.5) {
    const cv::Point p = edges[rng.uniformInt(0, static_cast<int>(edges.size()) - 1)];
    centre = {static_cast<float>(p.x), static_cast<float>(p.y)};
  }
  PatchDraw out = cut(index, {centre.x - w * 0.5f, centre.y - h * 0.5f, w, h}, inputSize, rng);
  out.negative = true;
  return out;
}

PatchDraw PatchSampler::cut(int index, const BoundingBox& rawRect, cv::Size inputSize, Rng& rng) const {
  const TrainingSample& sample = samples_[index];
  const BoundingBox rect = PatchCropper::roundRect(rawRect);
  PatchDraw out;
  out.view.image = PatchCropper::crop(sample.image, rect, inputSize);
  const BoundingBox inside{0, 0, float(inputSize.width), float(inputSize.height)};
  for (const LabeledBox& labeled : sample.boxes) {
    LabeledBox mapped = labeled;
    mapped.box = PatchCropper::toCrop(labeled.box, rect, inputSize);
    // Keep boxes whose visible part is at least a quarter of them (CenterTargets clips to the crop).
    if (mapped.box.intersectionArea(inside) >= 0.25f * mapped.box.area() && mapped.box.area() > 0) {
      out.view.boxes.push_back(mapped);
    }
  }
  out.view.scale = inputSize.height / rect.height;
  if (options_.augment) {
    if (options_.flip && rng.uniform() < 0.5) {
      cv::flip(out.view.image, out.view.image, 1);
      for (LabeledBox& b : out.view.boxes) b.box.x = inputSize.width - b.box.right();
    }
    if (options_.colorJitter > 0) {
      const double gain = 1.0 + rng.uniform(-options_.colorJitter, options_.colorJitter);
      const double bias = 255.0 * rng.uniform(-options_.colorJitter, options_.colorJitter) * 0.5;
      out.view.image.convertTo(out.view.image, -1, gain, bias);
    }
  }
  return out;
}

}  // namespace edgescope
