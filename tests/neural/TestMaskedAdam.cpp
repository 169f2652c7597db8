// MaskedAdam (paper 003, Algorithm 2) on a tiny two-layer network with one unused tensor: bit-for-bit equal to
// torch::optim::Adam at γ = 1 (and with selection "full"); coordinates outside the mask keep their exact bits while
// those inside move; m, v and u follow Algorithm 2 for every coordinate (masked or not) with the global step running
// across phases; the next mask is the top γ of |u| of the last step, the first one random and seeded; state
// save/load resumes bit for bit (between and inside phases) and rejects malformed state; option and lifecycle Errors.
#include <torch/torch.h>

#include <QtTest>

#include "../TestHelpers.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <sstream>
#include <vector>

#include "neural/MaskedAdam.h"

using namespace edgescope;
using Strategy = CoordinateSelector::Strategy;
using edgescope::testing::errorOf;

namespace {

/// W1 [6,3], b1 [6], W2 [2,6], b2 [2] and an unused [3] (its .grad() stays undefined): 41 coordinates.
struct Problem {
  std::vector<torch::Tensor> initial;
  std::vector<torch::Tensor> inputs, targets;  // one batch per step

  explicit Problem(int steps) {
    torch::manual_seed(17);
    for (auto shape : std::vector<std::vector<int64_t>>{{6, 3}, {6}, {2, 6}, {2}, {3}}) {
      initial.push_back(torch::randn(shape) * 0.5);
    }
    for (int k = 0; k < steps; ++k) {
      inputs.push_back(torch::randn({8, 3}));
      targets.push_back(torch::randn({8, 2}));
    }
  }

  std::vector<torch::Tensor> fresh() const {
    std::vector<torch::Tensor> out;
    for (const torch::Tensor& t : initial) out.push_back(t.clone().set_requires_grad(true));
    return out;
  }

  /// Forward + backward of step @p k into the parameters' .grad() (zeroed first).
  void backward(std::vector<torch::Tensor>& p, int k) const {
    for (torch::Tensor& t : p) {
      if (t.grad().defined()) t.mutable_grad().zero_();
    }
    const torch::Tensor h = torch::tanh(torch::matmul(inputs[k], p[0].t()) + p[1]);
    const torch::Tensor y = torch::matmul(h, p[2].t()) + p[3];
    torch::mse_loss(y, targets[k]).backward();
  }
};

std::vector<float> flat(const std::vector<torch::Tensor>& tensors) {
  std::vector<float> out;
  for (const torch::Tensor& t : tensors) {
    const torch::Tensor c = t.detach().reshape({-1}).contiguous();
    out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  }
  return out;
}

bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool bitIdentical(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  const std::vector<float> fa = flat(a), fb = flat(b);
  if (fa.size() != fb.size()) return false;
  for (std::size_t i = 0; i < fa.size(); ++i) {
    if (!sameBits(fa[i], fb[i])) return false;
  }
  return true;
}

MaskedAdam::Options optionsWith(double fraction, Strategy selection = Strategy::Gradient, std::uint64_t seed = 1) {
  MaskedAdam::Options o;
  o.learningRate = 0.01;
  o.fraction = fraction;
  o.selection = selection;
  o.seed = seed;
  return o;
}

/// Runs @p phases phases of @p k steps from step index @p from; returns each phase's changed indices.
std::vector<std::vector<std::uint32_t>> runPhases(const Problem& problem, std::vector<torch::Tensor>& p,
                                                  MaskedAdam& adam, int phases, int k, int from = 0) {
  std::vector<std::vector<std::uint32_t>> changed;
  for (int n = 0; n < phases; ++n) {
    adam.beginPhase();
    for (int s = 0; s < k; ++s) {
      problem.backward(p, from + n * k + s);
      adam.step();
    }
    changed.push_back(adam.endPhase());
  }
  return changed;
}

std::vector<std::uint32_t> topByMagnitude(const std::vector<float>& u, std::size_t count) {
  std::vector<std::uint32_t> order(u.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return std::fabs(u[a]) > std::fabs(u[b]); });
  order.resize(count);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace

class TestMaskedAdam : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void equalsTorchAdamAtFullFraction() {
    const Problem problem(12);
    for (const auto& [fraction, selection] : std::vector<std::pair<double, Strategy>>{
             {1.0, Strategy::Gradient}, {1.0, Strategy::Random}, {0.05, Strategy::Full}}) {
      std::vector<torch::Tensor> masked = problem.fresh(), plain = problem.fresh();
      MaskedAdam adam(masked, optionsWith(fraction, selection));
      const auto changed = runPhases(problem, masked, adam, 3, 4);
      for (const auto& c : changed) QCOMPARE(c.size(), std::size_t(41));
      torch::optim::Adam reference(plain, torch::optim::AdamOptions(0.01).betas(std::make_tuple(0.9, 0.999)).eps(1e-8));
      for (int k = 0; k < 12; ++k) {
        problem.backward(plain, k);
        reference.step();
      }
      QVERIFY(!bitIdentical(masked, problem.fresh()));
      QVERIFY2(bitIdentical(masked, plain), "MaskedAdam at γ = 1 differs from torch::optim::Adam");
      QCOMPARE(adam.stepCount(), std::int64_t(12));
      QCOMPARE(adam.phaseCount(), std::int64_t(3));
    }
  }

