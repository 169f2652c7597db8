#include "synthetic/SceneRenderer.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace edgescope {
namespace {

constexpr int kShadowDarkening = 180;  // contact shadows keep 180/256 of the light

}  // namespace

SceneRenderer::SceneRenderer(const SyntheticConfig& config)
    : config_(config),
      camera_(config.width, config.height),
      scene_(config, camera_),
      background_(camera_, static_cast<std::uint64_t>(config.seed)),
      lighting_(camera_, static_cast<std::uint64_t>(config.seed), config.lighting),
      noise_(config.noise) {}

std::vector<SceneRenderer::Placed> SceneRenderer::place(std::int64_t frame) const {
  const cv::Rect frameRect(0, 0, camera_.width(), camera_.height());
  std::vector<Placed> placed;
  for (const SyntheticScene::Walker& walker : scene_.walkersAt(frame)) {
    Placed item;
    item.id = walker.person.id;
    if (!WalkingFigure::build(camera_, walker.person, walker.pose, item.shape)) continue;
    if ((item.shape.extent & frameRect).empty()) continue;
    placed.push_back(std::move(item));
  }
  // Painter's order: far to near; ties by id so the order is total.
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return a.shape.depth != b.shape.depth ? a.shape.depth > b.shape.depth : a.id < b.id;
  });
  return placed;
}

void SceneRenderer::render(std::int64_t frame, cv::Mat* image, std::vector<MotRow>& groundTruth) const {
  groundTruth.clear();
  const cv::Rect frameRect(0, 0, camera_.width(), camera_.height());
  std::vector<Placed> placed = place(frame);

  // Silhouettes: each figure alone in its own mask (full extent, not clipped by the image) gives its pixel count and
  // exact box; the label map (over the union of the visible boxes only) then resolves occlusion: nearer figures
  // overwrite farther ones. Label = 1 + index in painter's order.
  const cv::Scalar one(255);
  std::vector<cv::Mat> masks(placed.size());
  std::vector<bool> kept(placed.size(), false);
  cv::Rect area;
  for (std::size_t i = 0; i < placed.size() && i < 65535; ++i) {
    Placed& item = placed[i];
    masks[i] = cv::Mat(item.shape.extent.size(), CV_8U, cv::Scalar(0));
    WalkingFigure::draw(masks[i], item.shape, -item.shape.extent.tl(), &one, 1.0);
    item.pixels = cv::countNonZero(masks[i]);
    if (item.pixels == 0) continue;
    item.box = cv::boundingRect(masks[i]) + item.shape.extent.tl();
    const cv::Rect visible = item.box & frameRect;
    if (visible.empty()) continue;
    kept[i] = true;
    area = area.empty() ? visible : (area | visible);
  }
  cv::Mat labels(area.size(), CV_16U, cv::Scalar(0));
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!kept[i]) continue;
    const cv::Rect visible = placed[i].box & frameRect;
    const cv::Mat mask = masks[i](visible - placed[i].shape.extent.tl());
    labels(visible - area.tl()).setTo(cv::Scalar(static_cast<double>(i + 1)), mask);
  }
  std::vector<int> counts(placed.size() + 1, 0);
  cv::Mat same;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!kept[i]) continue;
    const cv::Rect visible = (placed[i].box & frameRect) - area.tl();
    cv::compare(labels(visible), cv::Scalar(static_cast<double>(i + 1)), same, cv::CMP_EQ);
    counts[i + 1] = cv::countNonZero(same);
  }
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!kept[i]) continue;
    MotRow row;
    row.frame = frame;
    row.id = placed[i].id;
    row.box = {static_cast<float>(placed[i].box.x), static_cast<float>(placed[i].box.y),
               static_cast<float>(placed[i].box.width), static_cast<float>(placed[i].box.height)};
    row.confidence = 1.0f;
    row.classId = 1;
    row.visibility = static_cast<float>(static_cast<double>(counts[i + 1]) / placed[i].pixels);
    groundTruth.push_back(row);
  }
  std::sort(groundTruth.begin(), groundTruth.end(), [](const MotRow& a, const MotRow& b) { return a.id < b.id; });
  if (!image) return;

  const double timeS = static_cast<double>(frame - 1) / config_.fps;
  cv::Mat out = background_.image().clone();
  lighting_.apply(timeS, background_.surface(), out);
  drawShadows(out, placed);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (!kept[i]) continue;
    const cv::Point2d feet = placed[i].shape.groundPoint;
    WalkingFigure::draw(out, placed[i].shape, {0, 0}, nullptr, lighting_.lightAt(timeS, feet.x, feet.y));
  }
  if (config_.blur > 0.0)
    cv::GaussianBlur(out, out, cv::Size(0, 0), config_.blur, config_.blur, cv::BORDER_REFLECT_101);
  noise_.apply(out, static_cast<std::uint64_t>(config_.seed), frame);
  *image = out;
}

void SceneRenderer::drawShadows(cv::Mat& image, const std::vector<Placed>& placed) const {
  const cv::Rect frameRect(0, 0, camera_.width(), camera_.height());
  for (const Placed& item : placed) {
    const cv::Point centre(item.shape.shadowCentre.x >> WalkingFigure::kShift,
                           item.shape.shadowCentre.y >> WalkingFigure::kShift);
    const cv::Size axes((item.shape.shadowAxes.width >> WalkingFigure::kShift) + 2,
                        (item.shape.shadowAxes.height >> WalkingFigure::kShift) + 2);
    const cv::Rect area = cv::Rect(centre - cv::Point(axes), centre + cv::Point(axes) + cv::Point(1, 1)) & frameRect;
    if (area.empty()) continue;
    cv::Mat mask(area.size(), CV_8U, cv::Scalar(0));
    const cv::Point shift(area.x * (1 << WalkingFigure::kShift), area.y * (1 << WalkingFigure::kShift));
    cv::ellipse(mask, item.shape.shadowCentre - shift, item.shape.shadowAxes, 0.0, 0.0, 360.0, cv::Scalar(255),
                cv::FILLED, cv::LINE_8, WalkingFigure::kShift);
    for (int y = 0; y < area.height; ++y) {
      const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
      std::uint8_t* p = image.ptr<std::uint8_t>(area.y + y) + 3 * area.x;
      for (int x = 0; x < area.width; ++x, p += 3) {
        if (!m[x]) continue;
        for (int c = 0; c < 3; ++c) p[c] = static_cast<std::uint8_t>((p[c] * kShadowDarkening + 128) >> 8);
      }
    }
  }
}

}  // namespace edgescope
