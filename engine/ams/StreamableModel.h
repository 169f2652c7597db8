#pragma once
/// @file StreamableModel.h
/// The camera's end of AMS model streaming (paper 003, Section 3.1.2; issue 22): a detector whose network can take
/// SparseUpdates while it keeps running. Work is split between two threads:
///
/// - the `es-ams` thread *stages*: it verifies an update against the version it will replace (the staged one when a
///   stage is pending, else the running one) and the parameter layout, applies it to the unfolded master copy of the
///   weights, checks the SHA-256 of the result and builds the inference network from it (BatchNorm folded, on the
///   detector's device) — tens of ms;
/// - the engine thread *swaps* between two frames: the staged network replaces the running one (a pointer swap,
///   well under 2 ms) and the ring of versions advances.
///
/// Every staging call either succeeds or changes nothing: on an Error the master, the ring, the running network and
/// any pending stage are bit-identical to before. Stages compose: each one starts from the head (the pending stage
/// if any, else the running version) and replaces a pending stage, so one swap installs the result of them all.
///
/// Versions: the pretrained weights are version 0; an applied update gives SparseUpdate::version. The ring holds the
/// last kRingSize versions the camera ran (or will run, once swapped), oldest first, the running one last: rollback
/// steps back through it; a reset to the pretrained weights empties it to {0}; a loaded state is pushed onto it.
/// Torch-free: engine code (the AMS hook, the console) uses it without LibTorch.

#include <cstdint>
#include <string>
#include <vector>

#include "ams/SparseUpdate.h"

namespace edgescope {

/// Owned by its detector (ScalableDetector::streamable()), which must outlive every use. Thread-safe as documented
/// per function: staging calls are serialised among themselves and never block swapStaged() for their long work.
class StreamableModel {
 public:
  /// Versions kept for rollback, the running one included.
  static constexpr std::size_t kRingSize = 3;
  /// File name of saveState()/stageState() inside their folder.
  static constexpr const char* kStateFileName = "ams_model.state";

  /// What the camera runs. Value type.
  struct Identity {
    std::string sha256;                ///< ParameterDigest of the running flat parameter vector (64 lowercase hex)
    std::uint64_t layoutHash = 0;      ///< the trainable set's layout (AmsTrainableSet::layoutHash)
    std::uint32_t parameterCount = 0;  ///< length of the flat parameter vector
    std::uint64_t version = 0;         ///< 0: pretrained; else the last applied update's version
    std::string modelName;             ///< the model card's name ("jde_yolox_s8")
    std::string baseModelSha256;       ///< sha256 of the pretrained weights file (the model card's)
  };

  virtual ~StreamableModel() = default;

  /// The running model (not a pending stage). Any thread.
  virtual Identity identity() const = 0;

  /// es-ams thread: stages @p update on top of the head (base version = the staged version when a stage is pending,
  /// else the running one). Throws Error naming the field — 'baseVersion', 'layoutHash', 'parameterCount',
  /// 'resultSha256' (SparseUpdateCodec::apply) or any field SparseUpdate::validate() checks — and then changes
  /// nothing.
  virtual void stageUpdate(const SparseUpdate& update) = 0;
  /// Engine thread, between frames: installs the staged network into the detector and advances the ring. Returns
  /// false (and does nothing) when nothing is staged. Never blocks on a staging call's work.
  virtual bool swapStaged() = 0;
  /// Whether a stage awaits swapStaged(). Any thread.
  virtual bool hasStaged() const = 0;
  /// es-ams thread: stages the ring entry before the head's (dropping the head from the ring) and returns its
  /// version, what the camera runs after the swap. Throws Error when the head is the ring's only entry.
  virtual std::uint64_t stageRollback() = 0;
  /// es-ams thread: stages the pretrained weights (version 0); the ring becomes {0}.
  virtual void stageReset() = 0;
  /// The running ring's versions, oldest first, the running one last. Any thread.
  virtual std::vector<std::uint64_t> ringVersions() const = 0;
  /// The running flat parameter vector (the node's one-off weights upload at join). Any thread; a copy.
  virtual std::vector<float> flatParameters() const = 0;

  /// Any thread: writes the running version atomically to DIR/kStateFileName (DIR is created; a temporary file is
  /// renamed over the old one): a one-line JSON header (format, model name, pretrained weights' sha256, layout hash,
  /// parameter count, version, sha256 of the vector) and the vector as little-endian fp32. Throws Error naming the
  /// path.
  virtual void saveState(const std::string& directory) const = 0;
  /// es-ams thread: reads DIR/kStateFileName and stages it (pushed onto the ring at its saved version). Throws Error
  /// naming the file for a missing, truncated or corrupt state (sha256 mismatch), and naming both models for a state
  /// of another model, pretrained weights or layout; then changes nothing.
  virtual void stageState(const std::string& directory) = 0;

  /// Wall time of the last successful staging call (verify, apply, fold, move to the device), ms; 0 before any. Any
  /// thread.
  virtual double lastStageMs() const = 0;
  /// Wall time of the last swapStaged() that installed a network, ms; 0 before any. Any thread.
  virtual double lastSwapMs() const = 0;
};

}  // namespace edgescope
