// AMS robustness (issue 22): random, bit-flipped and truncated AMS bodies against the node's handler
// (AmsNodeSessions, teacher hog) and against the camera client's reply checks (AmsNodeLink::parse*). Never a crash;
// every rejection is an Error naming the field ("wire: field ams.…", "AMS link: … field …") or the request
// ("request N: ams.samples #K …"). Through a server: reply bodies and AMS before the handshake are refused.
#include <torch/torch.h>  // before Qt (the student's description loads LibTorch)

#include <QtTest>

#include <chrono>
#include <limits>
#include <thread>

#include "../TestHelpers.h"
#include "AmsNodeTestUtil.h"
#include "AmsStreamTestUtil.h"
#include "ams/SparseUpdateCodec.h"
#include "amsstream/AmsFrameEncoder.h"
#include "amsstream/AmsNodeLink.h"
#include "net/AmsWire.h"
#include "net/NetClock.h"
#include "net/WireCodec.h"
#include "net/WireValidator.h"
#include "util/Rng.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

constexpr const char* kSession = "fuzz-a";

wire::Envelope envelopeOf(wire::AmsMessage message, std::uint64_t requestId) {
  wire::Envelope envelope;
  envelope.set_version(WireCodec::kProtocolVersion);
  envelope.set_request_id(requestId);
  *envelope.mutable_ams() = std::move(message);
  return envelope;
}

wire::AmsMessage joinMessage() {
  wire::AmsMessage message;
  wire::AmsJoin* join = message.mutable_join();
  const StreamableModel::Identity identity = identityOf(*student().pretrained, 0);
  join->set_camera_name("fuzz camera");
  join->set_session_id(kSession);
  join->set_student_sha256(identity.sha256);
  join->set_layout_hash(identity.layoutHash);
  join->set_parameter_count(identity.parameterCount);
  join->set_model_name(identity.modelName);
  join->set_base_model_sha256(identity.baseModelSha256);
  *join->mutable_settings() = AmsWire::toWire(cheapConfig());
  return message;
}

wire::AmsMessage samplesMessage(const AmsFrameBatch& batch, std::uint64_t sequence) {
  wire::AmsMessage message;
  wire::AmsSamples* samples = message.mutable_samples();
  samples->set_session_id(kSession);
  samples->set_sequence(sequence);
  samples->set_codec(static_cast<wire::AmsCodec>(static_cast<int>(batch.codec)));
  samples->set_width(static_cast<std::uint32_t>(batch.width));
  samples->set_height(static_cast<std::uint32_t>(batch.height));
  samples->set_frame_count(static_cast<std::uint32_t>(batch.frameCount));
  samples->set_payload(batch.payload);
  for (int i = batch.frameCount - 1; i >= 0; --i) samples->add_frame_age_ms(100.0 * i);
  return message;
}

std::string randomText(Rng& rng) {
  switch (rng.uniformInt(0, 3)) {
    case 0:
      return kSession;
    case 1:
      return std::string(std::size_t(rng.uniformInt(0, 300)), char(rng.uniformInt(32, 126)));
    case 2:
      return std::string(64, "0123456789abcdef"[rng.uniformInt(0, 15)]);
    default: {
      std::string bytes(std::size_t(rng.uniformInt(0, 40)), '\0');
      for (char& c : bytes) c = char(rng.uniformInt(0, 255));
      return bytes;
    }
  }
}

double randomNumber(Rng& rng) {
  const double pool[] = {0.0,
                         -1.0,
                         1.0,
                         2.0,
                         1e-3,
                         0.5,
                         1e9,
                         -1e9,
                         std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity()};
  return pool[rng.uniformInt(0, 9)];
}

std::uint32_t randomCount(Rng& rng) {
  const std::uint32_t pool[] = {0u, 1u, 2u, 7u, 4096u, 4097u, 1u << 23, 0xFFFFFFFFu};
  return pool[rng.uniformInt(0, 7)];
}

