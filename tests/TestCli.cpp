// edgescope-cli as users run it: probe prints JSON, synth writes a MOT folder that probe reads back, and bad input
// gives a non-zero exit with a message naming what was wrong. --help of edgescope-cli, its commands, edgescope-node
// and the console lists the options with their ranges and defaults. reframe mirrors/rescales frames and GT together;
// tune-tracker picks a model's tracker thresholds on labelled data and writes them into the card.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "SourceTestUtil.h"
#include "detect/OnnxTestModel.h"
#include "TestHelpers.h"
#include "record/SessionReader.h"

class TestCli : public QObject {
  Q_OBJECT
 private:
  using Result = edgescope::testing::CliResult;
  static Result run(const QStringList& args) { return edgescope::testing::runCli(args); }
  /// Runs another program of the build (edgescope-node, edgescope) with @p args.
  static Result runProgram(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(EDGESCOPE_BIN_DIR "/") + program, args);
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
  }
  QTemporaryDir dir_;

 private slots:
  void synthWritesAMotFolderThatProbeReads() {
    const QString out = dir_.filePath("seq");
    const auto synth = run({"synth", "--out", out, "--seed", "5", "--frames", "12", "--people", "4"});
    QVERIFY2(synth.code == 0, qPrintable(synth.err));
    QVERIFY(QFile::exists(out + "/img1/000012.jpg"));
    QVERIFY(QFile::exists(out + "/gt/gt.txt"));
    const auto probe = run({"probe", "--source", "mot:" + out});
    QVERIFY2(probe.code == 0, qPrintable(probe.err));
    const QJsonObject json = QJsonDocument::fromJson(probe.out.toUtf8()).object();
    QCOMPARE(json["kind"].toString(), QString("mot"));
    QCOMPARE(json["frames"].toInt(), 12);
    QCOMPARE(json["width"].toInt(), 960);
    QVERIFY(json["has_gt"].toBool());
    QVERIFY(json["gt"].toObject()["rows"].toInt() > 0);
  }
  void reframeMirrorsAndRescalesFramesAndGroundTruth() {
    const QString seq = dir_.filePath("reframe-in"), out = dir_.filePath("reframe-out");
    QCOMPARE(run({"synth", "--out", seq, "--seed", "4", "--frames", "6", "--people", "5", "--width", "320",
                  "--height", "240", "--ext", ".png"}).code, 0);
    const auto r = run({"reframe", "--source", "mot:" + seq, "--frames", "2:5", "--mirror", "--scale", "0.5", "--out",
                        out, "--ext", ".png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(out + "/img1/000004.png"));
    QVERIFY(!QFile::exists(out + "/img1/000005.png"));
    // Output frame 1 is input frame 2, mirrored and halved.
    const cv::Mat in = cv::imread((seq + "/img1/000002.png").toStdString());
    const cv::Mat reframed = cv::imread((out + "/img1/000001.png").toStdString());
    QCOMPARE(reframed.cols, 160);
    QCOMPARE(reframed.rows, 120);
    cv::Mat expected;
    cv::resize(in, expected, cv::Size(160, 120), 0, 0, cv::INTER_AREA);
    cv::flip(expected, expected, 1);
    QVERIFY(cv::norm(expected, reframed, cv::NORM_L1) / expected.total() < 1.0);
    // GT: x' = 160 − (x + w) / 2, sizes halved, frames renumbered.
    const auto rows = [](const QString& path) {
      QFile file(path);
      file.open(QIODevice::ReadOnly);
      QMap<QPair<int, int>, QList<double>> byFrameAndId;
      for (const QByteArray& line : file.readAll().split('\n')) {
        const QList<QByteArray> f = line.split(',');
        if (f.size() < 6) continue;
        byFrameAndId[{f[0].toInt(), f[1].toInt()}] = {f[2].toDouble(), f[3].toDouble(), f[4].toDouble(), f[5].toDouble()};
      }
      return byFrameAndId;
    };
    const auto before = rows(seq + "/gt/gt.txt"), after = rows(out + "/gt/gt.txt");
    int checked = 0;
    for (auto it = after.begin(); it != after.end(); ++it) {
      QVERIFY(it.key().first >= 1 && it.key().first <= 4);
      const QList<double> b = before.value({it.key().first + 1, it.key().second});
      QCOMPARE(b.size(), 4);
      QVERIFY(std::fabs(it.value()[0] - (160.0 - (b[0] + b[2]) / 2)) < 0.02);
      QVERIFY(std::fabs(it.value()[1] - b[1] / 2) < 0.02);
      QVERIFY(std::fabs(it.value()[2] - b[2] / 2) < 0.02);
      ++checked;
    }
    QVERIFY(checked > 4);
    const auto empty = run({"reframe", "--source", "mot:" + seq, "--frames", "50:60", "--out", dir_.filePath("none")});
    QVERIFY(empty.code > 0 && empty.err.contains("no frame"));
  }
  void tuneTrackerChoosesAndWritesThresholds() {
    const QString models = QStringLiteral(EDGESCOPE_MODELS_DIR);
    if (run({"tune-tracker", "--help"}).err.contains("LibTorch") || !QFile::exists(models + "/jde_pets09.pt"))
      QSKIP("this build has no LibTorch (tune-tracker needs the jde: detector)");
    QVERIFY(QDir(dir_.path()).mkpath("tune"));
    const QString card = dir_.filePath("tune/jde_pets09.json");
    QVERIFY(QFile::copy(models + "/jde_pets09.pt", dir_.filePath("tune/jde_pets09.pt")));
    QVERIFY(QFile::copy(models + "/jde_pets09.json", card));
    QFile::setPermissions(card, QFile::ReadOwner | QFile::WriteOwner);
    const auto r = run({"tune-tracker", "--model", card, "--data",
                        "synthetic:?seed=3&people=4&frames=8&width=320&height=256", "--high-score", "0.3,0.5",
                        "--new-track-score", "0.5,0.7", "--write"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.count('\n'), 1 + 4 + 1);  // header, 4 pairs, best
    QVERIFY(r.out.contains("best: track.highScore="));
    QFile file(card);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    const double high = json["tracker"].toObject()["track.highScore"].toDouble();
    QVERIFY(high == 0.3 || high == 0.5);
    QVERIFY(json["metrics"].toObject().contains("tune.MOTA"));
    QVERIFY(json["training"].toObject()["notes"].toArray().last().toString().startsWith("tracker: "));
    const auto bad = run({"tune-tracker", "--model", card, "--data",
                          "synthetic:?seed=3&frames=4", "--high-score", "0.9", "--new-track-score", "0.5"});
    QVERIFY(bad.code > 0 && bad.err.contains("no pair"));
  }
  void probeSyntheticAndVideo() {
    const auto probe = run({"probe", "--source", "synthetic:?seed=2&frames=50&width=320&height=240"});
    QVERIFY2(probe.code == 0, qPrintable(probe.err));
    const QJsonObject json = QJsonDocument::fromJson(probe.out.toUtf8()).object();
    QCOMPARE(json["width"].toInt(), 320);
    QCOMPARE(json["frames"].toInt(), 50);
    QCOMPARE(json["live"].toBool(), false);
  }
  void onnxInfoDescribesAModelAndNamesABrokenOne() {
    const std::string path = dir_.filePath("mean.onnx").toStdString();
    onnxtest::writeFile(path, onnxtest::channelMeanModel(0, 32, 48));
    const auto info = run({"onnx-info", "--model", QString::fromStdString(path), "--json"});
    QVERIFY2(info.code == 0, qPrintable(info.err));
    const QJsonObject json = QJsonDocument::fromJson(info.out.toUtf8()).object();
    QCOMPARE(json["ops"].toObject()["GlobalAveragePool"].toInt(), 1);
    QCOMPARE(json["inputs"].toArray().size(), 1);
    QVERIFY(json["inputs"].toArray()[0].toObject()["shape"].toArray()[0].isNull());  // dynamic batch
    QCOMPARE(json["inputs"].toArray()[0].toObject()["shape"].toArray()[3].toInt(), 48);
    QCOMPARE(json["opset"].toInt(), 11);
    const auto text = run({"onnx-info", "--model", QString::fromStdString(path)});
    QVERIFY2(text.code == 0 && text.out.contains("GlobalAveragePool 1"), qPrintable(text.out + text.err));
    const std::string cut = dir_.filePath("cut.onnx").toStdString();
    onnxtest::writeFile(cut, onnxtest::channelMeanModel(0, 32, 48).substr(0, 25));
    const auto broken = run({"onnx-info", "--model", QString::fromStdString(cut)});
    QCOMPARE(broken.code, 1);
    QVERIFY2(broken.err.contains(QString::fromStdString(cut) + ": not an ONNX model"), qPrintable(broken.err));
#ifdef EDGESCOPE_HAVE_TORCH
    // --check: the graph imported into LibTorch against OpenCV dnn on an image.
    const std::string relu = dir_.filePath("relu.onnx").toStdString();
    onnxtest::writeFile(relu, onnxtest::reluModel({1, 3, 24, 32}));
    const std::string image = dir_.filePath("frame.png").toStdString();
    cv::Mat pixels(48, 40, CV_8UC3);
    cv::randu(pixels, 0, 255);
    QVERIFY(cv::imwrite(image, pixels));
    const auto check = run({"onnx-info", "--model", QString::fromStdString(relu), "--check",
                            QString::fromStdString(image), "--json"});
    QVERIFY2(check.code == 0, qPrintable(check.err));
    const QJsonObject compared = QJsonDocument::fromJson(check.out.toUtf8()).object()["check"].toObject();
    QCOMPARE(compared["output"].toString(), QString("y"));
    QVERIFY(compared["max_output"].toDouble() > 0.5);
    QVERIFY2(compared["relative"].toDouble() <= 1e-6, qPrintable(check.out));
#endif
  }
  void evalJsonFollowsTheContract() {
    const QString out = dir_.filePath("evalseq");
    QVERIFY(run({"synth", "--out", out, "--seed", "9", "--frames", "20", "--people", "5"}).code == 0);
    const auto r = run({"eval", "--gt", out + "/gt/gt.txt", "--hyp", out + "/gt/gt.txt", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QStringList keys = json.keys();
    keys.sort();
    QStringList expected = QString("MOTA MOTP IDF1 IDP IDR HOTA DetA AssA LocA Recall Precision FP FN IDSW Frag MT PT ML "
                                   "GT_IDs").split(' ');
    expected.sort();
    QCOMPARE(keys, expected);
    QCOMPARE(json["MOTA"].toDouble(), 1.0);  // GT scored against itself
    QCOMPARE(json["IDF1"].toDouble(), 1.0);
    QCOMPARE(json["FP"].toInt(), 0);
  }
  void trackJsonFollowsTheContract() {
    const QString results = dir_.filePath("results.txt");
    const auto r = run({"track", "--source", "synthetic:?seed=4&people=4&frames=30&width=480&height=270", "--detector",
                        "hog", "--frames", "3:8", "--out", results, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json["frames"].toInt(), 6);
    QVERIFY(json["fps"].toDouble() > 0);
    const QJsonObject latency = json["latency_ms"].toObject();
    for (const char* stage : {"decode", "detect", "embed", "track", "total"}) {
      QVERIFY2(latency[stage].toObject().contains("p50") && latency[stage].toObject().contains("p95"), stage);
    }
    QVERIFY(json["metrics"].toObject().contains("HOTA"));  // the synthetic source has GT
    QVERIFY(QFile::exists(results));
  }
  void trackRecordWritesASessionFolder() {
    const QString folder = dir_.filePath("recorded");
    const QString results = dir_.filePath("recorded-results.txt");
    const QStringList args = {"track", "--source", "synthetic:?seed=4&people=4&frames=40&width=480&height=270",
                              "--detector", "hog", "--tracker", "highScore=0.45", "--frames", "3:32",
                              "--out", results, "--record", folder, "--json"};
    const auto r = run(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject metrics = json["metrics"].toObject();
    const edgescope::SessionData data = edgescope::SessionReader::read(folder.toStdString());
    QVERIFY2(data.warnings.empty(), data.warnings.empty() ? "" : data.warnings.front().c_str());
    QVERIFY(data.manifest.complete);
    QCOMPARE(data.manifest.tool, std::string("edgescope-cli"));
    QCOMPARE(data.manifest.detector, std::string("hog"));
    QVERIFY(data.manifest.hasGroundTruth);
    QCOMPARE(data.manifest.initialParameters.at("track.highScore"), 0.45);
    QCOMPARE(int(data.frames.size()), 30);
    QCOMPARE(data.frames.front().frame, std::int64_t(3));
    QCOMPARE(data.frames.back().frame, std::int64_t(32));
    bool initialKnob = false;
    for (const auto& knob : data.knobs) {
      initialKnob = initialKnob || (knob.id == "track.highScore" && knob.timeS == 0 && knob.frame == 0);
    }
    QVERIFY(initialKnob);
    QCOMPARE(int(data.metrics.size()), 2);  // after 25 frames, and the final numbers
    const edgescope::MotMetrics& last = data.metrics.back().metrics;
    QCOMPARE(data.metrics.back().frame, std::int64_t(32));
    QCOMPARE(last.mota, metrics["MOTA"].toDouble());
    QCOMPARE(last.idf1, metrics["IDF1"].toDouble());
    QCOMPARE(last.hota.hota, metrics["HOTA"].toDouble());
    QCOMPARE(int(last.fn), metrics["FN"].toInt());
    QCOMPARE(int(last.fp), metrics["FP"].toInt());
    QCOMPARE(last.frames, std::int64_t(30));
    QFile out(results);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(int(data.tracks.size()), int(out.readAll().count('\n')));
    const auto again = run(args);  // a folder holds one session
    QVERIFY(again.code > 0);
    QVERIFY2(again.err.contains("session folder already in use"), qPrintable(again.err));
  }
  void trackDeepScaleReportsResolutions() {
    const QString synth = "synthetic:?seed=2&people=5&frames=12&width=320&height=240";
    const auto r = run({"track", "--source", synth, "--adaptive", "C2", "--k", "3", "--json"});
    if (r.code != 0 && r.err.contains("need a jde: detector"))
      QSKIP("no JDE model in models/ (or a build without LibTorch): the default detector is hog");
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY2(json["detector"].toString().startsWith("jde:"), qPrintable(r.out));
    double sum = 0;
    const QJsonObject histogram = json["resolution_histogram"].toObject();
    for (const QString& key : histogram.keys()) {
      QVERIFY2(QRegularExpression("^\\d+x\\d+$").match(key).hasMatch(), qPrintable(key));
      sum += histogram[key].toDouble();
    }
    QCOMPARE(qRound(sum * 1000), 1000);
    const QJsonObject deepscale = json["deepscale"].toObject();
    QCOMPARE(deepscale["mode"].toString(), QString("adaptive"));
    QCOMPARE(deepscale["preset"].toString(), QString("C2"));
    QCOMPARE(deepscale["selections"].toInt(), 4);  // frames 1, 4, 7, 10
    QCOMPARE(deepscale["last_selection"].toObject()["scores"].toObject().size(), 5);
  }
  void deepScaleAndTrainRejectBadOptions() {
    const QString synth = "synthetic:?seed=1&frames=4&width=320&height=240";
    const struct {
      QStringList args;
      QString mustMention;
    } cases[] = {
        {{"track", "--source", synth, "--detector", "hog", "--adaptive", "C2"}, "need a jde: detector"},
        {{"train", "--data", synth, "--out", dir_.filePath("model.txt")}, ".pt"},
        {{"train", "--out", dir_.filePath("m.pt")}, "--data"},
        {{"train", "--data", synth + ",bogus=1", "--out", dir_.filePath("m.pt")}, "bogus"},
        {{"train", "--data", synth + ",frames=9:3", "--out", dir_.filePath("m.pt")}, "frame range"},
    };
    for (const auto& c : cases) {
      const auto r = run(c.args);
      QVERIFY2(r.code > 0, qPrintable(c.args.join(' ')));
      QVERIFY2(r.err.contains(c.mustMention), qPrintable(c.args.join(' ') + " -> " + r.err));
    }
  }
  void trackAndEvalRejectBadInput() {
    std::ofstream(dir_.filePath("badgt.txt").toStdString()) << "1,1,10,10,20,40,1,1,1\n2,1,10,10,wide,40,1,1,1\n";
    std::ofstream(dir_.filePath("corrupt.onnx").toStdString()) << std::string(2000, '\x42');
    const QString synth = "synthetic:?seed=1&frames=10&width=320&height=240";
    const struct {
      QStringList args;
      QString mustMention;
    } cases[] = {
        {{"track", "--source", synth, "--frames", "5:2"}, "empty frame range"},
        {{"track", "--source", synth, "--frames", "50:60"}, "empty frame range"},
        {{"track", "--source", synth, "--detector", "onnx-yolox:" + dir_.filePath("corrupt.onnx")}, "corrupt.onnx"},
        {{"track", "--source", synth, "--detector", "nosuch"}, "nosuch"},
        {{"eval", "--gt", dir_.filePath("badgt.txt"), "--hyp", dir_.filePath("badgt.txt")}, "badgt.txt:2"},
        {{"eval", "--gt", dir_.filePath("missing.txt"), "--hyp", dir_.filePath("badgt.txt")}, "missing.txt"},
    };
    for (const auto& c : cases) {
      const auto r = run(c.args);
      QVERIFY2(r.code > 0, qPrintable(c.args.join(' ')));
      QVERIFY2(r.err.contains(c.mustMention), qPrintable(c.args.join(' ') + " -> " + r.err));
    }
    const QString osnet = QStringLiteral(EDGESCOPE_SHARED_DIR "/models/osnet_x0_25_msmt17.onnx");
    if (!QFile::exists(osnet)) QSKIP("../shared/models absent: skipping the not-a-YOLOX-model case");
    const auto r = run({"track", "--source", synth, "--detector", "onnx-yolox:" + osnet});
    QVERIFY(r.code > 0);
    QVERIFY2(r.err.contains("osnet_x0_25_msmt17.onnx"), qPrintable(r.err));
  }
  void truncatedVideoIsTrackedToItsEndWithAWarning() {
    const std::string whole = dir_.filePath("square.avi").toStdString();
    const QString cut = dir_.filePath("square-cut.avi");
    writeSquareClip(whole, 30);
    const int wholeFrames = writeTruncatedCopy(whole, cut.toStdString());
    const auto r = run({"track", "--source", cut, "--detector", "hog", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int frames = QJsonDocument::fromJson(r.out.toUtf8()).object()["frames"].toInt();
    QVERIFY2(frames >= wholeFrames && frames < 30, qPrintable(r.out));  // every decoded frame was tracked
    const QString expected = QString("edgescope-cli track: warning: video 'square-cut.avi' ended at frame %1, before "
                                     "the 30 frames its container declares").arg(frames);
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    const auto complete = run({"track", "--source", QString::fromStdString(whole), "--detector", "hog", "--json"});
    QVERIFY2(complete.code == 0, qPrintable(complete.err));
    QVERIFY2(!complete.err.contains("warning"), qPrintable(complete.err));
  }
  void hugeGroundTruthNumbersAreRefused() {
    std::ofstream(dir_.filePath("hugegt.txt").toStdString())
        << "1,1,10,10,20,40,1,-1,-1,-1\n99999999999999999999,1,1e308,1e308,1e308,1e308,1,-1,-1,-1\n";
    const auto r = run({"eval", "--gt", dir_.filePath("hugegt.txt"), "--hyp", dir_.filePath("hugegt.txt")});
    QVERIFY(r.code > 0);
    QVERIFY2(r.err.contains("hugegt.txt:2: field 'frame'"), qPrintable(r.err));
  }
  void badInputFailsWithAClearMessage() {
    std::ofstream(dir_.filePath("empty.mp4").toStdString()).close();
    QTemporaryDir noImg;
    std::ofstream(noImg.filePath("seqinfo.ini").toStdString()) << "[Sequence]\nframeRate=7\nseqLength=3\nimWidth=8\nimHeight=8\n";
    QTemporaryDir garbageIni;
    QDir(garbageIni.path()).mkpath("img1");
    std::ofstream(garbageIni.filePath("seqinfo.ini").toStdString()) << "\x7f" "ELF garbage\n";
    const struct {
      QStringList args;
      QString mustMention;
    } cases[] = {
        {{"probe", "--source", "/nonexistent/video.avi"}, "/nonexistent/video.avi"},
        {{"probe", "--source", dir_.filePath("empty.mp4")}, "empty"},
        {{"probe", "--source", "mot:" + noImg.path()}, "img1"},
        {{"probe", "--source", "mot:" + garbageIni.path()}, "seqinfo.ini"},
        {{"probe", "--source", "synthetic:?people=lots"}, "people"},
        {{"probe"}, "missing required option --source"},
        {{"probe", "--bogus", "1"}, "unknown option --bogus"},
        {{"probe", "--source=synthetic:?frames=2", "--bogus=1"}, "unknown option --bogus"},
        {{"probe", "--source", "synthetic:?frames=2", "stray"}, "unexpected argument 'stray'"},
        {{"probe", "--source"}, "option --source needs a value"},
        {{"synth", "--out", dir_.filePath("x")}, "--frames"},
        {{"synth", "--out", dir_.filePath("x"), "--frames", "5", "--people", "201"}, "--people must be in [0, 200]"},
        {{"eval", "--gt", "a.txt", "--hyp", "b.txt", "--first-frame", "x"}, "--first-frame must be an integer"},
        {{"track", "--source", "synthetic:?frames=2", "--k", "0"}, "option --k must be in [1, 60], got 0"},
        {{"track", "--source", "synthetic:?frames=2", "--adaptive", "C7"}, "--adaptive"},
        {{"partition-bench", "--source", "synthetic:?frames=2", "--quality", "5"}, "--quality must be in [10, 100]"},
    };
    for (const auto& c : cases) {
      const auto r = run(c.args);
      QVERIFY2(r.code == 1, qPrintable(c.args.join(' ') + " -> " + QString::number(r.code)));
      QVERIFY2(r.err.contains(c.mustMention), qPrintable(c.args.join(' ') + " -> " + r.err));
    }
    const auto unknown = run({"frobnicate"});
    QCOMPARE(unknown.code, 2);
    QVERIFY2(unknown.err.contains("unknown command 'frobnicate'"), qPrintable(unknown.err));
    QCOMPARE(run({}).code, 2);
  }
  void optionsAcceptInlineValuesAndTheLastOneWins() {
    const auto r = run({"probe", "--source=synthetic:?seed=2&frames=5&width=320&height=240",
                        "--source", "synthetic:?seed=2&frames=7&width=320&height=240"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["frames"].toInt(), 7);
  }
  void helpListsOptionsWithRangesAndDefaults() {
    const auto top = run({"--help"});
    QCOMPARE(top.code, 0);
    for (const char* command : {"probe", "synth", "track", "train", "eval", "report", "partition-bench"})
      QVERIFY2(top.out.contains(command), command);
    QVERIFY2(top.out.contains("COMMAND --help"), qPrintable(top.out));
    const auto track = run({"track", "--help"});
    QCOMPARE(track.code, 0);
    QVERIFY2(track.out.contains(QRegularExpression("--adaptive C1\\|C2\\|C3 ")), qPrintable(track.out));
    QVERIFY2(track.out.contains(QRegularExpression("--k INT in \\[1, 60\\] .*frames.*\\(default 40\\)")),
             qPrintable(track.out));
    QVERIFY2(track.out.contains(QRegularExpression("--source URI REQUIRED")), qPrintable(track.out));
    QVERIFY2(track.out.contains("--metrics ADDR"), qPrintable(track.out));
    const auto bench = run({"partition-bench", "--help"});
    QCOMPARE(bench.code, 0);
    QVERIFY2(bench.out.contains(QRegularExpression("--quality INT in \\[10, 100\\] .*\\(default 90\\)")),
             qPrintable(bench.out));
    QVERIFY2(bench.out.contains("--metrics ADDR"), qPrintable(bench.out));
    const auto synth = run({"synth", "-h"});
    QCOMPARE(synth.code, 0);
    QVERIFY2(synth.out.contains(QRegularExpression("--fps FLOAT in \\[1, 240\\] .*\\(default 25\\)")),
             qPrintable(synth.out));
  }
  void nodeHelpAndBadOptions() {
    const auto help = runProgram("edgescope-node", {"--help"});
    QCOMPARE(help.code, 0);
    QVERIFY2(help.out.contains(QRegularExpression("--bind tcp://HOST:PORT .*\\(default tcp://127\\.0\\.0\\.1:5555\\)")),
             qPrintable(help.out));
    QVERIFY2(help.out.contains(QRegularExpression("--queue INT in \\[1, 1024\\]")), qPrintable(help.out));
    QVERIFY2(help.out.contains("--metrics ADDR"), qPrintable(help.out));
    QVERIFY2(help.out.contains("keygen"), qPrintable(help.out));
    const auto keygen = runProgram("edgescope-node", {"keygen", "--help"});
    QCOMPARE(keygen.code, 0);
    QVERIFY2(keygen.out.contains("--out DIR REQUIRED"), qPrintable(keygen.out));
    const struct {
      QStringList args;
      QString mustMention;
    } cases[] = {
        {{"--queue", "0"}, "option --queue must be in [1, 1024], got 0"},
        {{"--slowdown", "fast"}, "option --slowdown must be a number"},
        {{"--device", "tpu"}, "--device"},
        {{"--bogus"}, "unknown option --bogus"},
        {{"--bind"}, "option --bind needs a value"},
        {{"keygen"}, "missing required option --out"},
        {{"keygen", "--out", dir_.filePath("keys"), "--bind", "tcp://127.0.0.1:1"}, "unknown option --bind"},
    };
    for (const auto& c : cases) {
      const auto r = runProgram("edgescope-node", c.args);
      QVERIFY2(r.code == 2, qPrintable(c.args.join(' ') + " -> " + QString::number(r.code)));
      QVERIFY2(r.err.contains(c.mustMention), qPrintable(c.args.join(' ') + " -> " + r.err));
    }
  }
  void consoleHelpListsItsOptions() {
    if (!QFile::exists(EDGESCOPE_BIN_DIR "/edgescope")) QSKIP("the console is not built (-DEDGESCOPE_BUILD_UI=OFF)");
    const auto help = runProgram("edgescope", {"--help"});
    QCOMPARE(help.code, 0);
    for (const char* option : {"--source URI", "--gt FILE", "--detector SPEC", "--reid SPEC", "--screenshot PNG",
                               "--metrics ADDR"})
      QVERIFY2(help.out.contains(option), qPrintable(help.out));
    QVERIFY2(help.out.contains(QRegularExpression("--frames INT >= 1 .*\\(default 30\\)")), qPrintable(help.out));
    const auto bad = runProgram("edgescope", {"--frames", "0"});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("option --frames must be >= 1, got 0"), qPrintable(bad.err));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
