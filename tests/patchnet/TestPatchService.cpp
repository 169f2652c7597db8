// A node serving a patch model (issue 20): its hello announces every input size with profiled ms and accuracy; a
// PatchRequest is answered per patch (one undecodable crop gets its own error, the rest peaks), broken requests are
// ERROR_BAD_REQUEST naming the field, a size it does not serve too, bandwidth probes are answered with the byte
// count, and a node without a patch model refuses patches as unsupported.
#include <filesystem>

#include <opencv2/imgcodecs.hpp>

#include "neural/JdeModelFile.h"
#include "net/JpegImage.h"
#include "net/NodeClient.h"
#include "net/NodeServer.h"
#include "net/PatchWire.h"
#include "patchnet/PatchNetRunner.h"
#include "patchnet/PatchPresets.h"
#include "util/Error.h"

#include <QtTest>  // after LibTorch: Qt's "slots" macro breaks its headers

using namespace edgescope;

namespace {

std::string saveModel(const QString& folder) {
  torch::manual_seed(5);
  const PatchPreset preset = PatchPresets::all().front();
  JdeNet net(preset.architecture);
  JdeModelCard card;
  card.kind = JdeModelCard::kKindPatch;
  card.name = "svc_patch";
  card.architecture = preset.architecture;
  card.patch.sizes = {{32, 64}, {64, 128}, {96, 192}};
  card.metrics["patch.64x128.f1"] = 0.81;
  const std::string path = (folder + "/svc_patch.pt").toStdString();
  JdeModelFile::save(net, card, path);
  return JdeModelCard::cardPathFor(path);
}

struct Node {
  std::unique_ptr<NodeServer> server;
  std::unique_ptr<NodeClient> client;
  Node(const std::string& patchModel) {
    NodeServerConfig config;
    config.bindAddress = "tcp://127.0.0.1:*";
    config.insecure = true;
    config.detectorSpec = "hog";
    config.patchModel = patchModel;
    config.name = "patch-node";
    config.log = [](const std::string&) {};
    server = std::make_unique<NodeServer>(config);
    server->start();
    NodeClientConfig client;
    client.address = server->boundAddress();
    client.insecure = true;
    this->client = std::make_unique<NodeClient>(client);
    this->client->start();
  }
  wire::Envelope send(wire::Envelope envelope) {
    envelope.set_version(1);
    return client->request(std::move(envelope), 0, 10000).get();
  }
  /// The error a request fails with (the client turns error replies into Error), or "<reply>".
  QString errorOf(wire::Envelope envelope) {
    try {
      send(std::move(envelope));
    } catch (const Error& e) {
      return e.what();
    }
    return "<reply>";
  }
};

wire::Envelope patchEnvelope(int count) {
  wire::Envelope envelope;
  wire::PatchRequest* request = envelope.mutable_patch_request();
  request->set_frame_number(3);
  request->set_stream_id("cam");
  request->set_source_width(640);
  request->set_source_height(480);
  cv::Mat crop(64, 32, CV_8UC3, cv::Scalar(90, 120, 150));
  for (int i = 0; i < count; ++i) {
    Patch p;
    p.id = 10 + i;
    p.rect = {float(40 * i), 100, 32, 64};
    *request->add_patches() = PatchWire::item(p, {32, 64}, JpegImage::encode(crop, 90));
  }
  return envelope;
}

}  // namespace

class TestPatchService : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { PatchNetRunner::install(); }
  void servesPatchesPerPatch() {
    QTemporaryDir dir;
    Node node(saveModel(dir.path()));
    QVERIFY(node.client->waitOnline(10000));
    const wire::Capabilities caps = node.client->status().capabilities;
    QCOMPARE(caps.patch_models_size(), 3);
    QCOMPARE(caps.patch_model_name(), std::string("svc_patch"));
    QCOMPARE(caps.patch_models(1).width(), 64u);
    QCOMPARE(caps.patch_models(1).accuracy(), 0.81);
    QVERIFY(caps.patch_models(0).compute_ms() > 0.0);
    wire::Envelope request = patchEnvelope(3);
    request.mutable_patch_request()->mutable_patches(1)->set_jpeg("not a jpeg");
    const wire::Envelope reply = node.send(request);
    QVERIFY2(reply.has_patch_reply(), reply.DebugString().c_str());
    const wire::PatchReply& patches = reply.patch_reply();
    QCOMPARE(patches.results_size(), 3);
    QCOMPARE(patches.results(0).id(), 10u);
    QCOMPARE(int(patches.results(0).error()), int(wire::ERROR_UNSPECIFIED));
    QCOMPARE(int(patches.results(1).error()), int(wire::ERROR_BAD_IMAGE));
    QVERIFY(QString::fromStdString(patches.results(1).error_message()).contains("patch 11"));
    QCOMPARE(int(patches.results(2).error()), int(wire::ERROR_UNSPECIFIED));
    QVERIFY(patches.results(2).compute_ms() > 0.0);
    QCOMPARE(patches.frame_number(), std::int64_t(3));
  }
  void badRequestsNameTheField() {
    QTemporaryDir dir;
    Node node(saveModel(dir.path()));
    QVERIFY(node.client->waitOnline(10000));
    wire::Envelope duplicate = patchEnvelope(2);
    duplicate.mutable_patch_request()->mutable_patches(1)->set_id(10);
    QString error = node.errorOf(duplicate);
    QVERIFY2(error.contains("ERROR_BAD_REQUEST") && error.contains("patches[1].id"), qPrintable(error));
    wire::Envelope size = patchEnvelope(1);
    size.mutable_patch_request()->mutable_patches(0)->set_input_width(64);  // 64x64: not a size it serves
    error = node.errorOf(size);
    QVERIFY2(error.contains("ERROR_BAD_REQUEST") && error.contains("64x64"), qPrintable(error));
    wire::Envelope probe;
    probe.mutable_bandwidth_probe()->set_payload(std::string(65536, 'p'));
    const wire::Envelope reply = node.send(probe);
    QCOMPARE(reply.probe_reply().received_bytes(), 65536u);
    QVERIFY(node.send(patchEnvelope(1)).has_patch_reply());  // still serving
  }
  void withoutModelPatchesAreUnsupported() {
    Node node("");
    QVERIFY(node.client->waitOnline(10000));
    QCOMPARE(node.client->status().capabilities.patch_models_size(), 0);
    const QString error = node.errorOf(patchEnvelope(1));
    QVERIFY2(error.contains("ERROR_UNSUPPORTED") && error.contains("--patch-model"), qPrintable(error));
  }
  void missingModelIsAnErrorNamingTheFile() {
    NodeServerConfig config;
    config.bindAddress = "tcp://127.0.0.1:*";
    config.insecure = true;
    config.patchModel = "/nonexistent/patch.json";
    try {
      NodeServer server(config);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("/nonexistent/patch"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestPatchService)
#include "TestPatchService.moc"
