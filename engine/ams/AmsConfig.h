#pragma once
/// @file AmsConfig.h
/// The operator's AMS knobs (adaptive model streaming, paper 003; issue 22): on/off, the training phase (update
/// interval τ_min, horizon, iterations, batch, learning rate), the sparse update (fraction γ, coordinate selection),
/// adaptive sampling (ASR: rate bounds, φ target, step, decision interval), adaptive training (ATR: enter/exit rates,
/// step, cap), the uplink (codec, bitrate), the swap grace period and the validation gate. The ParameterPanel builds
/// its controls from parameterSpecs(). Value type; any thread.

#include <string>
#include <vector>

#include "ams/SamplingRateController.h"
#include "ams/TrainingRateController.h"
#include "session/ParameterSpec.h"

namespace edgescope {

struct AmsConfig {
  /// Names of ams.selection's choices, in value order (the strategies of paper 003's Table 3).
  static const std::vector<std::string>& selectionNames();
  /// Names of ams.uplinkCodec's choices, in value order.
  static const std::vector<std::string>& uplinkCodecNames();

  bool enabled = false;         ///< stream model updates from a node
  double updateIntervalS = 10;  ///< T_update, τ_min with ATR, s
  double horizonS = 240;        ///< training horizon: samples this recent are trained on, s
  int iterations = 20;          ///< K: training iterations per phase
  int batch = 8;                ///< samples per iteration
  double learningRate = 1e-3;   ///< Adam's
  double fraction = 0.05;       ///< γ: share of the trainable coordinates sent per update
  int selection = 0;            ///< index into selectionNames() = CoordinateSelector::Strategy (0 = gradient)
  bool asr = true;              ///< adaptive sampling rate (Eq. 1)
  double rateMinFps = 0.1, rateMaxFps = 1.0;                     ///< sampling-rate bounds, fps
  double phiTarget = SamplingRateController::kDefaultPhiTarget;  ///< φ the sampling rate aims at
  double rateStepFps = 0.2;                                      ///< ASR step scale, fps
  double rateIntervalS = 10;                                     ///< between ASR decisions, s
  bool atr = true;                                               ///< adaptive training rate (Appendix D)
  double atrEnterFps = 0.25, atrExitFps = 0.35;                  ///< γ0 / γ1: slowdown below / normal above, fps
  double atrStepS = 2, atrMaxS = 60;                             ///< Δ added per decision in slowdown, and the cap, s
  int uplinkCodec = 0;                                           ///< index into uplinkCodecNames() (0 = h264)
  double uplinkKbps = 200;                                       ///< uplink bitrate of the sample batches, kbit/s
  int swapGraceFrames = 3;                                       ///< frames after a model swap associated by IoU only
  bool gate = true;  ///< validation gate: send nothing that scores worse than the current model

  /// The "ams.*" knobs with the ranges, steps and defaults (ams.enabled, ams.updateIntervalS 2–120 s …
  /// ams.gate), in panel order.
  static std::vector<ParameterSpec> parameterSpecs();
  /// Applies one knob sanitised by its spec and returns the applied value; throws Error naming an unknown id.
  double apply(const std::string& id, double value);
  /// Current value of one knob; throws Error naming an unknown id.
  double value(const std::string& id) const;

  /// The controllers' options from these knobs (validated by the controllers).
  SamplingRateController::Options samplingOptions() const;
  TrainingRateController::Options trainingOptions() const;
};

}  // namespace edgescope
