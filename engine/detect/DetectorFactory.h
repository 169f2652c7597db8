#pragma once
/// @file DetectorFactory.h
/// Creates detectors from spec strings:
///   onnx-yolox:PATH[?size=WxH&conf=0.1&nms=0.45&classes=0,2]   YOLOX-family ONNX (see OnnxYoloxDetector)
///       size    network input, "WxH" or "N" (N×N); default: the size the model declares
///       conf    score threshold in [0, 1], default 0.1;  nms  IoU threshold in [0, 1], default 0.45
///       classes comma-separated class ids, or "all"; default 0 (person)
///   hog[?upscale=1&hit=0&scale=1.05&stride=8]                 OpenCV's HOG people detector (see HogDetector)

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "detect/Detector.h"

namespace edgescope {

class ComponentSpec;

/// Stateless; call from any thread. Returned detectors belong to the caller.
class DetectorFactory {
 public:
  /// Throws Error naming the spec for an unknown scheme, an unknown or out-of-range option, and naming the file
  /// for a missing, corrupt or non-YOLOX model.
  static std::unique_ptr<Detector> create(const std::string& spec);

  /// Specs that can be offered: "hog" always, then "onnx-yolox:PATH" for each of @p modelPaths that exists and whose
  /// declared input/output shapes do not rule out a YOLOX head (a cheap header read; nothing is loaded).
  static std::vector<std::string> availableDetectors(const std::vector<std::string>& modelPaths = {});

  /// Extra schemes from libraries the engine does not depend on (e.g. "jde" from edgescope_torch). @p create
  /// builds a detector from a parsed spec; @p offers tells whether a model file can be offered as "scheme:PATH".
  /// Registering a scheme again replaces it. Thread-safe.
  using Creator = std::function<std::unique_ptr<Detector>(const ComponentSpec& spec)>;
  using Offer = std::function<bool(const std::string& path)>;
  static void registerScheme(const std::string& scheme, Creator create, Offer offers);
  /// Registered extra schemes (sorted).
  static std::vector<std::string> registeredSchemes();
};

}  // namespace edgescope
