// DeepScaleGovernor and DeepScaleConfig: re-selection exactly every K frames, K changes mid-run, fixed mode,
// presets of Table IV, parameter sanitising, the resolution histogram.
#include <QtTest>
#include <cmath>
#include <set>
#include <vector>

#include "deepscale/DeepScaleGovernor.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// Ŷmax = 1 everywhere and Ŷr = @p s[r − 1] everywhere, so score_r = s[r − 1].
std::vector<cv::Mat> heatmapsScoring(std::initializer_list<float> s) {
  std::vector<cv::Mat> maps{cv::Mat(8, 12, CV_32F, cv::Scalar(1.f))};
  for (float v : s) maps.emplace_back(8, 12, CV_32F, cv::Scalar(v));
  return maps;
}

DeepScaleGovernor adaptive(int k) {
  DeepScaleGovernor g;
  g.apply("deepscale.mode", 1);
  g.apply("deepscale.k", k);
  return g;
}

/// Runs frames [first, last] and returns the frame numbers that re-selected; every re-selection gets @p maps.
std::vector<std::int64_t> run(DeepScaleGovernor& g, std::int64_t first, std::int64_t last,
                              const std::vector<cv::Mat>& maps) {
  std::vector<std::int64_t> reselected;
  for (std::int64_t f = first; f <= last; ++f) {
    const DeepScaleDecision d = g.onFrame(f);
    if (d.reselect) {
      reselected.push_back(f);
      g.submitHeatmaps(maps);
    }
  }
  return reselected;
}

double histogramSum(const ResolutionHistogram& h) {
  double sum = 0;
  for (const auto& bin : h.bins()) sum += bin.fraction;
  return sum;
}

}  // namespace

class TestDeepScaleGovernor : public QObject {
  Q_OBJECT
 private slots:
  void specsAndDefaults() {
    const DeepScaleGovernor g;
    std::set<std::string> ids;
    for (const ParameterSpec& s : DeepScaleGovernor::parameterSpecs()) {
      QVERIFY2(ids.insert(s.id).second, s.id.c_str());
      QVERIFY(!s.label.empty() && !s.description.empty());
      QVERIFY(s.minValue <= s.defaultValue && s.defaultValue <= s.maxValue);
      QVERIFY2(std::fabs(s.sanitize(s.defaultValue) - g.value(s.id)) < 1e-9, s.id.c_str());
    }
    for (const char* id : {"deepscale.mode", "deepscale.fixedIndex", "deepscale.k", "deepscale.gamma1",
                           "deepscale.gamma2", "deepscale.gamma3", "deepscale.gamma4", "deepscale.preset"}) {
      QVERIFY2(ids.count(id), id);
    }
    QCOMPARE(static_cast<int>(g.config().mode), static_cast<int>(DeepScaleMode::Fixed));
    QCOMPARE(g.config().intervalFrames, 40);
    QCOMPARE(static_cast<int>(g.config().preset), static_cast<int>(DeepScalePreset::C2));
    QCOMPARE(g.value("deepscale.gamma1"), 0.8);
    QVERIFY(g.ladder() == ResolutionLadder());
  }

  void tableFourPresets() {
    using P = DeepScalePreset;
    const double never = DeepScaleConfig::kGammaNever;
    QVERIFY((DeepScaleConfig::presetGammas(P::C1) == std::array<double, 4>{0.0, 0.0, 1.0, 1.0}));
    QVERIFY((DeepScaleConfig::presetGammas(P::C2) == std::array<double, 4>{0.8, 1.0, 1.0, 1.0}));
    QVERIFY((DeepScaleConfig::presetGammas(P::C3) == std::array<double, 4>{1.0, never, never, never}));
    QVERIFY_THROWS_EXCEPTION(Error, DeepScaleConfig::presetGammas(P::Custom));
    QCOMPARE(static_cast<int>(DeepScaleConfig::parsePreset("c3")), 3);
    QCOMPARE(QString(DeepScaleConfig::presetName(P::C1)), QString("C1"));
    QVERIFY_THROWS_EXCEPTION(Error, DeepScaleConfig::parsePreset("C4"));
    QVERIFY((DeepScaleConfig::parseGammas("0.8, 1, 1,-") == std::array<double, 4>{0.8, 1.0, 1.0, never}));
    QVERIFY((DeepScaleConfig::parseGammas("0,0,1,2") == std::array<double, 4>{0.0, 0.0, 1.0, never}));
    for (const char* bad : {"0.8,1,1", "0.8,1,1,1,1", "0.8,x,1,1", "0.8,-1,1,1", "0.8,nan,1,1", "", "0.8,,1,1"}) {
      QVERIFY_THROWS_EXCEPTION(Error, DeepScaleConfig::parseGammas(bad));
    }
  }

