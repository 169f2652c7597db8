// ResolutionSelector: Eq. 5 of paper 000 on hand-made heatmaps — the smallest rung whose score reaches its gamma,
// thresholds met exactly, empty scenes, non-finite values, malformed input.
#include <QtTest>
#include <cmath>
#include <limits>
#include <vector>

#include <opencv2/core.hpp>

#include "deepscale/DeepScaleConfig.h"
#include "deepscale/ResolutionSelector.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

constexpr int kW = 40;  // heatmap grid (stride-4 output of a 160x96 input)
constexpr int kH = 24;

cv::Mat constant(float value) { return cv::Mat(kH, kW, CV_32F, cv::Scalar(value)); }

/// Ŷmax = 1 on @p cells cells of the first row, 0 elsewhere; a rung keeping @p kept of them (value 1).
cv::Mat firstCells(int cells) {
  cv::Mat m = constant(0.f);
  for (int x = 0; x < cells; ++x) m.at<float>(0, x) = 1.f;
  return m;
}

void addGaussian(cv::Mat& m, double cx, double cy, double sigma, double peak) {
  for (int y = 0; y < m.rows; ++y) {
    for (int x = 0; x < m.cols; ++x) {
      const double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      m.at<float>(y, x) = std::max(m.at<float>(y, x), static_cast<float>(peak * std::exp(-d2 / (2 * sigma * sigma))));
    }
  }
}

std::vector<double> vec(const std::array<double, 4>& a) { return {a.begin(), a.end()}; }

/// Eq. 5 written directly with OpenCV, as an independent reference.
double referenceScore(const cv::Mat& yr, const cv::Mat& ymax) { return cv::sum(yr.mul(ymax))[0] / cv::sum(ymax)[0]; }

}  // namespace

class TestResolutionSelector : public QObject {
  Q_OBJECT
 private slots:
  void picksSmallestRungMeetingItsGamma() {
    ResolutionSelector sel({0.8, 0.7, 0.6, 0.5});
    // Ŷmax = 1 everywhere, Ŷr = constant c_r → score_r = c_r.
    auto run = [&](float s1, float s2, float s3, float s4) {
      return sel.select({constant(1.f), constant(s1), constant(s2), constant(s3), constant(s4)}).rungIndex;
    };
    QCOMPARE(run(0.9f, 0.8f, 0.7f, 0.6f), 4);  // every rung passes: the smallest wins
    QCOMPARE(run(0.9f, 0.8f, 0.7f, 0.4f), 3);
    QCOMPARE(run(0.9f, 0.8f, 0.5f, 0.6f), 4);  // not monotone: still the smallest passing rung
    QCOMPARE(run(0.9f, 0.6f, 0.5f, 0.4f), 1);
    QCOMPARE(run(0.7f, 0.6f, 0.5f, 0.4f), 0);  // none passes: the highest resolution
    QCOMPARE(sel.last().scores.size(), size_t(5));
    QCOMPARE(sel.last().scores[0], 1.0);
    QVERIFY(std::fabs(sel.last().scores[1] - 0.7) < 1e-6);
    QVERIFY(!sel.last().emptyScene);
  }

  void thresholdExactlyAtGamma() {
    ResolutionSelector sel({0.8, 1.0, 1.0, 1.0});  // C2
    // Ŷmax = 1 on 5 cells; rung 1 keeps 4 of them → 4/5 = 0.8 exactly.
    cv::Mat kept4 = firstCells(4);
    QCOMPARE(sel.select({firstCells(5), kept4, constant(0.f), constant(0.f), constant(0.f)}).rungIndex, 1);
    QCOMPARE(sel.last().scores[1], 0.8);
    // 3/5 = 0.6 < 0.8.
    QCOMPARE(sel.select({firstCells(5), firstCells(3), constant(0.f), constant(0.f), constant(0.f)}).rungIndex, 0);
    // Float heatmaps just below the decimal γ (0.7f < 0.7) still meet it within kScoreTolerance.
    sel.setGammas({0.7, 0.7, 0.7, 0.7});
    QCOMPARE(sel.select({constant(1.f), constant(0.7f), constant(0.7f), constant(0.7f), constant(0.7f)}).rungIndex, 4);
    QVERIFY(sel.last().scores[4] < 0.7);
    QCOMPARE(sel.select({constant(1.f), constant(0.69f), constant(0.69f), constant(0.69f), constant(0.69f)}).rungIndex,
             0);
    // γ = 1: only a rung that keeps every detectable cell.
    sel.setGammas({1.0, 1.0, 1.0, 1.0});
    QCOMPARE(sel.select({firstCells(5), firstCells(5), firstCells(5), firstCells(4), firstCells(5)}).rungIndex, 4);
    QCOMPARE(sel.select({firstCells(5), firstCells(5), firstCells(5), firstCells(4), firstCells(4)}).rungIndex, 2);
  }

