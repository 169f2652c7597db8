#pragma once
/// @file PatchWire.h
/// ParaLoupe's patch messages (issue 20) between camera and node: the request's limits that a node answers with
/// ERROR_BAD_REQUEST (check()), and conversions between engine values (Patch, PatchPeak) and wire messages.
/// Stateless; any thread.

#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "net/edgescope_node.pb.h"
#include "paraloupe/Patch.h"
#include "paraloupe/PatchAggregator.h"

namespace edgescope {

class PatchWire {
 public:
  static constexpr int kMaxPatches = 64;          ///< patches in one request
  static constexpr int kMaxPatchSidePx = 1024;    ///< crop input width/height
  static constexpr std::size_t kMaxPatchJpegBytes = 2u << 20;
  static constexpr int kMaxPeaks = 3;             ///< per patch in a reply
  static constexpr std::size_t kMaxProbeBytes = 1u << 20;

  /// Throws Error "wire: field patch_request.FIELD: why" for the first broken limit: no or more than kMaxPatches
  /// patches, a duplicate id, an empty or oversized JPEG, an input side of 0 or beyond kMaxPatchSidePx, a rectangle
  /// that is not finite, empty, or does not overlap the source frame (source size 0: unknown, not checked).
  static void check(const wire::PatchRequest& request);
  /// Throws Error naming the field when @p size is not one of @p served (input_width/input_height of patch @p index).
  static void checkServed(const wire::PatchItem& item, int index, const std::vector<cv::Size>& served);

  static wire::PatchKind kind(PatchKind kind);
  static PatchKind kind(wire::PatchKind kind);
  /// A request item for @p patch cut at @p inputSize, @p jpeg its crop.
  static wire::PatchItem item(const Patch& patch, cv::Size inputSize, std::string jpeg);
  /// The peaks (and embeddings) of one served patch into @p result.
  static void putPeaks(const std::vector<PatchPeak>& peaks, wire::PatchResult* result);
  /// The peaks of @p result; empty for a per-patch error.
  static std::vector<PatchPeak> peaks(const wire::PatchResult& result);
};

}  // namespace edgescope