  void applySanitisesAndEchoes() {
    DeepScaleGovernor g;
    QCOMPARE(g.apply("deepscale.k", 0), 1.0);
    QCOMPARE(g.apply("deepscale.k", 100), 60.0);
    QCOMPARE(g.apply("deepscale.k", 7.4), 7.0);
    QCOMPARE(g.config().intervalFrames, 7);
    QCOMPARE(g.apply("deepscale.fixedIndex", 9), 4.0);
    QCOMPARE(g.apply("deepscale.mode", 0.7), 1.0);
    QCOMPARE(g.apply("deepscale.gamma1", 0.834), 0.83);
    QCOMPARE(g.value("deepscale.preset"), 0.0);  // custom γs
    QCOMPARE(g.apply("deepscale.preset", 3), 3.0);
    QCOMPARE(g.value("deepscale.gamma1"), 1.0);
    QVERIFY(g.value("deepscale.gamma2") > 1.0);
    QCOMPARE(g.apply("deepscale.preset", 0), 0.0);  // custom keeps the γs
    QCOMPARE(g.value("deepscale.gamma1"), 1.0);
    g.apply("deepscale.preset", 1);
    g.apply("deepscale.gamma1", 0.5);
    QCOMPARE(g.value("deepscale.preset"), 0.0);
    g.apply("deepscale.gamma1", 0.0);  // back to C1's values: the preset is recognised
    QCOMPARE(g.value("deepscale.preset"), 1.0);
    QCOMPARE(g.apply("deepscale.gamma4", std::nan("")), 1.0);  // non-finite → the spec default (C2's γ4)
    const DeepScaleConfig before = g.config();
    QVERIFY_THROWS_EXCEPTION(Error, g.apply("deepscale.bogus", 1));
    QCOMPARE(g.config().intervalFrames, before.intervalFrames);
    DeepScaleConfig wild;
    wild.intervalFrames = 1000;
    wild.fixedIndex = -3;
    wild.gammas = {0.0, 0.0, 1.0, 1.0};
    const DeepScaleGovernor fromConfig(ResolutionLadder(), wild);
    QCOMPARE(fromConfig.config().intervalFrames, 60);
    QCOMPARE(fromConfig.config().fixedIndex, 0);
    QCOMPARE(static_cast<int>(fromConfig.config().preset), static_cast<int>(DeepScalePreset::C1));
  }

  void fixedModeNeverReselects() {
    DeepScaleGovernor g;
    g.apply("deepscale.fixedIndex", 3);
    for (int f = 1; f <= 100; ++f) {
      if (f == 51) g.apply("deepscale.fixedIndex", 1);  // the next frame already uses it
      const DeepScaleDecision d = g.onFrame(f);
      QVERIFY(!d.reselect);
      QCOMPARE(d.rungIndex, f <= 50 ? 3 : 1);
      QCOMPARE(d.size, f <= 50 ? cv::Size(640, 352) : cv::Size(864, 480));
    }
    QCOMPARE(g.selectionCount(), std::int64_t(0));
    QCOMPARE(g.histogram().totalFrames(), std::int64_t(100));
    QCOMPARE(g.histogram().fraction({640, 352}), 0.5);
    QCOMPARE(g.histogram().fraction({864, 480}), 0.5);
  }

