#pragma once
/// @file AmsSessionTrainer.h
/// The node's trainer of one AMS camera session behind a torch-free header (issue 22): the student's model card,
/// an OnlineDistiller on the node's copy of the camera's network, configured from the camera's ams.* knobs. Lets
/// the node's session code (edgescope_ams) train without including LibTorch; everything here forwards to
/// OnlineDistiller (engine/neural/OnlineDistiller.h has the rules: horizon buffer, labels, phases, gate, state).

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "ams/AmsConfig.h"
#include "ams/SparseUpdate.h"
#include "ams/SparseUpdateCodec.h"
#include "core/Detection.h"

namespace edgescope {

class OnlineDistiller;

/// Not thread-safe: one instance per session, used from one thread at a time (the node's es-node-train thread).
class AmsSessionTrainer {
 public:
  /// A student model card as AMS identifies it. Value type.
  struct Student {
    std::string cardPath;
    std::string name;              ///< the card's name ("jde_yolox_s8")
    std::string baseSha256;        ///< the card's weights file sha256 (StreamableModel::Identity::baseModelSha256)
    std::string flatSha256;        ///< ParameterDigest of the pretrained flat trainable vector (version 0)
    std::uint64_t layoutHash = 0;  ///< AmsTrainableSet::layoutHash
    std::uint32_t parameterCount = 0;
    std::shared_ptr<const std::vector<float>> pretrained;  ///< the pretrained flat vector (shared, immutable)
  };

  /// What one phase did (OnlineDistiller::PhaseResult's fields). Value type.
  struct Phase {
    bool trained = false;
    bool sent = false;
    std::string skipReason;
    SparseUpdate update;  ///< when sent
    std::string encoded;  ///< when sent: SparseUpdateCodec bytes
    SparseUpdateCodec::Stats stats;
    double lossFirst = 0.0, lossLast = 0.0;
    double f1Before = -1.0, f1After = -1.0;  ///< −1: no gate frames
    double trainMs = 0.0;
    int samples = 0;
    std::vector<std::pair<std::string, std::size_t>> perLayer;
  };

  /// Loads @p cardPath (JdeModelFile; Error naming the file) and describes its trainable set.
  static Student describe(const std::string& cardPath);

  /// Loads the student from @p cardPath and starts a distiller on it at version 0 with @p config's training knobs
  /// (horizon, K, batch, α, γ, selection, gate). @p device: cpu | cuda | auto. Throws Error naming the file or the
  /// option.
  AmsSessionTrainer(const std::string& cardPath, const AmsConfig& config, const std::string& device,
                    std::uint64_t seed);
  ~AmsSessionTrainer();
  AmsSessionTrainer(const AmsSessionTrainer&) = delete;
  AmsSessionTrainer& operator=(const AmsSessionTrainer&) = delete;

  /// The camera changed its knobs (device and seed stay).
  void setConfig(const AmsConfig& config);
  /// One labelled batch, oldest first (@p arrivalS non-decreasing, session clock, s); returns the samples dropped by
  /// the horizon and byte bounds. Throws Error as OnlineDistiller::addSamples does.
  std::size_t addSamples(std::vector<cv::Mat> images, const std::vector<double>& arrivalS,
                         std::vector<std::vector<Detection>> teacher);
  Phase runPhase();

  std::uint64_t version() const;
  std::vector<float> flatParameters() const;
  std::uint64_t layoutHash() const;
  std::size_t parameterCount() const;
  std::size_t bufferedSamples() const;
  /// The camera's weights at @p version (a join with an upload, a resync): the copy follows, moments are kept.
  void resetTo(const std::vector<float>& parameters, std::uint64_t version);
  /// OnlineDistiller::save / load (atomic folder; Errors name the file).
  void save(const std::string& directory) const;
  void load(const std::string& directory);

 private:
  std::unique_ptr<OnlineDistiller> distiller_;
};

}  // namespace edgescope