  void frozenCoordinatesKeepTheirBits() {
    const Problem problem(10);
    std::vector<torch::Tensor> p = problem.fresh();
    MaskedAdam adam(p, optionsWith(0.2));
    QCOMPARE(adam.parameterCount(), std::size_t(41));
    for (int n = 0; n < 2; ++n) {
      const std::vector<float> before = adam.flatParameters();
      adam.beginPhase();
      const std::vector<std::uint32_t> mask = adam.mask();
      QCOMPARE(mask.size(), std::size_t(8));  // round(0.2 · 41)
      for (int s = 0; s < 5; ++s) {
        problem.backward(p, n * 5 + s);
        adam.step();
      }
      const std::vector<std::uint32_t> changed = adam.endPhase();
      QCOMPARE(changed, mask);
      const std::vector<float> after = adam.flatParameters();
      std::vector<std::uint32_t> moved;
      for (std::uint32_t i = 0; i < after.size(); ++i) {
        if (!sameBits(before[i], after[i])) moved.push_back(i);
      }
      // Inside the mask every used coordinate moved (the unused tensor, 38–40, has u = 0); outside nothing did.
      std::vector<std::uint32_t> expected;
      std::copy_if(mask.begin(), mask.end(), std::back_inserter(expected), [](std::uint32_t i) { return i < 38; });
      QCOMPARE(moved, expected);
      QCOMPARE(adam.valuesAt(changed), [&] {
        std::vector<float> v;
        for (std::uint32_t i : changed) v.push_back(after[i]);
        return v;
      }());
    }
  }

  void momentsAndUpdatesFollowAlgorithm2AcrossPhases() {
    const Problem problem(6);
    std::vector<torch::Tensor> p = problem.fresh();
    const MaskedAdam::Options o = optionsWith(0.1);
    MaskedAdam adam(p, o);
    std::vector<double> m(41, 0.0), v(41, 0.0);
    std::vector<double> scale(41, 0.0);  // the same average of |g|: float rounding is relative to it, not to m
    int i = 0;                           // Algorithm 2's global step
    for (int n = 0; n < 2; ++n) {
      adam.beginPhase();
      for (int s = 0; s < 3; ++s) {
        problem.backward(p, n * 3 + s);
        std::vector<torch::Tensor> grads;
        for (const torch::Tensor& t : p) grads.push_back(t.grad().defined() ? t.grad() : torch::zeros_like(t));
        const std::vector<float> g = flat(grads);
        adam.step();
        ++i;
        QCOMPARE(adam.stepCount(), std::int64_t(i));
        std::vector<torch::Tensor> ms, vs, us;
        for (std::size_t t = 0; t < p.size(); ++t) {
          ms.push_back(adam.firstMoment(t));
          vs.push_back(adam.secondMoment(t));
          us.push_back(adam.lastUpdate(t));
        }
        const std::vector<float> gotM = flat(ms), gotV = flat(vs), gotU = flat(us);
        for (std::size_t c = 0; c < 41; ++c) {  // every coordinate, inside the mask or not
          m[c] = o.beta1 * m[c] + (1 - o.beta1) * g[c];
          v[c] = o.beta2 * v[c] + (1 - o.beta2) * g[c] * g[c];
          scale[c] = o.beta1 * scale[c] + (1 - o.beta1) * std::fabs(g[c]);
          const double stepSize = o.learningRate / (1 - std::pow(o.beta1, i));
          const double denom = std::sqrt(v[c]) / std::sqrt(1 - std::pow(o.beta2, i)) + o.eps;
          const double u = stepSize * m[c] / denom, uScale = stepSize * scale[c] / denom;
          const QString at = QString("coordinate %1 step %2").arg(c).arg(i);
          QVERIFY2(std::fabs(gotM[c] - m[c]) <= 1e-5 * scale[c] + 1e-12, qPrintable(at));
          QVERIFY2(std::fabs(gotV[c] - v[c]) <= 1e-5 * v[c] + 1e-15, qPrintable(at));
          QVERIFY2(std::fabs(gotU[c] - u) <= 1e-4 * uScale + 1e-9, qPrintable(at));
        }
        QVERIFY(std::fabs(gotM[0]) > 0.0 && std::fabs(gotU[0]) > 0.0);
        QCOMPARE(gotM[39], 0.0f);  // the unused tensor: zero gradient, zero moments
      }
      adam.endPhase();
    }
    QCOMPARE(adam.phaseCount(), std::int64_t(2));
    // With a step reset per phase, phase 2's first u would use 1/(1 − β1) = 10 instead of 1/(1 − β1^4) ≈ 2.9.
  }

