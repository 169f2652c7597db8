#pragma once
/// @file MaskedAdam.h
/// AMS's gradient-guided coordinate descent for Adam (paper 003, Section 3.1.2, Algorithm 2). Training runs in phases
/// of K steps. Phase n may change only the coordinates I_n (the mask b_n), fixed before the phase starts, while Adam's
/// moments m, v and the global step i run over every coordinate, phase after phase:
///   g = ∇L (all coordinates; an undefined .grad() counts as 0, the gradient of a weight the loss ignores)
///   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  i ← i + 1                  (lines 8–11, every coordinate)
///   u = α/(1−β1^i) · m / (√v/√(1−β2^i) + ε)                                  (line 12, every coordinate)
///   w ← w − u∘b_n                                                            (line 13: only I_n moves)
/// Line 12 is written in torch::optim::Adam's arithmetic (the same tensor operations, in the same order) so that a
/// full mask (γ = 1 or selection "full") reproduces torch::optim::Adam bit for bit. The paper prints α·√(1−β2^i)/
/// (1−β1^i)·m/√(v+ε); that is the same update with ε rescaled by √(1−β2^i) (and taken out of the root, as Adam does),
/// a difference only in the ε guard. The mask of phase n + 1 is chosen when phase n ends: the γ fraction of
/// coordinates with the largest |u| of phase n's last step (gradient, the default), or another of Table 3's
/// strategies (CoordinateSelector). The first phase's gradient mask is drawn uniformly at random (seeded).
/// Only edgescope_torch includes this header.

#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "ams/CoordinateSelector.h"

namespace edgescope {

/// Holds handles to the caller's parameter tensors (shared storage; they are updated in place, under NoGradGuard) and
/// owns the moments, the last update u and the masks, all on each parameter's device. Not thread-safe: one instance
/// per camera session, used from the training thread. The flat layout (what mask indices address) is the trainable
/// set in constructor order, each tensor flattened row-major; the caller's SparseUpdate uses the same layout.
class MaskedAdam {
 public:
  /// Value type; validate() names the offending option by its engine parameter id where it has one (ams.*).
  struct Options {
    double learningRate = 1e-3;  ///< α (ams.learningRate), > 0
    double beta1 = 0.9;          ///< β1 in [0, 1)
    double beta2 = 0.999;        ///< β2 in [0, 1)
    double eps = 1e-8;           ///< ε > 0 (torch::optim::Adam's placement: added to √v̂)
    double fraction = 0.05;      ///< γ (ams.fraction) in (0, 1]; 1 = plain Adam
    CoordinateSelector::Strategy selection = CoordinateSelector::Strategy::Gradient;  ///< ams.selection
    std::uint64_t seed = 0;  ///< fixes the random masks (phase 1 of gradient; every phase of random)

    /// Throws Error naming the option: a non-finite value, learningRate ≤ 0, a β outside [0, 1), ε ≤ 0, γ outside
    /// (0, 1].
    void validate() const;
  };

  /// @p parameters: the trainable set in forward order; each defined, float32, a distinct tensor (else Error naming
  /// "parameters[i]"); at most CoordinateSelector::kMaxTotal coordinates in all. Moments start at 0, step at 0.
  MaskedAdam(std::vector<torch::Tensor> parameters, const Options& options);
  /// Default options.
  explicit MaskedAdam(std::vector<torch::Tensor> parameters);

  /// Starts a phase with the mask chosen by the last endPhase() (the first phase: the strategy's first mask; a
  /// gradient selection draws it at random). Throws Error when a phase is already running.
  void beginPhase();
  /// One Adam iteration after backward(): moments, step and u for every coordinate; the parameters move only under
  /// the phase's mask (the others keep their exact bits). Throws Error outside a phase.
  void step();
  /// Ends the phase and chooses the next phase's mask from this phase's last u. Returns the coordinates this phase
  /// changed: its mask, as strictly increasing flat indices (empty when the phase had no step; then the mask is kept
  /// for the next phase). Throws Error outside a phase.
  std::vector<std::uint32_t> endPhase();
  /// Zeroes every parameter's gradient (as torch::optim::Optimizer::zero_grad).
  void zeroGrad();

  /// The mask of the running phase, or (between phases) of the next one; empty before the first beginPhase().
  const std::vector<std::uint32_t>& mask() const { return mask_; }
  bool inPhase() const { return inPhase_; }
  std::int64_t stepCount() const { return step_; }         ///< i, Adam's global step, never reset by a phase
  std::int64_t phaseCount() const { return phases_; }      ///< phases ended with at least one step
  std::int64_t phaseSteps() const { return phaseSteps_; }  ///< steps in the running (or last) phase
  std::size_t parameterCount() const { return total_; }    ///< coordinates in the flat layout
  const std::vector<torch::Tensor>& parameters() const { return parameters_; }
  const torch::Tensor& firstMoment(std::size_t tensor) const { return m_.at(tensor); }
  const torch::Tensor& secondMoment(std::size_t tensor) const { return v_.at(tensor); }
  /// u of the last step for every coordinate (zeros before the first step), same shape as the parameter.
  const torch::Tensor& lastUpdate(std::size_t tensor) const { return u_.at(tensor); }

  /// The flat parameter vector (CPU copy; for ParameterDigest and SparseUpdate values).
  std::vector<float> flatParameters() const;
  /// The current values at @p indices (strictly increasing or not; each < parameterCount(), else Error naming
  /// "indices").
  std::vector<float> valuesAt(const std::vector<std::uint32_t>& indices) const;

  const Options& options() const { return options_; }
  /// Replaces the options (a knob changed): α, β, ε from the next step; γ, strategy and seed from the next mask.
  /// Throws as validate() does.
  void setOptions(const Options& options);

  /// Writes moments, u, step, phase counters and the mask (not the parameters: the caller saves the network).
  void save(torch::serialize::OutputArchive& archive) const;
  /// Restores what save() wrote into an optimiser over parameters of the same shapes; tensors move to each
  /// parameter's device. All or nothing: a missing or malformed field throws Error naming it and leaves this
  /// optimiser unchanged.
  void load(torch::serialize::InputArchive& archive);

 private:
  std::vector<std::uint32_t> chooseMask(std::int64_t phase) const;
  void installMask(const std::vector<std::uint32_t>& indices);
  torch::Tensor flatLastUpdate() const;

  std::vector<torch::Tensor> parameters_;
  Options options_;
  CoordinateSelector selector_;
  std::size_t total_ = 0;
  std::vector<torch::Tensor> m_, v_, u_;
  std::vector<torch::Tensor> maskTensors_;     // bool, per parameter (only while a phase runs)
  std::vector<std::int64_t> maskedPerTensor_;  // selected coordinates per parameter
  std::vector<std::uint32_t> mask_;
  bool hasMask_ = false;
  bool inPhase_ = false;
  std::int64_t step_ = 0;
  std::int64_t phases_ = 0;
  std::int64_t phaseSteps_ = 0;
};

}  // namespace edgescope
