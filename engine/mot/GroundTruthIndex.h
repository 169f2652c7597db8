#pragma once
/// @file GroundTruthIndex.h
/// MOT rows grouped by frame for O(log n) per-frame lookup. Immutable after construction; share freely across threads.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mot/MotRow.h"

namespace edgescope {

class GroundTruthIndex {
 public:
  GroundTruthIndex() = default;
  explicit GroundTruthIndex(const std::vector<MotRow>& rows, std::string path = {});
  /// Rows of @p frame (empty vector when none).
  const std::vector<MotRow>& rowsForFrame(std::int64_t frame) const;
  std::size_t rowCount() const { return rowCount_; }
  /// Number of distinct ids among non-ignore rows.
  std::size_t identityCount() const { return identityCount_; }
  std::int64_t firstFrame() const { return byFrame_.empty() ? 0 : byFrame_.begin()->first; }
  std::int64_t lastFrame() const { return byFrame_.empty() ? 0 : byFrame_.rbegin()->first; }
  const std::string& path() const { return path_; }

 private:
  std::map<std::int64_t, std::vector<MotRow>> byFrame_;
  std::size_t rowCount_ = 0;
  std::size_t identityCount_ = 0;
  std::string path_;
};

}  // namespace edgescope
