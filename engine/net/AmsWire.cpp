#include "net/AmsWire.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "ams/CoordinateSelector.h"
#include "net/WireCodec.h"
#include "util/Error.h"

namespace edgescope {

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& why) {
  throw Error("wire: field " + field + ": " + why);
}

void checkText(const std::string& text, std::size_t maxBytes, const std::string& field) {
  if (text.size() > maxBytes) fail(field, std::to_string(text.size()) + " bytes exceed " + std::to_string(maxBytes));
}

void checkSession(const std::string& id, const std::string& field) {
  if (!AmsWire::isSessionId(id)) {
    fail(field, "'" + id.substr(0, AmsWire::kMaxSessionIdBytes) +
                    "' is not a session id (1-64 characters of A-Z a-z 0-9 . _ -, not starting with '.')");
  }
}

void checkSha(const std::string& sha, const std::string& field) {
  if (!AmsWire::isSha256(sha)) fail(field, "not a sha256 (64 lowercase hex characters)");
}

/// A finite number in [lo, hi].
void checkRange(double value, double lo, double hi, const std::string& field) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    fail(field,
         std::to_string(value) + " is not a finite number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
}

/// −1 (none) or a share in [0, 1].
void checkShareOrNone(double value, const std::string& field) {
  if (value == -1.0) return;
  checkRange(value, 0.0, 1.0, field + " (or -1)");
}

/// Flat weights: none, or 4 bytes per parameter (@p count when known, > 0).
void checkWeights(const std::string& weights, std::uint64_t count, const std::string& field) {
  if (weights.empty()) return;
  if (weights.size() % 4 != 0 || weights.size() / 4 > AmsWire::kMaxParameters) {
    fail(field, std::to_string(weights.size()) + " bytes are not 4 × at most " +
                    std::to_string(AmsWire::kMaxParameters) + " floats");
  }
  if (count > 0 && weights.size() != 4 * count) {
    fail(field, std::to_string(weights.size()) + " bytes, expected 4 × parameter_count = " + std::to_string(4 * count));
  }
}

void checkRate(double rateFps, double intervalS, const std::string& kind) {
  checkRange(rateFps, 0.0, AmsWire::kMaxRateFps, "ams." + kind + ".rate_fps");
  checkRange(intervalS, 0.0, AmsWire::kMaxUpdateIntervalS, "ams." + kind + ".update_interval_s");
}

void checkSamples(const wire::AmsSamples& s) {
  checkSession(s.session_id(), "ams.samples.session_id");
  if (s.sequence() == 0) fail("ams.samples.sequence", "must be > 0");
  if (s.codec() != wire::AMS_CODEC_H264 && s.codec() != wire::AMS_CODEC_JPEG) {
    fail("ams.samples.codec", "unknown codec " + std::to_string(static_cast<int>(s.codec())));
  }
  const std::uint32_t side = static_cast<std::uint32_t>(WireCodec::kMaxImageSidePx);
  if (s.width() == 0 || s.width() > side) fail("ams.samples.width", std::to_string(s.width()) + " px not in 1 … 16384");
  if (s.height() == 0 || s.height() > side) {
    fail("ams.samples.height", std::to_string(s.height()) + " px not in 1 … 16384");
  }
  if (static_cast<long long>(s.width()) * s.height() > WireCodec::kMaxImagePixels) {
    fail("ams.samples.width/height", std::to_string(s.width()) + "x" + std::to_string(s.height()) + " exceeds " +
                                         std::to_string(WireCodec::kMaxImagePixels) + " pixels");
  }
  if (s.frame_count() == 0 || s.frame_count() > static_cast<std::uint32_t>(AmsWire::kMaxFrames)) {
    fail("ams.samples.frame_count",
         std::to_string(s.frame_count()) + " not in 1 … " + std::to_string(AmsWire::kMaxFrames));
  }
  if (s.payload().empty()) fail("ams.samples.payload", "empty");
  checkText(s.payload(), WireCodec::kMaxImageBytes, "ams.samples.payload");
  if (s.frame_age_ms_size() != static_cast<int>(s.frame_count())) {
    fail("ams.samples.frame_age_ms",
         std::to_string(s.frame_age_ms_size()) + " ages for " + std::to_string(s.frame_count()) + " frames");
  }
  for (int i = 0; i < s.frame_age_ms_size(); ++i) {
    const std::string at = "ams.samples.frame_age_ms[" + std::to_string(i) + "]";
    checkRange(s.frame_age_ms(i), 0.0, AmsWire::kMaxFrameAgeMs, at);
    if (i > 0 && s.frame_age_ms(i) > s.frame_age_ms(i - 1)) fail(at, "older than the frame before (oldest first)");
  }
}

