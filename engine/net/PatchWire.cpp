#include "net/PatchWire.h"

#include <cmath>
#include <cstring>
#include <set>

#include "util/Error.h"

namespace edgescope {

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw Error("wire: field patch_request." + field + ": " + why);
}

}  // namespace

void PatchWire::check(const wire::PatchRequest& request) {
  if (request.patches_size() == 0) fail("patches", "no patches");
  if (request.patches_size() > kMaxPatches) {
    fail("patches", std::to_string(request.patches_size()) + " patches exceed " + std::to_string(kMaxPatches));
  }
  std::set<std::uint32_t> ids;
  const float sw = static_cast<float>(request.source_width()), sh = static_cast<float>(request.source_height());
  for (int i = 0; i < request.patches_size(); ++i) {
    const wire::PatchItem& p = request.patches(i);
    const std::string at = "patches[" + std::to_string(i) + "].";
    if (!ids.insert(p.id()).second) fail(at + "id", "duplicate id " + std::to_string(p.id()));
    if (p.jpeg().empty()) fail(at + "jpeg", "empty image");
    if (p.jpeg().size() > kMaxPatchJpegBytes) {
      fail(at + "jpeg", std::to_string(p.jpeg().size()) + " bytes exceed " + std::to_string(kMaxPatchJpegBytes));
    }
    if (p.input_width() == 0 || p.input_height() == 0 || p.input_width() > kMaxPatchSidePx ||
        p.input_height() > kMaxPatchSidePx) {
      fail(at + "input_width/input_height", std::to_string(p.input_width()) + "x" + std::to_string(p.input_height()) +
                                                " is not within 1.." + std::to_string(kMaxPatchSidePx));
    }
    if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || !std::isfinite(p.w()) || !std::isfinite(p.h()) ||
        p.w() <= 0.0f || p.h() <= 0.0f) {
      fail(at + "x/y/w/h", "not a finite, non-empty rectangle");
    }
    if (sw > 0 && sh > 0 && (p.x() >= sw || p.y() >= sh || p.x() + p.w() <= 0.0f || p.y() + p.h() <= 0.0f)) {
      fail(at + "x/y/w/h", "rectangle outside the " + std::to_string(request.source_width()) + "x" +
                               std::to_string(request.source_height()) + " source");
    }
  }
}

void PatchWire::checkServed(const wire::PatchItem& item, int index, const std::vector<cv::Size>& served) {
  const cv::Size size(static_cast<int>(item.input_width()), static_cast<int>(item.input_height()));
  for (const cv::Size& s : served) {
    if (s == size) return;
  }
  fail("patches[" + std::to_string(index) + "].input_width/input_height",
       std::to_string(size.width) + "x" + std::to_string(size.height) + " is not a size this node's patch model serves");
}

wire::PatchKind PatchWire::kind(PatchKind kind) {
  return kind == PatchKind::High ? wire::PATCH_HIGH : kind == PatchKind::Roi ? wire::PATCH_ROI : wire::PATCH_LOW;
}

PatchKind PatchWire::kind(wire::PatchKind kind) {
  return kind == wire::PATCH_HIGH ? PatchKind::High : kind == wire::PATCH_ROI ? PatchKind::Roi : PatchKind::Low;
}

wire::PatchItem PatchWire::item(const Patch& patch, cv::Size inputSize, std::string jpeg) {
  wire::PatchItem item;
  item.set_id(static_cast<std::uint32_t>(patch.id));
  item.set_kind(kind(patch.kind));
  item.set_x(patch.rect.x);
  item.set_y(patch.rect.y);
  item.set_w(patch.rect.width);
  item.set_h(patch.rect.height);
  item.set_input_width(static_cast<std::uint32_t>(inputSize.width));
  item.set_input_height(static_cast<std::uint32_t>(inputSize.height));
  item.set_jpeg(std::move(jpeg));
  return item;
}

void PatchWire::putPeaks(const std::vector<PatchPeak>& peaks, wire::PatchResult* result) {
  const std::size_t count = std::min<std::size_t>(peaks.size(), kMaxPeaks);
  const std::size_t dim = count > 0 ? peaks.front().embedding.size() : 0;
  bool embeddings = dim > 0;
  for (std::size_t i = 0; i < count; ++i) {
    wire::PatchPeak* p = result->add_peaks();
    p->set_x(peaks[i].box.x);
    p->set_y(peaks[i].box.y);
    p->set_w(peaks[i].box.width);
    p->set_h(peaks[i].box.height);
    p->set_objectness(peaks[i].objectness);
    embeddings = embeddings && peaks[i].embedding.size() == dim;
  }
  if (!embeddings) return;
  std::string bytes(count * dim * sizeof(float), '\0');
  for (std::size_t i = 0; i < count; ++i) {
    std::memcpy(bytes.data() + i * dim * sizeof(float), peaks[i].embedding.data(), dim * sizeof(float));
  }
  result->set_embeddings(std::move(bytes));
  result->set_embedding_dim(static_cast<std::uint32_t>(dim));
}

std::vector<PatchPeak> PatchWire::peaks(const wire::PatchResult& result) {
  std::vector<PatchPeak> out;
  if (result.error() != wire::ERROR_UNSPECIFIED) return out;
  const std::size_t dim = result.embedding_dim();
  const bool embeddings = dim > 0 && result.embeddings().size() == result.peaks_size() * dim * sizeof(float);
  for (int i = 0; i < result.peaks_size(); ++i) {
    const wire::PatchPeak& p = result.peaks(i);
    PatchPeak peak;
    peak.box = {p.x(), p.y(), p.w(), p.h()};
    peak.objectness = p.objectness();
    if (embeddings) {
      peak.embedding.resize(dim);
      std::memcpy(peak.embedding.data(), result.embeddings().data() + i * dim * sizeof(float), dim * sizeof(float));
    }
    out.push_back(std::move(peak));
  }
  return out;
}

}  // namespace edgescope
