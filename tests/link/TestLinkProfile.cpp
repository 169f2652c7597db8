// LinkProfile: the paper's testbed defaults, the `--link` text form (Mbps), errors naming the bad field, the
// link.* engine parameters.
#include <QtTest>
#include <cmath>
#include <vector>

#include "ErrorMessage.h"
#include "link/LinkProfile.h"
#include "util/Error.h"

using namespace edgescope;

class TestLinkProfile : public QObject {
  Q_OBJECT

 private slots:
  void defaultsAreThePaperTestbed() {
    const LinkProfile p;
    const std::vector<double> fields = {p.uplinkKbps, p.downlinkKbps, p.rttMs, p.jitterMs, p.lossPercent};
    QCOMPARE(fields, std::vector<double>({21100.0, 78000.0, 1.4, 0.0, 0.0}));
  }

  void parsesTheIssueSyntax() {
    QVERIFY(LinkProfile::parse("up=21.1,down=78,rtt=1.4") == LinkProfile());
    const LinkProfile p = LinkProfile::parse(" up=10 , down = 50.5,rtt=20,jitter=2,loss=1.5 ");
    const std::vector<double> fields = {p.uplinkKbps, p.downlinkKbps, p.rttMs, p.jitterMs, p.lossPercent};
    QCOMPARE(fields, std::vector<double>({10000.0, 50500.0, 20.0, 2.0, 1.5}));
  }

  void fieldsLeftOutKeepTheTestbed() {
    const LinkProfile p = LinkProfile::parse("rtt=5");
    QCOMPARE(p.rttMs, 5.0);
    QCOMPARE(p.uplinkKbps, LinkProfile::kTestbedUplinkKbps);
    QCOMPARE(p.downlinkKbps, LinkProfile::kTestbedDownlinkKbps);
    QVERIFY(LinkProfile::parse("") == LinkProfile());
  }

  void errorsNameTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("not a number") << "up=abc,down=78"
                                  << "'up'";
    QTest::newRow("trailing junk") << "down=78Mbps"
                                   << "'down'";
    QTest::newRow("negative") << "down=-1"
                              << "'down'";
    QTest::newRow("zero bandwidth") << "up=0"
                                    << "'up'";
    QTest::newRow("rtt too large") << "rtt=1e9"
                                   << "'rtt'";
    QTest::newRow("loss above 100") << "loss=101"
                                    << "'loss'";
    QTest::newRow("negative jitter") << "jitter=-2"
                                     << "'jitter'";
    QTest::newRow("unknown") << "up=1,bogus=1"
                             << "'bogus'";
    QTest::newRow("twice") << "up=1,up=2"
                           << "'up': given twice";
    QTest::newRow("bare word") << "fast"
                               << "'fast'";
    QTest::newRow("missing value") << "rtt="
                                   << "'rtt'";
    QTest::newRow("missing name") << "=3"
                                  << "'=3'";
    QTest::newRow("nan") << "rtt=nan"
                         << "'rtt'";
  }
  void errorsNameTheField() {
    QFETCH(QString, text);
    QFETCH(QString, field);
    const QString message = errorMessage([&] { LinkProfile::parse(text.toStdString()); });
    QVERIFY2(message.contains("field " + field) && message.contains(text), qPrintable(message));
  }

  void toStringRoundTrips() {
    QCOMPARE(QString::fromStdString(LinkProfile().toString()), QString("up=21.1,down=78,rtt=1.4"));
    LinkProfile p;
    p.uplinkKbps = 2500;
    p.downlinkKbps = 123456;
    p.rttMs = 33.3;
    p.jitterMs = 1.25;
    p.lossPercent = 0.5;
    QCOMPARE(QString::fromStdString(p.toString()), QString("up=2.5,down=123.456,rtt=33.3,jitter=1.25,loss=0.5"));
    QVERIFY(LinkProfile::parse(p.toString()) == p);
  }

  void parameterSpecs() {
    const auto specs = LinkProfile::parameterSpecs();
    QCOMPARE(int(specs.size()), 3);
    QCOMPARE(QString::fromStdString(specs[0].id), QString("link.uplinkMbps"));
    QCOMPARE(QString::fromStdString(specs[1].id), QString("link.downlinkMbps"));
    QCOMPARE(QString::fromStdString(specs[2].id), QString("link.rttMs"));
    QCOMPARE(specs[0].minValue, 0.5);
    QCOMPARE(specs[0].maxValue, 1000.0);
    QCOMPARE(specs[0].step, 0.1);
    QCOMPARE(specs[0].defaultValue, 21.1);
    QCOMPARE(specs[1].defaultValue, 78.0);
    QCOMPARE(QString::fromStdString(specs[0].unit), QString("Mbps"));
    QCOMPARE(specs[2].minValue, 0.0);
    QCOMPARE(specs[2].maxValue, 500.0);
    QCOMPARE(specs[2].step, 0.1);
    QCOMPARE(specs[2].defaultValue, 1.4);
    QCOMPARE(QString::fromStdString(specs[2].unit), QString("ms"));
    const LinkProfile defaults;
    for (const auto& s : specs) {
      QVERIFY(!s.description.empty() && !s.label.empty());
      QVERIFY(std::fabs(defaults.value(s.id) - s.defaultValue) < 1e-9);
      QVERIFY(std::fabs(s.sanitize(s.defaultValue) - s.defaultValue) < 1e-9);
    }
  }

  void applyClampsAndReturnsTheAppliedValue() {
    LinkProfile p;
    QCOMPARE(p.apply("link.uplinkMbps", 2000), 1000.0);
    QCOMPARE(p.uplinkKbps, 1e6);
    QVERIFY(std::fabs(p.apply("link.downlinkMbps", 12.34) - 12.3) < 1e-9);
    QVERIFY(std::fabs(p.downlinkKbps - 12300) < 1e-6);
    QCOMPARE(p.apply("link.rttMs", -3), 0.0);
    QVERIFY(std::fabs(p.apply("link.rttMs", 2.34) - 2.3) < 1e-9);
    QVERIFY(std::fabs(p.apply("link.rttMs", std::nan("")) - 1.4) < 1e-9);  // non-finite → spec default
    QVERIFY_THROWS_EXCEPTION(Error, p.apply("link.bogus", 1));
    QVERIFY_THROWS_EXCEPTION(Error, p.value("link.bogus"));
  }
};

QTEST_APPLESS_MAIN(TestLinkProfile)
#include "TestLinkProfile.moc"
