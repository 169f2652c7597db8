// edgescope-cli turbo-profile and turbo-bench (issue 21) on a few small synthetic frames with the shipped detector and
// enhancer: the profile's JSON holds a latency table for every exit and a 10-bucket gain table whose buckets count
// every clean and degraded frame; --write-card writes a card that TurboCard reads back with the new profile under
// this device's key, and turbo-bench then takes its latency profile from it; turbo-bench runs N streams with one
// window per period (frames, exits, windows and per-stream numbers add up; AP50 in range); --search-only times the
// planners (brute force never beaten); bad input is an Error naming the option.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestHelpers.h"
#include "turbo/TurboCard.h"
#include "util/Error.h"

namespace {

const QString kModels = QStringLiteral(EDGESCOPE_MODELS_DIR);

QString source(int seed, int frames) {
  return QString("synthetic:?seed=%1&people=4&frames=%2&width=320&height=256").arg(seed).arg(frames);
}

QJsonObject jsonOf(const edgescope::testing::CliResult& r) {
  return QJsonDocument::fromJson(r.out.trimmed().split('\n').last().toUtf8()).object();
}

}  // namespace

class TestTurboCli : public QObject {
  Q_OBJECT
 private:
  static edgescope::testing::CliResult run(const QStringList& args) { return edgescope::testing::runCli(args); }
  QStringList detector() const { return {"--detector", "jde:" + kModels + "/jde_yolox_s8.json", "--threads", "1"}; }
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    if (run({"turbo-bench", "--help"}).code != 0) QSKIP("this edgescope-cli has no LibTorch (no turbo commands)");
    if (!QFile::exists(kModels + "/jde_yolox_s8.json") || !QFile::exists(kModels + "/turbo_jde_yolox_s8.json"))
      QSKIP("models/jde_yolox_s8 or its enhancer turbo_jde_yolox_s8 is absent");
  }

  void profileMeasuresBothTablesAndWritesACard() {
    const QString card = dir_.filePath("profiled/turbo_jde_yolox_s8.json");
    const auto r = run(QStringList{"turbo-profile", "--source", source(3, 3), "--runs", "2", "--batch", "1,2",
                                   "--rungs", "1", "--json", "--write-card", card} +
                       detector());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = jsonOf(r);
    QCOMPARE(json["frames"].toInt(), 3);
    const QJsonObject latency = json["latency"].toObject();
    QVERIFY(latency["discriminator_ms"].toDouble() > 0.0);
    const QJsonArray rungs = latency["rungs"].toArray();
    QCOMPARE(rungs.size(), 1);
    QCOMPARE(rungs[0].toObject()["size"].toString(), QString("320x256"));
    const QJsonArray times = rungs[0].toObject()["times_ms"].toArray();
    QCOMPARE(times.size(), 6);  // exits 0 … 5
    for (const QJsonValue& exit : times) {
      QCOMPARE(exit.toArray().size(), 2);  // n = 1, 2
      for (const QJsonValue& ms : exit.toArray()) QVERIFY(ms.toDouble() > 0.0 && ms.toDouble() < 10000.0);
    }
    // The deepest exit runs five decoder blocks and the whole backbone again: dearer than the heads alone.
    QVERIFY(times[5].toArray()[0].toDouble() > times[0].toArray()[0].toDouble());
    const QJsonObject gain = json["gain"].toObject();
    const QJsonArray table = gain["gains"].toArray();
    QCOMPARE(table.size(), 10);
    int counted = 0;
    for (int b = 0; b < 10; ++b) {
      QCOMPARE(table[b].toArray().size(), 6);
      QCOMPARE(table[b].toArray()[0].toDouble(), 0.0);
      counted += gain["bucket_frames"].toArray()[b].toInt();
    }
    QCOMPARE(counted, 6);  // 3 frames, each clean and degraded
    for (const QJsonValue& ap : gain["ap50_clean"].toArray()) QVERIFY(ap.toDouble() >= 0.0 && ap.toDouble() <= 100.0);

    const edgescope::TurboCard written = edgescope::TurboCard::read(card.toStdString());  // Error if it does not load
    const edgescope::LatencyProfile* profile = written.latencyProfileFor(json["key"].toString().toStdString());
    QVERIFY(profile != nullptr);
    QCOMPARE(profile->maxExit(), 5);
    QCOMPARE(profile->measuredBatch(0, 5), 2);
    QCOMPARE(profile->profiledMs(0, 5, 1), times[5].toArray()[0].toDouble());
    QVERIFY(written.gainProfile.has_value());
    QCOMPARE(written.gainProfile->gainAt(9, 5), table[9].toArray()[5].toDouble());
    const edgescope::TurboCard shipped =
        edgescope::TurboCard::read((kModels + "/turbo_jde_yolox_s8.json").toStdString());
    QCOMPARE(written.weightsSha256, shipped.weightsSha256);  // the other fields are the loaded card's
    QCOMPARE(written.calibration.a, shipped.calibration.a);
    QCOMPARE(written.training.command, shipped.training.command);
    QVERIFY(QFile::exists(dir_.filePath("profiled/turbo_jde_yolox_s8.pt")));  // weights copied beside it

    // turbo-bench with that card takes this device's latency profile from it.
    const auto bench = run(QStringList{"turbo-bench", "--turbo", card, "--source", source(5, 4), "--pace", "10",
                                       "--planner", "ratio", "--json"} +
                           detector());
    QVERIFY2(bench.code == 0, qPrintable(bench.err));
    QCOMPARE(jsonOf(bench)["latency_profile"].toString(), QString("card"));
    QCOMPARE(jsonOf(bench)["frames"].toInt(), 4);
  }

  void benchPlansAllStreamsPerPeriod() {
    const auto r = run(QStringList{"turbo-bench", "--source", source(3, 5), "--source", source(4, 5), "--degrade",
                                   "seed=5,share=0.5", "--degrade", "seed=6,share=0.5", "--pace", "10", "--planner",
                                   "brute", "--profile-runs", "1", "--json"} +
                       detector());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = jsonOf(r);
    QCOMPARE(json["streams"].toInt(), 2);
    QCOMPARE(json["frames"].toInt(), 10);
    QCOMPARE(json["planner"].toString(), QString("brute"));
    QCOMPARE(json["latency_profile"].toString(), QString("measured"));  // the shipped card has none
    QCOMPARE(json["interval_ms"].toDouble(), 100.0);
    const QJsonObject window = json["window"].toObject();
    QCOMPARE(window["windows"].toInt(), 5);
    QCOMPARE(window["frames_per_window"].toObject()["max"].toInt(), 2);
    int histogram = 0;
    for (const QJsonValue& count : json["exit_histogram"].toArray()) histogram += count.toInt();
    QCOMPARE(histogram, 10);
    QCOMPARE(json["enhanced_frames"].toInt(), 10 - json["exit_histogram"].toArray()[0].toInt());
    QVERIFY(json["overruns"].toInt() <= json["late_frames"].toInt());
    const QJsonObject e2e = json["latency_ms"].toObject()["e2e"].toObject();
    QVERIFY(e2e["p50"].toDouble() > 0.0 && e2e["p50"].toDouble() <= e2e["p99"].toDouble());
    QVERIFY(json["search_us"].toObject()["p99"].toDouble() >= json["search_us"].toObject()["p50"].toDouble());
    QVERIFY(window["budget_ms"].toObject()["p50"].toDouble() >= 0.0);
    const QJsonArray streams = json["per_stream"].toArray();
    QCOMPARE(streams.size(), 2);
    int frames = 0;
    for (const QJsonValue& s : streams) {
      const QJsonObject stream = s.toObject();
      frames += stream["frames"].toInt();
      const double ap = stream["detection"].toObject()["AP50"].toDouble(-1.0);
      QVERIFY2(ap >= 0.0 && ap <= 100.0, qPrintable(QString::number(ap)));
    }
    QCOMPARE(frames, 10);
    QCOMPARE(streams[1].toObject()["degrade"].toString(), QString("seed=6,share=0.5"));
    const double ap = json["detection"].toObject()["AP50"].toDouble(-1.0);
    QVERIFY(ap >= 0.0 && ap <= 100.0);
  }

  void searchOnlyTimesEveryPlanner() {
    const auto r = run(QStringList{"turbo-bench", "--search-only", "8", "--instances", "40", "--profile-runs", "1",
                                   "--source", source(3, 1), "--json"} +
                       detector());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject search = jsonOf(r)["search"].toObject();
    QCOMPARE(search["frames"].toInt(), 8);
    QCOMPARE(search["instances"].toInt(), 40);
    const QJsonObject strategies = search["strategies"].toObject();
    for (const QString name : {"prune", "brute", "ratio"}) {
      const QJsonObject s = strategies[name].toObject();
      QVERIFY2(!s.isEmpty(), qPrintable(name));
      QVERIFY(s["search_us"].toObject()["p99"].toDouble() > 0.0);
      QVERIFY(s["mean_loss_vs_brute"].toDouble() >= -1e-9);
      QCOMPARE(s["over_budget"].toInt(), 0);
    }
    QCOMPARE(strategies["brute"].toObject()["optimal_share"].toDouble(), 1.0);
  }

  void badInputNamesTheOption() {
    const QString frame = source(3, 2);
    const struct {
      QStringList args;
      QString names;
    } cases[] = {
        {{"turbo-bench", "--source", frame, "--planner", "greedy"}, "--planner"},
        {{"turbo-bench", "--source", frame, "--pace", "0"}, "--pace"},
        {{"turbo-bench", "--source", frame, "--source", frame, "--gt", "a.txt"}, "--gt"},
        {{"turbo-bench", "--source", frame, "--turbo", dir_.filePath("none.json")}, "none.json"},
        {{"turbo-profile", "--source", frame, "--batch", "0"}, "--batch"},
        {{"turbo-profile", "--source", frame, "--degrade", "kinds=off"}, "--degrade"},
        {{"turbo-profile", "--source", frame, "--detector", "hog"}, "--detector"},
    };
    for (const auto& c : cases) {
      const auto r = run(c.args + (c.names == "--detector" ? QStringList{} : detector()));
      QVERIFY2(r.code != 0, qPrintable(c.args.join(' ')));
      QVERIFY2(r.err.contains(c.names), qPrintable(c.args.join(' ') + " → " + r.err));
    }
    QStringList nine{"turbo-bench", "--planner", "brute", "--pace", "0.5"};
    for (int i = 0; i < 9; ++i) nine << "--source" << frame;
    const auto brute = run(nine + detector());
    QVERIFY(brute.code != 0 && brute.err.contains("--planner brute"));
  }
};

QTEST_GUILESS_MAIN(TestTurboCli)
#include "TestTurboCli.moc"
