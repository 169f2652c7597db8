// DegradationSpec: defaults, the kinds= comma list, the canonical text round trip, "off" forms and errors that name
// the key and value.
#include <QtTest>

#include <string>

#include "degrade/DegradationSpec.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

QString parseError(const std::string& text) {
  try {
    DegradationSpec::parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

class TestDegradationSpec : public QObject {
  Q_OBJECT
 private slots:
  void parsesDefaults() {
    const DegradationSpec spec = DegradationSpec::parse("");
    QVERIFY(spec.seed == 1 && spec.share == 0.35 && spec.strengthMin == 0.5 && spec.strengthMax == 1.0 &&
            spec.episodeMinS == 1.0 && spec.episodeMaxS == 5.0);
    QCOMPARE(spec.kinds.size(), std::size_t(6));
    QVERIFY(spec.enabled());
    QCOMPARE(QString::fromStdString(spec.toString()),
             QString("seed=1,share=0.35,kinds=dark,motion,defocus,noise,jpeg,lowres,strength=0.5:1,episode=1:5"));
    QVERIFY(DegradationSpec::parse("seed=1") == spec);
  }

  void parsesKindsListAnywhere() {
    const DegradationSpec spec =
        DegradationSpec::parse("seed=5,kinds=jpeg,dark,motion,share=0.2,strength=0.1:0.3,episode=2:2.5");
    QVERIFY(spec.seed == 5 && spec.share == 0.2 && spec.strengthMin == 0.1 && spec.strengthMax == 0.3 &&
            spec.episodeMinS == 2.0 && spec.episodeMaxS == 2.5);
    const std::vector<DegradationKind> expected{DegradationKind::Jpeg, DegradationKind::Dark, DegradationKind::Motion};
    QVERIFY(spec.kinds == expected);
    const DegradationSpec last = DegradationSpec::parse("share=0.5,kinds=lowres,defocus");
    QVERIFY((last.kinds == std::vector<DegradationKind>{DegradationKind::LowRes, DegradationKind::Defocus}));
    QCOMPARE(DegradationSpec::parse("kinds=noise").kinds.size(), std::size_t(1));
    const DegradationSpec single = DegradationSpec::parse("strength=0.7,episode=3");
    QVERIFY(single.strengthMin == 0.7 && single.strengthMax == 0.7 && single.episodeMinS == 3.0 &&
            single.episodeMaxS == 3.0);
  }

  void roundTrips() {
    DegradationSpec odd;
    odd.seed = 18446744073709551615ULL;
    odd.share = 0.1 + 0.2;  // 0.30000000000000004
    odd.kinds = {DegradationKind::Noise, DegradationKind::Dark};
    odd.strengthMin = 1.0 / 3.0;
    odd.strengthMax = 0.9;
    odd.episodeMinS = 0.04;
    odd.episodeMaxS = 12.5;
    for (const DegradationSpec& spec :
         {DegradationSpec{}, odd, DegradationSpec::parse("kinds=off"), DegradationSpec::parse("share=0,seed=0")}) {
      const DegradationSpec again = DegradationSpec::parse(spec.toString());
      QVERIFY2(again == spec, spec.toString().c_str());
      QCOMPARE(again.toString(), spec.toString());
    }
    QVERIFY(DegradationSpec::parse("share=0.3") != odd);
  }

  void offMeansNoDegradation() {
    QVERIFY(!DegradationSpec::parse("kinds=off").enabled());
    QVERIFY(DegradationSpec::parse("kinds=off").kinds.empty());
    QVERIFY(!DegradationSpec::parse("share=0").enabled());
    QVERIFY(!DegradationSpec::parse("off").enabled());
    QVERIFY(DegradationSpec::parse("share=1").enabled());
    QVERIFY(DegradationSpec::parse("seed=3,kinds=off,share=0.5").toString().find("kinds=off") != std::string::npos);
  }

  void errorsNameKeyAndValue_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentions1");
    QTest::addColumn<QString>("mentions2");
    QTest::newRow("unknown key") << "seed=1,colour=3"
                                 << "colour"
                                 << "unknown key";
    QTest::newRow("share > 1") << "share=1.5"
                               << "share=1.5"
                               << "[0, 1]";
    QTest::newRow("share < 0") << "share=-0.1"
                               << "share=-0.1"
                               << "[0, 1]";
    QTest::newRow("share text") << "share=half"
                                << "share=half"
                                << "not a number";
    QTest::newRow("share nan") << "share=nan"
                               << "share=nan"
                               << "not a number";
    QTest::newRow("strength > 1") << "strength=0.5:1.5"
                                  << "strength=0.5:1.5"
                                  << "[0, 1]";
    QTest::newRow("strength < 0") << "strength=-0.2:0.5"
                                  << "strength=-0.2:0.5"
                                  << "[0, 1]";
    QTest::newRow("strength min > max") << "strength=0.8:0.2"
                                        << "strength=0.8:0.2"
                                        << "min > max";
    QTest::newRow("strength junk") << "strength=0.5:x"
                                   << "strength=0.5:x"
                                   << "'x'";
    QTest::newRow("episode zero") << "episode=0:3"
                                  << "episode=0:3"
                                  << "> 0";
    QTest::newRow("episode negative") << "episode=-1"
                                      << "episode=-1"
                                      << "> 0";
    QTest::newRow("episode min > max") << "episode=5:1"
                                       << "episode=5:1"
                                       << "min > max";
    QTest::newRow("unknown kind") << "kinds=dark,sparkle"
                                  << "kinds=sparkle"
                                  << "unknown kind";
    QTest::newRow("unknown first kind") << "kinds=fog,dark"
                                        << "kinds=fog"
                                        << "unknown kind";
    QTest::newRow("none is no kind") << "kinds=none"
                                     << "kinds=none"
                                     << "unknown kind";
    QTest::newRow("empty kinds") << "kinds=,share=0.3"
                                 << "kinds="
                                 << "no kinds";
    QTest::newRow("empty kind") << "kinds=dark,,noise"
                                << "kinds"
                                << "empty kind";
    QTest::newRow("kind twice") << "kinds=dark,noise,dark"
                                << "kinds=dark"
                                << "twice";
    QTest::newRow("off with kinds") << "kinds=off,dark"
                                    << "kinds=off,dark"
                                    << "alone";
    QTest::newRow("seed fraction") << "seed=1.5"
                                   << "seed=1.5"
                                   << "integer";
    QTest::newRow("seed negative") << "seed=-3"
                                   << "seed=-3"
                                   << "integer";
    QTest::newRow("seed text") << "seed=abc"
                               << "seed=abc"
                               << "integer";
    QTest::newRow("seed too large") << "seed=99999999999999999999"
                                    << "seed=99999999999999999999"
                                    << "too large";
    QTest::newRow("key twice") << "share=0.2,seed=1,share=0.3"
                               << "share=0.3"
                               << "twice";
    QTest::newRow("bare token") << "dark,share=0.3"
                                << "'dark'"
                                << "key=value";
    QTest::newRow("trailing comma") << "seed=2,"
                                    << "''"
                                    << "key=value";
  }

  void errorsNameKeyAndValue() {
    QFETCH(QString, spec);
    QFETCH(QString, mentions1);
    QFETCH(QString, mentions2);
    const QString message = parseError(spec.toStdString());
    QVERIFY2(!message.isEmpty(), qPrintable("no error for " + spec));
    QVERIFY2(message.contains(mentions1) && message.contains(mentions2), qPrintable(message));
    QVERIFY2(message.startsWith("degrade spec: "), qPrintable(message));
  }

  void kindNamesRoundTrip() {
    for (DegradationKind kind : kAllDegradationKinds) {
      DegradationKind parsed = DegradationKind::None;
      QVERIFY(parseKind(kindName(kind), &parsed));
      QCOMPARE(parsed, kind);
    }
    DegradationKind unused;
    QVERIFY(!parseKind("Dark", &unused));
    QCOMPARE(QString(kindName(DegradationKind::LowRes)), QString("lowres"));
  }
};

QTEST_APPLESS_MAIN(TestDegradationSpec)
#include "TestDegradationSpec.moc"
