#pragma once
/// @file Lapjv.h
/// Jonker–Volgenant shortest augmenting path solver for the dense square linear assignment problem
/// (R. Jonker, A. Volgenant, "A shortest augmenting path algorithm for dense and sparse linear assignment
/// problems", Computing 38, 1987): column reduction with reduction transfer, two passes of augmenting row
/// reduction, then Dijkstra-like shortest augmenting paths. O(n³) worst case, much less on tracking costs.

#include <vector>

#include "track/CostMatrix.h"

namespace edgescope {

/// Stateless; reentrant (all scratch memory is local to the call).
class Lapjv {
 public:
  /// Solves min Σ cost(i, rowToCol[i]) over permutations of a square @p cost matrix. Costs must be finite (callers
  /// clamp forbidden pairs to a large finite value). Returns the optimal total cost; @p rowToCol and @p colToRow are
  /// resized to n. Throws Error if the matrix is not square or holds a non-finite value.
  static double solve(const CostMatrix& cost, std::vector<int>& rowToCol, std::vector<int>& colToRow);
};

}  // namespace edgescope