void checkUpdate(const wire::AmsUpdate& u) {
  checkSession(u.session_id(), "ams.update.session_id");
  checkText(u.update(), AmsWire::kMaxUpdateBytes, "ams.update.update");
  if (u.resync() && !u.update().empty()) fail("ams.update.resync", "set together with update bytes");
  if (!u.update().empty() && u.version() != u.base_version() + 1) {
    fail("ams.update.version",
         std::to_string(u.version()) + " does not follow base_version " + std::to_string(u.base_version()));
  }
  checkRange(u.staleness_ms(), 0.0, AmsWire::kMaxDurationMs, "ams.update.staleness_ms");
  checkRange(u.train_ms(), 0.0, AmsWire::kMaxDurationMs, "ams.update.train_ms");
  checkRange(u.age_ms(), 0.0, AmsWire::kMaxDurationMs, "ams.update.age_ms");
  if (!std::isfinite(u.loss_before())) fail("ams.update.loss_before", "not finite");
  if (!std::isfinite(u.loss_after())) fail("ams.update.loss_after", "not finite");
  checkShareOrNone(u.f1_before(), "ams.update.f1_before");
  checkShareOrNone(u.f1_after(), "ams.update.f1_after");
  if (u.layers_size() > AmsWire::kMaxLayers) {
    fail("ams.update.layers",
         std::to_string(u.layers_size()) + " entries exceed " + std::to_string(AmsWire::kMaxLayers));
  }
  for (int i = 0; i < u.layers_size(); ++i) {
    checkText(u.layers(i).layer(), WireCodec::kMaxNameBytes, "ams.update.layers[" + std::to_string(i) + "].layer");
  }
}

}  // namespace

