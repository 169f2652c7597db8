#pragma once
/// @file DeepScaleOptions.h
/// `track`'s DeepScale options (--resolution, --adaptive, --k, --gamma, --binarize), its default detector, and the
/// DeepScale part of its report (resolution histogram, last selection's scores). Main thread only.

#include <string>

#include <opencv2/core/types.hpp>

#include "util/JsonDocument.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace edgescope {

class DeepScaleGovernor;
struct PipelineConfig;

class DeepScaleOptions {
 public:
  /// "jde:<model card>" when a JDE model is found in ModelFolders (and this build has LibTorch), else "hog".
  static std::string defaultDetector();
  /// Registers the options on @p command, which keeps pointers to this object's members: it must outlive parsing.
  void addTo(CLI::App& command);
  /// Applies the parsed options to @p config.deepscale for a source of @p sourceSize. Throws Error for a size that is
  /// not a rung of the source's ladder (the message lists them), a bad γ list, --k without --adaptive/--gamma, or
  /// DeepScale options with a detector other than jde:.
  void apply(cv::Size sourceSize, PipelineConfig& config) const;
  /// "resolution_histogram": {"WxH": fraction, …} and "deepscale": {mode, preset, k, gammas, selections,
  /// last_selection: {resolution, scores: {"WxH": score}}} as members of the object @p json.
  static void addJson(Json& json, const DeepScaleGovernor& governor);
  /// Human-readable lines for the text report.
  static std::string summary(const DeepScaleGovernor& governor);

 private:
  std::string resolution_;
  std::string adaptive_;
  std::string gamma_;
  int intervalFrames_ = 0;
  double binarize_ = 0.0;
  const CLI::Option* resolutionOption_ = nullptr;  ///< count() > 0: given on the command line
  const CLI::Option* adaptiveOption_ = nullptr;
  const CLI::Option* intervalOption_ = nullptr;
  const CLI::Option* gammaOption_ = nullptr;
  const CLI::Option* binarizeOption_ = nullptr;
};

}  // namespace edgescope
