// The AMS bodies of the node protocol (AmsWire, issue 22): every field out of bounds is refused by WireCodec with an
// Error naming it; the ams.* knobs survive the trip through AmsSettings; weights bytes are little-endian float32.
#include <QtTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "../TestHelpers.h"
#include "net/AmsWire.h"
#include "net/WireCodec.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

const std::string kSha(64, 'a');

wire::Envelope validJoin() {
  wire::Envelope envelope;
  envelope.set_version(WireCodec::kProtocolVersion);
  wire::AmsJoin* join = envelope.mutable_ams()->mutable_join();
  join->set_camera_name("camera");
  join->set_session_id("cam-1.a_b");
  join->set_student_sha256(kSha);
  join->set_layout_hash(42);
  join->set_parameter_count(4);
  join->set_model_name("jde_yolox_s8");
  join->set_base_model_sha256(kSha);
  *join->mutable_settings() = AmsWire::toWire(AmsConfig());
  return envelope;
}

wire::Envelope validSamples() {
  wire::Envelope envelope;
  envelope.set_version(WireCodec::kProtocolVersion);
  wire::AmsSamples* samples = envelope.mutable_ams()->mutable_samples();
  samples->set_session_id("cam-1");
  samples->set_sequence(1);
  samples->set_codec(wire::AMS_CODEC_JPEG);
  samples->set_width(64);
  samples->set_height(48);
  samples->set_frame_count(2);
  samples->set_payload("xx");
  samples->add_frame_age_ms(1000.0);
  samples->add_frame_age_ms(0.0);
  return envelope;
}

wire::Envelope validUpdate() {
  wire::Envelope envelope;
  envelope.set_version(WireCodec::kProtocolVersion);
  wire::AmsUpdate* update = envelope.mutable_ams()->mutable_update();
  update->set_session_id("cam-1");
  update->set_version(3);
  update->set_base_version(2);
  update->set_update("bytes");
  update->set_f1_before(-1.0);
  update->set_f1_after(0.5);
  return envelope;
}

/// The error WireCodec::encode gives @p envelope after @p change.
QString errorAfter(wire::Envelope envelope, const std::function<void(wire::Envelope&)>& change) {
  change(envelope);
  return errorOf([&] { WireCodec::encode(envelope); });
}

}  // namespace

class TestAmsWire : public QObject {
  Q_OBJECT

 private slots:
  void validBodiesPass() {
    for (const wire::Envelope& envelope : {validJoin(), validSamples(), validUpdate()}) {
      const std::string bytes = WireCodec::encode(envelope);
      QCOMPARE(WireCodec::decode(bytes).ams().kind_case(), envelope.ams().kind_case());
    }
  }

