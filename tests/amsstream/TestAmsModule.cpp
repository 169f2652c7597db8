// AmsModule (issue 22, camera side): a camera tracking synthetic frames with the shipped jde_yolox_s8 streams model
// updates from a plain loopback node (AmsNodeSessions, teacher = the same network, the cheapest knobs that train).
// Updates arrive and are swapped in between frames (version advances, grace period, ams.csv lines); a rollback returns
// to the previous version and the node follows (resync); a corrupt update (wrong sha256) is never applied (the
// weights stay bit-identical, a Warning names 'resultSha256', a resync follows); a node killed mid-way leaves the
// camera tracking with its model, and a node back on the same address gets the session again; without a jde:
// detector ams.enabled stays 0 with the message, also in an EngineSession that got the module from the registry.
#include <torch/torch.h>  // before Qt (the node's service and the student load LibTorch)

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "../TestHelpers.h"
#include "AmsNodeTestUtil.h"
#include "AmsStreamTestUtil.h"
#include "ams/AmsCsvRecord.h"
#include "ams/SparseUpdateCodec.h"
#include "ams/StreamableModel.h"
#include "amsstream/AmsModule.h"
#include "core/Stopwatch.h"
#include "detect/ScalableDetector.h"
#include "pipeline/TrackingPipeline.h"
#include "record/SessionRecorder.h"
#include "session/EngineModules.h"
#include "session/EngineRecording.h"
#include "session/EngineSession.h"
#include "synthetic/SyntheticSource.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

const char* const kSession = "test-cam";

/// The node's AMS service, able to corrupt the sha256 of the updates it sends (the test's fault injection).
class CorruptingService : public NodeAmsService {
 public:
  explicit CorruptingService(std::shared_ptr<AmsNodeSessions> inner) : inner_(std::move(inner)) {}
  void start(std::function<void()> wake) override { inner_->start(std::move(wake)); }
  void stop() override { inner_->stop(); }
  Action handle(const std::string& peer, const wire::Envelope& request, double arrivalMs) override {
    Action action = inner_->handle(peer, request, arrivalMs);
    corrupt(action.reply);
    return action;
  }
  std::optional<wire::Envelope> resolveHeld(const wire::Envelope& poll, bool expired) override {
    std::optional<wire::Envelope> reply = inner_->resolveHeld(poll, expired);
    if (reply) corrupt(*reply);
    return reply;
  }
  std::vector<Outgoing> takeReplies() override { return inner_->takeReplies(); }
  void fillCapabilities(wire::Capabilities& capabilities) const override { inner_->fillCapabilities(capabilities); }
  NodeAmsStats stats() const override { return inner_->stats(); }

  std::atomic<int> corruptNext{0};  ///< updates still to corrupt
  std::atomic<int> corrupted{0};

 private:
  void corrupt(wire::Envelope& envelope) {
    if (corruptNext <= 0 || !envelope.has_ams() || !envelope.ams().has_update() ||
        envelope.ams().update().update().empty()) {
      return;
    }
    SparseUpdate update = SparseUpdateCodec::decode(envelope.ams().update().update());
    update.resultSha256[0] = update.resultSha256[0] == 'a' ? 'b' : 'a';
    envelope.mutable_ams()->mutable_update()->set_update(SparseUpdateCodec::encode(update));
    --corruptNext;
    ++corrupted;
  }

  std::shared_ptr<AmsNodeSessions> inner_;
};

/// A plain AMS node on loopback (teacher = the student).
struct PlainNode {
  explicit PlainNode(const std::string& bind = "tcp://127.0.0.1:*") {
    student();
    AmsNodeSessions::Options options;
    options.teacherSpec = "jde:" + studentCard();
    options.maxSessions = 2;
    options.device = "cpu";
    options.modelFolders = {EDGESCOPE_MODELS_DIR};
    options.log = [this](const std::string& line) { log.add(line); };
    sessions = std::make_shared<AmsNodeSessions>(options);
    service = std::make_shared<CorruptingService>(sessions);
    NodeServerConfig config;
    config.bindAddress = bind;
    config.insecure = true;
    config.detectorSpec = "hog";
    config.ams = service;
    config.log = [this](const std::string& line) { log.add(line); };
    server = std::make_unique<NodeServer>(config);
    server->start();
  }
  ~PlainNode() { server->stop(); }
  std::string address() const { return server->boundAddress(); }
  NodeAmsSessionStats camera() const { return sessionStats(*sessions, kSession); }

  LogCapture log;
  std::shared_ptr<AmsNodeSessions> sessions;
  std::shared_ptr<CorruptingService> service;
  std::unique_ptr<NodeServer> server;
};

