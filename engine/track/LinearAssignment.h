#pragma once
/// @file LinearAssignment.h
/// Rectangular linear assignment with a cost limit, as lap.lapjv(cost, extend_cost=True, cost_limit=L) used by
/// ByteTrack, JDE and FairMOT: the matrix is extended with dummy rows/columns of cost L/2, so a pair is matched only
/// if that lowers the total compared with leaving both unmatched (cost > L never matches). Solved by Lapjv.

#include <limits>
#include <utility>
#include <vector>

#include "track/CostMatrix.h"

namespace edgescope {

/// Result of one assignment: matched (row, column) pairs in increasing row order, and the unmatched rows and
/// columns in increasing order.
struct AssignmentResult {
  std::vector<std::pair<int, int>> matches;
  std::vector<int> unmatchedRows;
  std::vector<int> unmatchedCols;
};

/// Stateless; reentrant.
class LinearAssignment {
 public:
  /// Minimum-cost matching of @p cost's rows and columns where pairs with cost > @p costLimit (or NaN/inf) are never
  /// matched. With costLimit = +inf as many pairs as possible are matched, at minimum cost (extend_cost without a
  /// limit). The problem is split into the connected components of admissible pairs (same optimum; in tracking
  /// most are 1 x 1 or 2 x 2), each solved by Lapjv. Never throws; an empty matrix leaves everything unmatched.
  static AssignmentResult solve(const CostMatrix& cost, double costLimit = std::numeric_limits<double>::infinity());
  /// Same, for an explicitly sized problem: a matrix with zero rows or columns still reports @p rows / @p cols
  /// unmatched indices (a CostMatrix cannot hold 0 x n).
  static AssignmentResult solve(const CostMatrix& cost, int rows, int cols, double costLimit);
};

}  // namespace edgescope
