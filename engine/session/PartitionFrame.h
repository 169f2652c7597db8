#pragma once
/// @file PartitionFrame.h
/// Where one frame's work ran under a camera/server partition (paper 000, Section IV; issue 6) and what it cost:
/// the columns of the paper's Table VII, measured per frame on the camera's wall clock.

#include <string>

#include "paraloupe/ParaLoupeFrame.h"

namespace edgescope {

/// Value type, part of FrameSnapshot (engine thread writes, any thread reads a copy). KB = 1000 bytes.
struct PartitionFrame {
  bool active = false;          ///< the partition module ran this frame (false: plain local tracking)
  std::string requested;        ///< strategy the operator chose: "CO", "SO", "SOAT", "SAT" or "PL"
  std::string strategy;         ///< strategy that actually ran ("CO" while falling back)
  std::string node;             ///< server node used ("" for CO)
  bool fullFrame = false;       ///< SOAT/SAT: this frame went to the server at full resolution (re-selection)
  int sentWidth = 0;            ///< size of the image sent to the server (0: nothing sent)
  int sentHeight = 0;
  double cameraMs = 0.0;        ///< compute on the camera: encode, resize, local detect/track
  double serverMs = 0.0;        ///< compute on the server as it reported it (decode, detect, track, queue)
  double transmissionMs = 0.0;  ///< request round trip minus the server's time (network, emulated link, codec)
  double endToEndMs = 0.0;      ///< capture (frame handed to tracking) to result, wall clock
  double uplinkKb = 0.0;        ///< request bytes / 1000
  double downlinkKb = 0.0;      ///< reply bytes / 1000
  std::string fallbackReason;   ///< why the frame ran CO instead of the requested strategy ("" when it did not)
  ParaLoupeFrame paraloupe;     ///< strategy PL: the patches and their schedule (inactive otherwise)
};

}  // namespace edgescope