  void adaptiveReselectsExactlyEveryKFrames() {
    for (int k : {1, 2, 10, 40, 60}) {
      DeepScaleGovernor g = adaptive(k);
      const auto maps = heatmapsScoring({0.9f, 0.9f, 0.9f, 0.5f});
      g.apply("deepscale.preset", 0);
      for (int i = 1; i <= 4; ++i) g.apply("deepscale.gamma" + std::to_string(i), 0.8);
      const auto reselected = run(g, 1, 120, maps);
      QCOMPARE(static_cast<int>(reselected.size()), (120 + k - 1) / k);
      for (size_t i = 0; i < reselected.size(); ++i) QCOMPARE(reselected[i], std::int64_t(1 + i * k));
      QCOMPARE(g.chosenRung(), 3);
      // One full-size frame per cycle, the other K − 1 at the chosen rung (640x352).
      const double full = g.histogram().fraction({1088, 608});
      QVERIFY2(std::fabs(full - reselected.size() / 120.0) < 1e-12, qPrintable(QString::number(k)));
      QVERIFY(std::fabs(full + g.histogram().fraction({640, 352}) - 1.0) < 1e-12);
      QVERIFY(std::fabs(histogramSum(g.histogram()) - 1.0) < 1e-12);
    }
  }

  void decisionsFollowTheSelection() {
    DeepScaleGovernor g = adaptive(5);  // C2 (γ 0.8, 1, 1, 1)
    DeepScaleDecision d = g.onFrame(1);
    QVERIFY(d.reselect);
    QCOMPARE(d.size, cv::Size(1088, 608));
    QVERIFY(g.awaitingHeatmaps());
    QCOMPARE(g.submitHeatmaps(heatmapsScoring({0.85f, 0.9f, 0.9f, 0.9f})).rungIndex, 1);
    QVERIFY(!g.awaitingHeatmaps());
    for (int f = 2; f <= 5; ++f) QCOMPARE(g.onFrame(f).size, cv::Size(864, 480));
    QVERIFY(g.onFrame(6).reselect);
    g.submitHeatmaps(heatmapsScoring({1.f, 1.f, 1.f, 1.f}));
    QCOMPARE(g.onFrame(7).size, cv::Size(576, 320));
    QCOMPARE(g.lastSelection().scores.size(), size_t(5));
    QCOMPARE(g.selectionCount(), std::int64_t(2));
    // Malformed heatmaps: Error, the choice stays.
    QVERIFY_THROWS_EXCEPTION(Error, g.submitHeatmaps(heatmapsScoring({1.f, 1.f})));
    QCOMPARE(g.onFrame(8).size, cv::Size(576, 320));
    // A re-selection frame without heatmaps (inference failed): the cycle goes on with the previous choice.
    QVERIFY(g.onFrame(11).reselect);
    QCOMPARE(g.onFrame(12).size, cv::Size(576, 320));
    // Before any selection the chosen rung is the highest resolution.
    DeepScaleGovernor fresh = adaptive(5);
    QVERIFY(fresh.onFrame(1).reselect);
    QCOMPARE(fresh.onFrame(2).rungIndex, 0);
  }

  void kChangesTakeEffectAtTheNextFrame() {
    DeepScaleGovernor g = adaptive(10);
    const auto maps = heatmapsScoring({1.f, 1.f, 1.f, 1.f});
    QCOMPARE(run(g, 1, 4, maps), (std::vector<std::int64_t>{1}));
    g.apply("deepscale.k", 3);  // frame 5 is 4 frames after the selection at 1: due at once
    QCOMPARE(run(g, 5, 12, maps), (std::vector<std::int64_t>{5, 8, 11}));
    g.apply("deepscale.k", 20);  // lengthens the running cycle (started at 11)
    QCOMPARE(run(g, 13, 52, maps), (std::vector<std::int64_t>{31, 51}));
    g.apply("deepscale.k", 1);
    QCOMPARE(run(g, 53, 55, maps), (std::vector<std::int64_t>{53, 54, 55}));
  }

