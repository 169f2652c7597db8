// JdeLoss (paper 000 Eqs. 2–4), CenterTargets and DetectabilityTargets: the focal loss against hand-computed values,
// gather(), the uncertainty-weighted total and its gradients, the CenterNet targets of hand-made boxes, and the
// rendered self-supervised detectability maps; the ReID teacher distillation term by hand and inside Eq. 4.
#include "NeuralTestUtil.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

#include "neural/CenterTargets.h"
#include "neural/DetectabilityTargets.h"
#include "neural/JdeLoss.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Eq. 2 for one cell, written out (α = 2, β = 4), with the product's clamp of p to [1e-4, 1 − 1e-4].
double focalCell(double logit, double target) {
  const double p = std::clamp(sigmoid(logit), 1e-4, 1.0 - 1e-4);
  if (target >= 1.0) return -std::pow(1.0 - p, 2) * std::log(p);
  return -std::pow(1.0 - target, 4) * std::pow(p, 2) * std::log(1.0 - p);
}

double value(const torch::Tensor& t) { return t.item<double>(); }

/// Targets for N images of a 64×64 input (16×16 grid), one object per image at cell (row 5, col 7), identities as
/// given, R detectability maps with a peak at the same cell for images whose @p detectable entry is set.
JdeBatchTargets oneObjectTargets(const std::vector<int>& identities, const std::vector<bool>& detectable, int r) {
  const int64_t n = static_cast<int64_t>(identities.size()), m = CenterTargets::kMaxObjects;
  JdeBatchTargets t;
  t.heatmap = torch::zeros({n, 1, 16, 16});
  t.index = torch::zeros({n, m}, torch::kLong);
  t.mask = torch::zeros({n, m});
  t.size = torch::zeros({n, m, 2});
  t.offset = torch::zeros({n, m, 2});
  t.identity = torch::full({n, m}, -1, torch::kLong);
  t.detectability = torch::zeros({n, r, 16, 16});
  t.detectabilityMask = torch::zeros({n});
  for (int64_t i = 0; i < n; ++i) {
    t.heatmap[i][0][5][7] = 1.0f;
    t.heatmap[i][0][5][8] = 0.6f;
    t.index[i][0] = 5 * 16 + 7;
    t.mask[i][0] = 1.0f;
    t.size[i][0][0] = 3.0f;
    t.size[i][0][1] = 6.0f;
    t.offset[i][0][0] = 0.25f;
    t.offset[i][0][1] = 0.75f;
    t.identity[i][0] = identities[static_cast<std::size_t>(i)];
    if (detectable[static_cast<std::size_t>(i)]) {
      t.detectability[i].select(1, 5).select(1, 7).fill_(1.0f);
      t.detectabilityMask[i] = 1.0f;
    }
  }
  return t;
}

}  // namespace

