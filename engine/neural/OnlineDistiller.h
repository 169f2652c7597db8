#pragma once
/// @file OnlineDistiller.h
/// The node's half of AMS for one camera session (paper 003, Algorithm 1; issue 22): a horizon buffer of the
/// camera's sampled frames with the teacher's boxes, and training phases that fine-tune the node's copy of the
/// camera's network on them with MaskedAdam and turn what changed into a SparseUpdate.
///
/// - Buffer: frames are stored as JPEG with their arrival time (seconds on the session's clock) and the teacher's
///   detections; samples older than `horizonS` before the newest arrival, then the oldest beyond `maxBufferBytes`,
///   are dropped.
/// - Labels: teacher boxes scoring ≥ `labelScore` (0.5) are positives; boxes scoring in [`ignoreScore`, labelScore)
///   get zero heatmap weight over their box (neither object nor background).
/// - Loss: the heatmap focal loss (JdeLossImpl::focalLoss, α 2, β 4) plus the box L1 of JdeLoss
///   (0.1 · size + offset, cells), no identity, detectability or ω terms. BatchNorm stays frozen: the network is in
///   eval mode throughout (running statistics are used and never updated). Only the AmsTrainableSet has gradients.
/// - Phase: `iterations` steps, each on a batch of `batch` TrainingAugmenter crops (full resolution, flips, colour
///   jitter) of samples drawn uniformly from the buffer, minus the held-out validation frames.
/// - Gate (`gate`): the newest `validationShare` of the last added batch (at least one frame when it holds two or
///   more) is held out; it is trained on from the next phase on. After the phase the candidate's F1 against the
///   teacher on those frames must not be below the current model's; otherwise the phase is undone (weights and
///   moments) and nothing is sent.
/// - A non-finite loss or parameter undoes the phase in the same way.
///
/// The weights are the node's copy of the camera's model: after a sent phase they hold exactly the camera's floats
/// (SparseUpdateCodec::build rounds the streamed values through binary16 in place). Only edgescope_torch includes
/// this header. Not thread-safe: one instance per session, used from the node's training thread (es-node-train) or
/// the ams-bench loop.

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "ams/SparseUpdate.h"
#include "ams/SparseUpdateCodec.h"
#include "core/Detection.h"
#include "neural/AmsTrainableSet.h"
#include "neural/JdeModelFile.h"
#include "neural/MaskedAdam.h"
#include "util/Rng.h"

namespace edgescope {

class OnlineDistiller {
 public:
  /// Value type; validate() names the option (by its ams.* id where it has one).
  struct Options {
    double horizonS = 240.0;                 ///< ams.horizonS: samples older than this are dropped, s
    std::size_t maxBufferBytes = 64u << 20;  ///< JPEG bytes kept at most
    int iterations = 20;                     ///< ams.iterations: K steps per phase
    int batch = 8;                           ///< ams.batch: crops per step
    MaskedAdam::Options adam;                ///< α (ams.learningRate), γ (ams.fraction), ams.selection, seed
    float labelScore = 0.5f;                 ///< teacher boxes at or above: positives
    float ignoreScore = 0.3f;                ///< teacher boxes in [ignoreScore, labelScore): ignored
    bool gate = true;                        ///< ams.gate
    double validationShare = 0.2;            ///< share of the newest batch held out for the gate
    float studentScore = 0.4f;               ///< student detections at or above count for F1
    double f1Iou = 0.5;                      ///< IoU of a match for F1 against the teacher
    cv::Size cropSize{384, 288};             ///< training crop (upper bound; multiples of 32)
    int jpegQuality = 90;                    ///< buffer storage quality
    std::string device = "cpu";              ///< cpu | cuda | auto
    std::uint64_t seed = 1;                  ///< crops and sample draws
    void validate() const;
  };