  void sourceFrameNumbersSeeksAndSkips() {
    DeepScaleGovernor g = adaptive(10);
    const auto maps = heatmapsScoring({1.f, 1.f, 1.f, 1.f});
    QVERIFY(g.onFrame(100).reselect);  // first adaptive frame
    g.submitHeatmaps(maps);
    QVERIFY(!g.onFrame(104).reselect);  // skipped frames count as source frames
    QVERIFY(g.onFrame(110).reselect);
    QVERIFY(g.onFrame(50).reselect);  // seek backwards
    QVERIFY(!g.onFrame(51).reselect);
    g.restart();
    QVERIFY(g.onFrame(52).reselect);
    QCOMPARE(g.onFrame(53).rungIndex, 0);  // restart forgot the selection
  }

  void gammaAndPresetChangesRepickAtOnce() {
    DeepScaleGovernor g = adaptive(40);
    QVERIFY(g.onFrame(1).reselect);
    g.submitHeatmaps(heatmapsScoring({0.7f, 0.6f, 0.5f, 0.4f}));
    QCOMPARE(g.onFrame(2).rungIndex, 0);  // C2 needs 0.8 for rung 1
    g.apply("deepscale.preset", 1);       // C1: γ2 = 0 → rung 2
    QCOMPARE(g.onFrame(3).rungIndex, 2);
    QVERIFY(!g.lastDecision().reselect);
    QCOMPARE(g.lastSelection().rungIndex, 2);
    g.apply("deepscale.gamma4", 0.4);  // exactly the stored score of rung 4
    QCOMPARE(g.onFrame(4).size, cv::Size(576, 320));
    g.apply("deepscale.preset", 3);
    QCOMPARE(g.onFrame(5).rungIndex, 0);
  }

  void modeSwitches() {
    DeepScaleGovernor g;
    g.apply("deepscale.fixedIndex", 2);
    QCOMPARE(g.onFrame(1).rungIndex, 2);
    g.apply("deepscale.mode", 1);
    QVERIFY(g.onFrame(2).reselect);
    g.submitHeatmaps(heatmapsScoring({1.f, 1.f, 1.f, 1.f}));
    QCOMPARE(g.onFrame(3).rungIndex, 4);
    g.apply("deepscale.mode", 1);  // no change: the cycle continues
    QVERIFY(!g.onFrame(4).reselect);
    g.apply("deepscale.mode", 0);
    QCOMPARE(g.onFrame(5).rungIndex, 2);
    QVERIFY(!g.awaitingHeatmaps());
    g.apply("deepscale.mode", 1);  // back to adaptive: a fresh cycle
    QVERIFY(g.onFrame(6).reselect);
  }

  void ladderChangeAndHistogram() {
    DeepScaleGovernor g = adaptive(4);
    const auto maps = heatmapsScoring({1.f, 1.f, 1.f, 0.f});
    run(g, 1, 8, maps);  // 2 x 1088x608, 6 x 640x352
    g.setLadder(ResolutionLadder::fromSource({768, 576}));
    const DeepScaleDecision d = g.onFrame(9);
    QVERIFY(d.reselect);
    QCOMPARE(d.size, cv::Size(768, 576));
    g.submitHeatmaps(maps);
    QCOMPARE(g.onFrame(10).size, cv::Size(448, 352));
    const auto bins = g.histogram().bins();
    QCOMPARE(static_cast<int>(bins.size()), 4);
    QCOMPARE(QString::fromStdString(bins.front().label), QString("1088x608"));  // largest first
    QCOMPARE(QString::fromStdString(bins.back().label), QString("448x352"));
    QCOMPARE(g.histogram().totalFrames(), std::int64_t(10));
    QCOMPARE(g.histogram().fraction({640, 352}), 0.6);
    QVERIFY(std::fabs(histogramSum(g.histogram()) - 1.0) < 1e-12);
    g.clearHistogram();
    QCOMPARE(g.histogram().totalFrames(), std::int64_t(0));
    QCOMPARE(g.histogram().fraction({640, 352}), 0.0);
    QVERIFY(g.histogram().bins().empty());
  }
};

QTEST_APPLESS_MAIN(TestDeepScaleGovernor)
#include "TestDeepScaleGovernor.moc"
