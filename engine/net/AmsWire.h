#pragma once
/// @file AmsWire.h
/// The AMS bodies of the node protocol (AmsMessage, issue 22; see edgescope_node.proto): their limits, the field
/// checks WireValidator runs on every AmsMessage (so neither end ever sees a field out of bounds), the conversion of
/// the camera's ams.* knobs to and from AmsSettings, and names for requests in logs and errors.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ams/AmsConfig.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

/// Stateless; any thread.
class AmsWire {
 public:
  static constexpr std::size_t kMaxSessionIdBytes = 64;      ///< AmsJoin.session_id and every session_id
  static constexpr std::uint32_t kMaxParameters = 7u << 20;  ///< flat vector length (7 Mi floats = 28 MiB)
  static constexpr int kMaxFrames = 4096;                    ///< AmsSamples.frame_count (= AmsFrameBatch::kMaxFrames)
  static constexpr double kMaxFrameAgeMs = 86400000.0;       ///< AmsSamples.frame_age_ms (one day)
  static constexpr std::uint32_t kMaxPollWaitMs = 600000;    ///< AmsUpdatePoll.wait_ms (10 min)
  static constexpr std::size_t kMaxUpdateBytes = 24u << 20;  ///< AmsUpdate.update
  static constexpr int kMaxLayers = 4096;                    ///< AmsUpdate.layers
  static constexpr double kMaxRateFps = 1000.0;              ///< AmsJoinReply/AmsSamplesReply.rate_fps
  static constexpr double kMaxUpdateIntervalS = 86400.0;     ///< …update_interval_s
  static constexpr double kMaxDurationMs = 8.64e9;           ///< staleness_ms, train_ms, age_ms (100 days)

  /// Throws Error "wire: field ams.KIND.FIELD: why" for the first field out of bounds: a missing kind, session ids
  /// that are not ids, digests that are not 64 lowercase hex characters, counts, sizes and byte lengths over the
  /// limits above (weights must be exactly 4 × parameter_count bytes), non-finite or negative numbers, settings
  /// outside their ams.* ranges and an unknown selection.
  static void check(const wire::AmsMessage& message);
  /// The session id rule (1–64 characters of [A-Za-z0-9._-], not starting with '.'): ids name state folders.
  static bool isSessionId(const std::string& id);
  /// Whether @p text is a SHA-256 as ParameterDigest writes it (64 lowercase hex characters).
  static bool isSha256(const std::string& text);

  /// The knobs a node needs from @p config.
  static wire::AmsSettings toWire(const AmsConfig& config);
  /// An AmsConfig (defaults for the knobs a node does not need) with @p settings applied; throws Error naming the
  /// field as check() does.
  static AmsConfig toConfig(const wire::AmsSettings& settings);

  /// A flat parameter vector as weights bytes (little-endian float32, AmsJoin.weights / AmsResync.weights).
  static std::string packWeights(const std::vector<float>& parameters);
  /// The floats of weights bytes; throws Error naming @p field when the length is not a multiple of 4.
  static std::vector<float> unpackWeights(const std::string& bytes, const std::string& field);

  /// "join", "samples", … ("none" when no kind is set).
  static const char* kindName(const wire::AmsMessage& message);
  /// The session id of any kind ("" when none).
  static const std::string& sessionOf(const wire::AmsMessage& message);
  /// A request's name for errors and logs: "ams.samples #12 (request 345, session cam1)".
  static std::string requestName(const wire::Envelope& request);

 private:
  static void checkSettings(const wire::AmsSettings& settings, const std::string& field);
};

}  // namespace edgescope