  void tableFourPresetsOnGaussianScene() {
    // A near (big) and a far (small) pedestrian. The smaller rungs lose the far one, the middle ones weaken it.
    cv::Mat yMax = constant(0.f);
    addGaussian(yMax, 10, 12, 3.0, 1.0);
    addGaussian(yMax, 30, 6, 1.0, 1.0);
    std::vector<cv::Mat> maps{yMax};
    const double farPeak[4] = {0.9, 0.6, 0.0, 0.0};
    for (double peak : farPeak) {
      cv::Mat m = constant(0.f);
      addGaussian(m, 10, 12, 3.0, 1.0);
      if (peak > 0) addGaussian(m, 30, 6, 1.0, peak);
      maps.push_back(m);
    }
    ResolutionSelector sel(vec(DeepScaleConfig::presetGammas(DeepScalePreset::C1)));
    const ResolutionSelection s = sel.select(maps);
    for (int r = 1; r < 5; ++r) {
      QVERIFY2(std::fabs(s.scores[r] - referenceScore(maps[r], yMax)) < 1e-6, qPrintable(QString::number(r)));
      QVERIFY(s.scores[r] < 1.0);
    }
    QVERIFY(s.scores[1] > s.scores[2] && s.scores[2] > s.scores[3]);
    QCOMPARE(s.rungIndex, 2);  // C1: γ1 = γ2 = 0, so rung 2 (704x384 in the paper) whenever 3 and 4 fall short of 1
    // Literal Eq. 5 on soft maps: even a perfect rung scores ΣŶmax²/ΣŶmax (about 0.5 for Gaussians), so C2's 0.8 and
    // C3's 1.0 send this scene to the highest resolution.
    const double perfect = cv::sum(yMax.mul(yMax))[0] / cv::sum(yMax)[0];
    QVERIFY(perfect > 0.4 && perfect < 0.6);
    QVERIFY(s.scores[1] < perfect);
    sel.setGammas(vec(DeepScaleConfig::presetGammas(DeepScalePreset::C2)));
    QCOMPARE(sel.select(maps).rungIndex, 0);
    // Binarised at 0.5 a score is the share of full-resolution hot cells kept: rung 1 (far peak 0.9) keeps all of
    // them, rung 2 (far peak 0.6) only the far centre, rungs 3 and 4 lose the far object.
    sel.setBinarizeThreshold(0.5);
    const ResolutionSelection b = sel.select(maps);
    QCOMPARE(b.scores[1], 1.0);
    QVERIFY(b.scores[2] < 1.0 && b.scores[2] > b.scores[3]);
    QCOMPARE(b.scores[3], b.scores[4]);
    QCOMPARE(b.rungIndex, 1);  // C2: 864x480 meets γ1 = 0.8, the smaller sizes need 1
    sel.setGammas(vec(DeepScaleConfig::presetGammas(DeepScalePreset::C3)));
    QCOMPARE(sel.select(maps).rungIndex, 1);  // C3: 864x480 only because nothing is lost
    sel.setGammas({1.0, 1.0, b.scores[3] + 0.001, b.scores[3]});
    QCOMPARE(sel.select(maps).rungIndex, 4);  // γ4 met exactly
  }

  void emptySceneChoosesTheSmallestAllowedRung() {
    const std::vector<cv::Mat> zeros(5, constant(0.f));
    ResolutionSelector sel(vec(DeepScaleConfig::presetGammas(DeepScalePreset::C2)));
    const ResolutionSelection& s = sel.select(zeros);
    QVERIFY(s.emptyScene);
    QCOMPARE(s.rungIndex, 4);
    for (double score : s.scores) QCOMPARE(score, 1.0);
    sel.setGammas(vec(DeepScaleConfig::presetGammas(DeepScalePreset::C3)));  // "–" rungs are never chosen
    QCOMPARE(sel.select(zeros).rungIndex, 1);
    sel.setGammas(std::vector<double>(4, DeepScaleConfig::kGammaNever));
    QCOMPARE(sel.select(zeros).rungIndex, 0);
    // Negative values are clamped to 0: still empty.
    QVERIFY(sel.select({constant(-0.5f), constant(1.f), constant(1.f), constant(1.f), constant(1.f)}).emptyScene);
  }

