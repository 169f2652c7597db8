#pragma once
/// @file LinkProfile.h
/// The emulated network between two nodes (issue 6, device emulation): uplink (camera → server) and downlink
/// bandwidth, round-trip time, jitter and loss. Defaults are the testbed of paper 000, Section V-C: 21.1 Mbps up,
/// 78.0 Mbps down, 1.40 ms average RTT (a Jetson TX2 on Wi-Fi to a P100 server). Value type; any thread.
///
/// Text form (the CLI's `--link`): "up=21.1,down=78,rtt=1.4[,jitter=0.5][,loss=1]" with up/down in Mbps, rtt and
/// jitter in ms, loss in percent; fields left out keep the testbed values.

#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

struct LinkProfile {
  static constexpr double kTestbedUplinkKbps = 21100.0;    ///< paper 000, Section V-C
  static constexpr double kTestbedDownlinkKbps = 78000.0;  ///< paper 000, Section V-C
  static constexpr double kTestbedRttMs = 1.4;             ///< paper 000, Section V-C

  double uplinkKbps = kTestbedUplinkKbps;      ///< camera → server, kilobits (1000 bits) per second, > 0
  double downlinkKbps = kTestbedDownlinkKbps;  ///< server → camera, kilobits per second, > 0
  double rttMs = kTestbedRttMs;                ///< round trip; each direction adds rttMs / 2
  double jitterMs = 0.0;                       ///< each message's one-way delay gains uniform [0, jitterMs]
  double lossPercent = 0.0;                    ///< share of messages lost, 0–100

  /// Parses the text form above, starting from the testbed values. Throws Error naming the text and the bad field
  /// (unknown name, not a number, out of range, given twice, missing '=').
  static LinkProfile parse(const std::string& text);
  /// The text form, parseable by parse(): "up=21.1,down=78,rtt=1.4" (+ ",jitter=…", ",loss=…" when non-zero).
  std::string toString() const;

  /// Operator knobs: link.uplinkMbps and link.downlinkMbps (0.5–1000 Mbps, step 0.1, defaults 21.1 and 78),
  /// link.rttMs (0–500 ms, step 0.1, default 1.4).
  static std::vector<ParameterSpec> parameterSpecs();
  /// Sets the field named by @p id to @p value sanitised by its spec; returns the applied value (= value(id)
  /// afterwards). Throws Error naming the id when it is not one of parameterSpecs().
  double apply(const std::string& id, double value);
  /// Value of the knob named by @p id in its spec's unit. Throws Error for an unknown id.
  double value(const std::string& id) const;

  bool operator==(const LinkProfile& other) const;
  bool operator!=(const LinkProfile& other) const { return !(*this == other); }
};

}  // namespace edgescope
