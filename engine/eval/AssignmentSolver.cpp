#include "eval/AssignmentSolver.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "util/Error.h"

namespace edgescope {
namespace {

int findRoot(std::vector<int>& parent, int node) {
  while (parent[node] != node) {
    parent[node] = parent[parent[node]];
    node = parent[node];
  }
  return node;
}

/// One connected component: its rows, columns and edge indices.
struct Component {
  std::vector<int> rows;
  std::vector<int> cols;
  std::vector<int> edges;
};

/// @p local maps a row (index row) or column (index rows + col) to its position within its component.
void solveComponent(const Component& part, const std::vector<AssignmentSolver::Edge>& edges, int rows,
                    const std::vector<int>& local, AssignmentSolver::Objective objective,
                    std::vector<AssignmentSolver::Pair>& out) {
  const bool transpose = part.rows.size() > part.cols.size();
  const int n = static_cast<int>(transpose ? part.cols.size() : part.rows.size());
  const int m = static_cast<int>(transpose ? part.rows.size() : part.cols.size());
  const bool maxCardinality = objective == AssignmentSolver::Objective::MaxCardinalityMinCost;
  double fill = 0.0;
  if (maxCardinality) {
    // An invalid edge taken once must cost more than any change in the valid edges can save: l > (2r - 1)c.
    double bound = 0.0;
    for (int e : part.edges) bound = std::max(bound, std::fabs(edges[e].cost));
    fill = 2.0 * n * (bound + 1.0) + 1.0;
  }
  std::vector<double> costs(static_cast<std::size_t>(n) * m, fill);
  std::vector<int> cellEdge(costs.size(), -1);
  for (int e : part.edges) {
    const int r = local[edges[e].row], c = local[rows + edges[e].col];
    const std::size_t cell = transpose ? static_cast<std::size_t>(c) * m + r : static_cast<std::size_t>(r) * m + c;
    const double cost = maxCardinality ? edges[e].cost : std::min(edges[e].cost, 0.0);
    if (cellEdge[cell] < 0 || edges[e].cost < edges[cellEdge[cell]].cost) {
      cellEdge[cell] = e;
      costs[cell] = cost;
    }
  }
  const std::vector<int> assigned = AssignmentSolver::solveDense(costs, n, m);
  for (int i = 0; i < n; ++i) {
    const int e = cellEdge[static_cast<std::size_t>(i) * m + assigned[i]];
    if (e < 0 || (!maxCardinality && !(edges[e].cost < 0.0))) continue;
    out.push_back({edges[e].row, edges[e].col, e});
  }
}

}  // namespace

std::vector<AssignmentSolver::Pair> AssignmentSolver::solve(int rows, int cols, const std::vector<Edge>& edges,
                                                            Objective objective) {
  std::vector<Pair> pairs;
  if (rows <= 0 || cols <= 0 || edges.empty()) return pairs;
  std::vector<int> parent(static_cast<std::size_t>(rows) + cols);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<int> valid;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const Edge& edge = edges[e];
    if (edge.row < 0 || edge.row >= rows || edge.col < 0 || edge.col >= cols || !std::isfinite(edge.cost)) continue;
    valid.push_back(static_cast<int>(e));
    parent[findRoot(parent, edge.row)] = findRoot(parent, rows + edge.col);
  }
  std::vector<Component> parts;
  std::vector<int> partOfRoot(parent.size(), -1), local(parent.size(), -1);
  for (int e : valid) {
    const int root = findRoot(parent, edges[e].row);
    if (partOfRoot[root] < 0) {
      partOfRoot[root] = static_cast<int>(parts.size());
      parts.emplace_back();
    }
    Component& part = parts[static_cast<std::size_t>(partOfRoot[root])];
    part.edges.push_back(e);
    const int rowNode = edges[e].row, colNode = rows + edges[e].col;
    if (local[rowNode] < 0) {
      local[rowNode] = static_cast<int>(part.rows.size());
      part.rows.push_back(edges[e].row);
    }
    if (local[colNode] < 0) {
      local[colNode] = static_cast<int>(part.cols.size());
      part.cols.push_back(edges[e].col);
    }
  }
  for (const auto& part : parts) solveComponent(part, edges, rows, local, objective, pairs);
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.row < b.row; });
  return pairs;
}

std::vector<int> AssignmentSolver::solveDense(const std::vector<double>& costs, int rows, int cols) {
  if (rows < 0 || rows > cols || costs.size() != static_cast<std::size_t>(rows) * cols) {
    throw Error("AssignmentSolver: a dense problem needs rows <= cols and rows*cols costs (rows " +
                std::to_string(rows) + ", cols " + std::to_string(cols) + ", costs " + std::to_string(costs.size()) +
                ")");
  }
  for (double cost : costs) {
    if (!std::isfinite(cost)) throw Error("AssignmentSolver: dense costs must be finite");
  }
  // Hungarian algorithm with row/column potentials (1-based internally; column 0 is the virtual start).
  const double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> u(rows + 1, 0.0), v(cols + 1, 0.0);
  std::vector<int> owner(cols + 1, 0), way(cols + 1, 0);
  for (int i = 1; i <= rows; ++i) {
    owner[0] = i;
    int j0 = 0;
    std::vector<double> minv(cols + 1, kInf);
    std::vector<char> used(cols + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = owner[j0];
      double delta = kInf;
      int j1 = 0;
      for (int j = 1; j <= cols; ++j) {
        if (used[j]) continue;
        const double reduced = costs[static_cast<std::size_t>(i0 - 1) * cols + (j - 1)] - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= cols; ++j) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[j0] != 0);
    do {
      const int j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> assigned(rows, 0);
  for (int j = 1; j <= cols; ++j) {
    if (owner[j] != 0) assigned[owner[j] - 1] = j - 1;
  }
  return assigned;
}

}  // namespace edgescope
