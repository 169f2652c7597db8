#include "metrics/CumulativeCounter.h"

#include <prometheus/counter.h>

namespace edgescope {

void CumulativeCounter::update(std::uint64_t cumulative, double scale) {
  const std::uint64_t growth = cumulative >= last_ ? cumulative - last_ : cumulative;
  if (growth > 0) counter_->Increment(static_cast<double>(growth) * scale);
  last_ = cumulative;
}

}  // namespace edgescope
