// GainProfile and GainProfileBuilder: buckets of width 0.1, lookups, shape/NaN/exit-0 errors naming the field, JSON
// round trip and malformed JSON, per-cell means and carrying empty cells from the nearest filled bucket.
#include <QtTest>

#include <functional>
#include <limits>

#include <nlohmann/json.hpp>
#include "turbo/GainProfile.h"
#include "turbo/GainProfileBuilder.h"

#include "util/Error.h"
#include "util/JsonNode.h"

using namespace edgescope;

namespace {

/// P[b][e] = e × (b + 1) / 10: grows with exit and difficulty.
std::vector<std::vector<double>> table(int maxExit) {
  std::vector<std::vector<double>> t(GainProfile::kBucketCount, std::vector<double>(maxExit + 1));
  for (int b = 0; b < GainProfile::kBucketCount; ++b) {
    for (int e = 0; e <= maxExit; ++e) t[b][e] = e * (b + 1) / 10.0;
  }
  return t;
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

class TestGainProfile : public QObject {
  Q_OBJECT
 private slots:
  void buckets() {
    QCOMPARE(GainProfile::bucketOf(0.0), 0);
    QCOMPARE(GainProfile::bucketOf(0.099), 0);
    QCOMPARE(GainProfile::bucketOf(0.1), 1);
    QCOMPARE(GainProfile::bucketOf(0.45), 4);
    QCOMPARE(GainProfile::bucketOf(0.95), 9);
    QCOMPARE(GainProfile::bucketOf(1.0), 9);
    QCOMPARE(GainProfile::bucketOf(-0.3), 0);
    QCOMPARE(GainProfile::bucketOf(1.7), 9);
    QVERIFY_THROWS_EXCEPTION(Error, GainProfile::bucketOf(std::numeric_limits<double>::quiet_NaN()));
  }
  void lookups() {
    const GainProfile p(table(5));
    QCOMPARE(p.maxExit(), 5);
    QCOMPARE(p.gain(0.95, 5), 5.0);
    QCOMPARE(p.gain(0.45, 2), 2 * 5 / 10.0);
    QCOMPARE(p.gain(0.9, 0), 0.0);
    QVERIFY_THROWS_EXCEPTION(Error, p.gain(0.5, 6));
    QVERIFY_THROWS_EXCEPTION(Error, p.gain(0.5, -1));
    QCOMPARE(GainProfile().maxExit(), 0);
  }
  void malformedTables() {
    auto t = table(3);
    t.pop_back();
    QVERIFY(errorOf([&] { GainProfile p(t); }).contains("9 buckets"));
    t = table(3);
    t[3].pop_back();
    QVERIFY(errorOf([&] { GainProfile p(t); }).contains("gains[3]"));
    t = table(3);
    t[2][1] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(errorOf([&] { GainProfile p(t); }).contains("gains[2][1]"));
    t = table(3);
    t[4][0] = 0.5;
    QVERIFY(errorOf([&] { GainProfile p(t); }).contains("gains[4][0]"));
  }
  void jsonRoundTrip() {
    const GainProfile p(table(4));
    const JsonDocument doc = JsonDocument::parse(JsonDocument::dump(p.toJson()), "gain.json");
    const GainProfile q = GainProfile::fromJson(doc.root());
    QVERIFY(q.table() == p.table());
  }
  void malformedJsonNamesField() {
    const Json good = GainProfile(table(3)).toJson();
    Json j = good;
    j["gains"].erase(9);
    QVERIFY(errorOf([&] { GainProfile::fromJson(JsonNode(j)); }).contains("$.gains"));
    j = good;
    j["gains"][3].erase(0);
    QVERIFY(errorOf([&] { GainProfile::fromJson(JsonNode(j)); }).contains("$.gains[3]"));
    j = good;
    j["maxExit"] = 4;  // rows have 4 exits, maxExit 4 needs 5
    QVERIFY(errorOf([&] { GainProfile::fromJson(JsonNode(j)); }).contains("$.gains[0]"));
    j = good;
    j["gains"][2][1] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(errorOf([&] { GainProfile::fromJson(JsonNode(j)); }).contains("$.gains[2][1]"));
    j = good;
    j.erase("maxExit");
    QVERIFY(errorOf([&] { GainProfile::fromJson(JsonNode(j)); }).contains("maxExit"));
    const JsonDocument parsed = JsonDocument::parse(
        R"({"bucketWidth": 0.1, "maxExit": 1,
            "gains": [[0,1],[0,1],[0,1],[0,"x"],[0,1],[0,1],[0,1],[0,1],[0,1],[0,1]]})",
        "gain.json");
    const QString message = errorOf([&] { GainProfile::fromJson(parsed.root()); });
    QVERIFY2(message.contains("gain.json:2:") && message.contains("$.gains[3][1]"), qPrintable(message));
  }
  void builderAveragesAndCarries() {
    GainProfileBuilder b(2);
    b.addSample(0.91, 1, 4.0);
    b.addSample(0.95, 1, 6.0);  // bucket 9, exit 1: mean 5
    b.addSample(0.32, 1, 1.0);  // bucket 3, exit 1
    b.addSample(0.55, 2, 3.0);  // bucket 5, exit 2 (the only exit-2 sample)
    b.addSample(0.50, 0, 0.0);  // exit 0 with gain 0: accepted, ignored
    QCOMPARE(b.sampleCount(9, 1), 2);
    QCOMPARE(b.sampleCount(5, 0), 0);
    const GainProfile p = b.finish();
    QCOMPARE(p.gainAt(9, 1), 5.0);
    QCOMPARE(p.gainAt(3, 1), 1.0);
    QCOMPARE(p.gainAt(0, 1), 1.0);  // nearest filled: bucket 3
    QCOMPARE(p.gainAt(8, 1), 5.0);  // nearest: bucket 9
    QCOMPARE(p.gainAt(6, 1), 1.0);  // buckets 3 and 9 both 3 away: the lower one
    QCOMPARE(p.gainAt(7, 1), 5.0);  // 4 vs 2 away
    for (int bucket = 0; bucket < GainProfile::kBucketCount; ++bucket) {
      QCOMPARE(p.gainAt(bucket, 2), 3.0);
      QCOMPARE(p.gainAt(bucket, 0), 0.0);
    }
    QCOMPARE(GainProfileBuilder(3).finish().gainAt(4, 3), 0.0);  // an exit without samples: 0
  }
  void builderRejects() {
    GainProfileBuilder b(2);
    QVERIFY_THROWS_EXCEPTION(Error, b.addSample(0.5, 3, 1.0));
    QVERIFY_THROWS_EXCEPTION(Error, b.addSample(0.5, 0, 1.0));
    QVERIFY_THROWS_EXCEPTION(Error, b.addSample(std::numeric_limits<double>::quiet_NaN(), 1, 1.0));
    QVERIFY_THROWS_EXCEPTION(Error, b.addSample(0.5, 1, std::numeric_limits<double>::infinity()));
    QVERIFY_THROWS_EXCEPTION(Error, GainProfileBuilder(-1));
  }
};

QTEST_GUILESS_MAIN(TestGainProfile)
#include "TestGainProfile.moc"
