#include "paraloupe/PatchRefiner.h"

#include <algorithm>
#include <cmath>

#include "paraloupe/PatchCropper.h"

namespace edgescope {

namespace {

float areaInFrame(const BoundingBox& box, cv::Size frameSize) {
  const float w = std::min(box.right(), float(frameSize.width)) - std::max(box.x, 0.0f);
  const float h = std::min(box.bottom(), float(frameSize.height)) - std::max(box.y, 0.0f);
  return w > 0 && h > 0 ? w * h : 0.0f;
}

/// Mean and max of @p map over the cells @p box covers (clipped to the grid); {0, 0} when it covers none.
std::pair<float, float> cellStats(const cv::Mat& map, const BoundingBox& box, int cellPx) {
  const int c0 = std::max(0, static_cast<int>(std::floor(box.x / cellPx)));
  const int r0 = std::max(0, static_cast<int>(std::floor(box.y / cellPx)));
  const int c1 = std::min(map.cols, static_cast<int>(std::ceil(box.right() / cellPx)));
  const int r1 = std::min(map.rows, static_cast<int>(std::ceil(box.bottom() / cellPx)));
  if (c1 <= c0 || r1 <= r0) return {0.0f, 0.0f};
  double maxValue = 0.0;
  const cv::Mat roi = map(cv::Rect(c0, r0, c1 - c0, r1 - r0));
  cv::minMaxLoc(roi, nullptr, &maxValue);
  return {static_cast<float>(cv::mean(roi)[0]), static_cast<float>(maxValue)};
}

}  // namespace

std::vector<Patch> PatchRefiner::tile(const Patch& patch, cv::Size frameSize, const cv::Mat& objectness,
                                      float personHeightPx) const {
  std::vector<Patch> tiles;
  if (objectness.empty() || personHeightPx <= 0.0f) return tiles;
  // Clip the component to the frame, then cover it with tiles one person tall, 25 % overlap, evenly spaced.
  const float x0 = std::max(patch.rect.x, 0.0f), y0 = std::max(patch.rect.y, 0.0f);
  const float x1 = std::min(patch.rect.right(), float(frameSize.width));
  const float y1 = std::min(patch.rect.bottom(), float(frameSize.height));
  const float th = std::min(personHeightPx, float(frameSize.height)), tw = th * Patch::kAspect;
  const auto count = [](float span, float size) {
    return span <= size ? 1 : 1 + static_cast<int>(std::ceil((span - size) / (0.75f * size)));
  };
  const int nx = count(x1 - x0, tw), ny = count(y1 - y0, th);
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const float x = nx == 1 ? (x0 + x1 - tw) * 0.5f : x0 + (x1 - x0 - tw) * i / (nx - 1);
      const float y = ny == 1 ? (y0 + y1 - th) * 0.5f : y0 + (y1 - y0 - th) * j / (ny - 1);
      Patch t = patch;
      t.rect = {x, y, tw, th};
      const auto [mean, peak] = cellStats(objectness, t.rect, options_.cellPx);
      if (peak < options_.lowConfThreshold) continue;
      t.objectness = mean;
      tiles.push_back(t);
    }
  }
  return tiles;
}

RefinedPatches PatchRefiner::refine(std::vector<Patch> candidates, cv::Size frameSize, const cv::Mat& objectness,
                                    float personHeightPx) const {
  RefinedPatches out;
  const float frameArea = float(frameSize.width) * float(frameSize.height);
  std::vector<Patch> pool;
  for (const Patch& patch : candidates) {
    if (patch.kind == PatchKind::Low && areaInFrame(patch.rect, frameSize) > options_.lambda1 * frameArea) {
      if (!options_.splitLarge) {
        ++out.droppedLarge;
        continue;
      }
      std::vector<Patch> tiles = tile(patch, frameSize, objectness, personHeightPx);
      ++out.splitLarge;
      out.tiles += static_cast<int>(tiles.size());
      if (tiles.empty()) ++out.droppedLarge;
      pool.insert(pool.end(), tiles.begin(), tiles.end());
      continue;
    }
    pool.push_back(patch);
  }
  std::stable_sort(pool.begin(), pool.end(), [](const Patch& a, const Patch& b) {
    if (a.kind != b.kind) return static_cast<int>(a.kind) < static_cast<int>(b.kind);
    return a.objectness > b.objectness;
  });
  for (Patch& patch : pool) {
    patch.rect = PatchCropper::roundRect(patch.rect);
    if (patch.kind == PatchKind::Low) {
      const bool overlaps = std::any_of(out.patches.begin(), out.patches.end(), [&](const Patch& kept) {
        return patch.rect.iou(kept.rect) > options_.lambda2;
      });
      if (overlaps) {
        ++out.droppedOverlap;
        continue;
      }
    }
    if (static_cast<int>(out.patches.size()) >= options_.maxPatches) {
      ++out.droppedCap;
      continue;
    }
    patch.id = static_cast<int>(out.patches.size());
    patch.weight = patch.kind == PatchKind::Low ? options_.lowConfWeight : 1.0;
    out.patches.push_back(patch);
  }
  return out;
}

}  // namespace edgescope