  /// One sampled frame as the node received it (decoded), with the teacher's output on it.
  struct Sample {
    cv::Mat image;                   ///< 8-bit BGR
    double arrivalS = 0.0;           ///< session clock, s (non-decreasing)
    std::vector<Detection> teacher;  ///< every teacher detection (scores below ignoreScore are not used)
  };

  /// What one phase did.
  struct PhaseResult {
    bool trained = false;    ///< steps ran (false: empty buffer or nothing to train on)
    bool sent = false;       ///< an update was produced (trained, finite, gate passed)
    std::string skipReason;  ///< why not sent ("empty buffer", "gate: F1 0.61 < 0.64", "non-finite loss")
    SparseUpdate update;     ///< when sent: version = previous + 1
    std::string encoded;     ///< when sent: SparseUpdateCodec bytes
    SparseUpdateCodec::Stats stats;
    double lossFirst = 0.0;  ///< mean loss of the first step's batch
    double lossLast = 0.0;   ///< mean loss of the last step's batch
    double f1Before = -1.0;  ///< gate frames: current model's F1 vs teacher (−1: no gate frames)
    double f1After = -1.0;   ///< gate frames: candidate's F1
    double trainMs = 0.0;    ///< wall time of the phase (steps + gate + build)
    int samples = 0;         ///< samples in the buffer
    std::vector<std::pair<std::string, std::size_t>> perLayer;  ///< selected coordinates per layer (when sent)
  };

  /// @p student: the camera's model as loaded (unfolded; this object keeps its own deep copy, on the device).
  /// Throws Error for invalid options or a folded network.
  OnlineDistiller(const JdeModel& student, const Options& options);
  ~OnlineDistiller();

  /// Adds one batch of samples (the camera's upload), newest last, then applies the horizon and byte bounds. The
  /// newest validationShare of it become the gate frames. Returns the number of samples dropped by the bounds.
  std::size_t addSamples(std::vector<Sample> samples);
  /// Runs one phase (see the file comment). The version advances only when sent.
  PhaseResult runPhase();

  /// F1 (matches at f1Iou) of the current network's detections at studentScore against @p teacher at labelScore.
  double f1Against(const cv::Mat& bgr, const std::vector<Detection>& teacher);
  /// The current network's detections on @p bgr (input: the frame size aligned to 32).
  std::vector<Detection> detect(const cv::Mat& bgr);

  std::uint64_t version() const { return version_; }
  std::vector<float> flatParameters() const { return set_->flat(); }
  std::uint64_t layoutHash() const { return set_->layoutHash(); }
  std::size_t parameterCount() const { return set_->parameterCount(); }
  std::size_t bufferedSamples() const;
  std::size_t bufferedBytes() const { return bufferBytes_; }
  /// The camera rolled back to @p parameters at @p version: the copy follows (moments are kept).
  void resetTo(const std::vector<float>& parameters, std::uint64_t version);
  /// Replaces options that may change between phases (α, γ, strategy, K, batch, horizon, gate).
  void setOptions(const Options& options);
  const Options& options() const { return options_; }
  /// The node's copy of the camera's network (unfolded, eval mode).
  JdeNet& net() { return net_; }
  /// Saves weights, moments, version and buffer into @p directory (atomically: a temporary folder renamed);
  /// load() restores them. Errors name the file.
  void save(const std::string& directory) const;
  void load(const std::string& directory);

 private:
  struct Stored;
  torch::Tensor lossOf(const std::vector<const Stored*>& picks);
  void undo(const std::vector<float>& weights, const std::string& moments);

  Options options_;
  JdeModel model_;
  JdeNet net_{nullptr};
  std::unique_ptr<AmsTrainableSet> set_;
  std::unique_ptr<MaskedAdam> adam_;
  torch::Device device_{torch::kCPU};
  std::vector<Stored> buffer_;
  std::size_t bufferBytes_ = 0;
  std::size_t gateFrom_ = 0;  ///< buffer_ index of the first gate frame (buffer_.size(): none)
  std::uint64_t version_ = 0;
  Rng rng_;
};

}  // namespace edgescope
