#include "track/LinearAssignment.h"

#include <algorithm>
#include <cmath>

#include "track/Lapjv.h"

namespace edgescope {

namespace {

bool admissible(double c, double limit) { return std::isfinite(c) && c <= limit; }

/// Square problem for one component. With a finite @p limit: lap's extension (real x dummy and dummy x real blocks
/// at limit/2, dummy x dummy 0, inadmissible pairs above the limit). Without: padded to max(R, C) with zeros,
/// inadmissible pairs priced above any matching of admissible ones.
CostMatrix buildSquare(const CostMatrix& cost, const std::vector<int>& rows, const std::vector<int>& cols,
                       double limit) {
  const int r = static_cast<int>(rows.size());
  const int c = static_cast<int>(cols.size());
  if (std::isfinite(limit)) {
    const int n = r + c;
    const double forbidden = limit + std::max(1.0, std::fabs(limit));
    CostMatrix ext(n, n, limit / 2.0);
    for (int i = 0; i < r; ++i) {
      const double* src = cost.row(rows[i]);
      double* dst = ext.row(i);
      for (int j = 0; j < c; ++j) {
        const double v = src[cols[j]];
        dst[j] = admissible(v, limit) ? v : forbidden;
      }
    }
    for (int i = r; i < n; ++i) std::fill(ext.row(i) + c, ext.row(i) + n, 0.0);
    return ext;
  }
  double lo = 0, hi = 0;
  for (const int i : rows) {
    for (const int j : cols) {
      const double v = cost.at(i, j);
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  const int n = std::max(r, c);
  const double forbidden = hi + (hi - lo + 1.0) * (n + 1);
  CostMatrix sq(n, n, 0.0);
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j < c; ++j) {
      const double v = cost.at(rows[i], cols[j]);
      sq.at(i, j) = std::isfinite(v) ? v : forbidden;
    }
  }
  return sq;
}

/// Connected components of the bipartite graph of admissible pairs (rows and columns without any are left out).
/// Pairs of different components never match, so each is an independent, usually tiny, problem.
struct Components {
  std::vector<std::vector<int>> rows, cols;
};

Components components(const CostMatrix& cost, double limit) {
  const int nr = cost.rows(), nc = cost.cols();
  std::vector<std::vector<int>> rowAdj(nr), colAdj(nc);
  for (int i = 0; i < nr; ++i) {
    const double* row = cost.row(i);
    for (int j = 0; j < nc; ++j) {
      if (admissible(row[j], limit)) {
        rowAdj[i].push_back(j);
        colAdj[j].push_back(i);
      }
    }
  }
  Components out;
  std::vector<char> rowSeen(nr, 0), colSeen(nc, 0);
  std::vector<int> stack;  // row indices as i >= 0, column indices as -1 - j
  for (int start = 0; start < nr; ++start) {
    if (rowSeen[start] || rowAdj[start].empty()) continue;
    std::vector<int> rows, cols;
    rowSeen[start] = 1;
    stack.assign(1, start);
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      if (node >= 0) {
        rows.push_back(node);
        for (const int j : rowAdj[node]) {
          if (!colSeen[j]) {
            colSeen[j] = 1;
            stack.push_back(-1 - j);
          }
        }
      } else {
        cols.push_back(-1 - node);
        for (const int i : colAdj[-1 - node]) {
          if (!rowSeen[i]) {
            rowSeen[i] = 1;
            stack.push_back(i);
          }
        }
      }
    }
    std::sort(rows.begin(), rows.end());
    std::sort(cols.begin(), cols.end());
    out.rows.push_back(std::move(rows));
    out.cols.push_back(std::move(cols));
  }
  return out;
}

}  // namespace

AssignmentResult LinearAssignment::solve(const CostMatrix& cost, double costLimit) {
  return solve(cost, cost.rows(), cost.cols(), costLimit);
}

AssignmentResult LinearAssignment::solve(const CostMatrix& cost, int rows, int cols, double costLimit) {
  AssignmentResult result;
  if (!cost.empty()) {
    rows = cost.rows();
    cols = cost.cols();
  }
  rows = std::max(rows, 0);
  cols = std::max(cols, 0);
  std::vector<int> rowToCol(rows, -1), colToRow(cols, -1);
  if (!cost.empty() && !std::isnan(costLimit)) {
    const Components parts = components(cost, costLimit);
    std::vector<int> x, y;
    for (size_t k = 0; k < parts.rows.size(); ++k) {
      const std::vector<int>& r = parts.rows[k];
      const std::vector<int>& c = parts.cols[k];
      if (r.size() == 1 && c.size() == 1) {  // a lone admissible pair always lowers the total
        rowToCol[r[0]] = c[0];
        colToRow[c[0]] = r[0];
        continue;
      }
      Lapjv::solve(buildSquare(cost, r, c, costLimit), x, y);
      for (size_t i = 0; i < r.size(); ++i) {
        const int j = x[i];
        if (j < static_cast<int>(c.size()) && admissible(cost.at(r[i], c[j]), costLimit)) {
          rowToCol[r[i]] = c[j];
          colToRow[c[j]] = r[i];
        }
      }
    }
  }
  for (int i = 0; i < rows; ++i) {
    if (rowToCol[i] >= 0) {
      result.matches.emplace_back(i, rowToCol[i]);
    } else {
      result.unmatchedRows.push_back(i);
    }
  }
  for (int j = 0; j < cols; ++j) {
    if (colToRow[j] < 0) result.unmatchedCols.push_back(j);
  }
  return result;
}

}  // namespace edgescope
