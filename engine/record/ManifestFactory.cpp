#include "record/ManifestFactory.h"

#include "pipeline/TrackingPipeline.h"
#include "record/ModelCardFile.h"

namespace edgescope {

SessionManifest ManifestFactory::make(const std::string& tool, const SourceInfo& source,
                                      const std::string& groundTruthPath, const TrackingPipeline* pipeline,
                                      std::map<std::string, double> parameters) {
  SessionManifest manifest;
  manifest.tool = tool;
  manifest.sourceUri = source.uri;
  manifest.sourceName = source.name;
  manifest.sourceKind = source.kind;
  manifest.width = source.width;
  manifest.height = source.height;
  manifest.fps = source.fps;
  manifest.frameCount = source.frameCount;
  manifest.groundTruthPath = groundTruthPath;
  manifest.hasGroundTruth = source.hasGroundTruth;
  if (pipeline) {
    manifest.detector = pipeline->detectorName();
    manifest.embedder = pipeline->embedderName();
    manifest.modelCardJson = ModelCardFile::textForDetector(pipeline->config().detectorSpec);
  }
  manifest.initialParameters = std::move(parameters);
  return manifest;
}

}  // namespace edgescope
