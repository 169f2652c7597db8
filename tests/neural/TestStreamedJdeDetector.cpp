// StreamedJdeModel through JdeDetector::streamable() (AMS camera side, issue 22) on the shipped jde_yolox_s8: an
// update built by a node-side copy is staged without touching the running detections and, once swapped, gives the
// detections of a detector loaded fresh with the same weights; stages compose; rollback through the ring and reset
// restore earlier detections bit for bit; a corrupt update (base version, layout hash, a flipped value) changes
// nothing; a saved state restores the same sha256 in a fresh detector and is refused by another layout.
#include "NeuralTestUtil.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <set>

#include "../TestHelpers.h"
#include "ams/ParameterDigest.h"
#include "ams/SparseUpdateCodec.h"
#include "ams/StreamableModel.h"
#include "core/Stopwatch.h"
#include "neural/AmsTrainableSet.h"
#include "neural/JdeDetector.h"

using namespace edgescope;
using namespace edgescope::neuraltest;
using edgescope::testing::errorOf;

namespace {

const std::string kModel = EDGESCOPE_MODELS_DIR "/jde_yolox_s8.json";
const std::string kOtherLayout = EDGESCOPE_MODELS_DIR "/jde_yolox_s4.json";

JdeDetectorOptions cpuOptions() {
  JdeDetectorOptions options;
  options.scoreThreshold = 0.05f;
  options.device = "cpu";
  options.threads = 1;
  return options;
}

bool sameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Bit-identical boxes, scores and embeddings.
bool sameDetections(const std::vector<Detection>& a, const std::vector<Detection>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const BoundingBox &p = a[i].box, &q = b[i].box;
    if (!sameBits(p.x, q.x) || !sameBits(p.y, q.y) || !sameBits(p.width, q.width) || !sameBits(p.height, q.height) ||
        !sameBits(a[i].score, b[i].score) || a[i].embedding.size() != b[i].embedding.size())
      return false;
    for (std::size_t k = 0; k < a[i].embedding.size(); ++k)
      if (!sameBits(a[i].embedding[k], b[i].embedding[k])) return false;
  }
  return true;
}

/// The node's copy of the camera's model: changes ~5 % of the trainable coordinates and builds the update.
struct NodeCopy {
  JdeModel model;
  std::unique_ptr<AmsTrainableSet> set;
  std::vector<float> flat;
  std::uint64_t version = 0;

  explicit NodeCopy(const std::string& path)
      : model(JdeModelFile::load(path)), set(std::make_unique<AmsTrainableSet>(model.net)), flat(set->flat()) {}

  /// Every 20th coordinate from @p phase scaled by @p factor, and the heatmap head's last bias raised by
  /// @p heatmapShift (more and higher peaks: visibly other detections).
  SparseUpdate next(std::size_t phase, float factor, float heatmapShift) {
    std::set<std::uint32_t> chosen;
    for (std::size_t i = phase; i < flat.size(); i += 20) chosen.insert(static_cast<std::uint32_t>(i));
    std::size_t heatmapBias = flat.size();
    for (const AmsTrainableSet::Entry& entry : set->entries())
      if (entry.name.rfind("heatmap.", 0) == 0 && entry.name.size() > 5 &&
          entry.name.compare(entry.name.size() - 5, 5, ".bias") == 0)
        heatmapBias = entry.offset;  // the last one: the head's final 1×1 convolution
    if (heatmapBias == flat.size()) throw Error("test: no heatmap bias in the trainable set");
    chosen.insert(static_cast<std::uint32_t>(heatmapBias));
    for (std::uint32_t i : chosen) flat[i] = i == heatmapBias ? flat[i] + heatmapShift : flat[i] * factor;
    std::vector<std::uint32_t> indices(chosen.begin(), chosen.end());
    SparseUpdate update = SparseUpdateCodec::build(version + 1, version, set->layoutHash(), indices, flat);
    version = update.version;
    return update;
  }

