#include "link/LinkClock.h"

#include <chrono>
#include <thread>

namespace edgescope {

std::uint64_t LinkClock::nowUs() const {
  const auto sinceEpoch = std::chrono::steady_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(sinceEpoch).count());
}

void LinkClock::sleepUntilUs(std::uint64_t timeUs) const {
  const std::chrono::steady_clock::time_point due{std::chrono::microseconds(timeUs)};
  if (std::chrono::steady_clock::now() < due) std::this_thread::sleep_until(due);
}

std::shared_ptr<const LinkClock> LinkClock::steady() {
  static const auto clock = std::make_shared<const LinkClock>();
  return clock;
}

void delayUntil(std::uint64_t deliveryUs) { LinkClock::steady()->sleepUntilUs(deliveryUs); }

}  // namespace edgescope
