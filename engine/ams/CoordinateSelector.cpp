#include "ams/CoordinateSelector.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "util/Error.h"

namespace edgescope {

namespace {

struct NamedStrategy {
  CoordinateSelector::Strategy strategy;
  const char* name;
};

constexpr NamedStrategy kStrategies[] = {
    {CoordinateSelector::Strategy::Gradient, "gradient"},    {CoordinateSelector::Strategy::Random, "random"},
    {CoordinateSelector::Strategy::First, "first"},          {CoordinateSelector::Strategy::Last, "last"},
    {CoordinateSelector::Strategy::FirstLast, "first-last"}, {CoordinateSelector::Strategy::Full, "full"},
};

/// SplitMix64's finaliser: spreads (seed, draw) over the generator's seed space.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// Uniform in [0, bound] by rejection (std::uniform_int_distribution is not the same on every library).
std::uint64_t uniformUpTo(std::mt19937_64& generator, std::uint64_t bound) {
  if (bound == ~0ull) return generator();
  const std::uint64_t range = bound + 1;
  const std::uint64_t limit = ~0ull - (~0ull % range);  // values ≥ limit would bias the modulo
  std::uint64_t r;
  do r = generator();
  while (r >= limit);
  return r % range;
}

std::vector<std::uint32_t> range(std::size_t begin, std::size_t end) {
  std::vector<std::uint32_t> out(end - begin);
  std::iota(out.begin(), out.end(), static_cast<std::uint32_t>(begin));
  return out;
}

}  // namespace

CoordinateSelector::CoordinateSelector(Strategy strategy, double fraction, std::uint64_t seed)
    : strategy_(strategy), fraction_(fraction), seed_(seed) {
  if (!std::isfinite(fraction) || !(fraction > 0.0 && fraction <= 1.0)) {
    throw Error("CoordinateSelector: ams.fraction must be in (0, 1], got " + std::to_string(fraction));
  }
  strategyName(strategy);  // rejects a value outside the enum
}

std::size_t CoordinateSelector::selectedCount(std::size_t total) const {
  if (total == 0) return 0;
  if (strategy_ == Strategy::Full) return total;
  const long double wanted = std::round(static_cast<long double>(fraction_) * static_cast<long double>(total));
  return std::clamp<std::size_t>(static_cast<std::size_t>(wanted), 1, total);
}

std::vector<std::uint32_t> CoordinateSelector::select(std::size_t total, const float* magnitudes,
                                                      std::uint64_t draw) const {
  if (total > kMaxTotal) {
    throw Error("CoordinateSelector: total " + std::to_string(total) + " exceeds 32-bit indices");
  }
  const std::size_t count = selectedCount(total);
  switch (strategy_) {
    case Strategy::Gradient:
      if (magnitudes == nullptr && total > 0) throw Error("CoordinateSelector: gradient selection needs magnitudes");
      return topMagnitudes(total, magnitudes, count);
    case Strategy::Random:
      return selectRandom(total, draw);
    case Strategy::First:
      return range(0, count);
    case Strategy::Last:
      return range(total - count, total);
    case Strategy::FirstLast: {
      std::vector<std::uint32_t> out = range(0, count - count / 2);  // the odd one goes to the first layers
      const std::vector<std::uint32_t> tail = range(total - count / 2, total);
      out.insert(out.end(), tail.begin(), tail.end());
      return out;
    }
    case Strategy::Full:
      return range(0, total);
  }
  throw Error("CoordinateSelector: unknown strategy");
}

std::vector<std::uint32_t> CoordinateSelector::selectRandom(std::size_t total, std::uint64_t draw) const {
  if (total > kMaxTotal) {
    throw Error("CoordinateSelector: total " + std::to_string(total) + " exceeds 32-bit indices");
  }
  const std::size_t count = selectedCount(total);
  if (count == total) return range(0, total);
  // Floyd's sampling: count distinct coordinates, each subset equally likely, count draws.
  std::mt19937_64 generator(mix(seed_ ^ mix(draw)));
  std::vector<bool> chosen(total, false);
  for (std::size_t j = total - count; j < total; ++j) {
    const std::size_t t = static_cast<std::size_t>(uniformUpTo(generator, j));
    chosen[chosen[t] ? j : t] = true;
  }
  std::vector<std::uint32_t> out;
  out.reserve(count);
  for (std::size_t i = 0; i < total; ++i) {
    if (chosen[i]) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

std::vector<std::uint32_t> CoordinateSelector::topMagnitudes(std::size_t total, const float* magnitudes,
                                                             std::size_t count) const {
  if (count == total) return range(0, total);
  std::vector<float> key(total);
  for (std::size_t i = 0; i < total; ++i) key[i] = std::isnan(magnitudes[i]) ? -1.0f : std::fabs(magnitudes[i]);
  std::vector<std::uint32_t> order = range(0, total);
  // A strict weak order (no NaN left in the keys): larger first, ties to the lower index.
  const auto before = [&key](std::uint32_t a, std::uint32_t b) {
    return key[a] > key[b] || (key[a] == key[b] && a < b);
  };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(), before);
  order.resize(count);
  std::sort(order.begin(), order.end());
  return order;
}

std::string CoordinateSelector::strategyName(Strategy strategy) {
  for (const NamedStrategy& s : kStrategies) {
    if (s.strategy == strategy) return s.name;
  }
  throw Error("CoordinateSelector: ams.selection has no strategy " + std::to_string(static_cast<int>(strategy)));
}

CoordinateSelector::Strategy CoordinateSelector::parseStrategy(const std::string& name, const std::string& field) {
  for (const NamedStrategy& s : kStrategies) {
    if (name == s.name) return s.strategy;
  }
  throw Error(field + ": unknown selection strategy \"" + name +
              "\" (expected gradient, random, first, last, first-last or full)");
}

}  // namespace edgescope
