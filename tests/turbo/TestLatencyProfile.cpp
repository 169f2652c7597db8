// LatencyProfile: table lookups, linear extrapolation beyond the measured batch sizes, the EWMA correction converging
// to a new level, its clamp, the stale rule, the key, the JSON round trip and malformed JSON naming the field.
#include <QtTest>

#include <functional>
#include <limits>

#include <nlohmann/json.hpp>
#include "turbo/LatencyProfile.h"

#include "util/Error.h"
#include "util/JsonNode.h"

using namespace edgescope;

namespace {

/// 2 rungs, exits 0..2. Rung 0: exit 0 {20, 38, 56}, exit 1 {30, 45, 60, 75}, exit 2 {40}. Rung 1: half.
LatencyProfile profile() {
  return LatencyProfile("cpu-test", 4, "abc123", 0.5,
                        {{{20, 38, 56}, {30, 45, 60, 75}, {40}}, {{10, 19, 28}, {15, 22.5, 30, 37.5}, {20}}});
}

QString errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestLatencyProfile : public QObject {
  Q_OBJECT
 private slots:
  void prediction() {
    const LatencyProfile p = profile();
    QCOMPARE(p.rungCount(), 2);
    QCOMPARE(p.maxExit(), 2);
    QCOMPARE(p.predictMs(0, 0, 1), 20.0);
    QCOMPARE(p.predictMs(0, 1, 3), 60.0);
    QCOMPARE(p.predictMs(1, 1, 2), 22.5);
    QCOMPARE(p.discriminatorMs(), 0.5);
    QCOMPARE(p.measuredBatch(0, 1), 4);
    QVERIFY_THROWS_EXCEPTION(Error, p.predictMs(2, 0, 1));
    QVERIFY_THROWS_EXCEPTION(Error, p.predictMs(0, 3, 1));
    QVERIFY_THROWS_EXCEPTION(Error, p.predictMs(0, 0, 0));
  }
  void extrapolation() {
    const LatencyProfile p = profile();
    QCOMPARE(p.predictMs(0, 0, 5), 56.0 + 2 * 18.0);  // slope of n = 2 → 3
    QCOMPARE(p.predictMs(0, 1, 8), 75.0 + 4 * 15.0);
    QCOMPARE(p.predictMs(0, 2, 3), 3 * 40.0);  // one measured size: linear in n
    const LatencyProfile noisy("d", 1, "s", 0, {{{10, 9}}});
    QCOMPARE(noisy.predictMs(0, 0, 4), 9.0);  // a falling tail extrapolates flat, never below
  }
  void ewmaConvergesToNewLevel() {
    LatencyProfile p = profile();
    double previous = p.correctionFactor(0, 1);
    QCOMPARE(previous, 1.0);
    for (int i = 0; i < 40; ++i) {
      p.observe(0, 1, 2, 2.0 * 45.0);  // the device now takes twice the profiled time
      const double f = p.correctionFactor(0, 1);
      QVERIFY(f > previous && f <= 2.0 + 1e-12);
      previous = f;
    }
    QVERIFY(std::abs(p.correctionFactor(0, 1) - 2.0) < 1e-3);
    QVERIFY(std::abs(p.predictMs(0, 1, 3) - 120.0) < 0.1);
    QCOMPARE(p.correctionFactor(0, 0), 1.0);  // other cells untouched
    QCOMPARE(p.correctionFactor(1, 1), 1.0);
    QCOMPARE(p.observationCount(0, 1), 40);
    // One step is (1 − α)·f + α·ratio.
    LatencyProfile q = profile();
    q.observe(1, 0, 1, 15.0);  // ratio 1.5
    QCOMPARE(q.correctionFactor(1, 0), 0.8 + 0.2 * 1.5);
  }
  void clamp() {
    LatencyProfile p = profile();
    for (int i = 0; i < 50; ++i) p.observe(0, 0, 1, 20.0 * 10);
    QCOMPARE(p.correctionFactor(0, 0), LatencyProfile::kMaxFactor);
    for (int i = 0; i < 50; ++i) p.observe(0, 2, 1, 0.0);
    QCOMPARE(p.correctionFactor(0, 2), LatencyProfile::kMinFactor);
    QVERIFY_THROWS_EXCEPTION(Error, p.observe(0, 0, 1, -1.0));
    QVERIFY_THROWS_EXCEPTION(Error, p.observe(0, 0, 1, std::numeric_limits<double>::quiet_NaN()));
  }
  void staleDetection() {
    LatencyProfile p = profile();
    for (int i = 0; i < 4; ++i) p.observe(0, 1, 1, 60.0);  // 2×: factor 1.59 after 4, but too few observations
    QVERIFY(p.correctionFactor(0, 1) > LatencyProfile::kStaleHighFactor);
    QVERIFY(!p.isStale());
    p.observe(0, 1, 1, 60.0);
    QVERIFY(p.isStale());
    p.resetCorrections();
    QVERIFY(!p.isStale());
    for (int i = 0; i < 30; ++i) p.observe(1, 2, 1, 24.0);  // 1.2×: inside the band however long
    QVERIFY(!p.isStale());
    for (int i = 0; i < 5; ++i) p.observe(0, 0, 1, 10.0);  // 0.5×: 0.664 after 5
    QVERIFY(p.isStale());
  }
  void keyAndJsonRoundTrip() {
    LatencyProfile p = profile();
    QCOMPARE(p.key(), std::string("cpu-test|4|abc123"));
    p.observe(0, 0, 1, 40.0);
    const JsonDocument doc = JsonDocument::parse(JsonDocument::dump(p.toJson()), "latency.json");
    const LatencyProfile q = LatencyProfile::fromJson(doc.root());
    QCOMPARE(q.key(), p.key());
    QCOMPARE(q.discriminatorMs(), 0.5);
    QCOMPARE(q.correctionFactor(0, 0), 1.0);  // corrections are run-time state
    for (int r = 0; r < 2; ++r) {
      for (int e = 0; e <= 2; ++e) {
        for (int n = 1; n <= 6; ++n) QCOMPARE(q.profiledMs(r, e, n), p.profiledMs(r, e, n));
      }
    }
    QVERIFY_THROWS_EXCEPTION(Error, LatencyProfile("a|b", 1, "s", 0, {{{1}}}));
    QVERIFY_THROWS_EXCEPTION(Error, LatencyProfile("a", 0, "s", 0, {{{1}}}));
  }
  void malformedJsonNamesField() {
    const Json good = profile().toJson();
    Json j = good;
    j.erase("threads");
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("threads"));
    j = good;
    j["timesMs"][1].erase(2);
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("$.timesMs[1]"));
    j = good;
    j["timesMs"][0][1][0] = -3.0;
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("$.timesMs[0][1][0]"));
    j = good;
    j["timesMs"][1][0] = Json::array();
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("$.timesMs[1][0]"));
    j = good;
    j["key"] = "gpu|4|abc123";
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("$.key"));
    j = good;
    j["discriminatorMs"] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(errorOf([&] { LatencyProfile::fromJson(JsonNode(j)); }).contains("$.discriminatorMs"));
    const JsonDocument parsed = JsonDocument::parse(
        R"({"device": "d", "threads": "four", "modelSha": "s", "discriminatorMs": 0, "timesMs": [[[1]]]})", "l.json");
    const QString message = errorOf([&] { LatencyProfile::fromJson(parsed.root()); });
    QVERIFY2(message.contains("l.json:1:") && message.contains("$.threads"), qPrintable(message));
  }
};

QTEST_GUILESS_MAIN(TestLatencyProfile)
#include "TestLatencyProfile.moc"
