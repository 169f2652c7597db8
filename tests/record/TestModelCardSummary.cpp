// ModelCardSummary: the operator's one-glance view of a JDE model card — an imported-backbone card names its source,
// taps, licence and digest, folds its synthetic scenes, keeps the ReID distillation note and the card's validation
// scores; a scratch-trained card says so; the shipped cards in models/ summarise; malformed text names the card.
#include <QtTest>

#include <QDir>
#include <QFile>

#include "record/ModelCardSummary.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

const char* kImportedCard =
    "{\"format\":\"edgescope-jde\",\"version\":1,\"name\":\"jde_yolox_s8\",\"description\":\"d\","
    "\"architecture\":{\"strideOut\":8,\"embeddingDim\":128,\"detectabilityChannels\":5,"
    "\"backbone\":{\"kind\":\"onnx\",\"source\":\"yolox_nano.onnx\",\"sourceSha256\":\"695e750a5d5754bb5a8d\","
    "\"licence\":\"Apache-2.0\",\"taps\":[\"956\",\"990\",\"1024\"]}},"
    "\"training\":{\"data\":[\"build/data/vtest.avi,gt=../shared/gt.txt,frames=1:300\","
    "\"synthetic:?seed=101&people=12,every=6\",\"synthetic:?seed=102&people=8,every=6\"],"
    "\"validation\":[\"build/data/vtest.avi,gt=../shared/gt.txt,frames=301:400\"],"
    "\"notes\":[\"BatchNorm: folded\",\"ReID: identity cross-entropy plus distillation of onnx-reid:osnet\"]},"
    "\"metrics\":{\"val.MOTA\":0.9123,\"val.IDF1\":0.95,\"val.HOTA\":0.7}}";

}  // namespace

class TestModelCardSummary : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void importedBackboneCard() {
    const ModelCardSummary s = ModelCardSummary::fromJson(kImportedCard, "card.json");
    QCOMPARE(QString::fromStdString(s.name), QString("jde_yolox_s8"));
    const QString architecture = QString::fromStdString(s.architecture);
    QVERIFY2(architecture.contains("yolox_nano.onnx") && architecture.contains("956, 990, 1024") &&
                 architecture.contains("output stride 8") && architecture.contains("128-d ReID") &&
                 architecture.contains("5 detectability maps"),
             qPrintable(architecture));
    QCOMPARE(QString::fromStdString(s.trainingData),
             QString("vtest.avi frames 1:300 with GT; 2 synthetic scenes (seeds 101, 102)"));
    const QString lineage = QString::fromStdString(s.lineage);
    QVERIFY2(lineage.contains("backbone initialised from yolox_nano.onnx (Apache-2.0, sha256 695e750a5d57…)") &&
                 lineage.contains("distillation of onnx-reid:osnet") && !lineage.contains("BatchNorm"),
             qPrintable(lineage));
    QCOMPARE(QString::fromStdString(s.validation),
             QString("MOTA 0.912, IDF1 0.950, HOTA 0.700 on vtest.avi frames 301:400 with GT"));
    QCOMPARE(static_cast<int>(s.rows().size()), 5);
    QVERIFY(QString::fromStdString(s.toText()).startsWith("Model: jde_yolox_s8\nArchitecture: JDE"));
  }

  void scratchCardAndMissingFields() {
    const ModelCardSummary s = ModelCardSummary::fromJson("{\"name\":\"x\",\"training\":{\"earlier\":[\"a\"]}}", "x");
    QCOMPARE(QString::fromStdString(s.lineage), QString("trained from scratch; continued from 1 earlier training run(s)"));
    QVERIFY(s.architecture.empty() && s.validation.empty() && s.trainingData.empty());
    QCOMPARE(static_cast<int>(s.rows().size()), 2);
  }

  void shippedCardsSummarise() {
    const QStringList cards = QDir(EDGESCOPE_MODELS_DIR).entryList({"*.json"}, QDir::Files);
    QVERIFY(!cards.isEmpty());
    for (const QString& name : cards) {
      QFile file(QString(EDGESCOPE_MODELS_DIR) + "/" + name);
      QVERIFY(file.open(QIODevice::ReadOnly));
      const ModelCardSummary s = ModelCardSummary::fromJson(file.readAll().toStdString(), name.toStdString());
      QVERIFY2(!s.architecture.empty() && !s.trainingData.empty() && !s.lineage.empty() && !s.validation.empty(),
               qPrintable(name));
    }
  }

  void patchCardsSayWhatTheyAre() {
    const ModelCardSummary s = ModelCardSummary::fromJson(
        R"({"kind":"patch","name":"p","architecture":{"strideOut":4,"detectabilityChannels":0},)"
        R"("metrics":{"patch.32x64.f1":0.8731,"patch.32x64.cpuMs":0.6,"patch.64x128.f1":0.9}})",
        "p.json");
    QVERIFY2(s.architecture.rfind("ParaLoupe patch model", 0) == 0, s.architecture.c_str());
    QCOMPARE(QString::fromStdString(s.validation), QString("F1 0.873 at 32x64, F1 0.900 at 64x128"));
  }

  void malformedTextNamesTheCard() {
    for (const char* text : {"{\"name\":", "[1, 2]"}) {
      try {
        ModelCardSummary::fromJson(text, "broken.json");
        QFAIL("malformed card accepted");
      } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("broken.json"), e.what());
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestModelCardSummary)
#include "TestModelCardSummary.moc"
