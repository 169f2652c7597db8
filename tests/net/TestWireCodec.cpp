// Unit tests of WireCodec: every message round-trips; version, size, framing and field limits (Turbo's included) are
// Errors naming the field; 10000 random or mutated buffers never crash and always give Error (or a valid envelope).
#include <QtTest>

#include <cstring>
#include <string>

#include "net/WireCodec.h"
#include "net/WireConvert.h"
#include "net/WireValidator.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

QString decodeError(const std::string& bytes) {
  try {
    WireCodec::decode(bytes);
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return "<no error>";
}

wire::Envelope envelope(std::uint64_t id) {
  wire::Envelope e;
  e.set_version(WireCodec::kProtocolVersion);
  e.set_request_id(id);
  e.set_deadline_ms(250);
  e.set_sent_at_us(123456789);
  return e;
}

wire::Envelope detectReply(int boxes, int dim) {
  wire::Envelope e = envelope(7);
  std::vector<Detection> detections(static_cast<std::size_t>(boxes));
  for (int i = 0; i < boxes; ++i) {
    detections[i].box = {float(i), 2.0f * i, 10.0f, 20.0f};
    detections[i].score = 0.5f;
    detections[i].embedding.assign(static_cast<std::size_t>(dim), 0.25f * i);
  }
  WireConvert::putDetections(detections, true, e.mutable_detect_reply());
  return e;
}

}  // namespace

