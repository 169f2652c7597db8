// PatchWire and the patch messages of the wire codec: request limits named by field (count, duplicate ids, empty
// JPEG, sides, rectangles outside the source), served sizes, Patch/peak conversions with embeddings, reply validation,
// and 2000 mutated requests that never crash the checks.
#include <QtTest>

#include <cmath>

#include "net/PatchWire.h"
#include "net/WireCodec.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

wire::PatchRequest request(int patches) {
  wire::PatchRequest r;
  r.set_frame_number(7);
  r.set_source_width(640);
  r.set_source_height(480);
  for (int i = 0; i < patches; ++i) {
    Patch p;
    p.id = i;
    p.kind = PatchKind::High;
    p.rect = {float(10 * i), 20, 40, 80};
    *r.add_patches() = PatchWire::item(p, {32, 64}, "jpegbytes");
  }
  return r;
}

QString errorOf(const wire::PatchRequest& r) {
  try {
    PatchWire::check(r);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

class TestPatchWire : public QObject {
  Q_OBJECT
 private slots:
  void validRequestPasses() { QCOMPARE(errorOf(request(3)), QString("<no error>")); }
  void limitsNameTheField() {
    QVERIFY(errorOf(request(0)).contains("patch_request.patches"));
    QVERIFY(errorOf(request(65)).contains("65 patches exceed 64"));
    wire::PatchRequest r = request(3);
    r.mutable_patches(2)->set_id(0);
    QVERIFY(errorOf(r).contains("patches[2].id"));
    r = request(3);
    r.mutable_patches(1)->clear_jpeg();
    QVERIFY(errorOf(r).contains("patches[1].jpeg"));
    r = request(3);
    r.mutable_patches(0)->set_input_width(2048);
    QVERIFY(errorOf(r).contains("patches[0].input_width"));
    r = request(3);
    r.mutable_patches(1)->set_x(700);  // right of the 640-px source
    QVERIFY(errorOf(r).contains("outside"));
    r = request(3);
    r.mutable_patches(1)->set_w(std::nanf(""));
    QVERIFY(errorOf(r).contains("patches[1].x/y/w/h"));
    r = request(3);
    r.mutable_patches(2)->set_x(-30);  // reaches into the frame: a padded crop, fine
    QCOMPARE(errorOf(r), QString("<no error>"));
  }
  void servedSizes() {
    const wire::PatchRequest r = request(1);
    PatchWire::checkServed(r.patches(0), 0, {{32, 64}, {64, 128}});
    try {
      PatchWire::checkServed(r.patches(0), 0, {{64, 128}});
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("32x64"));
    }
  }
  void conversionsRoundTrip() {
    Patch p;
    p.id = 5;
    p.kind = PatchKind::Low;
    p.rect = {-12, 30, 50, 100};
    const wire::PatchItem item = PatchWire::item(p, {64, 128}, "abc");
    QCOMPARE(PatchWire::kind(item.kind()), PatchKind::Low);
    QCOMPARE(item.w(), 50.0f);
    std::vector<PatchPeak> peaks{{{1, 2, 30, 60}, 0.9f, {1.0f, 0.0f, 0.0f}}, {{5, 6, 7, 8}, 0.4f, {0.0f, 1.0f, 0.0f}},
                                 {{0, 0, 1, 1}, 0.2f, {0.0f, 0.0f, 1.0f}}, {{0, 0, 1, 1}, 0.1f, {1.0f, 1.0f, 0.0f}}};
    wire::Envelope envelope;
    envelope.set_version(WireCodec::kProtocolVersion);
    wire::PatchResult* result = envelope.mutable_patch_reply()->add_results();
    PatchWire::putPeaks(peaks, result);
    QCOMPARE(result->peaks_size(), 3);  // at most three
    const wire::Envelope back = WireCodec::decode(WireCodec::encode(envelope));
    const std::vector<PatchPeak> decoded = PatchWire::peaks(back.patch_reply().results(0));
    QCOMPARE(static_cast<int>(decoded.size()), 3);
    QCOMPARE(decoded[1].box.width, 7.0f);
    QCOMPARE(decoded[1].embedding, peaks[1].embedding);
    result->set_error(wire::ERROR_BAD_IMAGE);
    QVERIFY(PatchWire::peaks(*result).empty());
  }
  void invalidRepliesAreRejected() {
    wire::Envelope envelope;
    envelope.set_version(WireCodec::kProtocolVersion);
    wire::PatchResult* result = envelope.mutable_patch_reply()->add_results();
    wire::PatchPeak* peak = result->add_peaks();
    peak->set_w(std::nanf(""));
    QVERIFY_THROWS_EXCEPTION(Error, WireCodec::encode(envelope));
    peak->set_w(3);
    result->set_embedding_dim(4);
    result->set_embeddings(std::string(12, '\0'));  // 1 peak × 4 × 4 = 16 bytes expected
    QVERIFY_THROWS_EXCEPTION(Error, WireCodec::encode(envelope));
    wire::Envelope probe;
    probe.set_version(WireCodec::kProtocolVersion);
    probe.mutable_bandwidth_probe()->set_payload(std::string(PatchWire::kMaxProbeBytes + 1, 'x'));
    QVERIFY_THROWS_EXCEPTION(Error, WireCodec::encode(probe));
    QCOMPARE(QString(WireCodec::bodyName(probe)), QString("bandwidth_probe"));
  }
  void mutatedRequestsNeverCrash() {
    wire::Envelope valid;
    valid.set_version(WireCodec::kProtocolVersion);
    *valid.mutable_patch_request() = request(5);
    const std::string bytes = valid.SerializeAsString();
    Rng rng(17);
    int rejected = 0;
    for (int i = 0; i < 2000; ++i) {
      std::string mutated = bytes;
      for (int k = 0; k < 8; ++k) {
        mutated[static_cast<std::size_t>(rng.uniformInt(0, int(mutated.size()) - 1))] = char(rng.uniformInt(0, 255));
      }
      try {
        const wire::Envelope decoded = WireCodec::decode(mutated);
        if (decoded.has_patch_request()) PatchWire::check(decoded.patch_request());
      } catch (const Error&) {
        ++rejected;
      }
    }
    QVERIFY(rejected > 100);
  }
};

QTEST_GUILESS_MAIN(TestPatchWire)
#include "TestPatchWire.moc"
