// HalfFloat: all 65536 binary16 patterns against their definition and through a float round trip; every tie between
// neighbouring halves (round to nearest even); a million random floats against a nearest-half oracle built from the
// half table; subnormals, overflow to Inf, NaN staying NaN, signed zero.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "ams/HalfFloat.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

std::uint32_t bitsOf(float value) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float floatOf(std::uint32_t bits) {
  float value = 0.0f;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

/// The value of a finite half by the IEEE 754 definition, in double.
double definedValue(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  const double magnitude = exponent == 0 ? std::ldexp(mantissa, -24) : std::ldexp(1024 + mantissa, exponent - 25);
  return (h & 0x8000) ? -magnitude : magnitude;
}

/// The nearest half to @p value by search in the table of positive finite halves (2^16 stands for Inf), ties to the
/// even pattern: independent of HalfFloat's bit arithmetic.
std::uint16_t nearestHalf(float value, const std::vector<double>& table) {
  const std::uint16_t sign = std::signbit(value) ? 0x8000 : 0;
  const double magnitude = std::fabs(static_cast<double>(value));
  const auto upper = std::lower_bound(table.begin(), table.end(), magnitude);
  if (upper == table.end()) return sign | HalfFloat::kPositiveInfinity;
  auto code = static_cast<std::uint16_t>(upper - table.begin());
  if (*upper != magnitude && code > 0) {
    const double below = magnitude - table[code - 1];
    const double above = *upper - magnitude;
    if (below < above || (below == above && ((code - 1) & 1) == 0)) --code;
  }
  return sign | code;
}

}  // namespace

class TestHalfFloat : public QObject {
  Q_OBJECT
 private slots:
  void allPatternsMatchTheDefinitionAndRoundTrip() {
    for (std::uint32_t pattern = 0; pattern < 65536; ++pattern) {
      const auto h = static_cast<std::uint16_t>(pattern);
      const float f = HalfFloat::toFloat(h);
      QCOMPARE(bool(std::signbit(f)), (h & 0x8000) != 0);
      QCOMPARE(HalfFloat::isFinite(h), bool(std::isfinite(f)));
      QCOMPARE(HalfFloat::isNan(h), bool(std::isnan(f)));
      if (HalfFloat::isNan(h)) {
        const std::uint16_t back = HalfFloat::fromFloat(f);
        QVERIFY(HalfFloat::isNan(back));
        QCOMPARE(back & 0x8000, h & 0x8000);
        QCOMPARE(back, static_cast<std::uint16_t>(h | 0x0200));  // quietened, payload kept
        QCOMPARE(bitsOf(f) & 0x1fffu, 0u);                       // payload shifted, nothing invented
      } else if (!HalfFloat::isFinite(h)) {
        QVERIFY(std::isinf(f));
        QCOMPARE(HalfFloat::fromFloat(f), h);
      } else {
        QCOMPARE(static_cast<double>(f), definedValue(h));
        QCOMPARE(HalfFloat::fromFloat(f), h);
        QCOMPARE(HalfFloat::round(f), f);
      }
    }
  }

  void positiveHalvesIncreaseStrictly() {
    for (std::uint16_t h = 1; h <= HalfFloat::kPositiveInfinity; ++h) {
      QVERIFY(HalfFloat::toFloat(h) > HalfFloat::toFloat(h - 1));
      QVERIFY(HalfFloat::toFloat(0x8000 | h) < HalfFloat::toFloat(0x8000 | (h - 1)));
    }
  }

  void everyTieGoesToEven() {
    for (std::uint16_t low = 0; low <= HalfFloat::kMaxFinite; ++low) {
      const auto high = static_cast<std::uint16_t>(low + 1);
      const double lowValue = HalfFloat::toFloat(low);
      const double highValue = high == HalfFloat::kPositiveInfinity ? 65536.0 : HalfFloat::toFloat(high);
      const auto middle = static_cast<float>((lowValue + highValue) / 2);  // 12 significant bits: exact in float
      QCOMPARE(static_cast<double>(middle), (lowValue + highValue) / 2);
      const std::uint16_t even = (low & 1) == 0 ? low : high;
      QCOMPARE(HalfFloat::fromFloat(middle), even);
      QCOMPARE(HalfFloat::fromFloat(-middle), static_cast<std::uint16_t>(0x8000 | even));
      QCOMPARE(HalfFloat::fromFloat(std::nextafter(middle, 0.0f)), low);
      QCOMPARE(HalfFloat::fromFloat(std::nextafter(middle, 1e30f)), high);
      QCOMPARE(HalfFloat::fromFloat(-std::nextafter(middle, 0.0f)), static_cast<std::uint16_t>(0x8000 | low));
    }
  }

  void randomFloatsMatchTheNearestHalf() {
    std::vector<double> table;  // positive finite halves in increasing order, then 2^16 for Inf
    for (std::uint16_t h = 0; h <= HalfFloat::kMaxFinite; ++h) table.push_back(HalfFloat::toFloat(h));
    table.push_back(65536.0);
    Rng rng(22);
    for (int i = 0; i < 1000000; ++i) {
      auto bits = static_cast<std::uint32_t>(rng.nextU64());
      if (i % 2 == 0) bits = (bits & 0x807fffffu) | (static_cast<std::uint32_t>(rng.uniformInt(95, 145)) << 23);
      const float value = floatOf(bits);
      if (std::isnan(value)) continue;
      const std::uint16_t expected = nearestHalf(value, table);
      if (HalfFloat::fromFloat(value) != expected) {
        QFAIL(qPrintable(QString("float %1 (bits %2): got half %3, expected %4")
                             .arg(double(value), 0, 'g', 9)
                             .arg(bits, 8, 16, QChar('0'))
                             .arg(HalfFloat::fromFloat(value), 4, 16, QChar('0'))
                             .arg(expected, 4, 16, QChar('0'))));
      }
    }
  }

