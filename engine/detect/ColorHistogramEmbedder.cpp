#include "detect/ColorHistogramEmbedder.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "detect/DetectImage.h"

namespace edgescope {
namespace {

using Hist = ColorHistogramEmbedder;

float ramp(float x) { return std::clamp((x - Hist::kChromaLow) / (Hist::kChromaHigh - Hist::kChromaLow), 0.0f, 1.0f); }

/// Adds @p weight at continuous bin position @p position (bin centres at integers) split between neighbours.
void vote(float* bins, int count, float position, float weight, bool circular) {
  const float floorPos = std::floor(position);
  const float fraction = position - floorPos;
  int low = static_cast<int>(floorPos);
  int high = low + 1;
  if (circular) {
    low = (low % count + count) % count;
    high = high % count;
  } else {
    low = std::clamp(low, 0, count - 1);
    high = std::clamp(high, 0, count - 1);
  }
  bins[low] += weight * (1.0f - fraction);
  bins[high] += weight * fraction;
}

/// Appends the sum-normalised hue + brightness histogram of @p hsvPatch (8-bit HSV) to @p out.
void appendHistogram(const cv::Mat& hsvPatch, std::vector<float>& out) {
  float hue[Hist::kHueBins] = {};
  float value[Hist::kValueBins] = {};
  for (int y = 0; y < hsvPatch.rows; ++y) {
    const auto* pixel = hsvPatch.ptr<cv::Vec3b>(y);
    for (int x = 0; x < hsvPatch.cols; ++x) {
      const float chroma = ramp(pixel[x][1]) * ramp(pixel[x][2]);
      vote(hue, Hist::kHueBins, pixel[x][0] * (Hist::kHueBins / 180.0f) - 0.5f, chroma, true);
      vote(value, Hist::kValueBins, pixel[x][2] * (Hist::kValueBins / 256.0f) - 0.5f, 1.0f - chroma, false);
    }
  }
  const float total = std::max(1.0f, static_cast<float>(hsvPatch.total()));
  for (float h : hue) out.push_back(h / total);
  for (float v : value) out.push_back(v / total);
}

}  // namespace

std::vector<float> ColorHistogramEmbedder::embedRect(const cv::Mat& hsv, const cv::Rect& rect) const {
  const cv::Rect box = rect & cv::Rect(0, 0, hsv.cols, hsv.rows);
  if (box.empty()) return {};
  const int keptWidth = std::max(1, static_cast<int>(static_cast<float>(box.width) * kWidthKept + 0.5f));
  const int left = box.x + (box.width - keptWidth) / 2;
  const int upperHeight = std::max(1, box.height / 2);
  const int lowerHeight = std::max(1, box.height - upperHeight);
  const cv::Rect upper(left, box.y, keptWidth, upperHeight);
  const cv::Rect lower(left, box.height > 1 ? box.y + upperHeight : box.y, keptWidth, lowerHeight);
  std::vector<float> embedding;
  embedding.reserve(static_cast<std::size_t>(dimension()));
  appendHistogram(hsv(upper), embedding);
  appendHistogram(hsv(lower), embedding);
  normalizeL2(embedding);
  return embedding;
}

void ColorHistogramEmbedder::embed(const cv::Mat& frame, std::vector<Detection>& detections) {
  const cv::Mat bgr = DetectImage::toBgr8(frame);
  cv::Mat hsv;
  for (auto& d : detections) {
    const cv::Rect rect = bgr.empty() ? cv::Rect() : DetectImage::clipRect(d.box, bgr.size());
    if (rect.empty()) {
      d.embedding.clear();
      continue;
    }
    cv::cvtColor(bgr(rect), hsv, cv::COLOR_BGR2HSV);  // only the box's pixels
    d.embedding = embedRect(hsv, cv::Rect(0, 0, rect.width, rect.height));
  }
}

}  // namespace edgescope
