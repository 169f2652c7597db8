// "Enhance this frame" in the engine (issue 21): the module command turbo.enhanceFrame answers with one Images event
// holding the last tracked frame and the enhancer's full-exit image of it (an untrained, zero-initialised enhancer
// gives the frame back), and refuses with a Warning naming the command — no detector, a detector that is not jde:,
// no enhancer loaded, an unknown command — while frames keep flowing. (The shipped enhancer: TestEnhanceShippedFrame.)
#include "EnhanceTestUtil.h"
#include "NeuralTestUtil.h"
#include "neural/TurboModelFile.h"

#include <QTemporaryDir>
#include <QtTest>

#include "neural/NeuralDetectors.h"

using namespace edgescope;
using namespace edgescope::neuraltest;
using namespace edgescope::enhancetest;

namespace {

const char* const kSource = "synthetic:?seed=3&people=4&frames=200&width=128&height=96&fps=10";

/// An untrained enhancer for @p detectorCard as @p folder/turbo_jde_tiny.{pt,json}: zero-initialised residual
/// outputs, so every exit gives the input back.
void saveTinyEnhancer(const QString& folder, const std::string& detectorCard) {
  const JdeModel detector = JdeModelFile::load(detectorCard);
  TurboNetConfig config;
  config.decoderChannels = {4, 4, 6, 4, 4};
  config.discriminatorChannels = 4;
  config.discriminatorHidden = 8;
  torch::manual_seed(21);
  TurboNet net(detector.net->levelChannels(), config);
  net->eval();
  TurboCard card;
  card.name = "turbo_jde_tiny";
  card.bindDetector(detectorCard);
  card.levelValues = detector.net->levelValues();
  card.gainProfile = GainProfile(std::vector<std::vector<double>>(GainProfile::kBucketCount, {0, 2, 4, 6, 8, 10}));
  TurboModelFile::save(net, card, (folder + "/turbo_jde_tiny.pt").toStdString());
}

}  // namespace

class TestEnhanceFrameCommand : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    NeuralDetectors::registerAll();
    QVERIFY(cache_.isValid());
    qputenv("XDG_CACHE_HOME", cache_.path().toUtf8());  // measured latency profiles stay out of the user's cache
  }

  void refusalsNameWhatIsMissingAndFramesGoOn() {
    EngineSession session;
    std::vector<EngineEvent> events;
    const EngineEvent* answer = enhance(session, events);
    QVERIFY(answer && answer->type == EngineEvent::Type::Warning);
    QVERIFY2(answer->message.find("no detector is running") != std::string::npos, answer->message.c_str());

    session.post(EngineCommand::moduleCommand("nobody.knowsThis"));
    QVERIFY(collectEvents(session, events, [](const auto& e) {
      return find(e, EngineEvent::Type::Warning, "no engine module knows the command 'nobody.knowsThis'");
    }));

    session.post(EngineCommand::configurePipeline("hog"));
    session.post(EngineCommand::openSourcePaused(kSource));
    std::uint64_t seen = 0;
    QVERIFY(stepOnce(session, seen));
    answer = enhance(session, events);
    QVERIFY(answer && answer->type == EngineEvent::Type::Warning);
    QVERIFY2(answer->message.find("has no Turbo enhancer (only jde: networks") != std::string::npos,
             answer->message.c_str());
    QVERIFY2(stepOnce(session, seen), "the engine goes on after a refusal");
  }

  void tinyEnhancerAnswersWithTheFrameAndItsEnhancedImage() {
    QTemporaryDir dir;
    const std::string detectorCard = saveTinyModel(dir.path(), "jde_tiny");
    saveTinyEnhancer(dir.path(), detectorCard);
    EngineSession session;
    session.post(EngineCommand::configurePipeline("jde:" + detectorCard + "?threads=1"));
    session.post(EngineCommand::openSourcePaused(kSource));
    std::uint64_t seen = 0;
    QVERIFY(stepOnce(session, seen));
    std::vector<EngineEvent> events;
    const EngineEvent* answer = enhance(session, events);
    QVERIFY(answer && answer->type == EngineEvent::Type::Warning);
    QVERIFY2(answer->message.find("no Turbo enhancer is loaded") != std::string::npos, answer->message.c_str());

    session.post(EngineCommand::setParameter("turbo.enabled", 1.0));
    QTRY_VERIFY_WITH_TIMEOUT(session.status()->turbo.loaded, 30000);
    const auto shown = stepOnce(session, seen);
    QVERIFY(shown);
    answer = enhance(session, events);
    QVERIFY(answer);
    QVERIFY2(answer->type == EngineEvent::Type::Images, answer->message.c_str());
    QCOMPARE(answer->command, std::string(TurboModule::kEnhanceFrameCommand));
    QCOMPARE(answer->frame, shown->frame.number);
    QVERIFY2(answer->message.find("enhanced at the full exit (5, 128×96)") != std::string::npos,
             answer->message.c_str());
    QCOMPARE(answer->images.size(), std::size_t(2));
    const cv::Mat& original = answer->images[0].second;
    const cv::Mat& enhanced = answer->images[1].second;
    QVERIFY(answer->images[0].first.find("original") == 0);
    QVERIFY(answer->images[1].first.find("enhanced (exit 5") == 0);
    QCOMPARE(original.type(), CV_8UC3);
    QCOMPARE(enhanced.type(), CV_8UC3);
    QCOMPARE(original.size(), shown->frame.image.size());
    QVERIFY2(original.data != shown->frame.image.data, "the event owns a copy");
    QCOMPARE(meanAbsDiff(original, shown->frame.image), 0.0);
    QCOMPARE(enhanced.size(), cv::Size(128, 96));
    const double diff = meanAbsDiff(enhanced, original);  // zero-initialised outputs: the frame comes back
    QVERIFY2(diff < 1.0, qPrintable(QString::number(diff)));
    QVERIFY2(stepOnce(session, seen), "the engine goes on");
  }

 private:
  QTemporaryDir cache_;
};

QTEST_GUILESS_MAIN(TestEnhanceFrameCommand)
#include "TestEnhanceFrameCommand.moc"