  void nextMaskIsTopFractionOfLastUpdate() {
    const Problem problem(12);
    std::vector<torch::Tensor> p = problem.fresh();
    MaskedAdam adam(p, optionsWith(0.2, Strategy::Gradient, 5));
    QVERIFY(adam.mask().empty());
    const auto changed = runPhases(problem, p, adam, 3, 4);
    std::vector<torch::Tensor> us;
    for (std::size_t t = 0; t < p.size(); ++t) us.push_back(adam.lastUpdate(t));
    QCOMPARE(adam.mask(), topByMagnitude(flat(us), 8));
    QCOMPARE(adam.mask().size(), std::size_t(8));
    for (const auto& c : changed) QCOMPARE(c.size(), std::size_t(8));
    QVERIFY(changed[1] != changed[0] || changed[2] != changed[1]);
  }

  void firstMaskIsRandomAndSeeded() {
    const Problem problem(1);
    auto firstMask = [&](std::uint64_t seed) {
      std::vector<torch::Tensor> p = problem.fresh();
      MaskedAdam adam(p, optionsWith(0.2, Strategy::Gradient, seed));
      adam.beginPhase();
      return adam.mask();
    };
    QCOMPARE(firstMask(3), firstMask(3));
    QVERIFY(firstMask(3) != firstMask(4));
    QCOMPARE(firstMask(3).size(), std::size_t(8));
  }

  void emptyPhaseKeepsItsMask() {
    const Problem problem(1);
    std::vector<torch::Tensor> p = problem.fresh();
    MaskedAdam adam(p, optionsWith(0.2));
    adam.beginPhase();
    const std::vector<std::uint32_t> mask = adam.mask();
    QVERIFY(adam.endPhase().empty());
    QCOMPARE(adam.phaseCount(), std::int64_t(0));
    adam.beginPhase();
    QCOMPARE(adam.mask(), mask);
  }

  void saveLoadResumesBitForBit() {
    const Problem problem(16);
    for (bool midPhase : {false, true}) {
      std::vector<torch::Tensor> a = problem.fresh();
      MaskedAdam first(a, optionsWith(0.2, Strategy::Gradient, 9));
      runPhases(problem, a, first, 2, 4);
      if (midPhase) {
        first.beginPhase();
        problem.backward(a, 8);
        first.step();
      }
      std::stringstream state;
      torch::serialize::OutputArchive out;
      first.save(out);
      out.save_to(state);
      std::vector<torch::Tensor> b;
      for (const torch::Tensor& t : a) b.push_back(t.detach().clone().set_requires_grad(true));
      // The uninterrupted run goes on...
      std::vector<std::vector<std::uint32_t>> changedA, changedB;
      auto finish = [&](std::vector<torch::Tensor>& p, MaskedAdam& adam, std::vector<std::vector<std::uint32_t>>& c) {
        if (midPhase) {
          for (int s = 9; s < 12; ++s) {
            problem.backward(p, s);
            adam.step();
          }
          c.push_back(adam.endPhase());
        }
        const auto rest = runPhases(problem, p, adam, 1, 4, 12);
        c.insert(c.end(), rest.begin(), rest.end());
      };
      finish(a, first, changedA);
      // ...and a fresh optimiser over the restored weights resumes from the saved state.
      MaskedAdam second(b, optionsWith(0.2, Strategy::Gradient, 9));
      torch::serialize::InputArchive in;
      in.load_from(state);
      second.load(in);
      QCOMPARE(second.inPhase(), midPhase);
      finish(b, second, changedB);
      QVERIFY2(bitIdentical(a, b), midPhase ? "mid-phase resume differs" : "resume differs");
      QCOMPARE(changedB, changedA);
      QCOMPARE(second.mask(), first.mask());
      QCOMPARE(second.stepCount(), first.stepCount());
      QCOMPARE(second.phaseCount(), first.phaseCount());
    }
  }