/// The camera: synthetic frames through the module's hooks and a jde: pipeline, as the engine thread does it.
struct Camera {
  Camera() : source(sceneUri(384, 288)) {
    NeuralDetectors::registerAll();
    PipelineConfig config;
    config.detectorSpec = "jde:" + studentCard() + "?device=cpu";
    pipeline = std::make_unique<TrackingPipeline>(config);
  }

  /// One frame; its snapshot as the engine would publish it.
  FrameSnapshot step(AmsModule& module) {
    SourceFrame frame;
    if (source.read(frame, 0) != ReadStatus::Frame) {
      source.seek(1);
      source.read(frame, 0);
    }
    FrameSnapshot snapshot;
    snapshot.frame = frame.frame;
    module.beforeTrack(snapshot, FrameTiming::unpaced(Stopwatch::nowMs()), *pipeline);
    TrackingPipeline::Result result = pipeline->process(snapshot.frame);
    module.afterTrack(result, snapshot, *pipeline);
    snapshot.detections = result.detections;
    snapshot.tracks = result.tracks;
    for (auto& [type, text] : module.takeMessages()) messages.emplace_back(type, text);
    for (ModuleRecordLine& line : module.takeRecordLines()) lines.push_back(std::move(line));
    return snapshot;
  }
  /// Frames (at most 10 per second) until @p done says so or @p timeoutS passes; the last snapshot.
  FrameSnapshot runUntil(AmsModule& module, const std::function<bool(const FrameSnapshot&)>& done, double timeoutS) {
    const double endMs = Stopwatch::nowMs() + 1000.0 * timeoutS;
    FrameSnapshot snapshot;
    while (Stopwatch::nowMs() < endMs) {
      const double startMs = Stopwatch::nowMs();
      snapshot = step(module);
      ++frames;
      if (done(snapshot)) return snapshot;
      const double restMs = 100.0 - (Stopwatch::nowMs() - startMs);
      if (restMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(restMs)));
    }
    return snapshot;
  }
  StreamableModel& model() { return *pipeline->scalableDetector()->streamable(); }
  bool said(EngineEvent::Type type, const std::string& text) const {
    for (const auto& [t, message] : messages) {
      if (t == type && message.find(text) != std::string::npos) return true;
    }
    return false;
  }
  int linesOf(const std::string& kind) const {
    int count = 0;
    for (const ModuleRecordLine& line : lines) count += line.fields.rfind(kind + ",", 0) == 0 ? 1 : 0;
    return count;
  }
  QString allMessages() const {
    QString text;
    for (const auto& message : messages) text += QString::fromStdString(message.second) + "\n";
    return text;
  }

  SyntheticSource source;
  std::unique_ptr<TrackingPipeline> pipeline;
  std::vector<EngineModule::Message> messages;
  std::vector<ModuleRecordLine> lines;
  std::int64_t frames = 0;
};

/// The module on @p node with the cheapest knobs that train, enabled for @p camera's pipeline.
std::unique_ptr<AmsModule> startModule(Camera& camera, const std::string& node) {
  AmsModule::Options options;
  options.node = node;
  options.sessionId = kSession;
  auto module = std::make_unique<AmsModule>(options);
  const AmsConfig cheap = cheapConfig();
  for (const char* id : {"ams.updateIntervalS", "ams.iterations", "ams.batch", "ams.gate", "ams.rateIntervalS"}) {
    module->apply(id, cheap.value(id), camera.pipeline.get(), camera.source.info());
  }
  module->apply("ams.enabled", 1.0, camera.pipeline.get(), camera.source.info());
  return module;
}

}  // namespace