  void nonFiniteAndOutOfRangeValues() {
    ResolutionSelector sel({0.5, 0.5, 0.5, 0.5});
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    // A NaN rung is "missed": score 0 for it; the others are fine.
    const ResolutionSelection& a =
        sel.select({constant(1.f), constant(1.f), constant(1.f), constant(1.f), constant(nan)});
    QCOMPARE(a.rungIndex, 3);
    QCOMPARE(a.scores[4], 0.0);
    QCOMPARE(a.nonFinitePixels, kW * kH);
    // NaN in Ŷmax counts as "object here": a rung must still cover those cells.
    cv::Mat yMax = constant(0.f);
    yMax.at<float>(0, 0) = 1.f;
    yMax.at<float>(1, 1) = nan;
    yMax.at<float>(2, 2) = inf;
    const ResolutionSelection& b = sel.select({yMax, firstCells(1), firstCells(1), firstCells(1), firstCells(1)});
    QCOMPARE(b.nonFinitePixels, 2);
    QVERIFY(std::fabs(b.scores[4] - 1.0 / 3.0) < 1e-12);
    QCOMPARE(b.rungIndex, 0);
    QVERIFY(!b.emptyScene);
    // An all-NaN Ŷmax is not an empty scene.
    const ResolutionSelection& c =
        sel.select({constant(nan), constant(0.4f), constant(0.4f), constant(0.4f), constant(0.4f)});
    QVERIFY(!c.emptyScene);
    QCOMPARE(c.rungIndex, 0);
    // Values above 1 are clamped: the score never exceeds 1.
    const ResolutionSelection& d =
        sel.select({constant(1.f), constant(3.f), constant(2.f), constant(1.f), constant(5.f)});
    for (double score : d.scores) QVERIFY(score <= 1.0);
    QCOMPARE(d.rungIndex, 4);
  }

  void malformedInputIsAnErrorAndKeepsTheLastSelection() {
    ResolutionSelector sel({0.5, 0.5, 0.5, 0.5});
    QVERIFY(!sel.hasSelection());
    QCOMPARE(sel.last().rungIndex, 0);
    sel.select({constant(1.f), constant(1.f), constant(1.f), constant(1.f), constant(0.f)});
    QCOMPARE(sel.last().rungIndex, 3);
    try {
      sel.select(
          {constant(1.f), constant(1.f), cv::Mat(kH + 1, kW, CV_32F, cv::Scalar(1)), constant(1.f), constant(1.f)});
      QFAIL("mismatched size accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("heatmap 2"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, sel.select({constant(1.f), constant(1.f)}));  // wrong count
    QVERIFY_THROWS_EXCEPTION(Error, sel.select({constant(1.f), constant(1.f), constant(1.f), constant(1.f),
                                                cv::Mat(kH, kW, CV_64F, cv::Scalar(1))}));  // wrong type
    QVERIFY_THROWS_EXCEPTION(Error,
                             sel.select({cv::Mat(), constant(1.f), constant(1.f), constant(1.f), constant(1.f)}));
    QVERIFY_THROWS_EXCEPTION(
        Error, sel.select({cv::Mat(kH, kW, CV_32FC3), constant(1.f), constant(1.f), constant(1.f), constant(1.f)}));
    QCOMPARE(sel.last().rungIndex, 3);
    QVERIFY_THROWS_EXCEPTION(Error, sel.setGammas({0.5, std::nan(""), 0.5, 0.5}));
    QVERIFY_THROWS_EXCEPTION(Error, sel.setBinarizeThreshold(1.5));
    QVERIFY_THROWS_EXCEPTION(Error, sel.pick({1.0, 1.0}));
  }

  void roiHeatmapsAndBinarisation() {
    // Non-continuous views (ROIs of a bigger map) are read row by row.
    cv::Mat big(kH * 2, kW * 2, CV_32F, cv::Scalar(0.6f));
    cv::Mat ones(kH * 2, kW * 2, CV_32F, cv::Scalar(0.9f));
    const cv::Rect roi(3, 5, kW, kH);
    ResolutionSelector sel({1.0, 1.0, 1.0, 0.6});
    QCOMPARE(sel.select({ones(roi), big(roi), big(roi), big(roi), big(roi)}).rungIndex, 4);
    QVERIFY(std::fabs(sel.last().scores[4] - 0.6) < 1e-6);
    // Binarised at 0.5: every cell detectable at every rung → score 1, γ = 1 reachable with soft maps.
    sel.setBinarizeThreshold(0.5);
    sel.setGammas({1.0, 1.0, 1.0, 1.0});
    QCOMPARE(sel.select({ones(roi), big(roi), big(roi), big(roi), big(roi)}).rungIndex, 4);
    QCOMPARE(sel.last().scores[4], 1.0);
    sel.setBinarizeThreshold(0.7);  // rungs at 0.6 now miss everything
    QCOMPARE(sel.select({ones(roi), big(roi), big(roi), big(roi), big(roi)}).rungIndex, 0);
  }

  void repickUsesStoredScores() {
    ResolutionSelector sel({0.9, 0.9, 0.9, 0.9});
    sel.select({constant(1.f), constant(0.85f), constant(0.75f), constant(0.65f), constant(0.55f)});
    QCOMPARE(sel.last().rungIndex, 0);
    sel.setGammas({0.7, 0.7, 0.7, 0.7});
    sel.repick();
    QCOMPARE(sel.last().rungIndex, 2);
    QCOMPARE(sel.pick({1.0, 0.85, 0.75, 0.65, 0.55}), 2);
    sel.clear();
    QVERIFY(!sel.hasSelection());
    sel.repick();  // no-op without a selection
    QCOMPARE(sel.last().rungIndex, 0);
  }
};

QTEST_APPLESS_MAIN(TestResolutionSelector)
#include "TestResolutionSelector.moc"
