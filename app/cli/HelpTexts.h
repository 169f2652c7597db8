#pragma once
/// @file HelpTexts.h
/// Option descriptions that several edgescope-cli commands share.

namespace edgescope {

constexpr const char* kSourceHelp = "video source (sources: below)";
constexpr const char* kGroundTruthHelp = "MOTChallenge ground truth for a video file (frame N = N-th decoded frame)";
constexpr const char* kDetectorHelp =
    "detector (detectors: below; default: the project's JDE model in models/ when there is one, else hog)";
constexpr const char* kFramesHelp = "frames A to B, 1-based, inclusive (A: or :B leaves an end open; A alone: one frame)";

}  // namespace edgescope
