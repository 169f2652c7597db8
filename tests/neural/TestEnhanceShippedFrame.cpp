// "Enhance this frame" with the shipped enhancer (issue 21): on a darkened synthetic frame the default network's
// enhancer (models/turbo_jde_yolox_s8.json, skipped while absent) answers turbo.enhanceFrame with the frame and a
// full-exit image of it at the network's input size that differs from it. Loads the shipped network and profiles the
// enhancer's latency once: ≈ 4 s with OMP_WAIT_POLICY=PASSIVE on the 2-core machine.
#include "EnhanceTestUtil.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "neural/NeuralDetectors.h"

using namespace edgescope;
using namespace edgescope::enhancetest;

namespace {
const QString kModels = EDGESCOPE_MODELS_DIR;
}  // namespace

class TestEnhanceShippedFrame : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    NeuralDetectors::registerAll();
    QVERIFY(cache_.isValid());
    qputenv("XDG_CACHE_HOME", cache_.path().toUtf8());  // measured latency profiles stay out of the user's cache
  }

  void shippedEnhancerAnswersForTheDefaultNetwork() {
    const QString detector = kModels + "/jde_yolox_s8.json";
    if (!QFile::exists(detector)) QSKIP("models/jde_yolox_s8.json is not there");
    if (!QFile::exists(kModels + "/turbo_jde_yolox_s8.json"))
      QSKIP("models/turbo_jde_yolox_s8.json is not there (scripts/train-enhancer)");
    EngineSession session;
    session.post(EngineCommand::configurePipeline("jde:" + detector.toStdString() + "?threads=2"));
    session.post(EngineCommand::setParameter("degrade.kind", 2.0));  // dark
    session.post(EngineCommand::setParameter("degrade.share", 1.0));
    session.post(EngineCommand::openSourcePaused("synthetic:?seed=21&people=8&frames=50&width=384&height=288&fps=10"));
    std::uint64_t seen = 0;
    QVERIFY(stepOnce(session, seen));
    session.post(EngineCommand::setParameter("turbo.enabled", 1.0));
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->turbo.loaded, 60000);
    std::vector<EngineEvent> events;
    const EngineEvent* answer = enhance(session, events, 60000);
    QVERIFY(answer);
    QVERIFY2(answer->type == EngineEvent::Type::Images, answer->message.c_str());
    QCOMPARE(answer->images.size(), std::size_t(2));
    const cv::Mat& original = answer->images[0].second;
    const cv::Mat& enhanced = answer->images[1].second;
    QCOMPARE(enhanced.size(), cv::Size(384, 288));
    QVERIFY2(meanAbsDiff(enhanced, original) > 0.5, "the trained enhancer changes the dark frame");
  }

 private:
  QTemporaryDir cache_;
};

QTEST_GUILESS_MAIN(TestEnhanceShippedFrame)
#include "TestEnhanceShippedFrame.moc"