  void loadRejectsMalformedState() {
    const Problem problem(4);
    std::vector<torch::Tensor> p = problem.fresh();
    MaskedAdam adam(p, optionsWith(0.2));
    runPhases(problem, p, adam, 1, 4);
    auto loadInto = [](MaskedAdam& target, const std::function<void(torch::serialize::OutputArchive&)>& edit) {
      torch::serialize::OutputArchive out;
      edit(out);
      std::stringstream bytes;
      out.save_to(bytes);
      torch::serialize::InputArchive in;
      in.load_from(bytes);
      target.load(in);
    };
    // Another layout: the tensor count differs.
    std::vector<torch::Tensor> other = {torch::zeros({41}, torch::requires_grad())};
    MaskedAdam wrong(other, optionsWith(0.2));
    QVERIFY(errorOf([&] { loadInto(wrong, [&](auto& out) { adam.save(out); }); }).contains("'tensors'"));
    // A missing key, and a mask index out of range: rejected, the optimiser unchanged.
    MaskedAdam fresh(problem.fresh(), optionsWith(0.2));
    const auto onlyFormat = [](torch::serialize::OutputArchive& out) { out.write("format", torch::tensor(1L)); };
    const QString missing = errorOf([&] { loadInto(fresh, onlyFormat); });
    QVERIFY2(missing.contains("'tensors'") && missing.contains("missing"), qPrintable(missing));
    const QString badMask = errorOf([&] {
      loadInto(fresh, [&](auto& out) {
        adam.save(out);
        out.write("mask", torch::tensor(std::vector<int64_t>{3, 41}));
      });
    });
    QVERIFY2(badMask.contains("'mask'"), qPrintable(badMask));
    QCOMPARE(fresh.stepCount(), std::int64_t(0));
    QCOMPARE(errorOf([&] { loadInto(fresh, [&](auto& out) { adam.save(out); }); }), QString("<no error>"));
    QCOMPARE(fresh.stepCount(), std::int64_t(4));
  }

  void badOptionsAndLifecycleAreErrors() {
    const std::vector<std::pair<std::function<void(MaskedAdam::Options&)>, QString>> cases = {
        {[](auto& o) { o.learningRate = 0; }, "ams.learningRate"},
        {[](auto& o) { o.beta1 = 1.0; }, "beta1"},
        {[](auto& o) { o.beta2 = -0.1; }, "beta2"},
        {[](auto& o) { o.eps = 0; }, "eps"},
        {[](auto& o) { o.fraction = 0; }, "ams.fraction"},
        {[](auto& o) { o.fraction = std::nan(""); }, "ams.fraction"},
        {[](auto& o) { o.selection = static_cast<Strategy>(9); }, "ams.selection"},
    };
    for (const auto& [edit, field] : cases) {
      MaskedAdam::Options o;
      edit(o);
      const QString e = errorOf([&] { MaskedAdam(Problem(0).fresh(), o); });
      QVERIFY2(e.contains(field), qPrintable(e));
    }
    QVERIFY(errorOf([] { MaskedAdam({torch::zeros({2}, torch::kLong)}); }).contains("parameters[0]"));
    const torch::Tensor shared = torch::zeros({2});
    QVERIFY(errorOf([&] { MaskedAdam({shared, shared}); }).contains("parameters[1]"));
    MaskedAdam adam(Problem(0).fresh());
    QVERIFY(errorOf([&] { adam.step(); }).contains("beginPhase"));
    QVERIFY(errorOf([&] { adam.endPhase(); }).contains("endPhase"));
    adam.beginPhase();
    QVERIFY(errorOf([&] { adam.beginPhase(); }).contains("beginPhase"));
  }
};

QTEST_GUILESS_MAIN(TestMaskedAdam)
#include "TestMaskedAdam.moc"
