#include "deepscale/ResolutionLadder.h"

#include <algorithm>
#include <cmath>

#include "util/Error.h"

namespace edgescope {

namespace {

std::string sizeText(cv::Size size) { return std::to_string(size.width) + "x" + std::to_string(size.height); }

}  // namespace

ResolutionLadder::ResolutionLadder() : rungs_(scaledRungs({1088, 608})) {}

ResolutionLadder::ResolutionLadder(std::vector<cv::Size> rungs) {
  const std::string problem = validate(rungs);
  if (!problem.empty()) throw Error("ResolutionLadder: " + problem);
  rungs_ = std::move(rungs);
}

int ResolutionLadder::alignSide(double px) {
  if (!std::isfinite(px) || px <= 0) return kAlignPx;
  const double aligned = std::floor(std::min(px, 2.0 * kMaxSidePx) / kAlignPx + 0.5) * kAlignPx;
  return std::max(kAlignPx, static_cast<int>(aligned));
}

std::string ResolutionLadder::label(cv::Size size) { return sizeText(size); }

std::vector<cv::Size> ResolutionLadder::scaledRungs(cv::Size sourceSize) {
  std::vector<cv::Size> rungs;
  rungs.reserve(kRungCount);
  for (double scale : kScales) {
    const double exactW = sourceSize.width * scale;
    const double exactH = sourceSize.height * scale;
    int w = alignSide(exactW);
    int h = alignSide(exactH);
    if (!rungs.empty()) {
      const cv::Size above = rungs.back();
      w = std::min(w, above.width);
      h = std::min(h, above.height);
      if (w == above.width && h == above.height) {
        const double growW = w / exactW;
        const double growH = h / exactH;
        bool lowerWidth = growW > growH || (growW == growH && sourceSize.width >= sourceSize.height);
        if (lowerWidth && w <= kAlignPx) lowerWidth = false;
        if (!lowerWidth && h <= kAlignPx) lowerWidth = true;
        if (lowerWidth && w <= kAlignPx) return {};  // both sides at the minimum: no distinct rung left
        (lowerWidth ? w : h) -= kAlignPx;
      }
    }
    rungs.emplace_back(w, h);
  }
  return rungs;
}

std::string ResolutionLadder::validate(const std::vector<cv::Size>& rungs) {
  if (static_cast<int>(rungs.size()) != kRungCount) {
    return "needs " + std::to_string(kRungCount) + " rungs, got " + std::to_string(rungs.size());
  }
  for (int i = 0; i < kRungCount; ++i) {
    const cv::Size s = rungs[i];
    const std::string where = "rung " + std::to_string(i) + " (" + sizeText(s) + ")";
    if (s.width <= 0 || s.height <= 0) return where + " is empty";
    if (s.width % kAlignPx != 0 || s.height % kAlignPx != 0) {
      return where + " is not a multiple of " + std::to_string(kAlignPx);
    }
    if (s.width > kMaxSidePx || s.height > kMaxSidePx) return where + " is larger than " + std::to_string(kMaxSidePx);
    if (i == 0) continue;
    const cv::Size p = rungs[i - 1];
    if (s.width > p.width || s.height > p.height) return where + " is larger than rung " + std::to_string(i - 1);
    if (s == p) return where + " repeats rung " + std::to_string(i - 1);
  }
  return {};
}

ResolutionLadder ResolutionLadder::fromSource(cv::Size sourceSize) {
  const std::string what = "ResolutionLadder: source " + sizeText(sourceSize);
  if (sourceSize.width <= 0 || sourceSize.height <= 0) throw Error(what + " is empty");
  if (sourceSize.width > kMaxSidePx || sourceSize.height > kMaxSidePx) {
    throw Error(what + " is larger than " + std::to_string(kMaxSidePx) + " px");
  }
  const std::vector<cv::Size> rungs = scaledRungs(sourceSize);
  if (rungs.empty()) {
    throw Error(what + " is too small for " + std::to_string(kRungCount) + " distinct candidate sizes (sides of " +
                std::to_string(kAlignPx) + "-px multiples)");
  }
  const std::string problem = validate(rungs);
  if (!problem.empty()) throw Error(what + ": " + problem);  // defensive: scaledRungs() keeps the rules
  ResolutionLadder ladder;
  ladder.rungs_ = rungs;
  return ladder;
}

bool ResolutionLadder::supports(cv::Size sourceSize) noexcept {
  if (sourceSize.width <= 0 || sourceSize.height <= 0) return false;
  if (sourceSize.width > kMaxSidePx || sourceSize.height > kMaxSidePx) return false;
  const std::vector<cv::Size> rungs = scaledRungs(sourceSize);
  return !rungs.empty() && validate(rungs).empty();
}

cv::Size ResolutionLadder::rung(int index) const {
  if (index < 0 || index >= size()) {
    throw Error("ResolutionLadder: rung index " + std::to_string(index) + " outside 0.." + std::to_string(size() - 1));
  }
  return rungs_[index];
}

int ResolutionLadder::indexOf(cv::Size size) const {
  for (int i = 0; i < this->size(); ++i) {
    if (rungs_[i] == size) return i;
  }
  return -1;
}

}  // namespace edgescope
