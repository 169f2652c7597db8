// Lapjv and LinearAssignment against brute force on random small matrices (square, rectangular, thresholded,
// with ties) and against the evaluation module's Hungarian solver on larger ones; bad input never crashes.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "eval/AssignmentSolver.h"
#include "track/Lapjv.h"
#include "track/LinearAssignment.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

CostMatrix randomMatrix(Rng& rng, int rows, int cols, bool integer) {
  CostMatrix c(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) c.at(i, j) = integer ? rng.uniformInt(0, 4) : rng.uniform();
  }
  return c;
}

/// Minimum over all partial matchings of Σ matched costs + (unmatched rows + unmatched cols) · limit / 2, pairs
/// above the limit excluded — the objective of lap.lapjv(extend_cost=True, cost_limit=limit).
double bruteForceThresholded(const CostMatrix& c, double limit) {
  std::vector<char> colUsed(c.cols(), 0);
  std::function<double(int)> best = [&](int row) -> double {
    if (row == c.rows()) {
      const int freeCols = static_cast<int>(std::count(colUsed.begin(), colUsed.end(), 0));
      return freeCols * limit / 2;
    }
    double b = limit / 2 + best(row + 1);  // row unmatched
    for (int j = 0; j < c.cols(); ++j) {
      if (colUsed[j] || !(c.at(row, j) <= limit)) continue;
      colUsed[j] = 1;
      b = std::min(b, c.at(row, j) + best(row + 1));
      colUsed[j] = 0;
    }
    return b;
  };
  return best(0);
}

double objective(const CostMatrix& c, const AssignmentResult& r, double limit) {
  double total = (r.unmatchedRows.size() + r.unmatchedCols.size()) * limit / 2;
  for (const auto& [i, j] : r.matches) total += c.at(i, j);
  return total;
}

/// Minimum cost of a permutation (square) by enumeration.
double bruteForceSquare(const CostMatrix& c) {
  std::vector<int> p(c.rows());
  std::iota(p.begin(), p.end(), 0);
  double best = kInf;
  do {
    double s = 0;
    for (int i = 0; i < c.rows(); ++i) s += c.at(i, p[i]);
    best = std::min(best, s);
  } while (std::next_permutation(p.begin(), p.end()));
  return best;
}

/// Independent reference: the evaluation module's Hungarian solver (engine/eval).
double hungarian(const CostMatrix& c) {
  std::vector<double> costs;
  for (int i = 0; i < c.rows(); ++i) costs.insert(costs.end(), c.row(i), c.row(i) + c.cols());
  const std::vector<int> cols = AssignmentSolver::solveDense(costs, c.rows(), c.cols());
  double total = 0;
  for (int i = 0; i < c.rows(); ++i) total += c.at(i, cols[i]);
  return total;
}

void verifyPermutation(const std::vector<int>& rowToCol, const std::vector<int>& colToRow) {
  const int n = static_cast<int>(rowToCol.size());
  for (int i = 0; i < n; ++i) {
    QVERIFY(rowToCol[i] >= 0 && rowToCol[i] < n);
    QCOMPARE(colToRow[rowToCol[i]], i);
  }
}

}  // namespace

