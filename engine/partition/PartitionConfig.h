#pragma once
/// @file PartitionConfig.h
/// The operator's camera/server partition knobs (paper 000, Section IV; issue 6): the strategy, the adaptation
/// interval K of SOAT and SAT, and the JPEG quality of the frames sent to the server. Value type; any thread.

#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

/// Where the work of a frame runs (Section IV).
enum class PartitionStrategy {
  CO = 0,    ///< camera only: detect and track on the camera (with its own DeepScale settings)
  SO = 1,    ///< server only: every frame JPEG at full resolution to the server, which detects and tracks
  SOAT = 2,  ///< every K-th frame full size to the server, which re-selects the size; the K − 1 in between sent
             ///< downscaled to it; all compute on the server
  SAT = 3,   ///< every K-th frame full size to the server (boxes, ReID embeddings, size back); the camera detects
             ///< and associates the K − 1 in between at that size with its own model
  PL = 4,    ///< ParaLoupe (paper 002, issue 20): person-sized patches served in parallel by the camera and every
             ///< node under a latency SLO (its own module; PartitionRunner alone runs it as CO)
};

struct PartitionConfig {
  static constexpr int kMaxK = 100;
  PartitionStrategy strategy = PartitionStrategy::CO;
  int k = 5;                ///< frames per adaptation cycle for SOAT and SAT (the issue's goals use K = 5)
  int jpegQuality = 90;     ///< 10–100
  int requestTimeoutMs = 1500;  ///< a reply later than this fails the frame over to CO

  static const char* name(PartitionStrategy strategy);
  /// "CO", "SO", "SOAT", "SAT" or "PL" (case-insensitive); throws Error naming the text otherwise.
  static PartitionStrategy parse(const std::string& text);
  /// partition.strategy (choices CO/SO/SOAT/SAT/PL), partition.k (1–100), partition.jpegQuality (10–100).
  static std::vector<ParameterSpec> parameterSpecs();
  /// Applies one knob sanitised by its spec and returns the applied value; throws Error for an unknown id.
  double apply(const std::string& id, double value);
  double value(const std::string& id) const;
};

}  // namespace edgescope
