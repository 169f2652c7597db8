#pragma once
/// @file JdeBackboneImport.h
/// Makes a pretrained ONNX model (e.g. yolox_nano.onnx, COCO weights) the backbone of a JdeNet: the graph is cut at
/// the tapped values (OnnxSubgraph), its stripped structure and provenance go into the JdeNetConfig (so the saved
/// `.pt` and card describe it), and the pretrained weights come back as an OnnxGraph to copy into a fresh network.
/// Only edgescope_torch includes this header. Stateless; any thread.

#include <memory>
#include <string>

#include "neural/JdeNet.h"

namespace edgescope {

class JdeBackboneImport {
 public:
  /// @p config.backbone must name the taps (and stride4Tap for strideOut 4); this sets its kind, source file name,
  /// source sha256 and graph (+ sha256). Returns the cut graph with @p onnxPath's weights. Throws Error naming the
  /// file (unreadable, corrupt, unsupported operator, a tap no node produces).
  static std::shared_ptr<OnnxGraph> prepare(JdeNetConfig& config, const std::string& onnxPath);
  /// Copies @p pretrained's weights into @p net's imported backbone (same cut graph). Throws Error when they differ.
  static void copyInto(OnnxGraph& pretrained, JdeNet& net);
};

}  // namespace edgescope
