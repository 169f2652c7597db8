// OnnxGraph: an ONNX graph imported as a trainable LibTorch module. A hand-written Conv → Relu → GlobalAveragePool
// model computes what LibTorch computes and trains; feature taps by name; operators and attributes outside the import
// are errors naming the node, the operator and the attribute; a corrupt file names the file; the three shared models
// (yolox_nano, FastestDet, osnet_x0_25) give OpenCV dnn's outputs on a real frame within 1e-3 relative.
#include <QtTest>

#include <QTemporaryDir>
#include <cstring>
#include <functional>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "../detect/DetectTestData.h"
#include "../detect/OnnxTestModel.h"
#include "OnnxGraphTestModels.h"
#include "neural/OnnxGraph.h"
#include "detect/OnnxModelInfo.h"
#include "detect/OnnxProto.h"
#include "util/Error.h"

using namespace edgescope;
using onnxtest::field;
using onnxtest::intField;
using namespace edgescope::onnxgraphtest;

namespace {

std::shared_ptr<OnnxGraph> build(const std::string& bytes, const std::string& name) {
  return std::make_shared<OnnxGraph>(*OnnxProto::parse(bytes, name), name);
}

QString errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

class TestOnnxGraph : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void convModelComputesWhatLibTorchComputes() {
    auto graph = build(convModel(), "conv.onnx");
    QCOMPARE(graph->inputNames(), std::vector<std::string>{"x"});
    QCOMPARE(graph->named_parameters().size(), std::size_t{2});
    const torch::Tensor x = torch::randn({1, 3, 8, 8});
    const torch::Tensor y = graph->forward({x}).at(0);
    const torch::Tensor w = torch::tensor(ramp(108, 0.1f)).reshape({4, 3, 3, 3});
    const torch::Tensor b = torch::tensor(std::vector<float>{0.1f, -0.2f, 0.3f, 0.0f});
    const torch::Tensor expected = torch::relu(torch::conv2d(x, w, b, 1, 1)).mean({2, 3}, true);
    QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{1, 4, 1, 1}));
    QVERIFY(torch::allclose(y, expected, 1e-5, 1e-6));
    // Any size the strides allow: the graph is fully convolutional.
    QCOMPARE(graph->forward({torch::randn({2, 3, 20, 12})}).at(0).sizes().vec(), (std::vector<std::int64_t>{2, 4, 1, 1}));
  }

  void featureTapsByName() {
    auto graph = build(convModel(), "conv.onnx");
    const auto taps = graph->run({torch::randn({1, 3, 8, 8})}, {"relu_out", "conv_out"});
    QCOMPARE(taps.at("relu_out").sizes().vec(), (std::vector<std::int64_t>{1, 4, 8, 8}));
    QVERIFY(taps.at("relu_out").min().item<float>() >= 0.0f);
    QVERIFY(taps.at("conv_out").min().item<float>() < 0.0f);
    QVERIFY(errorOf([&] { graph->run({torch::randn({1, 3, 8, 8})}, {"nope"}); }).contains("'nope'"));
  }

  void importedWeightsTrain() {
    auto graph = build(convModel(), "conv.onnx");
    const torch::Tensor x = torch::randn({2, 3, 8, 8});
    const torch::Tensor before = graph->forward({x}).at(0).detach().clone();
    torch::optim::SGD optimizer(graph->parameters(), torch::optim::SGDOptions(0.5));
    const torch::Tensor loss = (graph->forward({x}).at(0) - 1.0).pow(2).mean();
    loss.backward();
    const std::string w = graph->parameterName("w");
    QVERIFY(graph->named_parameters()[w].grad().defined());
    QVERIFY(graph->named_parameters()[w].grad().abs().sum().item<float>() > 0.0f);
    optimizer.step();
    const torch::Tensor after = graph->forward({x}).at(0);
    QVERIFY((after - 1.0).pow(2).mean().item<float>() < loss.item<float>());
    QVERIFY(!torch::allclose(before, after));
  }

  void unsupportedOperatorsAndAttributesAreNamed() {
    const QString flatten = errorOf([] { build(onnxtest::channelMeanModel(1, 8, 8), "mean.onnx"); });
    QVERIFY2(flatten.startsWith("mean.onnx: node 'Flatten_node' (Flatten)") && flatten.contains("'Flatten'"),
             qPrintable(flatten));
    const QString attribute =
        errorOf([] { build(convModel(field(5, field(1, "weird") + intField(3, 2) + intField(20, 2))), "odd.onnx"); });
    QVERIFY2(attribute.contains("odd.onnx: node 'Conv_node' (Conv)") && attribute.contains("'weird'"),
             qPrintable(attribute));
    const std::string linear = field(1, onnxtest::node("Resize", "y", "z") + field(5, stringAttribute("mode", "linear")));
    const QString mode = errorOf([&] { build(convModel("", linear), "resize.onnx"); });
    QVERIFY2(mode.contains("(Resize)") && mode.contains("'mode'") && mode.contains("linear"), qPrintable(mode));
  }

  void corruptFilesNameTheFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("cut.onnx").toStdString();
    onnxtest::writeFile(path, convModel().substr(0, 60));
    const QString error = errorOf([&] { OnnxGraph::load(path); });
    QVERIFY2(error.startsWith(QString::fromStdString(path) + ": not an ONNX model"), qPrintable(error));
    QVERIFY(errorOf([&] { OnnxGraph::load(dir.filePath("absent.onnx").toStdString()); }).contains("absent.onnx"));
  }

  void sharedModelsEqualOpenCvDnn_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("yolox_nano") << "yolox_nano.onnx";
    QTest::newRow("FastestDet") << "FastestDet.onnx";
    QTest::newRow("osnet_x0_25") << "osnet_x0_25_msmt17.onnx";
  }
  void sharedModelsEqualOpenCvDnn() {
    QFETCH(QString, file);
    const std::string path = detecttest::modelPath(file.toUtf8().constData());
    if (!QFile::exists(QString::fromStdString(path))) QSKIP("../shared/models absent: no teacher model to compare");
    std::vector<cv::Mat> frames = detecttest::vtestFrames(120, 1);
    if (frames.empty()) QSKIP("vtest.avi absent (scripts/setup puts it in build/data)");
    torch::NoGradGuard noGrad;
    auto graph = OnnxGraph::load(path);
    graph->eval();
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
    const OnnxModelInfo info = OnnxModelInfo::read(path);
    const auto& dims = info.inputs().at(0).dims;
    const cv::Mat blob = cv::dnn::blobFromImage(frames[0], 1.0 / 255.0, cv::Size(int(dims[3]), int(dims[2])),
                                                cv::Scalar(), true, false, CV_32F);
    net.setInput(blob);
    const cv::Mat reference = net.forward().clone();
    const torch::Tensor input =
        torch::from_blob(const_cast<float*>(blob.ptr<float>()), {dims[0], dims[1], dims[2], dims[3]}).clone();
    const torch::Tensor ours = graph->forward({input}).at(0).contiguous();
    QCOMPARE(static_cast<std::size_t>(ours.numel()), reference.total());
    const torch::Tensor expected = torch::from_blob(const_cast<float*>(reference.ptr<float>()), {ours.numel()}).clone();
    const double scale = expected.abs().max().item<double>();
    const double difference = (ours.flatten() - expected).abs().max().item<double>();
    qInfo("%s: largest difference %.3g, largest |output| %.3g", qPrintable(file), difference, scale);
    QVERIFY2(difference <= 1e-3 * scale,
             qPrintable(QString("%1: largest difference %2, largest |output| %3").arg(file).arg(difference).arg(scale)));
  }
};

QTEST_APPLESS_MAIN(TestOnnxGraph)
#include "TestOnnxGraph.moc"