  void joinFieldsAreBounded_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("field");
    const char* fields[] = {"ams.join.session_id",
                            "ams.join.session_id",
                            "ams.join.student_sha256",
                            "ams.join.parameter_count",
                            "ams.join.parameter_count",
                            "ams.join.model_name",
                            "ams.join.base_model_sha256",
                            "ams.join.settings",
                            "ams.join.settings.horizon_s",
                            "ams.join.settings.selection",
                            "ams.join.weights",
                            "ams.join.settings.iterations",
                            "ams.join.settings.rate_min_fps",
                            "ams.join.camera_name"};
    for (int i = 0; i < int(std::size(fields)); ++i) {
      QTest::newRow((std::to_string(i) + " " + fields[i]).c_str()) << i << QString(fields[i]);
    }
  }
  void joinFieldsAreBounded() {
    QFETCH(int, row);
    QFETCH(QString, field);
    const std::vector<std::function<void(wire::AmsJoin&)>> changes = {
        [](wire::AmsJoin& j) { j.set_session_id("../etc"); },
        [](wire::AmsJoin& j) { j.set_session_id(std::string(65, 'a')); },
        [](wire::AmsJoin& j) { j.set_student_sha256(std::string(64, 'A')); },
        [](wire::AmsJoin& j) { j.set_parameter_count(0); },
        [](wire::AmsJoin& j) { j.set_parameter_count(AmsWire::kMaxParameters + 1); },
        [](wire::AmsJoin& j) { j.clear_model_name(); },
        [](wire::AmsJoin& j) { j.set_base_model_sha256("abc"); },
        [](wire::AmsJoin& j) { j.clear_settings(); },
        [](wire::AmsJoin& j) { j.mutable_settings()->set_horizon_s(std::numeric_limits<double>::quiet_NaN()); },
        [](wire::AmsJoin& j) { j.mutable_settings()->set_selection("best"); },
        [](wire::AmsJoin& j) { j.set_weights(std::string(12, '\0')); },  // 3 floats for 4 parameters
        [](wire::AmsJoin& j) { j.mutable_settings()->set_iterations(501); },
        [](wire::AmsJoin& j) {
          j.mutable_settings()->set_rate_min_fps(2.0);
          j.mutable_settings()->set_rate_max_fps(1.0);
        },
        [](wire::AmsJoin& j) { j.set_camera_name(std::string(300, 'c')); },
    };
    const QString error = errorAfter(
        validJoin(), [&](wire::Envelope& e) { changes[std::size_t(row)](*e.mutable_ams()->mutable_join()); });
    QVERIFY2(error.startsWith("wire: field " + field), qPrintable(error));
  }

  void samplesFieldsAreBounded_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("field");
    const char* fields[] = {"ams.samples.sequence",        "ams.samples.codec",           "ams.samples.width",
                            "ams.samples.height",          "ams.samples.width/height",    "ams.samples.frame_count",
                            "ams.samples.frame_count",     "ams.samples.payload",         "ams.samples.frame_age_ms",
                            "ams.samples.frame_age_ms[0]", "ams.samples.frame_age_ms[1]", "ams.samples.session_id"};
    for (int i = 0; i < int(std::size(fields)); ++i) {
      QTest::newRow((std::to_string(i) + " " + fields[i]).c_str()) << i << QString(fields[i]);
    }
  }
  void samplesFieldsAreBounded() {
    QFETCH(int, row);
    QFETCH(QString, field);
    const std::vector<std::function<void(wire::AmsSamples&)>> changes = {
        [](wire::AmsSamples& s) { s.set_sequence(0); },
        [](wire::AmsSamples& s) { s.set_codec(static_cast<wire::AmsCodec>(7)); },
        [](wire::AmsSamples& s) { s.set_width(0); },
        [](wire::AmsSamples& s) { s.set_height(20000); },
        [](wire::AmsSamples& s) {
          s.set_width(16384);
          s.set_height(16384);
        },
        [](wire::AmsSamples& s) { s.set_frame_count(0); },
        [](wire::AmsSamples& s) { s.set_frame_count(AmsWire::kMaxFrames + 1); },
        [](wire::AmsSamples& s) { s.clear_payload(); },
        [](wire::AmsSamples& s) { s.add_frame_age_ms(0.0); },  // 3 ages for 2 frames
        [](wire::AmsSamples& s) { s.set_frame_age_ms(0, -1.0); },
        [](wire::AmsSamples& s) { s.set_frame_age_ms(1, 2000.0); },  // newer frame older than the one before
        [](wire::AmsSamples& s) { s.set_session_id(""); },
    };
    const QString error = errorAfter(
        validSamples(), [&](wire::Envelope& e) { changes[std::size_t(row)](*e.mutable_ams()->mutable_samples()); });
    QVERIFY2(error.startsWith("wire: field " + field + ":"), qPrintable(error));
  }

  void repliesAndOthersAreBounded() {
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_version(5);
            }).startsWith("wire: field ams.update.version"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_resync(true);
            }).startsWith("wire: field ams.update.resync"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_f1_after(2.0);
            }).startsWith("wire: field ams.update.f1_after"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_loss_before(std::numeric_limits<double>::infinity());
            }).startsWith("wire: field ams.update.loss_before"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_staleness_ms(-1.0);
            }).startsWith("wire: field ams.update.staleness_ms"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->add_layers()->set_layer(std::string(300, 'l'));
            }).startsWith("wire: field ams.update.layers[0].layer"));
    QVERIFY(errorAfter(validUpdate(), [](wire::Envelope& e) {
              e.mutable_ams()->mutable_update()->set_update(std::string(AmsWire::kMaxUpdateBytes + 1, 'u'));
            }).startsWith("wire: field ams.update.update"));

    wire::Envelope other;
    other.set_version(WireCodec::kProtocolVersion);
    other.mutable_ams();
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams: no kind"));
    other.mutable_ams()->mutable_poll()->set_session_id("cam");
    other.mutable_ams()->mutable_poll()->set_wait_ms(AmsWire::kMaxPollWaitMs + 1);
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams.poll.wait_ms"));
    other.mutable_ams()->mutable_resync()->set_session_id("cam");
    other.mutable_ams()->mutable_resync()->set_sha256(kSha);
    other.mutable_ams()->mutable_resync()->set_weights("12345");
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams.resync.weights"));
    other.mutable_ams()->mutable_join_reply()->set_session_id("cam");
    other.mutable_ams()->mutable_join_reply()->set_accepted(true);
    other.mutable_ams()->mutable_join_reply()->set_need_weights(true);
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams.join_reply.need_weights"));
    other.mutable_ams()->mutable_samples_reply()->set_session_id("cam");
    other.mutable_ams()->mutable_samples_reply()->set_phi_mean(1.5);
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams.samples_reply.phi_mean"));
    other.mutable_ams()->mutable_resync_reply()->set_session_id("cam");
    other.mutable_ams()->mutable_resync_reply()->set_reason(std::string(5000, 'r'));
    QVERIFY(errorOf([&] { WireCodec::encode(other); }).startsWith("wire: field ams.resync_reply.reason"));
  }

  void settingsRoundTrip() {
    AmsConfig config;
    config.updateIntervalS = 7;
    config.horizonS = 120;
    config.iterations = 3;
    config.batch = 5;
    config.learningRate = 2e-4;
    config.fraction = 0.1;
    config.selection = 3;
    config.gate = false;
    config.asr = false;
    config.rateMinFps = 0.2;
    config.rateMaxFps = 2.0;
    config.atrMaxS = 30;
    const AmsConfig back = AmsWire::toConfig(AmsWire::toWire(config));
    for (const ParameterSpec& spec : AmsConfig::parameterSpecs()) {
      if (spec.id == "ams.enabled" || spec.id == "ams.uplinkCodec" || spec.id == "ams.uplinkKbps" ||
          spec.id == "ams.swapGraceFrames") {
        continue;  // camera-only knobs
      }
      QVERIFY2(std::abs(back.value(spec.id) - config.value(spec.id)) < 1e-12, spec.id.c_str());
    }
  }

  void weightsAreLittleEndianFloats() {
    const std::vector<float> values = {1.0f, -0.0f, 3.5e-8f, -65504.0f, std::numeric_limits<float>::infinity()};
    const std::string bytes = AmsWire::packWeights(values);
    QCOMPARE(bytes.size(), values.size() * 4);
    QCOMPARE(static_cast<unsigned char>(bytes[3]), 0x3Fu);  // 1.0f = 0x3F800000, little-endian
    QCOMPARE(static_cast<unsigned char>(bytes[2]), 0x80u);
    const std::vector<float> back = AmsWire::unpackWeights(bytes, "weights");
    QCOMPARE(back.size(), values.size());
    QVERIFY(std::memcmp(back.data(), values.data(), values.size() * 4) == 0);
    QVERIFY(errorOf([] { AmsWire::unpackWeights("abc", "ams.join.weights"); }).contains("field ams.join.weights"));
  }
};

QTEST_GUILESS_MAIN(TestAmsWire)
#include "TestAmsWire.moc"
