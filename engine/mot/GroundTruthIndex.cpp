#include "mot/GroundTruthIndex.h"

#include <set>

namespace edgescope {

GroundTruthIndex::GroundTruthIndex(const std::vector<MotRow>& rows, std::string path) : path_(std::move(path)) {
  std::set<int> ids;
  for (const auto& row : rows) {
    byFrame_[row.frame].push_back(row);
    if (!row.isIgnore()) ids.insert(row.id);
  }
  rowCount_ = rows.size();
  identityCount_ = ids.size();
}

const std::vector<MotRow>& GroundTruthIndex::rowsForFrame(std::int64_t frame) const {
  static const std::vector<MotRow> kEmpty;
  const auto it = byFrame_.find(frame);
  return it == byFrame_.end() ? kEmpty : it->second;
}

}  // namespace edgescope
