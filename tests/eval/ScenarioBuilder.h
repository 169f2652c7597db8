#pragma once
/// @file ScenarioBuilder.h
/// Test helper: builds MOT rows from a similarity description ("g0 ~ t1 at frame 4") by giving objects that must
/// match the same box and everything else boxes far apart, so IoU is exactly 1 or 0.

#include <QtTest>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <vector>

#include "mot/MotRow.h"

namespace edgescope {

class ScenarioBuilder {
 public:
  /// Ground-truth object @p id present in @p frames.
  ScenarioBuilder& gt(int id, const std::vector<int>& frames) {
    for (int f : frames) gtAt_[f].insert(id);
    return *this;
  }
  ScenarioBuilder& hyp(int id, const std::vector<int>& frames) {
    for (int f : frames) hypAt_[f].insert(id);
    return *this;
  }
  /// GT @p gtId and hypothesis @p hypId have IoU 1 in @p frames.
  ScenarioBuilder& similar(int gtId, int hypId, const std::vector<int>& frames) {
    for (int f : frames) similar_.insert({f, gtId, hypId});
    return *this;
  }
  /// Rows of every frame; fails the test when the similarity is not a union of cliques (it could not be built from
  /// boxes then).
  void build(std::vector<MotRow>& gtRows, std::vector<MotRow>& hypRows) const {
    std::set<int> frames;
    for (const auto& e : gtAt_) frames.insert(e.first);
    for (const auto& e : hypAt_) frames.insert(e.first);
    for (int f : frames) {
      const auto gts = setAt(gtAt_, f), hyps = setAt(hypAt_, f);
      std::vector<int> gtList(gts.begin(), gts.end()), hypList(hyps.begin(), hyps.end());
      const int n = static_cast<int>(gtList.size()), m = static_cast<int>(hypList.size());
      std::vector<int> group(n + m);
      std::iota(group.begin(), group.end(), 0);
      auto root = [&](int x) {
        while (group[x] != x) x = group[x];
        return x;
      };
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < m; ++j) {
          if (similar_.count({f, gtList[i], hypList[j]})) group[root(i)] = root(n + j);
        }
      }
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < m; ++j) {
          const bool same = root(i) == root(n + j), want = similar_.count({f, gtList[i], hypList[j]}) != 0;
          QVERIFY2(same == want, "similarity is not a union of cliques");
        }
      }
      auto row = [&](int id, int node) {
        MotRow r;
        r.frame = f;
        r.id = id;
        r.box = {100.0f * static_cast<float>(root(node)), 50.0f, 40.0f, 80.0f};
        return r;
      };
      for (int i = 0; i < n; ++i) gtRows.push_back(row(gtList[i], i));
      for (int j = 0; j < m; ++j) hypRows.push_back(row(hypList[j], n + j));
    }
  }

 private:
  static std::set<int> setAt(const std::map<int, std::set<int>>& byFrame, int frame) {
    const auto it = byFrame.find(frame);
    return it == byFrame.end() ? std::set<int>() : it->second;
  }
  std::map<int, std::set<int>> gtAt_, hypAt_;
  std::set<std::tuple<int, int, int>> similar_;
};

}  // namespace edgescope