class TestJdeLoss : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(1); }

  // --- focal loss (Eq. 2) ---------------------------------------------------------------------------------------

  void focalLossByHand() {
    // 1×1×2×2: one peak (logit 0), a Gaussian shoulder 0.5 (logit 1), two background cells (logits −1, 2).
    const torch::Tensor logits = torch::tensor({0.0f, 1.0f, -1.0f, 2.0f}).view({1, 1, 2, 2});
    const torch::Tensor target = torch::tensor({1.0f, 0.5f, 0.0f, 0.0f}).view({1, 1, 2, 2});
    const double expected = focalCell(0, 1) + focalCell(1, 0.5) + focalCell(-1, 0) + focalCell(2, 0);
    // Written out: 0.25·ln 2 + 0.0625·σ(1)²·ln(1/σ(−1)) + σ(−1)²·ln(1/σ(1)) + σ(2)²·ln(1/σ(−2)) ≈ 1.8898898.
    QVERIFY(std::fabs(expected - 1.8898898) < 1e-6);
    QVERIFY(std::fabs(value(JdeLossImpl::focalLoss(logits, target)) - expected) < 1e-5);
  }

  void focalLossNormalisedByPeakCount() {
    const torch::Tensor logits = torch::tensor({0.5f, -0.5f, 1.5f, -2.0f}).view({1, 1, 2, 2});
    const torch::Tensor target = torch::tensor({1.0f, 1.0f, 0.2f, 0.0f}).view({1, 1, 2, 2});
    const double sum = focalCell(0.5, 1) + focalCell(-0.5, 1) + focalCell(1.5, 0.2) + focalCell(-2.0, 0);
    QVERIFY(std::fabs(value(JdeLossImpl::focalLoss(logits, target)) - sum / 2) < 1e-5);
  }

  void focalLossWithoutPeaksDividesByOne() {
    const torch::Tensor logits = torch::tensor({0.3f, -1.0f, 2.0f, 0.0f}).view({1, 1, 2, 2});
    const torch::Tensor target = torch::tensor({0.9f, 0.5f, 0.0f, 0.0f}).view({1, 1, 2, 2});
    const double sum = focalCell(0.3, 0.9) + focalCell(-1, 0.5) + focalCell(2, 0) + focalCell(0, 0);
    QVERIFY(std::fabs(value(JdeLossImpl::focalLoss(logits, target)) - sum) < 1e-5);
    // All-zero target, very negative logits: nearly no loss, and finite.
    const double tiny = value(JdeLossImpl::focalLoss(torch::full({1, 1, 4, 4}, -20.0), torch::zeros({1, 1, 4, 4})));
    QVERIFY(std::isfinite(tiny) && tiny >= 0 && tiny < 1e-6);
  }

  void focalLossExtremeLogitsStayFinite() {
    const torch::Tensor logits = torch::tensor({-100.0f, 100.0f}).view({1, 1, 1, 2});
    const torch::Tensor target = torch::tensor({1.0f, 0.0f}).view({1, 1, 1, 2});
    const torch::Tensor loss = JdeLossImpl::focalLoss(logits, target);
    QVERIFY(std::isfinite(value(loss)));
    QVERIFY(value(loss) > 10);  // both cells are badly wrong
  }

  void focalLossWeightExcludesImages() {
    torch::manual_seed(2);
    const torch::Tensor logits = torch::randn({2, 3, 4, 4});
    torch::Tensor target = torch::rand({2, 3, 4, 4}) * 0.9;
    target[0][0][1][1] = 1.0f;
    target[1][2][0][3] = 1.0f;  // image 1 has two peaks: they must not count when it is masked
    target[1][0][2][2] = 1.0f;
    const torch::Tensor weight = torch::tensor({1.0f, 0.0f}).view({2, 1, 1, 1});
    const double masked = value(JdeLossImpl::focalLoss(logits, target, weight));
    const double first = value(JdeLossImpl::focalLoss(logits.slice(0, 0, 1), target.slice(0, 0, 1)));
    QVERIFY2(std::fabs(masked - first) < 1e-5, qPrintable(QString("%1 vs %2").arg(masked).arg(first)));
    // All images masked: 0 (normalised by 1, not NaN).
    QCOMPARE(value(JdeLossImpl::focalLoss(logits, target, torch::zeros({2, 1, 1, 1}))), 0.0);
  }

  void gatherPicksCells() {
    // N = 2, C = 3, 2×3 grid; value = 100·n + 10·c + cell.
    const torch::Tensor map = torch::empty({2, 3, 2, 3});
    for (int n = 0; n < 2; ++n)
      for (int c = 0; c < 3; ++c)
        for (int cell = 0; cell < 6; ++cell) map[n][c][cell / 3][cell % 3] = 100.0f * n + 10.0f * c + cell;
    const torch::Tensor index = torch::tensor({0, 5, 4, 2, 3, 0}, torch::kLong).view({2, 3});
    const torch::Tensor got = JdeLossImpl::gather(map, index);
    QCOMPARE(got.sizes().vec(), (std::vector<int64_t>{2, 3, 3}));
    for (int n = 0; n < 2; ++n)
      for (int m = 0; m < 3; ++m)
        for (int c = 0; c < 3; ++c)
          QCOMPARE(got[n][m][c].item<float>(), 100.0f * n + 10.0f * c + index[n][m].item<int64_t>());
  }

  // --- the whole objective (Eqs. 3, 4) ------------------------------------------------------------------------

  void forwardTotalAndGradients() {
    torch::manual_seed(4);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss loss(config.embeddingDim, 4, 1.0);
    const JdeBatchTargets t = oneObjectTargets({0, 3}, {true, false}, config.detectabilityChannels);
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), true);
    const JdeLossTerms terms = loss->forward(net, out, t);
    for (const torch::Tensor* term :
         {&terms.heatmap, &terms.box, &terms.identity, &terms.detectability, &terms.total}) {
      QCOMPARE(term->numel(), int64_t{1});
      QVERIFY(std::isfinite(value(*term)));
    }
    QVERIFY(value(terms.heatmap) > 0 && value(terms.box) > 0 && value(terms.identity) > 0 &&
            value(terms.detectability) > 0);
    // Eq. 4 + λ·Eq. 2 with ω1 = −1.85, ω2 = −1.05 (FairMOT's start values).
    const double w1 = value(loss->omegaDetection()), w2 = value(loss->omegaIdentity());
    QVERIFY(std::fabs(w1 + 1.85) < 1e-6 && std::fabs(w2 + 1.05) < 1e-6);
    const double expected = 0.5 * (std::exp(-w1) * (value(terms.heatmap) + value(terms.box)) + w1) +
                            0.5 * (std::exp(-w2) * value(terms.identity) + w2) + 1.0 * value(terms.detectability);
    QVERIFY2(std::fabs(value(terms.total) - expected) < 1e-4 * std::max(1.0, expected),
             qPrintable(QString("%1 vs %2").arg(value(terms.total)).arg(expected)));

    terms.total.backward();
    QVERIFY(loss->omegaDetection().grad().defined());
    QVERIFY(loss->omegaIdentity().grad().defined());
    // d total / d ω = 0.5·(1 − e^{−ω}·L)
    const double g1 = 0.5 * (1.0 - std::exp(-w1) * (value(terms.heatmap) + value(terms.box)));
    const double g2 = 0.5 * (1.0 - std::exp(-w2) * value(terms.identity));
    QVERIFY(std::fabs(value(loss->omegaDetection().grad()) - g1) < 1e-3 * std::max(1.0, std::fabs(g1)));
    QVERIFY(std::fabs(value(loss->omegaIdentity().grad()) - g2) < 1e-3 * std::max(1.0, std::fabs(g2)));
    // Every head receives a gradient, the embedding layer through the identity term.
    int withGrad = 0, total = 0;
    for (const auto& p : net->parameters()) {
      ++total;
      withGrad += p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
    }
    QVERIFY2(withGrad == total, qPrintable(QString("%1 of %2 parameters got a gradient").arg(withGrad).arg(total)));
  }

  void boxTermIsMaskedL1() {
    torch::manual_seed(6);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss loss(config.embeddingDim, 0, 1.0);
    JdeBatchTargets t = oneObjectTargets({-1, -1}, {false, false}, config.detectabilityChannels);
    t.mask[1][0] = 0.0f;  // image 1's object does not count
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), false);
    const JdeLossTerms terms = loss->forward(net, out, t);
    const auto at = [&](const torch::Tensor& map, int c) { return map[0][c][5][7].item<double>(); };
    const double sizeL1 = std::fabs(at(out.size, 0) - 3.0) + std::fabs(at(out.size, 1) - 6.0);
    const double offsetL1 = std::fabs(at(out.offset, 0) - 0.25) + std::fabs(at(out.offset, 1) - 0.75);
    QVERIFY(std::fabs(value(terms.box) - (JdeLossImpl::kSizeWeight * sizeL1 + offsetL1)) < 1e-5);
    QCOMPARE(value(terms.detectability), 0.0);  // no detectability output requested
  }

  void boxTermWithRelativeSizes() {
    // --relative-size: the size error is divided by the target size (a 1-cell error on a 3-cell box weighs twice a
    // 1-cell error on a 6-cell one); the offset term is unchanged.
    torch::manual_seed(6);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss loss(config.embeddingDim, 0, 1.0, /*relativeSize=*/true);
    JdeBatchTargets t = oneObjectTargets({-1, -1}, {false, false}, config.detectabilityChannels);
    t.mask[1][0] = 0.0f;
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), false);
    const JdeLossTerms terms = loss->forward(net, out, t);
    const auto at = [&](const torch::Tensor& map, int c) { return map[0][c][5][7].item<double>(); };
    const double relative = std::fabs(at(out.size, 0) - 3.0) / 3.0 + std::fabs(at(out.size, 1) - 6.0) / 6.0;
    const double offsetL1 = std::fabs(at(out.offset, 0) - 0.25) + std::fabs(at(out.offset, 1) - 0.75);
    QVERIFY2(std::fabs(value(terms.box) - (JdeLossImpl::kRelativeSizeWeight * relative + offsetL1)) < 1e-5,
             qPrintable(QString("box %1, expected %2").arg(value(terms.box))
                            .arg(JdeLossImpl::kRelativeSizeWeight * relative + offsetL1)));
  }

  void unknownIdentitiesGiveNoIdentityTerm() {
    torch::manual_seed(8);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss loss(config.embeddingDim, 4, 1.0);
    const JdeBatchTargets t = oneObjectTargets({-1, -1}, {false, false}, config.detectabilityChannels);
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), true);
    const JdeLossTerms terms = loss->forward(net, out, t);
    QCOMPARE(value(terms.identity), 0.0);
    QCOMPARE(value(terms.detectability), 0.0);  // no image has detectability targets
    QVERIFY(std::isfinite(value(terms.total)));
    const double w1 = value(loss->omegaDetection());
    QVERIFY(std::fabs(value(terms.total) - 0.5 * (std::exp(-w1) * (value(terms.heatmap) + value(terms.box)) + w1)) <
            1e-4);
    terms.total.backward();
    QVERIFY(loss->omegaDetection().grad().defined());
    const torch::Tensor g2 = loss->omegaIdentity().grad();
    QVERIFY2(!g2.defined() || value(g2) == 0.0, "ω2 must not move without identity labels");
  }

  void distillationLossByHand() {
    // 2-d embeddings, 2-d teacher, identity projection: 1 − cos is 0 (same direction), 1 (orthogonal), 2 (opposite);
    // the teacher rows are normalised first (length 3 counts as 1).
    JdeLoss loss(2, 0, 1.0, false, 2);
    {
      torch::NoGradGuard noGrad;
      loss->named_parameters()["teacherProjection.weight"].copy_(torch::eye(2));
      loss->named_parameters()["teacherProjection.bias"].zero_();
    }
    const torch::Tensor student = torch::tensor({1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f}).view({3, 2});
    const torch::Tensor teacher = torch::tensor({3.0f, 0.0f, 0.0f, 1.0f, -1.0f, 0.0f}).view({3, 2});
    const torch::Tensor distill = loss->distillLoss(student, teacher);
    QVERIFY(std::fabs(value(distill) - (0.0 + 1.0 + 2.0) / 3.0) < 1e-6);
    distill.backward();
    QVERIFY(loss->named_parameters()["teacherProjection.weight"].grad().abs().sum().item<double>() > 0.0);
  }

  void distillationJoinsTheIdentityTerm() {
    // Objects without identity labels but with teacher embeddings still train the appearance branch (ω2 moves).
    torch::manual_seed(9);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss loss(config.embeddingDim, 4, 1.0, false, 6, 0.5);
    loss->setTeacherEmbeddings(torch::randn({3, 6}));
    JdeBatchTargets t = oneObjectTargets({-1, -1}, {false, false}, config.detectabilityChannels);
    t.teacher = torch::full({2, CenterTargets::kMaxObjects}, -1, torch::kLong);
    t.teacher[0][0] = 2;
    t.teacher[1][0] = 0;
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), true);
    const JdeLossTerms terms = loss->forward(net, out, t);
    QCOMPARE(value(terms.identity), 0.0);
    QVERIFY(value(terms.distill) > 0.0 && value(terms.distill) <= 2.0);
    const double w1 = value(loss->omegaDetection()), w2 = value(loss->omegaIdentity());
    const double expected = 0.5 * (std::exp(-w1) * (value(terms.heatmap) + value(terms.box)) + w1) +
                            0.5 * (std::exp(-w2) * 0.5 * value(terms.distill) + w2);
    QVERIFY(std::fabs(value(terms.total) - expected) < 1e-4);
    terms.total.backward();
    QVERIFY(value(loss->omegaIdentity().grad()) != 0.0);
  }

  void lambdaScalesDetectability() {
    torch::manual_seed(9);
    const JdeNetConfig config = tinyConfig();
    JdeNet net(config);
    JdeLoss one(config.embeddingDim, 0, 1.0), three(config.embeddingDim, 0, 3.0);
    QCOMPARE(three->lambda(), 3.0);
    const JdeBatchTargets t = oneObjectTargets({-1, -1}, {true, true}, config.detectabilityChannels);
    torch::NoGradGuard noGrad;
    const JdeNetOutput out = net->forward(torch::randn({2, 3, 64, 64}), true);
    const JdeLossTerms a = one->forward(net, out, t), b = three->forward(net, out, t);
    QVERIFY(value(a.detectability) > 0);
    QVERIFY(std::fabs((value(b.total) - value(a.total)) - 2.0 * value(a.detectability)) < 1e-4);
    // The detectability term is Eq. 2 over the images that have targets.
    const double direct = value(JdeLossImpl::focalLoss(out.detectabilityLogits, t.detectability));
    QVERIFY(std::fabs(value(a.detectability) - direct) < 1e-5);
  }

  // --- CenterTargets ------------------------------------------------------------------------------------------

  void centerTargetsOfAHandBox() {
    // 64×64 image, stride 4: box (10, 20, 16×24) → centre (18, 32) px = (4.5, 8.0) cells → cell (col 4, row 8).
    const CenterTargets t = CenterTargets::build({64, 64}, 4, {{BoundingBox{10, 20, 16, 24}, 7}});
    QCOMPARE(t.heatmap.rows, 16);
    QCOMPARE(t.heatmap.cols, 16);
    QCOMPARE(t.heatmap.type(), CV_32F);
    QCOMPARE(t.index, std::vector<int>{8 * 16 + 4});
    QCOMPARE(t.size, (std::vector<float>{4.0f, 6.0f}));
    QCOMPARE(t.offset, (std::vector<float>{0.5f, 0.0f}));
    QCOMPARE(t.identity, std::vector<int>{7});
    QCOMPARE(t.heatmap.at<float>(8, 4), 1.0f);
    double maxValue = 0;
    cv::Point maxAt;
    cv::minMaxLoc(t.heatmap, nullptr, &maxValue, nullptr, &maxAt);
    QCOMPARE(maxValue, 1.0);
    QCOMPARE(maxAt, cv::Point(4, 8));
    QCOMPARE(cv::countNonZero(t.heatmap >= 1.0f), 1);
    // Gaussian falls off around the peak, symmetrically.
    const float right = t.heatmap.at<float>(8, 5), left = t.heatmap.at<float>(8, 3);
    QVERIFY(right > 0 && right < 1);
    QCOMPARE(left, right);
  }

  void centerTargetsClipAndSkip() {
    // Half outside on the left: clipped to x 0…8 → centre 4 px (cell 1), width 2 cells.
    const CenterTargets clipped = CenterTargets::build({64, 64}, 4, {{BoundingBox{-8, 0, 16, 16}, 1}});
    QCOMPARE(clipped.index, std::vector<int>{2 * 16 + 1});
    QCOMPARE(clipped.size, (std::vector<float>{2.0f, 4.0f}));
    // Entirely outside, and a sliver thinner than minSidePx after clipping: skipped.
    const CenterTargets none = CenterTargets::build(
        {64, 64}, 4,
        {{BoundingBox{70, 10, 10, 10}, 1}, {BoundingBox{63, 10, 10, 10}, 2}, {BoundingBox{5, 5, 1, 9}, 3}});
    QVERIFY(none.index.empty());
    QCOMPARE(cv::countNonZero(none.heatmap), 0);
    // A box reaching the bottom-right edge stays on the grid.
    const CenterTargets edge = CenterTargets::build({64, 64}, 4, {{BoundingBox{60, 60, 20, 20}, 4}});
    QCOMPARE(edge.index, std::vector<int>{15 * 16 + 15});
    QVERIFY(edge.offset[0] >= 0 && edge.offset[0] < 1 && edge.offset[1] >= 0 && edge.offset[1] < 1);
    // Image sides that are not multiples of the stride round up.
    const CenterTargets odd = CenterTargets::build({66, 61}, 4, {});
    QCOMPARE(odd.heatmap.cols, 17);
    QCOMPARE(odd.heatmap.rows, 16);
  }

  void centerTargetsKeepLargestUpToMax() {
    std::vector<LabeledBox> boxes;
    for (int i = 0; i < 200; ++i)
      boxes.push_back({BoundingBox{static_cast<float>(i % 20) * 25.0f, static_cast<float>(i / 20) * 25.0f,
                                   4.0f + static_cast<float>((i * 37) % 19), 8.0f + static_cast<float>(i % 7)},
                       i});
    const CenterTargets t = CenterTargets::build({512, 256}, 4, boxes);
    QCOMPARE(static_cast<int>(t.index.size()), CenterTargets::kMaxObjects);
    QCOMPARE(t.size.size(), t.index.size() * 2);
    QCOMPARE(t.offset.size(), t.index.size() * 2);
    QCOMPARE(t.identity.size(), t.index.size());
    for (std::size_t k = 1; k < t.index.size(); ++k)
      QVERIFY(t.size[2 * k] * t.size[2 * k + 1] <= t.size[2 * k - 2] * t.size[2 * k - 1] + 1e-4f);
    // The smallest kept box is at least as large as every dropped one.
    std::vector<float> areas;
    for (const LabeledBox& b : boxes) areas.push_back(b.box.area());
    std::sort(areas.rbegin(), areas.rend());
    const float smallestKept = t.size[2 * 127] * t.size[2 * 127 + 1] * 16.0f;
    QVERIFY(std::fabs(smallestKept - areas[127]) < 1e-3f);
  }

  void gaussianRadiusMonotonic() {
    QCOMPARE(CenterTargets::gaussianRadius(0, 0), 0.0);
    double previous = 0;
    for (int side = 1; side <= 64; ++side) {
      const double r = CenterTargets::gaussianRadius(side, 2 * side);
      QVERIFY(r >= previous);
      QVERIFY(r >= 0 && r < 2 * side);
      previous = r;
    }
    QVERIFY(CenterTargets::gaussianRadius(10, 30) > CenterTargets::gaussianRadius(10, 20));
    QVERIFY(CenterTargets::gaussianRadius(10, 20, 0.5) > CenterTargets::gaussianRadius(10, 20, 0.9));
  }

  void drawGaussianKeepsMaximum() {
    cv::Mat map = cv::Mat::zeros(9, 9, CV_32F);
    CenterTargets::drawGaussian(map, {4, 4}, 2);
    QCOMPARE(map.at<float>(4, 4), 1.0f);
    QCOMPARE(map.at<float>(4, 7), 0.0f);  // outside the radius
    const float shoulder = map.at<float>(4, 5);
    CenterTargets::drawGaussian(map, {8, 8}, 0);  // a far, tiny peak does not lower anything
    QCOMPARE(map.at<float>(4, 5), shoulder);
    QCOMPARE(map.at<float>(8, 8), 1.0f);
    CenterTargets::drawGaussian(map, {0, 0}, 3);  // corner: clipped, no crash
    QCOMPARE(map.at<float>(0, 0), 1.0f);
  }

  // --- DetectabilityTargets ----------------------------------------------------------------------------------

  void detectabilityRender() {
    Detection near;
    near.box = BoundingBox{20, 8, 8, 24};  // centre (24, 20) px → cell (6, 5)
    near.score = 0.9f;
    Detection weak = near;
    weak.box.x = 40;
    weak.score = 0.3f;
    Detection flat = near;
    flat.box.width = 0;
    const std::vector<std::vector<Detection>> perResolution = {{near, weak}, {near}, {}, {weak}, {flat}};
    const std::vector<cv::Mat> maps = DetectabilityTargets::render({64, 48}, 4, perResolution, 0.4f);
    QCOMPARE(static_cast<int>(maps.size()), 5);
    for (const cv::Mat& map : maps) {
      QCOMPARE(map.type(), CV_32F);
      QCOMPARE(map.rows, 12);
      QCOMPARE(map.cols, 16);
    }
    for (int r : {0, 1}) {
      double maxValue = 0;
      cv::Point maxAt;
      cv::minMaxLoc(maps[static_cast<std::size_t>(r)], nullptr, &maxValue, nullptr, &maxAt);
      QCOMPARE(maxValue, 1.0);
      QCOMPARE(maxAt, cv::Point(6, 5));
      QCOMPARE(cv::countNonZero(maps[static_cast<std::size_t>(r)] >= 1.0f), 1);  // the weak one is filtered
    }
    for (int r : {2, 3, 4}) QCOMPARE(cv::countNonZero(maps[static_cast<std::size_t>(r)]), 0);
    // Same rule as the training targets: identical to CenterTargets' heatmap for the same box.
    const CenterTargets same = CenterTargets::build({64, 48}, 4, {{near.box, 0}});
    QCOMPARE(cv::norm(maps[0], same.heatmap, cv::NORM_INF), 0.0);
    QVERIFY(DetectabilityTargets::render({64, 48}, 4, {}, 0.4f).empty());
  }

  void detectabilityKeepsOnlyMatchedFinds() {
    const LabeledBox a{BoundingBox{10, 10, 20, 40}, 0}, b{BoundingBox{60, 10, 20, 40}, 1};
    auto detection = [](float x, float y, float score) {
      Detection d;
      d.box = BoundingBox{x, y, 20, 40};
      d.score = score;
      return d;
    };
    const Detection onA = detection(12, 11, 0.9f);          // IoU with a ≈ 0.78
    const Detection duplicateOfA = detection(14, 14, 0.8f);  // IoU ≈ 0.56, but a is taken by the better match
    const Detection besideB = detection(67, 14, 0.9f);       // IoU ≈ 0.41: a miss plus a false positive for MOTA
    const Detection onNobody = detection(100, 50, 0.9f);
    const Detection weakOnB = detection(60, 10, 0.3f);       // exact, but below the score threshold
    const std::vector<Detection> found = DetectabilityTargets::keepMatched(
        {duplicateOfA, besideB, onA, onNobody, weakOnB}, {a, b}, 0.4f, 0.5f);
    QCOMPARE(static_cast<int>(found.size()), 1);
    QCOMPARE(found[0].score, 0.9f);        // the best match (onA) wins over the earlier duplicate
    QCOMPARE(found[0].box.x, a.box.x);     // replaced by the label's box
    QCOMPARE(found[0].box.height, a.box.height);
    // With a looser IoU the detection beside b counts too; with no labels nothing does.
    QCOMPARE(static_cast<int>(DetectabilityTargets::keepMatched({onA, besideB}, {a, b}, 0.4f, 0.4f).size()), 2);
    QVERIFY(DetectabilityTargets::keepMatched({onA, besideB}, {}, 0.4f, 0.5f).empty());
  }
};

QTEST_APPLESS_MAIN(TestJdeLoss)
#include "TestJdeLoss.moc"