class TestWireCodec : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsEveryMessage() {
    std::vector<wire::Envelope> all;
    wire::Envelope hello = envelope(1);
    hello.mutable_hello()->set_role(wire::ROLE_CAMERA);
    hello.mutable_hello()->set_protocol_version(1);
    hello.mutable_hello()->set_node_name("cam-1");
    all.push_back(hello);
    wire::Envelope helloReply = envelope(2);
    helloReply.mutable_hello_reply()->set_accepted(true);
    helloReply.mutable_hello_reply()->mutable_capabilities()->add_models("hog");
    helloReply.mutable_hello_reply()->mutable_capabilities()->set_device("cpu");
    helloReply.mutable_hello_reply()->mutable_capabilities()->set_slowdown(2.5);
    all.push_back(helloReply);
    wire::Envelope beat = envelope(3);
    beat.mutable_heartbeat()->set_seq(42);
    all.push_back(beat);
    wire::Envelope ack = envelope(4);
    ack.mutable_heartbeat_ack()->set_seq(42);
    ack.mutable_heartbeat_ack()->set_queue_depth(3);
    ack.mutable_heartbeat_ack()->set_load(0.75);
    all.push_back(ack);
    wire::Envelope detect = envelope(5);
    detect.mutable_detect_request()->set_jpeg(std::string("\xff\xd8 pixels", 9));
    detect.mutable_detect_request()->set_input_width(640);
    detect.mutable_detect_request()->set_input_height(352);
    detect.mutable_detect_request()->set_run_selection(true);
    detect.mutable_detect_request()->mutable_deepscale()->set_preset(2);
    all.push_back(detect);
    all.push_back(detectReply(3, 128));
    wire::Envelope track = envelope(8);
    track.mutable_track_request()->set_jpeg("x");
    track.mutable_track_request()->set_stream_id("cam-1/0");
    all.push_back(track);
    wire::Envelope trackReply = envelope(9);
    trackReply.mutable_track_reply()->add_tracks()->set_track_id(5);
    all.push_back(trackReply);
    wire::Envelope error = envelope(10);
    error.mutable_error()->set_code(wire::ERROR_BUSY);
    error.mutable_error()->set_message("queue full");
    all.push_back(error);
    for (const wire::Envelope& original : all) {
      const std::string bytes = WireCodec::encode(original);
      const wire::Envelope decoded = WireCodec::decode(bytes);
      QCOMPARE(decoded.SerializeAsString(), original.SerializeAsString());
      QCOMPARE(int(decoded.body_case()), int(original.body_case()));
    }
  }

  void detectionsAndEmbeddingsSurvive() {
    const wire::Envelope decoded = WireCodec::decode(WireCodec::encode(detectReply(4, 16)));
    const std::vector<Detection> detections = WireConvert::detections(decoded.detect_reply());
    QCOMPARE(int(detections.size()), 4);
    QCOMPARE(detections[3].box.y, 6.0f);
    QCOMPARE(int(detections[3].embedding.size()), 16);
    QCOMPARE(detections[3].embedding[15], 0.75f);
  }

  void rejectsOtherVersionsAndMissingBody() {
    wire::Envelope other = envelope(1);
    other.mutable_heartbeat();
    other.set_version(2);
    QVERIFY(decodeError(other.SerializeAsString()).contains("field version: protocol version 2, expected 1"));
    wire::Envelope empty = envelope(1);
    QVERIFY(decodeError(empty.SerializeAsString()).contains("field body: missing"));
    QVERIFY(decodeError(std::string()).contains("empty message"));
  }

  void rejectsOversizedBeforeParsing() {
    const std::string huge(WireCodec::kMaxMessageBytes + 1, '\0');
    QVERIFY(decodeError(huge).contains("exceeds"));
  }

  void rejectsTruncated() {
    const std::string bytes = WireCodec::encode(detectReply(5, 32));
    int rejected = 0;
    for (std::size_t cut = 1; cut < bytes.size(); cut += 7) {
      if (decodeError(bytes.substr(0, cut)) != "<no error>") ++rejected;
    }
    QVERIFY(rejected > 0);
    QVERIFY(decodeError(bytes.substr(0, bytes.size() - 1)) != "<no error>");
  }

  void fieldLimitsNameTheField() {
    wire::Envelope e = detectReply(2, 8);
    e.mutable_detect_reply()->set_embedding_dim(2048);
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.embedding_dim"));
    e = detectReply(2, 8);
    e.mutable_detect_reply()->mutable_embeddings()->resize(5);
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.embeddings"));
    e = detectReply(WireCodec::kMaxBoxes + 1, 0);
    QVERIFY(decodeError(e.SerializeAsString()).contains("exceed 10000"));
    e = detectReply(1, 0);
    e.mutable_detect_reply()->mutable_boxes(0)->set_w(std::nanf(""));
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.boxes[0]"));
    wire::Envelope request = envelope(1);
    request.mutable_detect_request()->set_jpeg("x");
    request.mutable_detect_request()->set_input_width(640);
    QVERIFY(decodeError(request.SerializeAsString()).contains("detect_request.input_width/"));
    request.mutable_detect_request()->clear_jpeg();
    request.mutable_detect_request()->set_input_height(352);
    QVERIFY(decodeError(request.SerializeAsString()).contains("detect_request.jpeg: empty image"));
    request.mutable_detect_request()->set_jpeg("x");
    request.mutable_detect_request()->set_source_width(16384);  // each side within limits, the area not
    request.mutable_detect_request()->set_source_height(16384);
    QVERIFY(decodeError(request.SerializeAsString()).contains("detect_request.source_width/"));
    QVERIFY(decodeError(request.SerializeAsString()).contains("exceeds 67108864 pixels"));
    request.mutable_detect_request()->set_source_height(4096);  // exactly 64 Mpx: accepted
    QCOMPARE(decodeError(request.SerializeAsString()), QString("<no error>"));
    wire::Envelope hello = envelope(1);
    hello.mutable_hello()->set_node_name(std::string(300, 'n'));
    QVERIFY(decodeError(hello.SerializeAsString()).contains("hello.node_name"));
    try {
      WireCodec::encode(hello);
      QFAIL("encode accepted an over-long name");
    } catch (const Error& error) {
      QVERIFY(QString(error.what()).contains("hello.node_name"));
    }
  }

  void turboFieldsNameTheField() {
    // Replies: the exit and its time, the heartbeat's Turbo share; requests: the due time (WireValidator::checkRequest,
    // which a server answers with ERROR_BAD_REQUEST; the message itself decodes).
    wire::Envelope e = detectReply(1, 0);
    e.mutable_detect_reply()->set_turbo_exit(3);
    e.mutable_detect_reply()->set_turbo_planned_exit(5);
    e.mutable_detect_reply()->set_turbo_yielded(true);
    e.mutable_detect_reply()->set_turbo_ms(12.5);
    QCOMPARE(WireCodec::decode(e.SerializeAsString()).detect_reply().turbo_exit(), 3u);
    e.mutable_detect_reply()->set_turbo_exit(WireCodec::kMaxTurboExit + 1);
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.turbo_exit"));
    e.mutable_detect_reply()->set_turbo_exit(1);
    e.mutable_detect_reply()->set_turbo_planned_exit(1000);
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.turbo_planned_exit"));
    e.mutable_detect_reply()->set_turbo_planned_exit(1);
    e.mutable_detect_reply()->set_turbo_ms(-1.0);
    QVERIFY(decodeError(e.SerializeAsString()).contains("detect_reply.turbo_ms"));
    wire::Envelope ack = envelope(2);
    ack.mutable_heartbeat_ack()->set_turbo_share(0.4);
    QCOMPARE(WireCodec::decode(ack.SerializeAsString()).heartbeat_ack().turbo_share(), 0.4);
    for (double bad : {1.5, -0.1, std::nan("")}) {
      ack.mutable_heartbeat_ack()->set_turbo_share(bad);
      QVERIFY(decodeError(ack.SerializeAsString()).contains("heartbeat_ack.turbo_share"));
    }
    wire::Envelope request = envelope(3);
    request.mutable_detect_request()->set_jpeg("x");
    request.mutable_detect_request()->set_reply_within_ms(WireCodec::kMaxReplyWithinMs);
    WireValidator::checkRequest(request);
    request.mutable_detect_request()->set_reply_within_ms(WireCodec::kMaxReplyWithinMs + 1);
    QCOMPARE(decodeError(request.SerializeAsString()), QString("<no error>"));
    try {
      WireValidator::checkRequest(request);
      QFAIL("a reply_within_ms over the limit passed");
    } catch (const Error& error) {
      QVERIFY2(QString(error.what()).contains("detect_request.reply_within_ms"), error.what());
    }
  }

  void wrongWireTypesAreErrors() {
    // Field 2 (request_id, varint) sent as a length-delimited field; field 10 (hello, a message) as a varint.
    QVERIFY(decodeError(std::string("\x08\x01\x12\x03" "abc", 7)) != "<no error>");
    QVERIFY(decodeError(std::string("\x08\x01\x50\x05", 4)) != "<no error>");
  }

  void randomBytesNeverCrash() {
    Rng rng(2024);
    const std::string valid = WireCodec::encode(detectReply(3, 8));
    int errors = 0, decoded = 0;
    for (int i = 0; i < 10000; ++i) {
      std::string bytes;
      if (i % 2 == 0) {
        bytes.resize(static_cast<std::size_t>(rng.uniformInt(0, 512)));
        for (char& c : bytes) c = static_cast<char>(rng.uniformInt(0, 255));
      } else {  // mutate a valid message: flip bytes, cut, or extend
        bytes = valid;
        for (int flips = rng.uniformInt(1, 8); flips > 0; --flips) {
          bytes[static_cast<std::size_t>(rng.uniformInt(0, int(bytes.size()) - 1))] =
              static_cast<char>(rng.uniformInt(0, 255));
        }
        if (rng.uniform() < 0.3) bytes.resize(static_cast<std::size_t>(rng.uniformInt(0, int(bytes.size()))));
      }
      try {
        const wire::Envelope envelope = WireCodec::decode(bytes);
        QCOMPARE(envelope.version(), WireCodec::kProtocolVersion);  // whatever passes is valid
        QVERIFY(envelope.body_case() != wire::Envelope::BODY_NOT_SET);
        ++decoded;
      } catch (const Error&) {
        ++errors;
      }
    }
    QCOMPARE(errors + decoded, 10000);
    qInfo("random/mutated buffers: %d rejected, %d decoded to valid envelopes", errors, decoded);
    QVERIFY(errors > 5000);  // nearly every random buffer; mutated ones often stay valid (flipped float bytes)
  }
};

QTEST_APPLESS_MAIN(TestWireCodec)
#include "TestWireCodec.moc"