class TestLinearAssignment : public QObject {
  Q_OBJECT
 private slots:
  void squareMatchesBruteForce() {
    Rng rng(7);
    for (int trial = 0; trial < 600; ++trial) {
      const int n = 1 + trial % 7;
      const CostMatrix c = randomMatrix(rng, n, n, trial % 2 == 0);  // integers in 0..4 give many ties
      std::vector<int> x, y;
      const double cost = Lapjv::solve(c, x, y);
      verifyPermutation(x, y);
      QVERIFY2(std::fabs(cost - bruteForceSquare(c)) < 1e-9, qPrintable(QString("trial %1 n %2").arg(trial).arg(n)));
    }
  }
  void largerSquareMatchesHungarian() {
    Rng rng(11);
    for (int trial = 0; trial < 40; ++trial) {
      const int n = 20 + trial * 3;
      const CostMatrix c = randomMatrix(rng, n, n, trial % 2 == 0);
      std::vector<int> x, y;
      const double cost = Lapjv::solve(c, x, y);
      verifyPermutation(x, y);
      QVERIFY2(std::fabs(cost - hungarian(c)) < 1e-7, qPrintable(QString("trial %1 n %2").arg(trial).arg(n)));
    }
  }
  void thresholdedRectangularMatchesBruteForce() {
    Rng rng(3);
    const double limits[] = {0.2, 0.5, 0.8, 1.5};
    for (int trial = 0; trial < 1500; ++trial) {
      const int rows = 1 + rng.uniformInt(0, 5);
      const int cols = 1 + rng.uniformInt(0, 5);
      const double limit = limits[trial % 4];
      CostMatrix c = randomMatrix(rng, rows, cols, trial % 3 == 0);
      if (trial % 3 == 0) {  // quarter steps: ties between pairs and with the limit itself
        for (int i = 0; i < rows; ++i) {
          for (int j = 0; j < cols; ++j) c.at(i, j) *= 0.25;
        }
      }
      const AssignmentResult r = LinearAssignment::solve(c, limit);
      QCOMPARE(r.matches.size() + r.unmatchedRows.size(), size_t(rows));
      QCOMPARE(r.matches.size() + r.unmatchedCols.size(), size_t(cols));
      for (const auto& [i, j] : r.matches) QVERIFY(c.at(i, j) <= limit);
      const double want = bruteForceThresholded(c, limit);
      QVERIFY2(std::fabs(objective(c, r, limit) - want) < 1e-9,
               qPrintable(QString("trial %1: %2x%3 limit %4").arg(trial).arg(rows).arg(cols).arg(limit)));
    }
  }
  void unlimitedRectangularMatchesEverySmallerSide() {
    Rng rng(5);
    for (int trial = 0; trial < 300; ++trial) {
      const int rows = 1 + rng.uniformInt(0, 5);
      const int cols = 1 + rng.uniformInt(0, 5);
      const CostMatrix c = randomMatrix(rng, rows, cols, trial % 3 == 0);
      const AssignmentResult r = LinearAssignment::solve(c);
      QCOMPARE(r.matches.size(), size_t(std::min(rows, cols)));
      // Brute force with a limit large enough that matching everything possible is always optimal.
      const double huge = 1e3;
      QVERIFY(std::fabs(objective(c, r, huge) - bruteForceThresholded(c, huge)) < 1e-9);
    }
  }
  void resultListsAreOrdered() {
    CostMatrix c(3, 4, 1.0);
    c.at(2, 0) = 0.1;
    c.at(0, 3) = 0.2;
    const AssignmentResult r = LinearAssignment::solve(c, 0.5);
    QCOMPARE(r.matches.size(), size_t(2));
    QCOMPARE(r.matches[0], std::make_pair(0, 3));
    QCOMPARE(r.matches[1], std::make_pair(2, 0));
    QCOMPARE(r.unmatchedRows, std::vector<int>({1}));
    QCOMPARE(r.unmatchedCols, std::vector<int>({1, 2}));
  }
  void pairAboveLimitIsNeverMatchedEvenIfAlone() {
    CostMatrix c(1, 1, 0.81);
    QVERIFY(LinearAssignment::solve(c, 0.8).matches.empty());
    c.at(0, 0) = 0.79;
    QCOMPARE(LinearAssignment::solve(c, 0.8).matches.size(), size_t(1));
  }
  void badInputDoesNotCrash() {
    const AssignmentResult empty = LinearAssignment::solve(CostMatrix(), 2, 0, 0.5);
    QCOMPARE(empty.unmatchedRows, std::vector<int>({0, 1}));
    QVERIFY(empty.unmatchedCols.empty());
    CostMatrix c(2, 2, std::numeric_limits<double>::quiet_NaN());
    c.at(0, 1) = kInf;
    c.at(1, 0) = 0.3;
    const AssignmentResult r = LinearAssignment::solve(c, 0.5);
    QCOMPARE(r.matches.size(), size_t(1));
    QCOMPARE(r.matches[0], std::make_pair(1, 0));
    QCOMPARE(LinearAssignment::solve(c).matches.size(), size_t(1));  // forbidden pairs stay unmatched
    QVERIFY(LinearAssignment::solve(c, std::numeric_limits<double>::quiet_NaN()).matches.empty());
    std::vector<int> x, y;
    QVERIFY_THROWS_EXCEPTION(Error, Lapjv::solve(CostMatrix(2, 3), x, y));
    QVERIFY_THROWS_EXCEPTION(Error, Lapjv::solve(c, x, y));
    QCOMPARE(Lapjv::solve(CostMatrix(), x, y), 0.0);
  }
};

QTEST_APPLESS_MAIN(TestLinearAssignment)
#include "TestLinearAssignment.moc"
