#pragma once
/// @file StreamedJdeModel.h
/// The camera's streamable JDE network (StreamableModel, paper 003; issue 22): an unfolded master copy of the
/// detector's weights (loaded again from its model file, on the CPU) with its AmsTrainableSet, the pretrained flat
/// vector (for reset), a ring of the last StreamableModel::kRingSize versions (flat vectors with their SHA-256) and
/// the staged inference network. Staging writes the head version into the master and then the master's weights,
/// BatchNorm folded, into a spare inference network on the detector's device: one built once (a JdeNet of the card's
/// architecture, JdeModelFile::copyWeights, JdeNetImpl::foldBatchNorm) and recycled after each swap, so a stage
/// builds no module (no graph parse, no random initialisation). swapStaged() hands the staged network to the
/// detector's installer. Only edgescope_torch includes this header.

#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ams/StreamableModel.h"
#include "neural/AmsTrainableSet.h"
#include "neural/JdeModelFile.h"

namespace edgescope {

/// Threads as StreamableModel: staging calls (es-ams) hold stagingMutex_ for their work and stateMutex_ only to
/// read the head and publish; swapStaged() (engine thread) and the readers take stateMutex_ only.
class StreamedJdeModel : public StreamableModel {
 public:
  /// Puts a folded network (on the detector's device) in place of the running one and returns the one it replaced;
  /// called by swapStaged() on the engine thread, between frames. The replaced network is recycled by the next
  /// staging call (es-ams), not released on the engine thread.
  using Installer = std::function<JdeNet(JdeNet)>;

  /// @p modelPath: the detector's model card or weights (JdeModelFile::load errors propagate, naming the file);
  /// @p device: where the detector runs. The detector must run the pretrained weights of @p modelPath, folded.
  StreamedJdeModel(const std::string& modelPath, torch::Device device, Installer install);
  ~StreamedJdeModel() override;

  Identity identity() const override;
  void stageUpdate(const SparseUpdate& update) override;
  bool swapStaged() override;
  bool hasStaged() const override;
  std::uint64_t stageRollback() override;
  void stageReset() override;
  std::vector<std::uint64_t> ringVersions() const override;
  std::vector<float> flatParameters() const override;
  void saveState(const std::string& directory) const override;
  void stageState(const std::string& directory) override;
  double lastStageMs() const override { return lastStageMs_.load(); }
  double lastSwapMs() const override { return lastSwapMs_.load(); }

  /// The layout hash as text ("0x" and 16 hex digits), as states and messages write it.
  static std::string layoutText(std::uint64_t layoutHash);

 private:
  /// One version of the flat parameter vector. Immutable once made (shared between the ring and a stage).
  struct Version {
    std::uint64_t version = 0;
    std::vector<float> flat;
    std::string sha256;
  };
  using VersionPtr = std::shared_ptr<const Version>;
  using Ring = std::vector<VersionPtr>;
  struct Stage {
    JdeNet net{nullptr};
    Ring ring;  ///< the ring once swapped; its last entry is the staged version
  };

  /// The pending stage's ring, else the running one (the version the next stage builds on); makes the network the
  /// last swap retired a spare. Locks stateMutex_ (the caller holds stagingMutex_).
  Ring headRing();
  /// Writes @p ring's last version into the master and, folded, into a spare inference network, and publishes that
  /// as the stage (a stage it replaces becomes a spare); the master then holds that version. On failure the master
  /// is restored to @p previous and the Error propagates.
  void stage(Ring ring, const Version& previous, double startMs);
  /// A spare inference network (folded, on device_) to write a stage into: a recycled one, else a new one.
  JdeNet takeSpare();
  Identity identityOf(const Version& version) const;
  /// "model jde_yolox_s8 (layout 0x…, N parameters, pretrained weights sha256 …)", for messages naming both models.
  std::string describe(const std::string& name, std::uint64_t layoutHash, std::uint64_t count,
                       const std::string& baseSha) const;

  JdeModel master_;  ///< unfolded, CPU, eval mode; holds the head version's trainable weights
  std::unique_ptr<AmsTrainableSet> set_;
  std::vector<JdeNet> spares_;  ///< folded networks nobody runs or stages
  VersionPtr pretrained_;
  torch::Device device_;
  Installer install_;

  std::mutex stagingMutex_;        ///< serialises staging calls; guards master_, set_ and spares_
  mutable std::mutex stateMutex_;  ///< guards ring_, staged_ and retired_
  Ring ring_;                      ///< running versions, oldest first
  std::optional<Stage> staged_;
  JdeNet retired_{nullptr};  ///< the network the last swap replaced, made a spare by the next staging call
  std::atomic<double> lastStageMs_{0.0}, lastSwapMs_{0.0};
};

}  // namespace edgescope
