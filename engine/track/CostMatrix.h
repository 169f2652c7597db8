#pragma once
/// @file CostMatrix.h
/// Dense row-major matrix of assignment costs (rows = tracks, columns = detections). Header-only value type.

#include <cstddef>
#include <vector>

namespace edgescope {

/// Value type; not synchronised (one thread at a time). Costs are unitless (distances in [0, 1] for IoU and cosine).
class CostMatrix {
 public:
  CostMatrix() = default;
  /// @p rows x @p cols matrix filled with @p value; negative sizes give an empty matrix.
  CostMatrix(int rows, int cols, double value = 0.0)
      : rows_(rows > 0 && cols > 0 ? rows : 0),
        cols_(rows > 0 && cols > 0 ? cols : 0),
        values_(static_cast<size_t>(rows_) * static_cast<size_t>(cols_), value) {}

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  bool empty() const { return values_.empty(); }
  double& at(int row, int col) { return values_[static_cast<size_t>(row) * cols_ + col]; }
  double at(int row, int col) const { return values_[static_cast<size_t>(row) * cols_ + col]; }
  double* row(int r) { return values_.data() + static_cast<size_t>(r) * cols_; }
  const double* row(int r) const { return values_.data() + static_cast<size_t>(r) * cols_; }

 private:
  int rows_ = 0;
  int cols_ = 0;
  std::vector<double> values_;
};

}  // namespace edgescope
