// Turbo enhancers in the pipeline panel (issue 21): ModelCatalog finds the turbo_*.json cards in the model folders
// ($EDGESCOPE_MODEL_PATH first); with a jde: detector selected, the card built for it is offered as the "auto" one,
// one built for another detector card (another sha256) is greyed out with the reason, a card that cannot be read is
// greyed out saying so, and with a detector that is not jde: none fits.
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ModelCatalog.h"
#include "PipelinePanel.h"
#include "turbo/TurboCard.h"
#include "util/Digest.h"

using namespace edgescope;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

/// A valid enhancer card @p name built for detector card @p detectorCard with sha256 @p sha.
void writeCard(const QString& folder, const QString& name, const std::string& detectorCard, const std::string& sha) {
  TurboCard card;
  card.name = name.toStdString();
  card.weightsFile = card.name + ".pt";
  card.weightsSha256 = std::string(64, 'c');
  card.detectorCard = detectorCard;
  card.detectorSha256 = sha;
  card.levelChannels = {3, 8, 8, 16, 24, 32};
  card.exits = 5;
  card.write((folder + "/" + name + ".json").toStdString());
}

QListWidgetItem* itemNamed(QListWidget* list, const QString& name) {
  for (int i = 0; i < list->count(); ++i) {
    if (list->item(i)->text().startsWith(name)) return list->item(i);
  }
  return nullptr;
}

}  // namespace

class TestPipelineEnhancers : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("EDGESCOPE_MODEL_PATH", dir_.path().toUtf8());
    detector_ = dir_.filePath("jde_fake.json");
    writeFile(detector_, R"({"format":"not really a jde card"})");
    const std::string sha = Digest::sha256OfFile(detector_.toStdString());
    writeCard(dir_.path(), "turbo_jde_fake", "jde_fake.json", sha);
    otherSha_ = std::string(64, 'e');
    writeCard(dir_.path(), "turbo_jde_other", "jde_other.json", otherSha_);
    writeFile(dir_.filePath("turbo_jde_broken.json"), "{ not json");
  }

  void catalogFitsCardsToTheDetector() {
    const QVector<ModelCatalog::Enhancer> found = ModelCatalog::enhancers("jde:" + detector_ + "?threads=1");
    const auto find = [&](const QString& name) {
      for (const auto& e : found) {
        if (e.name == name) return e;
      }
      return ModelCatalog::Enhancer{};
    };
    const ModelCatalog::Enhancer fake = find("turbo_jde_fake"), other = find("turbo_jde_other"),
                                 broken = find("turbo_jde_broken");
    QVERIFY(fake.fits && fake.isAuto && fake.reason.isEmpty());
    QCOMPARE(fake.detectorCard, QString("jde_fake.json"));
    QVERIFY(!other.fits && !other.isAuto);
    QVERIFY2(other.reason.contains("built for jde_other.json (sha eeeeeeeeeeee…)"), qPrintable(other.reason));
    QVERIFY2(other.reason.contains("not the selected detector (jde_fake.json, sha "), qPrintable(other.reason));
    QVERIFY(!broken.fits);
    QVERIFY2(broken.reason.startsWith("cannot be read"), qPrintable(broken.reason));
    QCOMPARE(ModelCatalog::autoEnhancerPath("jde:" + detector_), dir_.filePath("turbo_jde_fake.json"));

    for (const auto& e : ModelCatalog::enhancers("hog")) {  // not a jde: network: nothing fits, nothing is auto
      QVERIFY2(!e.fits && !e.isAuto, qPrintable(e.name));
      if (e.name == "turbo_jde_fake") QVERIFY2(e.reason.contains("not a jde: network"), qPrintable(e.reason));
    }
    QVERIFY(ModelCatalog::autoEnhancerPath("hog").isEmpty());
  }

  void panelGreysOutEnhancersOfAnotherDetector() {
    PipelinePanel panel;
    QVERIFY(panel.selectDetector("jde:" + detector_));
    auto* list = panel.findChild<QListWidget*>("enhancerList");
    auto* autoLabel = panel.findChild<QLabel*>("autoEnhancer");
    QVERIFY(list && autoLabel);
    QListWidgetItem* fake = itemNamed(list, "turbo_jde_fake");
    QListWidgetItem* other = itemNamed(list, "turbo_jde_other");
    QVERIFY(fake && other);
    QVERIFY(fake->text().contains("(auto)"));
    QVERIFY(fake->flags() & Qt::ItemIsEnabled);
    QVERIFY(!(other->flags() & Qt::ItemIsEnabled));
    QVERIFY2(
        other->toolTip().contains("built for jde_other.json") && other->toolTip().contains("not the selected detector"),
        qPrintable(other->toolTip()));
    QVERIFY2(autoLabel->text().contains("turbo.enabled loads turbo_jde_fake.json"), qPrintable(autoLabel->text()));

    QVERIFY(panel.selectDetector("hog"));  // the list follows the detector choice
    QVERIFY(!(itemNamed(list, "turbo_jde_fake")->flags() & Qt::ItemIsEnabled));
    QVERIFY2(autoLabel->text().contains("no enhancer"), qPrintable(autoLabel->text()));
  }

 private:
  QTemporaryDir dir_;
  QString detector_;
  std::string otherSha_;
};

QTEST_MAIN(TestPipelineEnhancers)
#include "TestPipelineEnhancers.moc"
