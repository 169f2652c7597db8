#include "track/TrackerConfig.h"

#include <cmath>

#include "util/Error.h"

namespace edgescope {

namespace {

const TrackerConfig kDefaults;

const ParameterSpec* findSpec(const std::vector<ParameterSpec>& specs, const std::string& id) {
  for (const auto& s : specs) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Error unknownId(const std::string& id) { return Error("TrackerConfig: unknown parameter '" + id + "'"); }

}  // namespace

int TrackerConfig::maxTimeLostFrames() const {
  const double frames = frameRateFps / 30.0 * trackBufferFrames;
  return std::isfinite(frames) && frames > 0 ? static_cast<int>(frames) : 0;
}

std::vector<ParameterSpec> TrackerConfig::parameterSpecs() {
  const TrackerConfig& d = kDefaults;
  return {
      {"track.appearance", "Appearance (JDE)", 0.0, 1.0, 1.0, d.mode == TrackerMode::Jde ? 1.0 : 0.0, "",
       "Associate by re-ID embedding fused with Kalman motion (JDE/FairMOT) instead of IoU only (ByteTrack)"},
      {"track.highScore", "High score", 0.05, 0.95, 0.05, d.highScoreThresh, "",
       "Detections at or above this confidence are matched first; lower ones only extend existing tracks"},
      {"track.newTrackScore", "New track score", 0.05, 1.0, 0.05, d.newTrackThresh, "",
       "Minimum confidence of an unmatched detection to start a new track"},
      {"track.iouMatch", "IoU match limit", 0.05, 1.0, 0.05, d.matchThresh, "",
       "Largest IoU distance (1 - IoU) accepted in the first IoU association round"},
      {"track.buffer", "Track buffer", 1.0, 300.0, 1.0, static_cast<double>(d.trackBufferFrames), "frames",
       "How long a lost track waits for re-identification (frames at 30 fps, scaled by the source rate)"},
      {"track.embeddingMatch", "Appearance match limit", 0.05, 1.0, 0.05, d.embeddingMatchThresh, "",
       "Largest fused appearance/motion cost accepted in the JDE appearance round"},
      {"track.motionWeight", "Motion weight", 0.0, 1.0, 0.01, 1.0 - d.motionLambda, "",
       "Weight 1 - lambda of the Mahalanobis motion term in the fused JDE cost (lambda weighs appearance)"},
      {"track.lowScoreRound", "Low-score round (JDE)", 0.0, 1.0, 1.0, d.jdeLowScoreRound ? 1.0 : 0.0, "",
       "In JDE mode, also match leftover tracks to low-confidence boxes like ByteTrack's second round"},
  };
}

double TrackerConfig::apply(const std::string& id, double value) {
  const auto specs = parameterSpecs();
  const ParameterSpec* spec = findSpec(specs, id);
  if (!spec) throw unknownId(id);
  const double v = spec->sanitize(value);
  if (id == "track.appearance") {
    mode = v >= 0.5 ? TrackerMode::Jde : TrackerMode::Byte;
  } else if (id == "track.highScore") {
    highScoreThresh = static_cast<float>(v);
  } else if (id == "track.newTrackScore") {
    newTrackThresh = static_cast<float>(v);
  } else if (id == "track.iouMatch") {
    matchThresh = static_cast<float>(v);
  } else if (id == "track.buffer") {
    trackBufferFrames = static_cast<int>(std::lround(v));
  } else if (id == "track.embeddingMatch") {
    embeddingMatchThresh = static_cast<float>(v);
  } else if (id == "track.motionWeight") {
    motionLambda = static_cast<float>(1.0 - v);
  } else if (id == "track.lowScoreRound") {
    jdeLowScoreRound = v >= 0.5;
  }
  return v;
}

double TrackerConfig::value(const std::string& id) const {
  if (id == "track.appearance") return mode == TrackerMode::Jde ? 1.0 : 0.0;
  if (id == "track.highScore") return highScoreThresh;
  if (id == "track.newTrackScore") return newTrackThresh;
  if (id == "track.iouMatch") return matchThresh;
  if (id == "track.buffer") return trackBufferFrames;
  if (id == "track.embeddingMatch") return embeddingMatchThresh;
  if (id == "track.motionWeight") return 1.0 - static_cast<double>(motionLambda);
  if (id == "track.lowScoreRound") return jdeLowScoreRound ? 1.0 : 0.0;
  throw unknownId(id);
}

}  // namespace edgescope
