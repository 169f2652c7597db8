#pragma once
/// @file DeepScaleOptions.h
/// `track`'s DeepScale options (--resolution, --adaptive, --k, --gamma, --binarize), its default detector, and the
/// DeepScale part of its report (resolution histogram, last selection's scores).

#include <string>

#include <opencv2/core/types.hpp>

namespace edgescope {

class CliOptions;
class DeepScaleGovernor;
class JsonWriter;
struct PipelineConfig;

class DeepScaleOptions {
 public:
  /// "jde:<model card>" when a JDE model is found in ModelFolders (and this build has LibTorch), else "hog".
  static std::string defaultDetector();
  /// Applies the options to @p config.deepscale for a source of @p sourceSize. Throws Error for a size that is not a
  /// rung of the source's ladder (the message lists them), a bad preset/γ list/K, or DeepScale options with a
  /// detector other than jde:.
  static void apply(const CliOptions& options, cv::Size sourceSize, PipelineConfig& config);
  /// "resolution_histogram": {"WxH": fraction, …} and "deepscale": {mode, preset, k, gammas, selections,
  /// last_selection: {resolution, scores: {"WxH": score}}} as members of the open JSON object.
  static void writeJson(JsonWriter& json, const DeepScaleGovernor& governor);
  /// Human-readable lines for the text report.
  static std::string summary(const DeepScaleGovernor& governor);
};

}  // namespace edgescope
