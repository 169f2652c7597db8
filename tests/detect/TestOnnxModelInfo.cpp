// Unit tests for reading ONNX input/output shapes, operators and parameter counts (libonnx) from hand-written
// protobuf bytes, and for the errors a corrupt
// model file gives (OnnxModel, the factories).
#include <QtTest>

#include <QTemporaryDir>
#include <fstream>
#include <functional>

#include "DetectTestData.h"
#include "OnnxTestModel.h"
#include "detect/DetectorFactory.h"
#include "detect/EmbedderFactory.h"
#include "detect/OnnxModel.h"
#include "detect/OnnxModelInfo.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

using onnxtest::field;
using onnxtest::intField;
using onnxtest::model;
using onnxtest::valueInfo;

void writeFile(const QString& path, const std::string& bytes) { onnxtest::writeFile(path.toStdString(), bytes); }

void expectErrorNaming(const std::function<void()>& action, const QString& needle) {
  try {
    action();
    QFAIL("no error");
  } catch (const Error& e) {
    QVERIFY2(QString(e.what()).contains(needle), e.what());
  }
}

}  // namespace

class TestOnnxModelInfo : public QObject {
  Q_OBJECT
 private slots:
  void readsInputAndOutputShapes() {
    const std::string graph = field(1, onnxtest::node("Relu", "images", "r")) + field(1, onnxtest::node("Relu", "r", "output")) + field(11, valueInfo("images", {0, 3, 416, 416})) +
                              field(5, field(8, "weight") + intField(2, 1)) + field(11, valueInfo("weight", {16})) +
                              field(12, valueInfo("output", {1, 3549, 85})) + intField(99, 5);
    const OnnxModelInfo info = OnnxModelInfo::parse(model(graph), "m.onnx");
    QCOMPARE(int(info.inputs().size()), 1);  // "weight" is an initializer, not an input
    QCOMPARE(info.inputs()[0].name, std::string("images"));
    QCOMPARE(info.inputs()[0].dims, (std::vector<std::int64_t>{OnnxTensorInfo::kDynamic, 3, 416, 416}));
    QCOMPARE(info.inputs()[0].shapeText(), std::string("?x3x416x416"));
    QCOMPARE(info.outputs()[0].shapeText(), std::string("1x3549x85"));
    QCOMPARE(info.nodeCount(), 2);
    QCOMPARE(info.opCounts().at("Relu"), 2);
    QCOMPARE(info.parameterCount(), std::int64_t{1});  // "weight": dims [1]
    QCOMPARE(info.opsetVersion(), std::int64_t{11});
    QCOMPARE(info.irVersion(), std::int64_t{7});
  }
  void malformedBytesNameTheFile() {
    const std::string good = model(field(11, valueInfo("x", {1})) + field(12, valueInfo("y", {1})));
    expectErrorNaming([&] { OnnxModelInfo::parse(good.substr(0, good.size() - 3), "cut.onnx"); }, "cut.onnx");
    expectErrorNaming([&] { OnnxModelInfo::parse(std::string("\x0b\x01\x02", 3), "group.onnx"); }, "group.onnx: not an ONNX model");
    expectErrorNaming([&] { OnnxModelInfo::parse(good.substr(0, good.size() - 3), "cut.onnx"); }, "truncated");
    expectErrorNaming([&] { OnnxModelInfo::parse("", "empty.onnx"); }, "empty.onnx");
    expectErrorNaming([&] { OnnxModelInfo::parse(intField(1, 7), "nograph.onnx"); }, "no graph");
    expectErrorNaming([&] { OnnxModelInfo::parse(model(field(12, valueInfo("y", {1}))), "noin.onnx"); }, "no input");
    expectErrorNaming([&] { OnnxModelInfo::parse(std::string(12, '\xff'), "ff.onnx"); }, "ff.onnx");
  }
  void corruptFilesGiveErrorsNamingThem() {
    QTemporaryDir dir;
    const QString garbage = dir.filePath("garbage.onnx");
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919 + 13) % 251);
    writeFile(garbage, bytes);
    const QString truncated = dir.filePath("truncated.onnx");
    writeFile(truncated, model(field(11, valueInfo("x", {1, 3, 32, 32}))).substr(0, 20));
    for (const QString& path : {garbage, truncated, dir.filePath("empty.onnx"), dir.filePath("absent.onnx")}) {
      if (path.endsWith("empty.onnx")) writeFile(path, "");
      expectErrorNaming([&] { OnnxModel model(path.toStdString()); }, path);
      expectErrorNaming([&] { DetectorFactory::create("onnx-yolox:" + path.toStdString()); }, path);
      expectErrorNaming([&] { EmbedderFactory::create("onnx-reid:" + path.toStdString()); }, path);
    }
    expectErrorNaming([&] { OnnxModel model(dir.path().toStdString()); }, "not a regular file");
    QCOMPARE(DetectorFactory::availableDetectors({garbage.toStdString(), dir.path().toStdString()}),
             std::vector<std::string>{"hog"});
  }
  void readsTheSharedModels() {
    const std::string yolox = detecttest::modelPath("yolox_nano.onnx");
    const std::string osnet = detecttest::modelPath("osnet_x0_25_msmt17.onnx");
    if (!QFile::exists(QString::fromStdString(yolox)) || !QFile::exists(QString::fromStdString(osnet))) {
      QSKIP("../shared/models/yolox_nano.onnx or osnet_x0_25_msmt17.onnx absent (shared models not available)");
    }
    const OnnxModelInfo y = OnnxModelInfo::read(yolox);
    QCOMPARE(y.inputs()[0].shapeText(), std::string("1x3x416x416"));
    QCOMPARE(y.outputs()[0].shapeText(), std::string("1x3549x85"));
    const OnnxModelInfo o = OnnxModelInfo::read(osnet);
    QCOMPARE(o.inputs()[0].shapeText(), std::string("1x3x256x128"));
    QCOMPARE(o.outputs()[0].shapeText(), std::string("1x512"));
    QVERIFY(y.opCounts().count("Conv") && y.opCounts().at("Conv") > 50);
    QVERIFY2(y.parameterCount() > 500000 && y.parameterCount() < 2000000, qPrintable(QString::number(y.parameterCount())));
  }
};

QTEST_APPLESS_MAIN(TestOnnxModelInfo)
#include "TestOnnxModelInfo.moc"
