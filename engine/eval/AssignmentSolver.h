#pragma once
/// @file AssignmentSolver.h
/// Exact linear assignment (Hungarian algorithm with potentials, shortest augmenting paths) on sparse rectangular
/// problems: only the listed pairs may be assigned, every other pair is forbidden. The problem is split into the
/// connected components of the listed pairs and each component is solved densely, so many small groups (crowded
/// frames, identity pairs) stay cheap.

#include <vector>

namespace edgescope {

/// Stateless; call from any thread.
class AssignmentSolver {
 public:
  /// A pair that may be assigned, with its cost (any finite value).
  struct Edge {
    int row = 0;
    int col = 0;
    double cost = 0.0;
  };
  /// A chosen pair; @p edge indexes the input edge list.
  struct Pair {
    int row = 0;
    int col = 0;
    int edge = 0;
  };
  enum class Objective {
    /// Assign as many pairs as possible; among those matchings, minimise the total cost (py-motmetrics' rule:
    /// forbidden pairs are "expensive edges" that are never worth taking).
    MaxCardinalityMinCost,
    /// Minimise the total cost of a partial matching: pairs with cost >= 0 are never worth taking (use negated
    /// scores to get a maximum-weight matching, as TrackEval's linear_sum_assignment(-score) does).
    MinCost,
  };

  /// Solves the assignment over @p rows × @p cols where only @p edges may be used. Edges with indices out of range
  /// or non-finite costs are ignored; of duplicate (row, col) edges the cheaper is used. Returns the chosen pairs
  /// sorted by row.
  static std::vector<Pair> solve(int rows, int cols, const std::vector<Edge>& edges, Objective objective);

  /// Dense minimum-cost assignment of every row of a @p rows × @p cols matrix (rows <= cols, row-major @p costs).
  /// Returns, for each row, its column. Throws Error when rows > cols, the size is wrong or a cost is not finite.
  static std::vector<int> solveDense(const std::vector<double>& costs, int rows, int cols);
};

}  // namespace edgescope