/// A message of a random kind with random field values (not validated).
wire::AmsMessage randomMessage(Rng& rng, const wire::AmsMessage& join, const wire::AmsMessage& samples) {
  wire::AmsMessage message;
  switch (rng.uniformInt(0, 7)) {
    case 0: {
      message = join;
      wire::AmsJoin* j = message.mutable_join();
      j->set_session_id(randomText(rng));
      j->set_parameter_count(randomCount(rng));
      j->mutable_settings()->set_horizon_s(randomNumber(rng));
      j->mutable_settings()->set_selection(rng.uniformInt(0, 1) ? "gradient" : randomText(rng));
      if (rng.uniformInt(0, 3) == 0) j->set_weights(std::string(std::size_t(rng.uniformInt(0, 64)), 'w'));
      break;
    }
    case 1: {
      message = samples;
      wire::AmsSamples* s = message.mutable_samples();
      s->set_sequence(rng.uniformInt(0, 3));
      s->set_frame_count(randomCount(rng));
      s->set_width(randomCount(rng));
      if (rng.uniformInt(0, 1) && s->frame_age_ms_size() > 0) s->set_frame_age_ms(0, randomNumber(rng));
      if (rng.uniformInt(0, 2) == 0) s->set_codec(static_cast<wire::AmsCodec>(rng.uniformInt(0, 9)));
      break;
    }
    case 2:
      message.mutable_poll()->set_session_id(randomText(rng));
      message.mutable_poll()->set_version(randomCount(rng));
      message.mutable_poll()->set_wait_ms(rng.uniformInt(0, 1) ? 5 : randomCount(rng));
      break;
    case 3:
      message.mutable_resync()->set_session_id(randomText(rng));
      message.mutable_resync()->set_sha256(randomText(rng));
      message.mutable_resync()->set_weights(std::string(std::size_t(rng.uniformInt(0, 9)), 'x'));
      break;
    case 4:
      message.mutable_update()->set_session_id(randomText(rng));
      message.mutable_update()->set_update(randomText(rng));
      message.mutable_update()->set_f1_after(randomNumber(rng));
      break;
    case 5:
      message.mutable_join_reply()->set_session_id(randomText(rng));
      message.mutable_join_reply()->set_rate_fps(randomNumber(rng));
      break;
    case 6:
      message.mutable_samples_reply()->set_session_id(randomText(rng));
      message.mutable_samples_reply()->set_phi_mean(randomNumber(rng));
      break;
    default:
      break;  // no kind at all
  }
  return message;
}

/// @p bytes with 1–8 random bits flipped, or cut short.
std::string garble(Rng& rng, std::string bytes) {
  if (bytes.empty()) return bytes;
  if (rng.uniformInt(0, 3) == 0) return bytes.substr(0, std::size_t(rng.uniformInt(0, int(bytes.size()) - 1)));
  const int flips = rng.uniformInt(1, 8);
  for (int k = 0; k < flips; ++k) {
    const std::size_t at = std::size_t(rng.uniformInt(0, int(bytes.size()) - 1));
    bytes[at] = char(bytes[at] ^ (1 << rng.uniformInt(0, 7)));
  }
  return bytes;
}

/// An error message that names a field or a request.
bool namesFieldOrRequest(const std::string& message) {
  return message.find("field ") != std::string::npos || message.find("request ") != std::string::npos;
}

}  // namespace

