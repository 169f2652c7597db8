#pragma once
/// @file DegradationKind.h
/// The kinds of image degradation engine/degrade applies (dark, motion blur, defocus, noise, JPEG, low resolution)
/// and FrameDegradation, the value that says how one frame was degraded.

#include <array>
#include <string>

namespace edgescope {

/// What was done to a frame; None for a clean frame.
enum class DegradationKind { None, Dark, Motion, Defocus, Noise, Jpeg, LowRes };

/// Every kind except None, in spec order (dark, motion, defocus, noise, jpeg, lowres).
constexpr std::array<DegradationKind, 6> kAllDegradationKinds = {DegradationKind::Dark,    DegradationKind::Motion,
                                                                 DegradationKind::Defocus, DegradationKind::Noise,
                                                                 DegradationKind::Jpeg,    DegradationKind::LowRes};

/// How one frame is degraded. Value type; the default is a clean frame.
struct FrameDegradation {
  DegradationKind kind = DegradationKind::None;
  double strength = 0.0;  ///< 0 (mild) … 1 (severe); constant within an episode
  double angleDeg = 0.0;  ///< motion blur direction in degrees, 0 … 180; constant within an episode

  bool degraded() const { return kind != DegradationKind::None; }
};

/// "none", "dark", "motion", "defocus", "noise", "jpeg" or "lowres" (static storage).
const char* kindName(DegradationKind kind);
/// The kind named @p name (as kindName() writes it); false when the name is unknown.
bool parseKind(const std::string& name, DegradationKind* kind);

}  // namespace edgescope
