#pragma once
/// @file ManifestFactory.h
/// The manifest of a recording of a tracking run (engine or CLI): source, GT file, pipeline, the detector's model
/// card (ModelCardFile) and the parameters applied at start. Stateless; any thread (reads the pipeline's const state
/// only, so call it from the pipeline's thread).

#include <map>
#include <string>

#include "record/SessionData.h"
#include "source/SourceInfo.h"

namespace edgescope {

class TrackingPipeline;

class ManifestFactory {
 public:
  /// @p pipeline may be null (no detection/tracking); @p source.hasGroundTruth should say whether frames carry GT.
  static SessionManifest make(const std::string& tool, const SourceInfo& source, const std::string& groundTruthPath,
                              const TrackingPipeline* pipeline, std::map<std::string, double> parameters);
};

}  // namespace edgescope
