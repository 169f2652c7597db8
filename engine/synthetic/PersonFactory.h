#pragma once
/// @file PersonFactory.h
/// Draws the persons of the synthetic scene: body (height 1.55–1.95 m), speed (0.8–1.8 m/s), clothing colours and a
/// gently curved path that enters from the left/right image edge or from the far facades (or walks away into them)
/// and leaves the view.

#include "synthetic/StreetCamera.h"
#include "synthetic/SyntheticPerson.h"
#include "util/Rng.h"

namespace edgescope {

/// Immutable after construction, thread-safe.
class PersonFactory {
 public:
  explicit PersonFactory(const StreetCamera& camera);
  /// A person drawn from @p rng (id and spawnFrame are left 0). Its walk never lasts longer than maxDurationS().
  SyntheticPerson make(Rng& rng) const;
  /// Upper bound of a person's time on its path (seconds).
  double maxDurationS() const { return maxDurationS_; }

 private:
  void makePath(Rng& rng, SyntheticPerson& person) const;
  static PersonLook makeLook(Rng& rng);
  /// Distance beyond the image edge at which a person standing at depth @p y is entirely outside the image.
  double margin(double y) const;
  double lateralNearY() const;

  StreetCamera camera_;
  double maxDurationS_ = 0.0;
};

}  // namespace edgescope
