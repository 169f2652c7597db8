#pragma once
/// @file ComponentSpec.h
/// Splits a detector/embedder spec "scheme[:path][?key=value&…]" into its parts, e.g.
/// "onnx-yolox:../shared/models/yolox_nano.onnx?conf=0.3", "hog?upscale=2", "color-hist".

#include <string>

#include "util/UriQuery.h"

namespace edgescope {

/// Value type; call from any thread. A path cannot contain '?' (everything after the first '?' is options).
class ComponentSpec {
 public:
  /// Throws Error naming the spec when it is empty, has an empty scheme, or malformed options.
  static ComponentSpec parse(const std::string& spec);

  const std::string& text() const { return text_; }
  /// Text before the first ':' or '?' ("onnx-yolox").
  const std::string& scheme() const { return scheme_; }
  /// Text between the first ':' and the first '?' (empty when absent).
  const std::string& path() const { return path_; }
  const UriQuery& options() const { return options_; }

  /// Throws Error naming the spec when path() is empty (@p what describes the expected file).
  void requirePath(const std::string& what) const;
  /// Throws Error naming the spec when path() is not empty (schemes that take no file).
  void forbidPath() const;

 private:
  std::string text_;
  std::string scheme_;
  std::string path_;
  UriQuery options_;
};

}  // namespace edgescope
