#pragma once
/// @file AmsSessionRecord.h
/// What an AMS node keeps of a camera session beside the trainer's own state (issue 22), in
/// --ams-state DIR/<session id>/session.json: who the camera is, which student, the version and sha256 the saved
/// weights have, the session clock and the sampling rate. A restarted node resumes the session when a camera joins
/// with the same student, version and sha256 (the trainer's state is DIR/<session id>/trainer/, OnlineDistiller).

#include <cstdint>
#include <optional>
#include <string>

namespace edgescope {

/// Value type; any thread.
struct AmsSessionRecord {
  static constexpr const char* kFileName = "session.json";
  static constexpr const char* kTrainerFolder = "trainer";
  static constexpr int kFormat = 1;

  std::string sessionId;
  std::string cameraName;
  std::string modelName;   ///< the student card's name
  std::string baseSha256;  ///< the student card's weights sha256
  std::uint64_t layoutHash = 0;
  std::uint32_t parameterCount = 0;
  std::uint64_t version = 0;     ///< of the saved weights
  std::string sha256;            ///< ParameterDigest of the saved weights
  double clockS = 0.0;           ///< the session clock when saved, s (arrival times continue from it)
  double rateFps = 0.0;          ///< the sampling rate when saved
  double updateIntervalS = 0.0;  ///< T_update when saved

  /// DIR/<session id>.
  static std::string folderOf(const std::string& stateDir, const std::string& sessionId);
  /// Writes DIR/<session id>/session.json atomically (a temporary file renamed). Throws Error naming the path.
  void write(const std::string& stateDir) const;
  /// The record of @p sessionId under @p stateDir; nullopt when there is none. Throws Error naming the file and the
  /// field when it is unreadable or invalid.
  static std::optional<AmsSessionRecord> read(const std::string& stateDir, const std::string& sessionId);
};

}  // namespace edgescope
