// OnnxSubgraph: cutting a graph at a value keeps exactly the nodes and initializers that value needs; an unknown value
// is an error naming the model; stripping removes weights but keeps shapes, flags the model, and the stripped graph
// imports as an OnnxGraph of the same parameter names and shapes (zeros) that computes the original once the
// weights are copied back.
#include <QtTest>

#include <onnx/onnx_pb.h>

#include "OnnxGraphTestModels.h"
#include "detect/OnnxProto.h"
#include "detect/OnnxSubgraph.h"
#include "neural/JdeModelFile.h"
#include "neural/OnnxGraph.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::onnxgraphtest;

class TestOnnxSubgraph : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cutKeepsWhatTheValueNeeds() {
    const auto model = OnnxProto::parse(convModel(), "conv.onnx");
    const auto cut = OnnxSubgraph::cut(*model, {"conv_out"}, "conv.onnx");
    QCOMPARE(cut->graph().node_size(), 1);
    QCOMPARE(QString::fromStdString(cut->graph().node(0).op_type()), QString("Conv"));
    QCOMPARE(cut->graph().initializer_size(), 2);
    QCOMPARE(cut->graph().output_size(), 1);
    QCOMPARE(QString::fromStdString(cut->graph().output(0).name()), QString("conv_out"));
    QCOMPARE(cut->graph().input_size(), 1);
    const auto whole = OnnxSubgraph::cut(*model, {"y"}, "conv.onnx");
    QCOMPARE(whole->graph().node_size(), 3);
    try {
      OnnxSubgraph::cut(*model, {"nowhere"}, "conv.onnx");
      QFAIL("an unknown value must not cut");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("conv.onnx") && QString(e.what()).contains("'nowhere'"), e.what());
    }
  }

  void strippedGraphImportsWithTheSameParameters() {
    const auto model = OnnxProto::parse(convModel(), "conv.onnx");
    const auto stripped = OnnxSubgraph::stripWeights(*model);
    QVERIFY(OnnxSubgraph::weightsStripped(*stripped));
    QVERIFY(!OnnxSubgraph::weightsStripped(*model));
    for (const auto& initializer : stripped->graph().initializer()) {
      QVERIFY(initializer.raw_data().empty());
      QVERIFY(initializer.dims_size() > 0);
    }
    QVERIFY(stripped->ByteSizeLong() < model->ByteSizeLong() / 2);

    torch::NoGradGuard noGrad;
    OnnxGraph original(*model, "conv.onnx");
    OnnxGraph structure(*stripped, "stripped");
    QVERIFY(structure.named_parameters()["w_w"].abs().sum().item<double>() == 0.0);
    JdeModelFile::copyWeights(original, structure, "copy");
    const torch::Tensor x = torch::randn({1, 3, 8, 8});
    QVERIFY(torch::equal(original.forward({x}).at(0), structure.forward({x}).at(0)));
  }

  void missingDataIsAnErrorUnlessStripped() {
    const auto model = OnnxProto::parse(convModel(), "conv.onnx");
    auto broken = std::make_shared<onnx::ModelProto>(*model);
    broken->mutable_graph()->mutable_initializer(0)->clear_raw_data();
    try {
      OnnxGraph graph(*broken, "broken.onnx");
      QFAIL("a weight without data must not import");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("broken.onnx") && QString(e.what()).contains("bytes of data"), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestOnnxSubgraph)
#include "TestOnnxSubgraph.moc"
