#pragma once
/// @file EngineCommand.h
/// Plain-value commands the UI (or CLI) posts to the engine thread, and the events the engine answers with.

#include <cstdint>
#include <string>

#include "source/SourceInfo.h"

namespace edgescope {

/// Value type, posted from any thread, applied by the engine thread between frames.
struct EngineCommand {
  enum class Type { OpenSource, ConfigurePipeline, Play, Pause, Seek, Step, SetParameter, Close };
  Type type = Type::Play;
  std::string uri;              ///< OpenSource
  std::string groundTruthPath;  ///< OpenSource, optional MOT file
  std::string detectorSpec;     ///< ConfigurePipeline: DetectorFactory spec; empty = no detection/tracking
  std::string embedderSpec;     ///< ConfigurePipeline: EmbedderFactory spec; empty = none (IoU tracking)
  std::int64_t frame = 0;       ///< Seek: 1-based frame number
  std::string parameterId;      ///< SetParameter
  double value = 0.0;           ///< SetParameter: requested value

  static EngineCommand openSource(std::string uri, std::string groundTruthPath = {});
  static EngineCommand of(Type type);
  static EngineCommand play() { return of(Type::Play); }
  static EngineCommand pause() { return of(Type::Pause); }
  static EngineCommand step() { return of(Type::Step); }
  static EngineCommand close() { return of(Type::Close); }
  static EngineCommand seek(std::int64_t frameNumber);
  static EngineCommand configurePipeline(std::string detectorSpec, std::string embedderSpec = {});
  static EngineCommand setParameter(std::string id, double requestedValue);
};

/// Value type the engine thread emits; consumers drain them with EngineSession::takeEvents().
struct EngineEvent {
  enum class Type { SourceOpened, SourceFailed, PipelineReady, ParameterApplied, EndOfStream, Error, Warning };
  Type type = Type::Warning;
  std::string message;   ///< human-readable, names the file/URI/parameter involved
  SourceInfo source;     ///< SourceOpened
  std::string parameterId;  ///< ParameterApplied
  double value = 0.0;       ///< ParameterApplied: the value actually applied (clamped/snapped)
};

}  // namespace edgescope