bool AmsWire::isSessionId(const std::string& id) {
  if (id.empty() || id.size() > kMaxSessionIdBytes || id[0] == '.') return false;
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool AmsWire::isSha256(const std::string& text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void AmsWire::check(const wire::AmsMessage& message) {
  switch (message.kind_case()) {
    case wire::AmsMessage::kJoin: {
      const wire::AmsJoin& j = message.join();
      checkText(j.camera_name(), WireCodec::kMaxNameBytes, "ams.join.camera_name");
      checkSession(j.session_id(), "ams.join.session_id");
      checkSha(j.student_sha256(), "ams.join.student_sha256");
      if (j.parameter_count() == 0 || j.parameter_count() > kMaxParameters) {
        fail("ams.join.parameter_count",
             std::to_string(j.parameter_count()) + " not in 1 … " + std::to_string(kMaxParameters));
      }
      if (j.model_name().empty()) fail("ams.join.model_name", "empty");
      checkText(j.model_name(), WireCodec::kMaxNameBytes, "ams.join.model_name");
      checkSha(j.base_model_sha256(), "ams.join.base_model_sha256");
      if (!j.has_settings()) fail("ams.join.settings", "missing");
      checkSettings(j.settings(), "ams.join.settings");
      checkWeights(j.weights(), j.parameter_count(), "ams.join.weights");
      return;
    }
    case wire::AmsMessage::kJoinReply: {
      const wire::AmsJoinReply& r = message.join_reply();
      checkSession(r.session_id(), "ams.join_reply.session_id");
      checkText(r.reason(), WireCodec::kMaxTextBytes, "ams.join_reply.reason");
      checkRate(r.rate_fps(), r.update_interval_s(), "join_reply");
      if (r.accepted() && r.need_weights()) fail("ams.join_reply.need_weights", "set on an accepted join");
      return;
    }
    case wire::AmsMessage::kSamples:
      return checkSamples(message.samples());
    case wire::AmsMessage::kSamplesReply: {
      const wire::AmsSamplesReply& r = message.samples_reply();
      checkSession(r.session_id(), "ams.samples_reply.session_id");
      if (r.accepted() > static_cast<std::uint32_t>(kMaxFrames)) fail("ams.samples_reply.accepted", "too many");
      checkRate(r.rate_fps(), r.update_interval_s(), "samples_reply");
      checkShareOrNone(r.phi_mean(), "ams.samples_reply.phi_mean");
      return;
    }
    case wire::AmsMessage::kPoll:
      checkSession(message.poll().session_id(), "ams.poll.session_id");
      if (message.poll().wait_ms() > kMaxPollWaitMs) {
        fail("ams.poll.wait_ms",
             std::to_string(message.poll().wait_ms()) + " ms exceeds " + std::to_string(kMaxPollWaitMs));
      }
      return;
    case wire::AmsMessage::kUpdate:
      return checkUpdate(message.update());
    case wire::AmsMessage::kResync:
      checkSession(message.resync().session_id(), "ams.resync.session_id");
      checkSha(message.resync().sha256(), "ams.resync.sha256");
      checkWeights(message.resync().weights(), 0, "ams.resync.weights");
      return;
    case wire::AmsMessage::kResyncReply:
      checkSession(message.resync_reply().session_id(), "ams.resync_reply.session_id");
      checkText(message.resync_reply().reason(), WireCodec::kMaxTextBytes, "ams.resync_reply.reason");
      if (message.resync_reply().accepted() && message.resync_reply().need_weights()) {
        fail("ams.resync_reply.need_weights", "set on an accepted resync");
      }
      return;
    case wire::AmsMessage::KIND_NOT_SET:
      break;
  }
  fail("ams", "no kind set (join, samples, poll, resync or a reply)");
}

namespace {

/// One numeric knob: its wire field name, its ams.* id and how to read/write the AmsSettings.
struct Knob {
  const char* field;
  const char* id;
  std::function<double(const wire::AmsSettings&)> get;
  std::function<void(wire::AmsSettings&, double)> set;
};

const std::vector<Knob>& knobs() {
  using S = wire::AmsSettings;
  static const std::vector<Knob> all = {
      {"update_interval_s", "ams.updateIntervalS", [](const S& s) { return s.update_interval_s(); },
       [](S& s, double v) { s.set_update_interval_s(v); }},
      {"horizon_s", "ams.horizonS", [](const S& s) { return s.horizon_s(); },
       [](S& s, double v) { s.set_horizon_s(v); }},
      {"iterations", "ams.iterations", [](const S& s) { return double(s.iterations()); },
       [](S& s, double v) { s.set_iterations(static_cast<std::uint32_t>(v)); }},
      {"batch", "ams.batch", [](const S& s) { return double(s.batch()); },
       [](S& s, double v) { s.set_batch(static_cast<std::uint32_t>(v)); }},
      {"learning_rate", "ams.learningRate", [](const S& s) { return s.learning_rate(); },
       [](S& s, double v) { s.set_learning_rate(v); }},
      {"fraction", "ams.fraction", [](const S& s) { return s.fraction(); }, [](S& s, double v) { s.set_fraction(v); }},
      {"gate", "ams.gate", [](const S& s) { return s.gate() ? 1.0 : 0.0; },
       [](S& s, double v) { s.set_gate(v > 0.5); }},
      {"asr", "ams.asr", [](const S& s) { return s.asr() ? 1.0 : 0.0; }, [](S& s, double v) { s.set_asr(v > 0.5); }},
      {"rate_min_fps", "ams.rateMinFps", [](const S& s) { return s.rate_min_fps(); },
       [](S& s, double v) { s.set_rate_min_fps(v); }},
      {"rate_max_fps", "ams.rateMaxFps", [](const S& s) { return s.rate_max_fps(); },
       [](S& s, double v) { s.set_rate_max_fps(v); }},
      {"phi_target", "ams.phiTarget", [](const S& s) { return s.phi_target(); },
       [](S& s, double v) { s.set_phi_target(v); }},
      {"rate_step_fps", "ams.rateStepFps", [](const S& s) { return s.rate_step_fps(); },
       [](S& s, double v) { s.set_rate_step_fps(v); }},
      {"rate_interval_s", "ams.rateIntervalS", [](const S& s) { return s.rate_interval_s(); },
       [](S& s, double v) { s.set_rate_interval_s(v); }},
      {"atr", "ams.atr", [](const S& s) { return s.atr() ? 1.0 : 0.0; }, [](S& s, double v) { s.set_atr(v > 0.5); }},
      {"atr_enter_fps", "ams.atrEnterFps", [](const S& s) { return s.atr_enter_fps(); },
       [](S& s, double v) { s.set_atr_enter_fps(v); }},
      {"atr_exit_fps", "ams.atrExitFps", [](const S& s) { return s.atr_exit_fps(); },
       [](S& s, double v) { s.set_atr_exit_fps(v); }},
      {"atr_step_s", "ams.atrStepS", [](const S& s) { return s.atr_step_s(); },
       [](S& s, double v) { s.set_atr_step_s(v); }},
      {"atr_max_s", "ams.atrMaxS", [](const S& s) { return s.atr_max_s(); },
       [](S& s, double v) { s.set_atr_max_s(v); }},
  };
  return all;
}

const ParameterSpec& specOf(const std::vector<ParameterSpec>& specs, const std::string& id) {
  for (const ParameterSpec& spec : specs) {
    if (spec.id == id) return spec;
  }
  throw Error("AMS settings: no knob " + id);
}

}  // namespace

void AmsWire::checkSettings(const wire::AmsSettings& settings, const std::string& field) {
  static const std::vector<ParameterSpec> specs = AmsConfig::parameterSpecs();
  for (const Knob& knob : knobs()) {
    const ParameterSpec& spec = specOf(specs, knob.id);
    checkRange(knob.get(settings), spec.minValue, spec.maxValue, field + "." + knob.field + " (" + knob.id + ")");
  }
  try {
    CoordinateSelector::parseStrategy(settings.selection(), field + ".selection");
  } catch (const Error& error) {
    fail(field + ".selection", error.what());
  }
  if (settings.rate_min_fps() > settings.rate_max_fps()) {
    fail(field + ".rate_min_fps", "exceeds rate_max_fps");
  }
  if (settings.atr_enter_fps() > settings.atr_exit_fps()) fail(field + ".atr_enter_fps", "exceeds atr_exit_fps");
  if (settings.atr_max_s() < settings.update_interval_s()) fail(field + ".atr_max_s", "below update_interval_s");
}

wire::AmsSettings AmsWire::toWire(const AmsConfig& config) {
  wire::AmsSettings settings;
  for (const Knob& knob : knobs()) knob.set(settings, config.value(knob.id));
  settings.set_selection(CoordinateSelector::strategyName(static_cast<CoordinateSelector::Strategy>(config.selection)));
  return settings;
}

AmsConfig AmsWire::toConfig(const wire::AmsSettings& settings) {
  checkSettings(settings, "ams.join.settings");
  AmsConfig config;
  config.enabled = true;
  for (const Knob& knob : knobs()) config.apply(knob.id, knob.get(settings));
  config.selection = static_cast<int>(CoordinateSelector::parseStrategy(settings.selection()));
  return config;
}

std::string AmsWire::packWeights(const std::vector<float>& parameters) {
  std::string bytes(parameters.size() * 4, '\0');
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &parameters[i], 4);
    for (int b = 0; b < 4; ++b) bytes[4 * i + std::size_t(b)] = static_cast<char>((bits >> (8 * b)) & 0xFFu);
  }
  return bytes;
}

