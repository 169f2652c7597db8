// BuildInfo: edgescope_build_info carries the version and the model's name and sha256 from its card; a new model
// replaces the series.
#include <QtTest>

#include <prometheus/registry.h>

#include "MetricsTestUtil.h"
#include "metrics/BuildInfo.h"

using namespace edgescope;
using namespace edgescope::testing;

class TestBuildInfo : public QObject {
  Q_OBJECT

 private slots:
  void modelFromCard() {
    const std::string spec = std::string("jde:") + EDGESCOPE_MODELS_DIR + "/jde_pets09.pt?threads=1";
    const BuildInfo::Model model = BuildInfo::describeDetector(spec);
    QCOMPARE(model.name, std::string("jde_pets09"));
    QCOMPARE(model.sha256.size(), std::size_t(64));
    QFile card(QString(EDGESCOPE_MODELS_DIR) + "/jde_pets09.json");
    QVERIFY(card.open(QIODevice::ReadOnly));
    QVERIFY(card.readAll().contains(QByteArray::fromStdString("\"sha256\":\"" + model.sha256 + "\"")));
  }

  void detectorWithoutCard() {
    const BuildInfo::Model model = BuildInfo::describeDetector("hog");
    QCOMPARE(model.name, std::string("hog"));
    QVERIFY(model.sha256.empty());
    QCOMPARE(BuildInfo::describeDetector("jde:/no/such/model.pt").sha256, std::string());
  }

  void oneSeriesAtATime() {
    prometheus::Registry registry;
    BuildInfo info(registry, {"hog", ""});
    const std::string version = BuildInfo::version();
    QVERIFY(!version.empty());
    std::string text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_build_info{model="hog",model_sha256="",version=")" + version + R"("})"), 1.0);
    info.set({"jde_pets09", "abc"});
    text = exposition(registry);
    QCOMPARE(sample(text, R"(edgescope_build_info{model="jde_pets09",model_sha256="abc",version=")" + version + R"("})"),
             1.0);
    QVERIFY(text.find("model=\"hog\"") == std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "TestBuildInfo.moc"