  /// Saves the copy's current weights as @p folder/fresh.json (a model a detector loads like any other).
  std::string save(const QString& folder) {
    set->assign(flat);
    const std::string weights = (folder + "/fresh.pt").toStdString();
    JdeModelFile::save(model.net, model.card, weights);
    return JdeModelCard::cardPathFor(weights);
  }
};

}  // namespace

class TestStreamedJdeDetector : public QObject {
  Q_OBJECT

  cv::Mat frame_;

  std::vector<Detection> detect(JdeDetector& detector) { return detector.detect(frame_); }

 private Q_SLOTS:
  void initTestCase() {
    torch::set_num_threads(1);
    const std::vector<Frame> frames = syntheticFrames(1);
    QVERIFY(!frames.empty());
    frame_ = frames[0].image;
  }

  void identityOfThePretrainedModel() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    QVERIFY(model != nullptr);
    QCOMPARE(detector.streamable(), model);  // created once
    NodeCopy node(kModel);
    const StreamableModel::Identity identity = model->identity();
    QCOMPARE(identity.version, std::uint64_t{0});
    QCOMPARE(identity.layoutHash, node.set->layoutHash());
    QCOMPARE(static_cast<std::size_t>(identity.parameterCount), node.set->parameterCount());
    QCOMPARE(identity.sha256, ParameterDigest::sha256(node.flat));
    QCOMPARE(identity.modelName, std::string("jde_yolox_s8"));
    QCOMPARE(identity.baseModelSha256, detector.card().weightsSha256);
    QVERIFY(model->flatParameters() == node.flat);
    QCOMPARE(model->ringVersions(), std::vector<std::uint64_t>{0});
    QVERIFY(!model->hasStaged());
    QVERIFY(!model->swapStaged());
  }

  void swapInstallsTheUpdate() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    const std::vector<Detection> before = detect(detector);
    QVERIFY2(!before.empty(), "the pretrained model finds nobody on the synthetic frame");
    NodeCopy node(kModel);
    const SparseUpdate update = node.next(0, 1.1f, 1.5f);
    QVERIFY(update.density() > 0.04 && update.density() < 0.06);
    model->stageUpdate(update);
    QVERIFY(model->hasStaged());
    QVERIFY(sameDetections(detect(detector), before));  // nothing changes before the swap
    QCOMPARE(model->identity().version, std::uint64_t{0});
    QVERIFY(model->swapStaged());
    QVERIFY(!model->hasStaged());
    const std::vector<Detection> after = detect(detector);
    QVERIFY(!sameDetections(after, before));
    QCOMPARE(model->identity().sha256, update.resultSha256);
    QCOMPARE(model->identity().version, std::uint64_t{1});
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1}));
    QVERIFY(model->flatParameters() == node.flat);
    QTemporaryDir folder;
    JdeDetector fresh(node.save(folder.path()), cpuOptions());
    QVERIFY(sameDetections(after, detect(fresh)));
  }

  /// The residual backbone (stem, stages with residual blocks: BatchNorm folded at every depth) stages into the
  /// recycled inference networks as exactly as the imported one.
  void residualBackbone() {
    QTemporaryDir folder;
    torch::manual_seed(11);
    JdeNet net(tinyConfig());
    {
      torch::NoGradGuard noGrad;
      for (auto& item : net->named_parameters())  // boxes of 4 × 8 cells: the untrained network's peaks stay boxes
        if (item.key().rfind("size.", 0) == 0 && item.key().size() > 5 &&
            item.key().compare(item.key().size() - 5, 5, ".bias") == 0 && item.value().numel() == 2)
          item.value().copy_(torch::tensor({4.0f, 8.0f}));
    }
    net->eval();
    JdeModelCard card;
    card.name = "tiny";
    const std::string weights = (folder.path() + "/tiny.pt").toStdString();
    JdeModelFile::save(net, card, weights);
    const std::string tiny = JdeModelCard::cardPathFor(weights);
    JdeDetectorOptions everyPeak = cpuOptions();
    everyPeak.scoreThreshold = 0.0f;  // the untrained network's top 128 peaks
    JdeDetector detector(tiny, everyPeak);
    StreamableModel* model = detector.streamable();
    NodeCopy node(tiny);
    const std::vector<Detection> d0 = detect(detector);
    QVERIFY(!d0.empty());
    for (int i = 0; i < 3; ++i) {  // the third stage writes into the network the first swap retired
      model->stageUpdate(node.next(static_cast<std::size_t>(i), 1.2f, 0.5f));
      QVERIFY(model->swapStaged());
    }
    QVERIFY(!sameDetections(detect(detector), d0));
    QTemporaryDir freshFolder;
    JdeDetector fresh(node.save(freshFolder.path()), everyPeak);
    QVERIFY(sameDetections(detect(detector), detect(fresh)));
    QCOMPARE(model->stageRollback(), std::uint64_t{2});
    QCOMPARE(model->stageRollback(), std::uint64_t{1});
    model->stageReset();
    QVERIFY(model->swapStaged());
    QVERIFY(sameDetections(detect(detector), d0));
  }

  void stagesCompose() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    const SparseUpdate first = node.next(0, 1.1f, 1.0f);
    const SparseUpdate second = node.next(7, 0.9f, 0.5f);
    model->stageUpdate(first);
    model->stageUpdate(second);  // its base is the staged version 1
    QCOMPARE(model->identity().version, std::uint64_t{0});
    QVERIFY(model->swapStaged());
    QVERIFY(!model->swapStaged());
    QCOMPARE(model->identity().sha256, second.resultSha256);
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1, 2}));
    QTemporaryDir folder;
    JdeDetector fresh(node.save(folder.path()), cpuOptions());
    QVERIFY(sameDetections(detect(detector), detect(fresh)));
  }

  void rollbackThroughTheRing() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    const std::vector<Detection> d0 = detect(detector);
    model->stageUpdate(node.next(0, 1.1f, 1.0f));
    QVERIFY(model->swapStaged());
    const std::vector<Detection> d1 = detect(detector);
    const std::string sha1 = model->identity().sha256;
    model->stageUpdate(node.next(3, 1.05f, 0.5f));
    QVERIFY(model->swapStaged());
    QVERIFY(!sameDetections(detect(detector), d1));
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1, 2}));
    QCOMPARE(model->stageRollback(), std::uint64_t{1});
    QVERIFY(model->swapStaged());
    QVERIFY(sameDetections(detect(detector), d1));
    QCOMPARE(model->identity().sha256, sha1);
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1}));
    QCOMPARE(model->stageRollback(), std::uint64_t{0});
    QVERIFY(model->swapStaged());
    QVERIFY(sameDetections(detect(detector), d0));
    QCOMPARE(model->identity().version, std::uint64_t{0});
    QVERIFY(errorOf([&] { model->stageRollback(); }).contains("no earlier version"));
    QVERIFY(!model->hasStaged());
  }

  void ringKeepsThreeVersions() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    for (int i = 0; i < 4; ++i) {
      model->stageUpdate(node.next(static_cast<std::size_t>(i), 1.02f, 0.1f));
      QVERIFY(model->swapStaged());
    }
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{2, 3, 4}));
    QCOMPARE(model->stageRollback(), std::uint64_t{3});
    QCOMPARE(model->stageRollback(), std::uint64_t{2});  // composes on the pending stage
    QVERIFY(errorOf([&] { model->stageRollback(); }).contains("no earlier version"));
    QVERIFY(model->swapStaged());
    QCOMPARE(model->ringVersions(), std::vector<std::uint64_t>{2});
  }

  void corruptUpdatesChangeNothing() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    model->stageUpdate(node.next(0, 1.1f, 1.0f));
    QVERIFY(model->swapStaged());
    const std::vector<Detection> before = detect(detector);
    const StreamableModel::Identity identity = model->identity();
    const std::vector<float> flat = model->flatParameters();
    const std::vector<std::uint64_t> ring = model->ringVersions();
    const SparseUpdate good = node.next(5, 1.1f, 0.5f);  // base version 1

    SparseUpdate wrongBase = good;
    wrongBase.baseVersion = 0;
    SparseUpdate wrongLayout = good;
    wrongLayout.layoutHash ^= 1;
    SparseUpdate flipped = good;
    flipped.values[flipped.values.size() / 2] ^= 1;  // still finite: only the digest can tell
    SparseUpdate wrongCount = good;
    wrongCount.parameterCount += 1;
    const std::vector<std::pair<const SparseUpdate*, QString>> cases = {{&wrongBase, "baseVersion"},
                                                                        {&wrongLayout, "layoutHash"},
                                                                        {&flipped, "resultSha256"},
                                                                        {&wrongCount, "parameterCount"}};
    for (const auto& [update, field] : cases) {
      const QString error = errorOf([&] { model->stageUpdate(*update); });
      QVERIFY2(error.contains("'" + field + "'"), qPrintable(field + ": " + error));
      QVERIFY(!model->hasStaged());
      QVERIFY(!model->swapStaged());
      QVERIFY(sameDetections(detect(detector), before));
      QCOMPARE(model->identity().sha256, identity.sha256);
      QCOMPARE(model->identity().version, identity.version);
      QCOMPARE(model->ringVersions(), ring);
      QVERIFY(model->flatParameters() == flat);
    }
    // The master was not touched either: the good update still applies on top of version 1.
    model->stageUpdate(good);
    QVERIFY(model->swapStaged());
    QCOMPARE(model->identity().sha256, good.resultSha256);
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1, 2}));
  }

  void corruptUpdateOnTopOfAStage() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    const SparseUpdate first = node.next(0, 1.1f, 1.0f);
    model->stageUpdate(first);
    SparseUpdate second = node.next(2, 1.1f, 1.0f);
    second.values.front() ^= 1;
    QVERIFY(errorOf([&] { model->stageUpdate(second); }).contains("'resultSha256'"));
    QVERIFY(model->hasStaged());  // the pending stage is kept as it was
    QVERIFY(model->swapStaged());
    QCOMPARE(model->identity().sha256, first.resultSha256);
  }

  void stateRoundTrip() {
    QTemporaryDir folder;
    const std::string directory = (folder.path() + "/state").toStdString();
    std::string sha1;
    std::vector<Detection> d1;
    {
      JdeDetector detector(kModel, cpuOptions());
      StreamableModel* model = detector.streamable();
      NodeCopy node(kModel);
      model->stageUpdate(node.next(0, 1.1f, 1.0f));
      QVERIFY(model->swapStaged());
      model->saveState(directory);
      sha1 = model->identity().sha256;
      d1 = detect(detector);
      QVERIFY(QFile::exists(QString::fromStdString(directory + "/" + StreamableModel::kStateFileName)));
      QVERIFY(!QFile::exists(QString::fromStdString(directory + "/" + StreamableModel::kStateFileName + ".tmp")));
    }
    JdeDetector fresh(kModel, cpuOptions());
    StreamableModel* model = fresh.streamable();
    model->stageState(directory);
    QVERIFY(model->swapStaged());
    QCOMPARE(model->identity().sha256, sha1);
    QCOMPARE(model->identity().version, std::uint64_t{1});
    QCOMPARE(model->ringVersions(), (std::vector<std::uint64_t>{0, 1}));
    QVERIFY(sameDetections(detect(fresh), d1));

    // Another layout (the stride-4 network has one more lateral): refused, naming both models.
    JdeDetector other(kOtherLayout, cpuOptions());
    const QString error = errorOf([&] { other.streamable()->stageState(directory); });
    QVERIFY2(error.contains("jde_yolox_s8") && error.contains("jde_yolox_s4"), qPrintable(error));
    QVERIFY2(error.contains(QString::fromStdString(StreamedJdeModel::layoutText(model->identity().layoutHash))),
             qPrintable(error));
    QVERIFY(!other.streamable()->hasStaged());
  }

  void corruptStateIsRefused() {
    QTemporaryDir folder;
    const std::string directory = folder.path().toStdString();
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    QVERIFY(errorOf([&] { model->stageState(directory); }).contains("cannot be read"));
    model->saveState(directory);
    const QString path = QString::fromStdString(directory + "/" + StreamableModel::kStateFileName);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    bytes[bytes.size() - 3] = static_cast<char>(bytes[bytes.size() - 3] ^ 0x40);
    QVERIFY(file.resize(0) && file.write(bytes) == bytes.size());
    file.close();
    QVERIFY(errorOf([&] { model->stageState(directory); }).contains("'sha256'"));
    QVERIFY(file.open(QIODevice::ReadWrite) && file.resize(bytes.size() - 8));
    file.close();
    QVERIFY(errorOf([&] { model->stageState(directory); }).contains("truncated"));
    QVERIFY(!model->hasStaged());
  }

  void resetRestoresThePretrainedModel() {
    JdeDetector detector(kModel, cpuOptions());
    StreamableModel* model = detector.streamable();
    NodeCopy node(kModel);
    const std::vector<Detection> d0 = detect(detector);
    const std::string sha0 = model->identity().sha256;
    model->stageUpdate(node.next(0, 1.1f, 1.0f));
    QVERIFY(model->swapStaged());
    model->stageUpdate(node.next(1, 1.1f, 1.0f));
    QVERIFY(model->swapStaged());
    QVERIFY(!sameDetections(detect(detector), d0));
    model->stageReset();
    QVERIFY(model->swapStaged());
    QVERIFY(sameDetections(detect(detector), d0));
    QCOMPARE(model->identity().sha256, sha0);
    QCOMPARE(model->identity().version, std::uint64_t{0});
    QCOMPARE(model->ringVersions(), std::vector<std::uint64_t>{0});
  }

  /// Not asserted (no timing asserts in unit tests): the stage and swap costs the issue budgets (≤ 30 ms, ≤ 2 ms).
  void reportsStageAndSwapTimes() {
    JdeDetector detector(kModel, cpuOptions());
    const double createStartMs = Stopwatch::nowMs();
    StreamableModel* model = detector.streamable();
    qInfo("streamable() created in %.0f ms", Stopwatch::nowMs() - createStartMs);
    NodeCopy node(kModel);
    std::vector<double> stageMs, swapMs, firstDetectMs, nextDetectMs;
    detect(detector);
    for (int i = 0; i < 8; ++i) {
      model->stageUpdate(node.next(static_cast<std::size_t>(i), 1.01f, 0.05f));
      stageMs.push_back(model->lastStageMs());
      QVERIFY(model->swapStaged());
      swapMs.push_back(model->lastSwapMs());
      double start = Stopwatch::nowMs();
      detect(detector);  // the first frame on the swapped network
      firstDetectMs.push_back(Stopwatch::nowMs() - start);
      start = Stopwatch::nowMs();
      detect(detector);
      nextDetectMs.push_back(Stopwatch::nowMs() - start);
    }
    auto median = [](std::vector<double> values) {
      std::sort(values.begin(), values.end());
      return values[values.size() / 2];
    };
    qInfo("detect 256x160: first frame after a swap median %.1f ms, the next %.1f ms", median(firstDetectMs),
          median(nextDetectMs));
    QVERIFY(model->lastStageMs() > 0.0);
    std::sort(stageMs.begin(), stageMs.end());
    std::sort(swapMs.begin(), swapMs.end());
    qInfo(
        "jde_yolox_s8 (%u parameters), CPU, %d thread(s): stage median %.1f ms (max %.1f), swap median %.3f ms "
        "(max %.3f)",
        model->identity().parameterCount, torch::get_num_threads(), stageMs[stageMs.size() / 2], stageMs.back(),
        swapMs[swapMs.size() / 2], swapMs.back());
  }
};

QTEST_GUILESS_MAIN(TestStreamedJdeDetector)
#include "TestStreamedJdeDetector.moc"