std::vector<float> AmsWire::unpackWeights(const std::string& bytes, const std::string& field) {
  if (bytes.size() % 4 != 0) fail(field, std::to_string(bytes.size()) + " bytes are not whole float32 values");
  std::vector<float> parameters(bytes.size() / 4);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b)
      bits |= std::uint32_t(static_cast<unsigned char>(bytes[4 * i + std::size_t(b)])) << (8 * b);
    std::memcpy(&parameters[i], &bits, 4);
  }
  return parameters;
}

const char* AmsWire::kindName(const wire::AmsMessage& message) {
  switch (message.kind_case()) {
    case wire::AmsMessage::kJoin:
      return "join";
    case wire::AmsMessage::kJoinReply:
      return "join_reply";
    case wire::AmsMessage::kSamples:
      return "samples";
    case wire::AmsMessage::kSamplesReply:
      return "samples_reply";
    case wire::AmsMessage::kPoll:
      return "poll";
    case wire::AmsMessage::kUpdate:
      return "update";
    case wire::AmsMessage::kResync:
      return "resync";
    case wire::AmsMessage::kResyncReply:
      return "resync_reply";
    case wire::AmsMessage::KIND_NOT_SET:
      break;
  }
  return "none";
}

const std::string& AmsWire::sessionOf(const wire::AmsMessage& message) {
  static const std::string none;
  switch (message.kind_case()) {
    case wire::AmsMessage::kJoin:
      return message.join().session_id();
    case wire::AmsMessage::kJoinReply:
      return message.join_reply().session_id();
    case wire::AmsMessage::kSamples:
      return message.samples().session_id();
    case wire::AmsMessage::kSamplesReply:
      return message.samples_reply().session_id();
    case wire::AmsMessage::kPoll:
      return message.poll().session_id();
    case wire::AmsMessage::kUpdate:
      return message.update().session_id();
    case wire::AmsMessage::kResync:
      return message.resync().session_id();
    case wire::AmsMessage::kResyncReply:
      return message.resync_reply().session_id();
    case wire::AmsMessage::KIND_NOT_SET:
      break;
  }
  return none;
}

std::string AmsWire::requestName(const wire::Envelope& request) {
  const wire::AmsMessage& ams = request.ams();
  std::string name = std::string("ams.") + kindName(ams);
  if (ams.has_samples()) name += " #" + std::to_string(ams.samples().sequence());
  name += " (request " + std::to_string(request.request_id());
  const std::string& session = sessionOf(ams);
  if (!session.empty()) name += ", session " + session.substr(0, kMaxSessionIdBytes);
  return name + ")";
}

}  // namespace edgescope