class TestAmsFuzz : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { QVERIFY(student().parameterCount > 0); }

  void nodeHandlerSurvivesGarbage() {
    AmsNodeSessions::Options options;
    options.teacherSpec = "hog";
    options.maxSessions = 2;
    options.device = "cpu";
    options.modelFolders = {EDGESCOPE_MODELS_DIR};
    LogCapture log;
    options.log = [&log](const std::string& line) { log.add(line); };
    AmsNodeSessions service(options);
    service.start([] {});
    const std::string peer = "fuzz-peer";

    // A real session first, so that samples, polls and resyncs reach it.
    const wire::AmsMessage join = joinMessage();
    QVERIFY(service.handle(peer, envelopeOf(join, 1), NetClock::nowMs()).kind ==
            NodeAmsService::Action::Kind::Deferred);
    std::vector<NodeAmsService::Outgoing> replies;
    for (int i = 0; i < 600 && replies.empty(); ++i) {
      replies = service.takeReplies();
      if (replies.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    QCOMPARE(replies.size(), std::size_t{1});
    QVERIFY2(replies[0].envelope.ams().join_reply().accepted(),
             replies[0].envelope.ams().join_reply().reason().c_str());

    AmsFrameEncoder::Options jpeg;
    jpeg.codec = AmsFrameCodec::Jpeg;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(sampledFrames(sceneUri(160, 120), 2), jpeg);
    const wire::AmsMessage samples = samplesMessage(batch, 1);
    wire::AmsMessage poll, resync;
    poll.mutable_poll()->set_session_id(kSession);
    poll.mutable_poll()->set_wait_ms(5);
    resync.mutable_resync()->set_session_id(kSession);
    resync.mutable_resync()->set_sha256(student().flatSha256);
    const std::vector<wire::AmsMessage> valid = {join, samples, poll, resync};

    Rng rng(22);
    int deferred = 0, rejectedOnDecode = 0, answered = 0;
    for (int i = 0; i < 1500; ++i) {
      const std::uint64_t id = 100 + std::uint64_t(i);
      wire::AmsMessage body = i % 3 == 0 ? randomMessage(rng, join, samples) : valid[std::size_t(i) % valid.size()];
      if (body.has_samples()) body.mutable_samples()->set_sequence(std::uint64_t(i) + 2);
      std::string bytes;
      QVERIFY(envelopeOf(body, id).SerializeToString(&bytes));
      if (i % 3 != 0) bytes = garble(rng, bytes);
      wire::Envelope request;
      try {
        request = WireCodec::decode(bytes);
      } catch (const Error& error) {
        ++rejectedOnDecode;
        const std::string what = error.what();
        QVERIFY2(what.rfind("wire: ", 0) == 0, what.c_str());
        if (what.find("ams") != std::string::npos) QVERIFY2(what.find("field ams") != std::string::npos, what.c_str());
        continue;
      }
      if (!request.has_ams()) continue;  // a flip turned the body into another one: not the AMS handler's
      const NodeAmsService::Action action = service.handle(peer, request, NetClock::nowMs());
      switch (action.kind) {
        case NodeAmsService::Action::Kind::Deferred:
          ++deferred;
          break;
        case NodeAmsService::Action::Kind::Hold: {
          const std::optional<wire::Envelope> answer = service.resolveHeld(request, true);
          QVERIFY(answer && (answer->has_ams() || answer->has_error()));
          ++answered;
          break;
        }
        case NodeAmsService::Action::Kind::Reply:
          ++answered;
          if (action.reply.has_error()) {
            QVERIFY2(namesFieldOrRequest(action.reply.error().message()), action.reply.error().message().c_str());
          } else {
            QVERIFY(action.reply.has_ams());
            WireValidator::validate(action.reply);  // what the node says is within the wire's limits
          }
          break;
      }
    }
    QVERIFY(rejectedOnDecode > 0 && deferred > 0 && answered > 0);

    // Every deferred request gets its answer (a reply within the limits, or an error naming the request).
    int collected = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (collected < deferred && std::chrono::steady_clock::now() < until) {
      for (const NodeAmsService::Outgoing& out : service.takeReplies()) {
        ++collected;
        if (out.envelope.has_error()) {
          const std::string& message = out.envelope.error().message();
          QVERIFY2(message.rfind("request ", 0) == 0, message.c_str());
          if (out.envelope.error().code() == wire::ERROR_BAD_IMAGE) {
            QVERIFY2(message.find("ams.samples #") != std::string::npos, message.c_str());
          }
        } else {
          WireValidator::validate(out.envelope);
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    QCOMPARE(collected, deferred);
    QVERIFY(service.stats().badImages > 0);
    service.stop();
  }

  void clientRepliesSurviveGarbage() {
    std::vector<float> flat = *student().pretrained;
    std::vector<std::uint32_t> indices;
    for (std::uint32_t i = 0; i < 2000; ++i) {
      indices.push_back(i * 7);
      flat[i * 7] += 0.01f;
    }
    const SparseUpdate sparse = SparseUpdateCodec::build(5, 4, student().layoutHash, indices, flat);
    wire::AmsMessage joinReply, samplesReply, update, resyncReply;
    joinReply.mutable_join_reply()->set_session_id(kSession);
    joinReply.mutable_join_reply()->set_accepted(true);
    joinReply.mutable_join_reply()->set_rate_fps(1.0);
    joinReply.mutable_join_reply()->set_update_interval_s(10.0);
    samplesReply.mutable_samples_reply()->set_session_id(kSession);
    samplesReply.mutable_samples_reply()->set_sequence(3);
    samplesReply.mutable_samples_reply()->set_rate_fps(0.5);
    samplesReply.mutable_samples_reply()->set_update_interval_s(10.0);
    samplesReply.mutable_samples_reply()->set_phi_mean(0.3);
    update.mutable_update()->set_session_id(kSession);
    update.mutable_update()->set_version(5);
    update.mutable_update()->set_base_version(4);
    update.mutable_update()->set_update(SparseUpdateCodec::encode(sparse));
    update.mutable_update()->set_f1_before(-1.0);
    update.mutable_update()->set_f1_after(-1.0);
    resyncReply.mutable_resync_reply()->set_session_id(kSession);
    resyncReply.mutable_resync_reply()->set_accepted(true);
    const std::vector<wire::AmsMessage> valid = {joinReply, samplesReply, update, resyncReply};
    // The valid replies parse.
    QVERIFY(AmsNodeLink::parseJoinReply(envelopeOf(joinReply, 1), kSession).accepted);
    QCOMPARE(AmsNodeLink::parseSamplesReply(envelopeOf(samplesReply, 1), kSession, 3).rateFps, 0.5);
    QVERIFY(AmsNodeLink::parseUpdate(envelopeOf(update, 1), kSession, 4).update == sparse);
    QVERIFY(AmsNodeLink::parseResyncReply(envelopeOf(resyncReply, 1), kSession).accepted);

    Rng rng(23);
    int rejected = 0, parsed = 0;
    for (int i = 0; i < 3000; ++i) {
      std::string bytes;
      const wire::AmsMessage body =
          i % 4 == 0 ? randomMessage(rng, joinMessage(), wire::AmsMessage()) : valid[std::size_t(i) % valid.size()];
      QVERIFY(envelopeOf(body, 1).SerializeToString(&bytes));
      if (i % 4 != 0) bytes = garble(rng, bytes);
      wire::Envelope reply;
      try {
        reply = WireCodec::decode(bytes);  // what NodeClient does before handing a reply over
      } catch (const Error& error) {
        ++rejected;
        QVERIFY2(std::string(error.what()).rfind("wire: ", 0) == 0, error.what());
        continue;
      }
      const std::vector<std::function<void()>> parsers = {[&] { AmsNodeLink::parseJoinReply(reply, kSession); },
                                                          [&] { AmsNodeLink::parseSamplesReply(reply, kSession, 3); },
                                                          [&] { AmsNodeLink::parseUpdate(reply, kSession, 4); },
                                                          [&] { AmsNodeLink::parseResyncReply(reply, kSession); }};
      for (const auto& parse : parsers) {
        const QString error = errorOf(parse);
        if (error == "<no error>") {
          ++parsed;
          continue;
        }
        ++rejected;
        QVERIFY2(error.startsWith("AMS link: ") && error.contains("field "), qPrintable(error));
      }
    }
    QVERIFY(rejected > 0 && parsed > 0);
  }

  void serverRefusesRepliesAndStrangers() {
    AmsNodeFixture node("hog");
    QVERIFY(node.client->waitOnline(5000));
    wire::Envelope body;
    body.mutable_ams()->mutable_update()->set_session_id(kSession);
    std::future<wire::Envelope> reply = node.client->request(body, 0, 10000);
    const std::string refused = futureError(reply);
    QVERIFY2(refused.find("ERROR_BAD_REQUEST") != std::string::npos && refused.find("ams.update") != std::string::npos,
             refused.c_str());
    wire::Envelope poll;
    poll.mutable_ams()->mutable_poll()->set_session_id("nobody");
    std::future<wire::Envelope> unknown = node.client->request(poll, 0, 10000);
    const std::string noSession = futureError(unknown);
    QVERIFY2(noSession.find("field ams.poll.session_id") != std::string::npos, noSession.c_str());

    // AMS before the handshake: refused as any other request.
    zmq::context_t context;
    zmq::socket_t dealer =
        curveDealer(context, node.server->boundAddress(), node.clientKeys, node.serverKeys.publicKey());
    dealer.set(zmq::sockopt::rcvtimeo, 5000);
    dealer.send(zmq::buffer(WireCodec::encode(envelopeOf(joinMessage(), 9))), zmq::send_flags::none);
    zmq::message_t answer;
    QVERIFY(dealer.recv(answer, zmq::recv_flags::none));
    const wire::Envelope decoded = WireCodec::decode(answer.data(), answer.size());
    QCOMPARE(decoded.error().code(), wire::ERROR_HANDSHAKE_FIRST);
  }
};

QTEST_GUILESS_MAIN(TestAmsFuzz)
#include "TestAmsFuzz.moc"
