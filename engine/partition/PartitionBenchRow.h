#pragma once
/// @file PartitionBenchRow.h
/// One row of paper 000's Table VII as `edgescope-cli partition-bench` measures it: a strategy × DeepScale preset
/// over a frame range, with per-frame means of the PartitionFrame columns and the link model's prediction of the
/// transmission time (bytes / emulated bandwidth + RTT) to check the emulation against. Value type.

#include <cstdint>
#include <string>

#include "link/LinkProfile.h"
#include "session/PartitionFrame.h"
#include "util/JsonDocument.h"

namespace edgescope {

struct PartitionBenchRow {
  std::string strategy;  ///< "SO", "SOAT", "SAT", "CO"
  std::string preset;    ///< "C1", "C2", "C3"
  double fps = 0.0;      ///< frames / wall time of the whole row (camera and server work, transmission)
  bool hasMota = false;
  double mota = 0.0;
  std::int64_t frames = 0;
  std::int64_t remoteFrames = 0;    ///< frames that went to the server
  std::int64_t fallbackFrames = 0;  ///< frames that fell back to CO
  double serverMsSum = 0.0, cameraMsSum = 0.0, transmissionMsSum = 0.0, uplinkKbSum = 0.0, downlinkKbSum = 0.0;
  double modelMsSum = 0.0;          ///< link model's transmission time of the remote frames

  /// Adds one frame (its transmission model from @p link).
  void add(const PartitionFrame& frame, const LinkProfile& link);
  double mean(double sum) const { return frames > 0 ? sum / frames : 0.0; }
  /// Measured / modelled transmission time over the remote frames (1 = exact; 0 without remote frames).
  double transmissionRatio() const;
  /// The row as one JSON object (the keys of `partition-bench --json`).
  Json toJson() const;
  static std::string tableHeader();
  std::string tableLine() const;
};

}  // namespace edgescope