  void subnormals() {
    QCOMPARE(HalfFloat::toFloat(0x0001), std::ldexp(1.0f, -24));
    QCOMPARE(HalfFloat::toFloat(0x03ff), std::ldexp(1023.0f, -24));
    QCOMPARE(HalfFloat::toFloat(0x0400), std::ldexp(1.0f, -14));  // smallest normal
    QCOMPARE(HalfFloat::fromFloat(std::ldexp(1.0f, -24)), std::uint16_t(0x0001));
    QCOMPARE(HalfFloat::fromFloat(std::ldexp(1.0f, -25)), std::uint16_t(0x0000));  // tie between 0 and 1: even 0
    QCOMPARE(HalfFloat::fromFloat(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), std::uint16_t(0x0001));
    QCOMPARE(HalfFloat::fromFloat(std::ldexp(3.0f, -25)), std::uint16_t(0x0002));     // tie between 1 and 2: even 2
    QCOMPARE(HalfFloat::fromFloat(std::ldexp(5.0f, -25)), std::uint16_t(0x0002));     // tie between 2 and 3: even 2
    QCOMPARE(HalfFloat::fromFloat(std::ldexp(2047.0f, -25)), std::uint16_t(0x0400));  // rounds up into the normals
    QCOMPARE(HalfFloat::fromFloat(-std::ldexp(1.0f, -24)), std::uint16_t(0x8001));
    QCOMPARE(HalfFloat::fromFloat(std::numeric_limits<float>::denorm_min()), std::uint16_t(0x0000));
    QCOMPARE(HalfFloat::fromFloat(-std::numeric_limits<float>::min()), std::uint16_t(0x8000));
    QCOMPARE(HalfFloat::round(1e-9f), 0.0f);
  }

  void overflowGoesToInfinity() {
    QCOMPARE(HalfFloat::toFloat(HalfFloat::kMaxFinite), 65504.0f);
    QCOMPARE(HalfFloat::fromFloat(65504.0f), HalfFloat::kMaxFinite);
    QCOMPARE(HalfFloat::fromFloat(std::nextafter(65520.0f, 0.0f)), HalfFloat::kMaxFinite);
    QCOMPARE(HalfFloat::fromFloat(65520.0f), HalfFloat::kPositiveInfinity);  // the tie goes to the even "2^16"
    QCOMPARE(HalfFloat::fromFloat(65536.0f), HalfFloat::kPositiveInfinity);
    QCOMPARE(HalfFloat::fromFloat(1e10f), HalfFloat::kPositiveInfinity);
    QCOMPARE(HalfFloat::fromFloat(-1e10f), std::uint16_t(0xfc00));
    QCOMPARE(HalfFloat::fromFloat(std::numeric_limits<float>::max()), HalfFloat::kPositiveInfinity);
    QCOMPARE(HalfFloat::fromFloat(std::numeric_limits<float>::infinity()), HalfFloat::kPositiveInfinity);
    QCOMPARE(HalfFloat::fromFloat(-std::numeric_limits<float>::infinity()), std::uint16_t(0xfc00));
    QVERIFY(std::isinf(HalfFloat::toFloat(0x7c00)) && HalfFloat::toFloat(0x7c00) > 0);
    QVERIFY(std::isinf(HalfFloat::toFloat(0xfc00)) && HalfFloat::toFloat(0xfc00) < 0);
    QVERIFY(!HalfFloat::isFinite(0x7c00) && !HalfFloat::isNan(0x7c00));
  }

  void nanStaysNan() {
    const std::uint32_t nans[] = {0x7fc00000u, 0x7f800001u, 0xffc00000u, 0x7fa5a5a5u, 0xff800001u, 0x7fffffffu};
    for (std::uint32_t bits : nans) {
      const std::uint16_t h = HalfFloat::fromFloat(floatOf(bits));
      QVERIFY2(HalfFloat::isNan(h), qPrintable(QString::number(bits, 16)));
      QCOMPARE((h & 0x8000) != 0, (bits & 0x80000000u) != 0);
      QVERIFY(std::isnan(HalfFloat::round(floatOf(bits))));
    }
    QVERIFY(std::isnan(HalfFloat::toFloat(0x7c01)));  // a signalling half NaN
    QVERIFY(std::isnan(HalfFloat::toFloat(0xfe00)));
  }

  void signedZero() {
    QCOMPARE(HalfFloat::fromFloat(0.0f), std::uint16_t(0x0000));
    QCOMPARE(HalfFloat::fromFloat(-0.0f), std::uint16_t(0x8000));
    QCOMPARE(bitsOf(HalfFloat::toFloat(0x8000)), 0x80000000u);
    QCOMPARE(bitsOf(HalfFloat::toFloat(0x0000)), 0u);
    QCOMPARE(bitsOf(HalfFloat::round(-1e-30f)), 0x80000000u);  // underflow keeps the sign
  }

  void roundInPlace() {
    std::vector<float> values = {0.1f, -1.0f / 3.0f, 1e5f, 3.14159265f, 0.0f};
    HalfFloat::roundInPlace(values);
    QCOMPARE(values[0], HalfFloat::toFloat(0x2e66));  // 0.0999755859375
    QCOMPARE(values[1], HalfFloat::toFloat(0xb555));  // -0.333251953125
    QVERIFY(std::isinf(values[2]));
    QCOMPARE(values[3], 3.140625f);
    QCOMPARE(values[4], 0.0f);
  }
};

QTEST_GUILESS_MAIN(TestHalfFloat)
#include "TestHalfFloat.moc"
