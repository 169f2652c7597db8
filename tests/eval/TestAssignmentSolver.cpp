// The linear assignment solver: known answers, forbidden pairs, rectangular problems, and random problems checked
// against exhaustive search for both objectives.
#include <QtTest>
#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "eval/AssignmentSolver.h"
#include "util/Error.h"

using namespace edgescope;
using Edge = AssignmentSolver::Edge;
using Objective = AssignmentSolver::Objective;

namespace {

struct Score {
  int count = 0;
  double cost = 0.0;
};

Score scoreOf(const std::vector<AssignmentSolver::Pair>& pairs, const std::vector<Edge>& edges) {
  Score s;
  std::set<int> rows, cols;
  for (const auto& p : pairs) {
    s.count += 1;
    s.cost += edges[p.edge].cost;
    rows.insert(p.row);
    cols.insert(p.col);
    if (edges[p.edge].row != p.row || edges[p.edge].col != p.col) s.count = -1000;  // inconsistent pair
  }
  if (rows.size() != pairs.size() || cols.size() != pairs.size()) s.count = -1000;  // not one-to-one
  return s;
}

/// Best score over all matchings that use only @p edges (exhaustive).
Score bruteForce(int rows, int cols, const std::vector<Edge>& edges, Objective objective) {
  Score best{0, 0.0};
  std::vector<char> colUsed(cols, 0);
  std::function<void(int, Score)> visit = [&](int row, Score current) {
    if (row == rows) {
      const bool better =
          objective == Objective::MinCost
              ? current.cost < best.cost - 1e-12
              : current.count > best.count || (current.count == best.count && current.cost < best.cost - 1e-12);
      if (better) best = current;
      return;
    }
    visit(row + 1, current);
    for (const auto& e : edges) {
      if (e.row != row || colUsed[e.col]) continue;
      colUsed[e.col] = 1;
      visit(row + 1, {current.count + 1, current.cost + e.cost});
      colUsed[e.col] = 0;
    }
  };
  visit(0, best);
  return best;
}

}  // namespace

class TestAssignmentSolver : public QObject {
  Q_OBJECT
 private slots:
  void solvesAKnownSquareProblem() {
    const std::vector<double> costs = {4, 1, 3,  //
                                       2, 0, 5,  //
                                       3, 2, 2};
    const auto assigned = AssignmentSolver::solveDense(costs, 3, 3);
    QCOMPARE(assigned, (std::vector<int>{1, 0, 2}));  // 1 + 2 + 2 = 5
  }
  void emptyProblemsGiveNoPairs() {
    QVERIFY(AssignmentSolver::solve(0, 5, {}, Objective::MinCost).empty());
    QVERIFY(AssignmentSolver::solve(3, 3, {}, Objective::MaxCardinalityMinCost).empty());
    QVERIFY(AssignmentSolver::solveDense({}, 0, 4).empty());
  }
  void maxCardinalityPrefersMoreMatchesOverCheaperOnes() {
    // Row 0 could take its cheap column 0, but then row 1 (which only fits column 0) stays unmatched.
    const std::vector<Edge> edges = {{0, 0, 0.0}, {0, 1, 0.4}, {1, 0, 0.45}};
    const auto pairs = AssignmentSolver::solve(2, 2, edges, Objective::MaxCardinalityMinCost);
    QCOMPARE(int(pairs.size()), 2);
    QCOMPARE(pairs[0].col, 1);
    QCOMPARE(pairs[1].col, 0);
    // MinCost with negated scores is a maximum-weight matching: 0.9 alone beats 0.5 + 0.3.
    const std::vector<Edge> scores = {{0, 0, -0.9}, {0, 1, -0.5}, {1, 0, -0.3}};
    const auto best = AssignmentSolver::solve(2, 2, scores, Objective::MinCost);
    QCOMPARE(int(best.size()), 1);
    QCOMPARE(best[0].edge, 0);
  }
  void minCostNeverTakesNonNegativeEdges() {
    const std::vector<Edge> edges = {{0, 0, 0.0}, {1, 1, 2.0}, {2, 2, -1.0}};
    const auto pairs = AssignmentSolver::solve(3, 3, edges, Objective::MinCost);
    QCOMPARE(int(pairs.size()), 1);
    QCOMPARE(pairs[0].row, 2);
  }
  void ignoresBadEdgesAndKeepsTheCheaperDuplicate() {
    const std::vector<Edge> edges = {{-1, 0, 0.1},     {0, 7, 0.1}, {0, 0, NAN},
                                     {0, 0, INFINITY}, {0, 0, 0.3}, {0, 0, 0.2}};
    const auto pairs = AssignmentSolver::solve(1, 1, edges, Objective::MaxCardinalityMinCost);
    QCOMPARE(int(pairs.size()), 1);
    QCOMPARE(pairs[0].edge, 5);
  }
  void denseRejectsBadShapes() {
    QVERIFY_THROWS_EXCEPTION(Error, AssignmentSolver::solveDense({1, 2}, 2, 1));
    QVERIFY_THROWS_EXCEPTION(Error, AssignmentSolver::solveDense({1, 2, 3}, 1, 2));
    QVERIFY_THROWS_EXCEPTION(Error, AssignmentSolver::solveDense({1, NAN}, 1, 2));
  }
  void matchesExhaustiveSearchOnRandomProblems() {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> size(1, 6);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int trial = 0; trial < 400; ++trial) {
      const int rows = size(rng), cols = size(rng);
      const double density = unit(rng);
      std::vector<Edge> edges;
      for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
          if (unit(rng) < density) edges.push_back({r, c, unit(rng) * 2.0 - 1.0});
        }
      }
      for (Objective objective : {Objective::MaxCardinalityMinCost, Objective::MinCost}) {
        const auto pairs = AssignmentSolver::solve(rows, cols, edges, objective);
        const Score got = scoreOf(pairs, edges);
        const Score want = bruteForce(rows, cols, edges, objective);
        QVERIFY(got.count >= 0);
        if (objective == Objective::MaxCardinalityMinCost) QCOMPARE(got.count, want.count);
        QVERIFY2(std::fabs(got.cost - want.cost) < 1e-9,
                 qPrintable(QString("trial %1: cost %2 vs %3").arg(trial).arg(got.cost).arg(want.cost)));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestAssignmentSolver)
#include "TestAssignmentSolver.moc"
