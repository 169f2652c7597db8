// ObjectnessModel: the balanced logistic regression separates object from background cells after fit(), online
// updates move it towards new labels, non-finite updates restore the initial weights, JSON round trip and errors.
#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include "paraloupe/ObjectnessModel.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

/// A 20×20 grid whose object cells (a 4×6 block at @p col) have high diff and edge, plus noise; history zero.
std::pair<ObjectnessFeatureMaps, cv::Mat> scene(Rng& rng, int col) {
  ObjectnessFeatureMaps maps;
  maps.edge = cv::Mat(20, 20, CV_32F);
  maps.diff = cv::Mat(20, 20, CV_32F);
  maps.hist = cv::Mat::zeros(20, 20, CV_32F);
  cv::Mat labels = cv::Mat::zeros(20, 20, CV_32F);
  labels(cv::Rect(col, 8, 4, 6)).setTo(1.0f);
  for (int r = 0; r < 20; ++r) {
    for (int c = 0; c < 20; ++c) {
      const bool object = labels.at<float>(r, c) > 0.5f;
      maps.edge.at<float>(r, c) = static_cast<float>((object ? 0.8 : 0.3) + 0.2 * rng.uniform());
      maps.diff.at<float>(r, c) = static_cast<float>((object ? 0.9 : 0.05) + 0.2 * rng.uniform());
    }
  }
  maps.hasPrevious = true;
  return {maps, labels};
}

}  // namespace

class TestObjectnessModel : public QObject {
  Q_OBJECT
 private slots:
  void fitSeparatesObjectsFromBackground() {
    Rng rng(7);
    std::vector<ObjectnessFeatureMaps> frames;
    std::vector<cv::Mat> labels;
    for (int i = 0; i < 10; ++i) {
      auto [maps, label] = scene(rng, 2 + i);
      frames.push_back(maps);
      labels.push_back(label);
    }
    ObjectnessModel model(ObjectnessModel::Weights{0, 0, 0, 0});
    const double before = model.loss(frames[0], labels[0]);
    QCOMPARE(before, std::log(2.0));
    const double after = model.fit(frames, labels, 300, 2.0);
    QVERIFY2(after < 0.25 * before, qPrintable(QString::number(after)));
    QVERIFY(model.weights()[1] > 0.0);  // motion means object
    QCOMPARE(model.initialWeights(), model.weights());
    auto [maps, label] = scene(rng, 14);  // a frame it was not fitted on
    const cv::Mat p = model.predict(maps);
    QVERIFY(p.at<float>(10, 15) > 0.5f);
    QVERIFY(p.at<float>(2, 2) < 0.5f);
  }
  void onlineUpdateLearnsNewLabels() {
    Rng rng(3);
    auto [maps, label] = scene(rng, 6);
    ObjectnessModel model(ObjectnessModel::Weights{0, 0, 0, 0});
    const double before = model.loss(maps, label);
    for (int i = 0; i < 20; ++i) QVERIFY(model.update(maps, label, 0.5));
    QVERIFY(model.loss(maps, label) < before);
    QCOMPARE(model.initialWeights()[1], 0.0);  // online steps never change the card's weights
    // No object (or only object) cells: nothing to learn, nothing changes.
    const auto weights = model.weights();
    QVERIFY(model.update(maps, cv::Mat::zeros(20, 20, CV_32F), 0.5));
    QCOMPARE(model.weights(), weights);
  }
  void ablationKeepsLeftOutFeaturesAtZero() {
    Rng rng(9);
    auto [maps, label] = scene(rng, 6);
    ObjectnessModel model(ObjectnessModel::Weights{1.0, 2.0, 3.0, -1.0});
    model.keepFeatures({false, true, false});  // motion only
    QCOMPARE(model.weights()[0], 0.0);
    QCOMPARE(model.weights()[2], 0.0);
    QCOMPARE(model.weights()[1], 2.0);
    QCOMPARE(model.initialWeights()[0], 0.0);
    for (int i = 0; i < 10; ++i) QVERIFY(model.update(maps, label, 0.5));
    QCOMPARE(model.weights()[0], 0.0);  // edges carry signal here, yet stay out
    QCOMPARE(model.weights()[2], 0.0);
    QVERIFY(model.weights()[1] != 2.0);
  }
  void nonFiniteUpdateRestoresInitialWeights() {
    Rng rng(5);
    auto [maps, label] = scene(rng, 4);
    maps.edge.at<float>(10, 5) = std::numeric_limits<float>::quiet_NaN();
    const ObjectnessModel::Weights initial{1, 2, 3, -4};
    ObjectnessModel model(initial);
    QVERIFY(!model.update(maps, label, 0.1));
    QCOMPARE(model.weights(), initial);
  }
  void mismatchedLabelsAreAnError() {
    Rng rng(1);
    auto [maps, label] = scene(rng, 4);
    ObjectnessModel model;
    QVERIFY_THROWS_EXCEPTION(Error, model.update(maps, cv::Mat::ones(10, 10, CV_32F), 0.1));
    QVERIFY_THROWS_EXCEPTION(Error, model.fit({maps}, {}, 1, 0.1));
  }
  void jsonRoundTripAndErrors() {
    const ObjectnessModel model(ObjectnessModel::Weights{1.5, -2.25, 0.125, -3});
    const ObjectnessModel back = ObjectnessModel::fromJson(JsonNode(model.toJson()));
    QCOMPARE(back.weights(), model.weights());
    const JsonDocument missing = JsonDocument::parse(R"({"edge": 1, "diff": 2, "bias": 0})", "card.json");
    try {
      ObjectnessModel::fromJson(missing.root());
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("hist"), e.what());
    }
    const JsonDocument text = JsonDocument::parse(R"({"edge": 1, "diff": "x", "hist": 0, "bias": 0})", "card.json");
    QVERIFY_THROWS_EXCEPTION(Error, ObjectnessModel::fromJson(text.root()));
  }
};

QTEST_GUILESS_MAIN(TestObjectnessModel)
#include "TestObjectnessModel.moc"