class TestAmsModule : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(student().parameterCount > 0); }

  void offWithoutALocalJdeDetector() {
    AmsModule::Options options;
    options.node = "tcp://127.0.0.1:5999";
    AmsModule module(options);
    SourceInfo source;
    QCOMPARE(module.apply("ams.enabled", 1.0, nullptr, source), 0.0);
    PipelineConfig hog;
    hog.detectorSpec = "hog";
    TrackingPipeline pipeline(hog);
    QCOMPARE(module.apply("ams.enabled", 1.0, &pipeline, source), 0.0);
    const auto messages = module.takeMessages();
    QCOMPARE(messages.size(), std::size_t{2});
    for (const auto& [type, text] : messages) {
      QCOMPARE(type, EngineEvent::Type::Warning);
      QVERIFY2(text.find(AmsModule::kNeedsJdeMessage) != std::string::npos, text.c_str());
    }
    QVERIFY(!module.status().enabled);
    QCOMPARE(QString::fromStdString(module.status().state), QString("off"));
    QVERIFY(module.takeRecordLines().empty());

    // No node yet: a jde: detector is not enough.
    Camera camera;
    AmsModule noNode;
    QCOMPARE(noNode.apply("ams.enabled", 1.0, camera.pipeline.get(), camera.source.info()), 0.0);
    const auto said = noNode.takeMessages();
    QVERIFY(!said.empty() && said.back().second.find("ams.connect") != std::string::npos);
    // A command while off is an Error; a malformed node address too.
    std::vector<EngineEvent> replies;
    QVERIFY(errorOf([&] {
              noNode.command(EngineCommand::moduleCommand(AmsModule::kRollbackCommand), nullptr, replies);
            }).contains("AMS is off"));
    QVERIFY(errorOf([&] {
              noNode.command(EngineCommand::moduleCommand("ams.connect udp://x"), nullptr, replies);
            }).contains("udp://x"));
  }

  void registeredInEverySession() {
    AmsModule::install();
    {
      EngineSession session;
      bool declared = false;
      for (const ParameterSpec& spec : session.parameterSpecs()) declared = declared || spec.id == "ams.enabled";
      QVERIFY(declared);
      session.post(EngineCommand::setParameter("ams.enabled", 1.0));
      bool warned = false;
      for (int i = 0; i < 100 && !warned; ++i) {
        for (const EngineEvent& event : session.takeEvents()) {
          warned = warned || (event.type == EngineEvent::Type::Warning &&
                              event.message.find(AmsModule::kNeedsJdeMessage) != std::string::npos);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      QVERIFY(warned);
      QCOMPARE(session.status()->parameters.at("ams.enabled"), 0.0);
      QVERIFY(!session.status()->ams.enabled);
    }
    EngineModules::registerFactory(AmsModule::kFactoryName, {});
    EngineSession without;
    for (const ParameterSpec& spec : without.parameterSpecs()) QVERIFY(spec.id != "ams.enabled");
  }

  void updatesSwapBetweenFramesAndRollBack() {
    PlainNode node;
    Camera camera;
    const std::unique_ptr<AmsModule> module = startModule(camera, node.address());
    QVERIFY(module->status().enabled);
    QCOMPARE(module->status().version, std::uint64_t{0});

    // Updates arrive on es-ams and are swapped in at a frame's start: the version changes only there.
    std::uint64_t previous = 0;
    bool swappedOnChange = true;
    int graceSeen = 0;
    const FrameSnapshot updated = camera.runUntil(
        *module,
        [&](const FrameSnapshot& s) {
          if (s.ams.version != previous) swappedOnChange = swappedOnChange && s.ams.swapped;
          if (s.ams.swapped) graceSeen = s.ams.graceFramesLeft;
          previous = s.ams.version;
          return s.ams.version >= 2;
        },
        240);
    QVERIFY2(updated.ams.version >= 2, qPrintable(camera.allMessages() + QString::fromStdString(updated.ams.state)));
    QVERIFY(swappedOnChange);
    QCOMPARE(graceSeen, cheapConfig().swapGraceFrames);
    QVERIFY(updated.ams.updates >= 2 && updated.ams.batches >= 1 && updated.ams.lastUpdateBytes > 0);
    QVERIFY(updated.ams.lastSelected > 0 && updated.ams.rateFps > 0 && updated.ams.updateIntervalS >= 2.0);
    QVERIFY(updated.ams.ringVersions.size() >= 2);
    QCOMPARE(updated.ams.ringVersions.back(), updated.ams.version);
    QVERIFY(camera.said(EngineEvent::Type::Info, "joined node"));
    QVERIFY(camera.linesOf("join") >= 1 && camera.linesOf("samples") >= 1 && camera.linesOf("update") >= 2);
    QCOMPARE(QString::fromStdString(camera.lines.front().file), QString(AmsCsvRecord::kFile));
    QCOMPARE(QString::fromStdString(camera.lines.front().header), QString::fromStdString(AmsCsvRecord::header()));

    // Rollback: the ring's previous version runs from the next frame, and the node's copy follows it.
    const std::uint64_t back = updated.ams.ringVersions[updated.ams.ringVersions.size() - 2];
    const std::uint64_t resyncsBefore = node.camera().resyncs;
    std::vector<EngineEvent> replies;
    QVERIFY(module->command(EngineCommand::moduleCommand(AmsModule::kRollbackCommand), camera.pipeline.get(), replies));
    const FrameSnapshot rolled = camera.runUntil(
        *module, [&](const FrameSnapshot& s) { return s.ams.rollbacks >= 1 && s.ams.swapped; }, 60);
    QCOMPARE(rolled.ams.version, back);
    const FrameSnapshot followed = camera.runUntil(
        *module, [&](const FrameSnapshot&) { return node.camera().resyncs > resyncsBefore; }, 60);
    QVERIFY2(node.camera().resyncs > resyncsBefore, qPrintable(camera.allMessages()));
    QVERIFY(followed.ams.resyncs >= 1);
    QVERIFY(camera.linesOf("rollback") == 1 && camera.linesOf("resync") >= 1);

    // The lines as a session recording writes them: ams.csv, time_s and frame before the module's columns.
    QTemporaryDir folder;
    {
      SessionRecorder recorder(folder.path().toStdString() + "/session", SessionManifest{});
      EngineRecording::appendModuleLines(recorder, 7, camera.lines);
    }
    QFile csv(folder.path() + "/session/" + AmsCsvRecord::kFile);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), static_cast<int>(camera.lines.size()) + 1);
    const QString header = "time_s,frame," + QString::fromStdString(AmsCsvRecord::header());
    QCOMPARE(rows.front(), header);
    for (const QString& row : rows.mid(1)) {
      QCOMPARE(row.split(',').size(), header.split(',').size());
      QCOMPARE(row.split(',')[1], QString("7"));
    }
  }

  void corruptUpdateIsNeverApplied() {
    PlainNode node;
    node.service->corruptNext = 1;
    Camera camera;
    const std::vector<float> before = camera.model().flatParameters();
    const std::unique_ptr<AmsModule> module = startModule(camera, node.address());
    const FrameSnapshot rejected = camera.runUntil(
        *module, [&](const FrameSnapshot& s) { return s.ams.rejected >= 1; }, 240);
    QVERIFY2(rejected.ams.rejected >= 1, qPrintable(camera.allMessages()));
    QCOMPARE(node.service->corrupted.load(), 1);
    // Nothing applied: the weights are bit-identical and no stage waits; a Warning names the field.
    QCOMPARE(rejected.ams.version, std::uint64_t{0});
    QVERIFY(!camera.model().hasStaged());
    const std::vector<float> after = camera.model().flatParameters();
    QVERIFY(after.size() == before.size() && std::memcmp(after.data(), before.data(), 4 * before.size()) == 0);
    QVERIFY2(camera.said(EngineEvent::Type::Warning, "resultSha256"), qPrintable(camera.allMessages()));
    QCOMPARE(camera.linesOf("rejected"), 1);
    // A resync follows, and the next (intact) update is applied.
    const FrameSnapshot recovered = camera.runUntil(
        *module, [&](const FrameSnapshot& s) { return s.ams.resyncs >= 1 && s.ams.version >= 1; }, 240);
    QVERIFY2(recovered.ams.resyncs >= 1 && recovered.ams.version >= 1, qPrintable(camera.allMessages()));
    QVERIFY(node.camera().resyncs >= 1);
  }

  void trackingGoesOnWhenTheNodeDies() {
    auto node = std::make_unique<PlainNode>();
    const std::string address = node->address();
    Camera camera;
    const std::unique_ptr<AmsModule> module = startModule(camera, address);
    const FrameSnapshot joined = camera.runUntil(
        *module, [](const FrameSnapshot& s) { return s.ams.state == "online"; }, 60);
    QCOMPARE(QString::fromStdString(joined.ams.state), QString("online"));
    const std::uint64_t version = joined.ams.version;

    node.reset();  // killed: the camera's client sees it lost within 2 s
    const FrameSnapshot lost = camera.runUntil(
        *module, [](const FrameSnapshot& s) { return s.ams.state == "lost"; }, 30);
    QCOMPARE(QString::fromStdString(lost.ams.state), QString("lost"));
    QVERIFY2(camera.said(EngineEvent::Type::Warning, "unreachable"), qPrintable(camera.allMessages()));
    const std::int64_t framesAtLoss = camera.frames;
    const FrameSnapshot still = camera.runUntil(
        *module, [&](const FrameSnapshot&) { return camera.frames >= framesAtLoss + 20; }, 60);
    QVERIFY(camera.frames >= framesAtLoss + 20);
    QVERIFY(!still.tracks.empty());        // tracking goes on…
    QCOMPARE(still.ams.version, version);  // …with the model it has
    QCOMPARE(camera.linesOf("lost"), 1);

    // A node back on the same address gets the session again.
    PlainNode back(address);
    const FrameSnapshot rejoined = camera.runUntil(
        *module, [](const FrameSnapshot& s) { return s.ams.state == "online"; }, 60);
    QCOMPARE(QString::fromStdString(rejoined.ams.state), QString("online"));
    QVERIFY(rejoined.ams.joins >= 2);

    // A detector change stops AMS before the detector goes (the engine calls pipelineDropped() first).
    module->pipelineDropped();
    QCOMPARE(module->value("ams.enabled"), 0.0);
    QVERIFY(!module->status().enabled);
    camera.pipeline.reset();
    bool warned = false;
    for (const auto& [type, text] : module->takeMessages()) {
      warned = warned || (type == EngineEvent::Type::Warning && text.find("the detector changed") != std::string::npos);
    }
    QVERIFY(warned);
  }
};

QTEST_GUILESS_MAIN(TestAmsModule)
#include "TestAmsModule.moc"
