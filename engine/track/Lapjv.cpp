#include "track/Lapjv.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "util/Error.h"

namespace edgescope {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// One solve: x = row -> column, y = column -> row, v = column duals (prices).
class JvSolver {
 public:
  JvSolver(const CostMatrix& cost, std::vector<int>& x, std::vector<int>& y)
      : c_(cost), n_(cost.rows()), x_(x), y_(y), v_(n_, kInf) {}

  void run() {
    x_.assign(n_, -1);
    y_.assign(n_, -1);
    std::vector<int> freeRows = columnReduction();
    for (int pass = 0; pass < 2 && !freeRows.empty(); ++pass) freeRows = augmentingRowReduction(freeRows);
    for (const int row : freeRows) augment(row);
  }

 private:
  /// Column minima become prices; each column goes to its minimal row unless that row already holds one; rows
  /// holding exactly one column transfer their slack to it (reduction transfer). Returns the free rows.
  std::vector<int> columnReduction() {
    std::vector<int> minRow(n_, 0);
    for (int i = 0; i < n_; ++i) {
      const double* row = c_.row(i);
      for (int j = 0; j < n_; ++j) {
        if (row[j] < v_[j]) {
          v_[j] = row[j];
          minRow[j] = i;
        }
      }
    }
    std::vector<char> single(n_, 1);
    for (int j = n_ - 1; j >= 0; --j) {
      const int i = minRow[j];
      if (x_[i] < 0) {
        x_[i] = j;
        y_[j] = i;
      } else {
        single[i] = 0;
      }
    }
    std::vector<int> freeRows;
    for (int i = 0; i < n_; ++i) {
      if (x_[i] < 0) {
        freeRows.push_back(i);
      } else if (single[i]) {
        const int own = x_[i];
        const double* row = c_.row(i);
        double slack = kInf;
        for (int j = 0; j < n_; ++j) {
          if (j != own) slack = std::min(slack, row[j] - v_[j]);
        }
        v_[own] -= slack;
      }
    }
    return freeRows;
  }

  /// Each free row takes its cheapest column, lowering that column's price to the second-best reduced cost and
  /// evicting the previous owner, which is processed again. Returns the rows still free.
  std::vector<int> augmentingRowReduction(std::vector<int> freeRows) {
    const size_t count = freeRows.size();
    size_t next = 0;
    std::vector<int> stillFree;
    // Bounds the eviction chain: with floating-point ties a chain could otherwise cycle.
    const long long budget = static_cast<long long>(count) * n_ + n_;
    long long steps = 0;
    while (next < count) {
      const int i = freeRows[next++];
      ++steps;
      const double* row = c_.row(i);
      int j1 = 0, j2 = -1;
      double u1 = row[0] - v_[0], u2 = kInf;
      for (int j = 1; j < n_; ++j) {
        const double r = row[j] - v_[j];
        if (r < u2) {
          if (r >= u1) {
            u2 = r;
            j2 = j;
          } else {
            u2 = u1;
            j2 = j1;
            u1 = r;
            j1 = j;
          }
        }
      }
      int evicted = y_[j1];
      const bool lowers = j2 >= 0 && u1 < u2;
      if (steps < budget) {
        if (lowers) {
          v_[j1] -= u2 - u1;
        } else if (evicted >= 0 && j2 >= 0) {
          j1 = j2;  // tie: take the second-best column instead, which may be free
          evicted = y_[j1];
        }
        if (evicted >= 0) {
          if (lowers) {
            freeRows[--next] = evicted;  // the evicted row retries at once
          } else {
            stillFree.push_back(evicted);
          }
        }
      } else if (evicted >= 0) {
        stillFree.push_back(evicted);
      }
      if (evicted >= 0) x_[evicted] = -1;
      x_[i] = j1;
      y_[j1] = i;
    }
    return stillFree;
  }

  /// Dijkstra-like search for the shortest alternating path from @p freeRow to a free column, then price update
  /// and augmentation along the path.
  void augment(int freeRow) {
    std::vector<int> cols(n_);
    std::iota(cols.begin(), cols.end(), 0);
    std::vector<double> d(n_);
    std::vector<int> pred(n_, freeRow);
    const double* row0 = c_.row(freeRow);
    for (int j = 0; j < n_; ++j) d[j] = row0[j] - v_[j];
    // cols[0, lo) ready, cols[lo, hi) to scan (all at distance minD), cols[hi, n) untouched.
    int lo = 0, hi = 0, readyCount = 0, endCol = -1;
    double minD = 0;
    while (endCol < 0) {
      if (lo == hi) {
        readyCount = lo;
        minD = d[cols[lo]];
        hi = lo + 1;
        for (int k = hi; k < n_; ++k) {
          const int j = cols[k];
          if (d[j] <= minD) {
            if (d[j] < minD) {
              hi = lo;
              minD = d[j];
            }
            std::swap(cols[k], cols[hi++]);
          }
        }
        for (int k = lo; k < hi && endCol < 0; ++k) {
          if (y_[cols[k]] < 0) endCol = cols[k];
        }
        if (endCol >= 0) break;
      }
      const int j1 = cols[lo++];
      const int i = y_[j1];
      const double* row = c_.row(i);
      const double offset = row[j1] - v_[j1] - minD;
      for (int k = hi; k < n_; ++k) {
        const int j = cols[k];
        const double r = row[j] - v_[j] - offset;
        if (r < d[j]) {
          d[j] = r;
          pred[j] = i;
          if (r == minD) {
            if (y_[j] < 0) {
              endCol = j;
              break;
            }
            std::swap(cols[k], cols[hi++]);
          }
        }
      }
    }
    for (int k = 0; k < readyCount; ++k) {
      const int j = cols[k];
      v_[j] += d[j] - minD;
    }
    int j = endCol;
    for (int guard = 0; guard <= n_; ++guard) {
      const int i = pred[j];
      y_[j] = i;
      std::swap(j, x_[i]);
      if (i == freeRow) break;
    }
  }

  const CostMatrix& c_;
  const int n_;
  std::vector<int>& x_;
  std::vector<int>& y_;
  std::vector<double> v_;
};

}  // namespace

double Lapjv::solve(const CostMatrix& cost, std::vector<int>& rowToCol, std::vector<int>& colToRow) {
  if (cost.rows() != cost.cols()) {
    throw Error("Lapjv::solve: cost matrix is " + std::to_string(cost.rows()) + "x" + std::to_string(cost.cols()) +
                ", expected square");
  }
  const int n = cost.rows();
  for (int i = 0; i < n; ++i) {
    const double* row = cost.row(i);
    for (int j = 0; j < n; ++j) {
      if (!std::isfinite(row[j])) {
        throw Error("Lapjv::solve: cost(" + std::to_string(i) + ", " + std::to_string(j) + ") is not finite");
      }
    }
  }
  rowToCol.assign(n, -1);
  colToRow.assign(n, -1);
  if (n == 0) return 0.0;
  if (n == 1) {
    rowToCol[0] = colToRow[0] = 0;
    return cost.at(0, 0);
  }
  JvSolver(cost, rowToCol, colToRow).run();
  double total = 0;
  for (int i = 0; i < n; ++i) total += cost.at(i, rowToCol[i]);
  return total;
}

}  // namespace edgescope
