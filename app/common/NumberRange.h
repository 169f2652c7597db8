#pragma once
/// @file NumberRange.h
/// A CLI11 check for a number option: the help shows "in [LO, HI]" (">= LO" when HI is the type's maximum) and a bad
/// value fails with "must be in [LO, HI], got V" or "must be an integer in [LO, HI], got 'V'" (CommandLine prefixes
/// the option's name).

#include <CLI/CLI.hpp>

#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

namespace edgescope {

class NumberRange : public CLI::Validator {
 public:
  /// Inclusive range [@p lo, @p hi] of values of type T (an integer or floating-point type).
  template <typename T>
  NumberRange(T lo, T hi) {
    static_assert(std::is_arithmetic<T>::value, "NumberRange needs a number type");
    const std::string range = hi == std::numeric_limits<T>::max()
                                  ? ">= " + format(lo)
                                  : "in [" + format(lo) + ", " + format(hi) + "]";
    description(range);
    func_ = [lo, hi, range](std::string& input) -> std::string {
      T value{};
      if (!CLI::detail::lexical_cast(input, value)) {
        return std::string(std::is_integral<T>::value ? "must be an integer " : "must be a number ") + range +
               ", got '" + input + "'";
      }
      if (!(value >= lo && value <= hi)) return "must be " + range + ", got " + input;
      return {};
    };
  }

 private:
  template <typename T>
  static std::string format(T value) {
    std::ostringstream out;
    out << value;  // shortest form: 0.5, 1e-07, 1000
    return out.str();
  }
};

}  // namespace edgescope
