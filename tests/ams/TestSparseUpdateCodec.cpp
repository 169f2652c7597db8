// SparseUpdateCodec: round trips at 0.1–100 % density on 200k parameters (camera and node end bit-identical), the
// index block against the binary-entropy bound, the documented byte layout, and every corrupt field — each prefix
// of a small update, magic, format version, coding, flags, length, count, out-of-range and repeated indices, NaN and
// Inf values, wrong base version, layout or size, a sha mismatch on the wrong base — plus random garbage.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

#include "ams/HalfFloat.h"
#include "ams/ParameterDigest.h"
#include "ams/SparseIndexCoder.h"
#include "ams/SparseUpdateCodec.h"
#include "util/Digest.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

/// The Error's message, "" when none is thrown (any other exception fails the test).
QString errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

std::vector<float> randomParameters(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> p(n);
  for (float& v : p) v = static_cast<float>(0.1 * rng.normal());
  return p;
}

std::vector<std::uint32_t> randomMask(std::uint32_t n, double density, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::uint32_t> indices;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (rng.uniform() < density) indices.push_back(i);
  }
  return indices;
}

/// The node's side of one training phase: @p node (a copy of @p base) moves at the mask, then build().
SparseUpdate trainAndBuild(const std::vector<float>& base, std::vector<float>& node, double density,
                           std::uint64_t seed) {
  node = base;
  const auto indices = randomMask(static_cast<std::uint32_t>(base.size()), density, seed);
  Rng rng(seed + 1);
  for (std::uint32_t i : indices) node[i] += static_cast<float>(0.01 * rng.normal());
  return SparseUpdateCodec::build(8, 7, 0xfeedfacecafebeefull, indices, node);
}

void putLe(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

/// The wire bytes as SparseUpdateCodec.h documents them, written independently of the codec.
std::string wire(const SparseUpdate& u, int coding, const std::string& indexBlock, std::uint32_t count, int flags = 0) {
  std::string out = "ESSU";
  putLe(out, 1, 2);
  putLe(out, coding, 1);
  putLe(out, flags, 1);
  putLe(out, u.version, 8);
  putLe(out, u.baseVersion, 8);
  putLe(out, u.layoutHash, 8);
  putLe(out, u.parameterCount, 4);
  putLe(out, count, 4);
  putLe(out, indexBlock.size(), 4);
  out += indexBlock;
  for (std::uint16_t v : u.values) putLe(out, v, 2);
  for (int i = 0; i < 32; ++i)
    out.push_back(static_cast<char>(std::stoi(u.resultSha256.substr(2 * i, 2), nullptr, 16)));
  return out;
}

std::string gapsBlock(const std::vector<std::uint32_t>& indices) {
  return SparseIndexCoder::deflate(SparseIndexCoder::rawGaps(indices));
}

/// A small valid update: 800 parameters, 40 of them.
SparseUpdate smallUpdate(std::vector<float>& base, std::vector<float>& node) {
  base = randomParameters(800, 5);
  return trainAndBuild(base, node, 0.05, 6);
}

double binaryEntropyBits(double p) { return p <= 0 || p >= 1 ? 0.0 : -p * std::log2(p) - (1 - p) * std::log2(1 - p); }

}  // namespace

class TestSparseUpdateCodec : public QObject {
  Q_OBJECT
 private slots:
  void roundTripAtEveryDensity() {
    const std::vector<float> base = randomParameters(200000, 1);
    for (double density : {0.001, 0.01, 0.05, 0.2, 1.0}) {
      std::vector<float> node;
      const SparseUpdate update = trainAndBuild(base, node, density, 2);
      QVERIFY(std::abs(update.density() - density) < 0.1 * density + 1e-3);
      for (std::size_t k = 0; k < update.indices.size(); ++k) {
        QCOMPARE(node[update.indices[k]], HalfFloat::toFloat(update.values[k]));  // the node keeps the rounded value
      }
      SparseUpdateCodec::Stats stats;
      const std::string bytes = SparseUpdateCodec::encode(update, &stats);
      QCOMPARE(stats.totalBytes, bytes.size());
      QCOMPARE(stats.indexBytes, std::min(stats.bitmapBytes, stats.gapBytes));
      QCOMPARE(stats.coding, stats.bitmapBytes < stats.gapBytes ? IndexCoding::Bitmap : IndexCoding::Gaps);
      QCOMPARE(stats.valueBytes, 2 * update.indices.size());
      QCOMPARE(stats.totalBytes, stats.headerBytes + stats.indexBytes + stats.valueBytes + stats.digestBytes);
      QCOMPARE(stats.bitsPerStreamedParameter, 8.0 * bytes.size() / update.indices.size());
      if (density >= 0.05) QVERIFY(stats.bitsPerStreamedParameter <= 23.0);  // the goal at the defaults
      for (IndexCoding coding : {IndexCoding::Bitmap, IndexCoding::Gaps}) {
        QCOMPARE(SparseUpdateCodec::decode(SparseUpdateCodec::encode(update, coding)), update);
      }
      std::vector<float> camera = base;
      SparseUpdateCodec::apply(SparseUpdateCodec::decode(bytes), camera, 7, 0xfeedfacecafebeefull);
      QCOMPARE(std::memcmp(camera.data(), node.data(), 4 * node.size()), 0);
      QCOMPARE(ParameterDigest::sha256(camera), update.resultSha256);
      qInfo("density %5.3f: %zu indices, index %zu B (bitmap %zu, gaps %zu), %.2f bits/param", density,
            update.indices.size(), stats.indexBytes, stats.bitmapBytes, stats.gapBytes, stats.bitsPerStreamedParameter);
    }
  }

  void indexBlockNearTheEntropyBound() {
    for (double density : {0.01, 0.05, 0.2}) {
      const auto indices = randomMask(200000, density, 3);
      const double p = static_cast<double>(indices.size()) / 200000;
      const double boundBytes = 200000 * binaryEntropyBits(p) / 8;
      const std::size_t bytes = std::min(SparseIndexCoder::encode(indices, 200000, IndexCoding::Bitmap).size(),
                                         SparseIndexCoder::encode(indices, 200000, IndexCoding::Gaps).size());
      qInfo("density %.2f: %zu bytes, entropy bound %.0f (%.3f x)", density, bytes, boundBytes, bytes / boundBytes);
      QVERIFY(bytes <= 1.3 * boundBytes + 64);
      QVERIFY(bytes >= boundBytes * 0.99);  // nothing beats the bound: a sanity check on the measurement
    }
  }

  void parameterDigestHashesLittleEndianFloats() {
    QCOMPARE(ParameterDigest::sha256(std::vector<float>{}), Digest::sha256(""));
    QCOMPARE(ParameterDigest::sha256({1.0f, -2.5f}),
             Digest::sha256(std::string("\x00\x00\x80\x3f\x00\x00\x20\xc0", 8)));
    QVERIFY(ParameterDigest::sha256({0.0f}) != ParameterDigest::sha256({-0.0f}));
    std::vector<float> many = randomParameters(40000, 9);  // spans several 64 KiB pieces
    std::string bytes;
    for (float v : many) {
      std::uint32_t b = 0;
      std::memcpy(&b, &v, 4);
      putLe(bytes, b, 4);
    }
    QCOMPARE(ParameterDigest::sha256(many), Digest::sha256(bytes));
  }

  void layoutMatchesTheDocumentation() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    for (int coding : {1, 2}) {
      const auto c = static_cast<IndexCoding>(coding);
      QCOMPARE(SparseUpdateCodec::encode(update, c),
               wire(update, coding, SparseIndexCoder::encode(update.indices, 800, c), update.indices.size()));
    }
  }

  void everyTruncationThrows() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    for (IndexCoding coding : {IndexCoding::Bitmap, IndexCoding::Gaps}) {
      const std::string bytes = SparseUpdateCodec::encode(update, coding);
      for (std::size_t length = 0; length < bytes.size(); ++length) {
        QVERIFY2(!errorOf([&] { SparseUpdateCodec::decode(bytes.substr(0, length)); }).isEmpty(),
                 qPrintable(QString("prefix of %1 bytes").arg(length)));
      }
    }
  }

  void headerFieldsAreChecked() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    const std::string good = SparseUpdateCodec::encode(update, IndexCoding::Gaps);
    const auto patched = [&](std::size_t offset, char byte) {
      std::string bad = good;
      bad[offset] = byte;
      return errorOf([&] { SparseUpdateCodec::decode(bad); });
    };
    QVERIFY(patched(0, 'X').contains("field 'magic'"));
    QVERIFY(patched(4, 2).contains("field 'formatVersion'"));
    QVERIFY(patched(6, 3).contains("field 'indexCoding'"));
    const QString asBitmap = patched(6, 1);  // a gap stream read as a bitmap
    QVERIFY2(asBitmap.contains("field 'indices'") || asBitmap.contains("field 'count'"), qPrintable(asBitmap));
    QVERIFY(patched(7, 1).contains("field 'flags'"));
    QVERIFY(patched(40, good[40] + 1).contains("field 'length'"));
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(good + '\0'); }).contains("trailing"));
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(std::string()); }).contains("field 'header'"));
  }

  void countMismatch() {
    std::vector<float> base, node;
    SparseUpdate update = smallUpdate(base, node);
    const std::string block = gapsBlock(update.indices);
    const std::uint32_t n = update.indices.size();
    SparseUpdate longer = update;
    longer.values.push_back(0x3c00);  // one value more than indices: lengths agree, the index block does not
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(wire(longer, 2, block, n + 1)); }).contains("field 'count'"));
    SparseUpdate shorter = update;
    shorter.values.pop_back();
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(wire(shorter, 2, block, n - 1)); }).contains("field 'count'"));
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(wire(update, 2, block, n + 1)); }).contains("field 'length'"));
    update.values.pop_back();
    QVERIFY(errorOf([&] { SparseUpdateCodec::encode(update); }).contains("field 'values'"));
  }

  void indexOutOfRange() {
    std::vector<float> base, node;
    SparseUpdate update = smallUpdate(base, node);
    update.indices = {5, 812};
    update.values = {0x3c00, 0x3c00};
    const QString expected = "sparse update: field 'indices': index 812 >= parameter count 800";
    QCOMPARE(errorOf([&] { SparseUpdateCodec::decode(wire(update, 2, gapsBlock(update.indices), 2)); }), expected);
    QCOMPARE(errorOf([&] { SparseUpdateCodec::encode(update); }), expected);
    update.parameterCount = 801;  // 101 bitmap bytes
    update.indices = {5, 803};    // a padding bit of the last one
    const std::string bitmap = SparseIndexCoder::deflate(SparseIndexCoder::rawBitmap({5, 803}, 808));
    QVERIFY(errorOf([&] {
              SparseUpdateCodec::decode(wire(update, 1, bitmap, 2));
            }).contains("index 803 >= parameter count 801"));
    update.indices = {5, 6};
    const std::string longBitmap = SparseIndexCoder::deflate(SparseIndexCoder::rawBitmap({5, 6}, 808) + '\0');
    QVERIFY(errorOf([&] { SparseUpdateCodec::decode(wire(update, 1, longBitmap, 2)); }).contains("field 'indices'"));
  }

  void nonIncreasingIndices() {
    std::vector<float> base, node;
    SparseUpdate update = smallUpdate(base, node);
    update.indices = {3, 3};
    update.values = {0x3c00, 0x3c00};
    const QString decoded = errorOf([&] { SparseUpdateCodec::decode(wire(update, 2, gapsBlock({3, 3}), 2)); });
    QVERIFY2(decoded.contains("field 'indices'") && decoded.contains("not strictly increasing"), qPrintable(decoded));
    update.indices = {9, 4};
    QVERIFY(errorOf([&] { SparseUpdateCodec::encode(update); }).contains("not strictly increasing"));
    std::vector<float> copy = base;
    QVERIFY(errorOf([&] { SparseUpdateCodec::build(1, 0, 0, {9, 4}, copy); }).contains("field 'indices'"));
    QCOMPARE(copy, base);
  }

  void nanAndInfValues() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    const std::string good = SparseUpdateCodec::encode(update);
    const std::size_t firstValue = good.size() - 32 - 2 * update.values.size();
    for (std::uint16_t bad : {std::uint16_t(0x7c00), std::uint16_t(0xfc00), std::uint16_t(0x7e00)}) {
      std::string bytes = good;
      bytes[firstValue + 6] = static_cast<char>(bad & 0xff);
      bytes[firstValue + 7] = static_cast<char>(bad >> 8);
      const QString message = errorOf([&] { SparseUpdateCodec::decode(bytes); });
      QVERIFY2(message.contains("field 'values'") &&
                   message.contains("value 3 (index " + QString::number(update.indices[3]) + ")"),
               qPrintable(message));
      QVERIFY(message.contains(bad == 0x7e00 ? "NaN" : "Inf"));
    }
    for (float bad : {std::nanf(""), 70000.0f, -1e9f}) {  // the node refuses what cannot be streamed
      std::vector<float> copy = node;
      copy[update.indices[0]] = bad;
      const std::vector<float> before = copy;
      QVERIFY(errorOf([&] { SparseUpdateCodec::build(9, 8, 0, update.indices, copy); }).contains("field 'values'"));
      QCOMPARE(std::memcmp(copy.data(), before.data(), 4 * copy.size()), 0);
    }
  }

  void applyRefusesTheWrongModel() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    std::vector<float> camera = base;
    QVERIFY(errorOf([&] { SparseUpdateCodec::apply(update, camera, 6); }).contains("field 'baseVersion'"));
    QVERIFY(errorOf([&] { SparseUpdateCodec::apply(update, camera, 7, 1); }).contains("field 'layoutHash'"));
    std::vector<float> wrongSize(799, 0.0f);
    QVERIFY(errorOf([&] { SparseUpdateCodec::apply(update, wrongSize, 7); }).contains("field 'parameterCount'"));
    QCOMPARE(std::memcmp(camera.data(), base.data(), 4 * base.size()), 0);
    std::vector<float> otherBase = base;  // same version number, different weights: the digest catches it
    std::uint32_t untouched = 0;          // a coordinate the update does not write
    while (std::binary_search(update.indices.begin(), update.indices.end(), untouched)) ++untouched;
    otherBase[untouched] += 1.0f;
    const std::vector<float> before = otherBase;
    QVERIFY(errorOf([&] { SparseUpdateCodec::apply(update, otherBase, 7); }).contains("field 'resultSha256'"));
    QCOMPARE(std::memcmp(otherBase.data(), before.data(), 4 * before.size()), 0);
    std::string bytes = SparseUpdateCodec::encode(update);  // a finite value changed on the way
    bytes[bytes.size() - 33] ^= 0x01;
    QVERIFY(errorOf([&] {
              SparseUpdateCodec::apply(SparseUpdateCodec::decode(bytes), camera, 7);
            }).contains("field 'resultSha256'"));
    QCOMPARE(std::memcmp(camera.data(), base.data(), 4 * base.size()), 0);
    SparseUpdateCodec::apply(update, camera, 7);
    QCOMPARE(camera, node);
  }

  void emptyUpdate() {
    std::vector<float> base = randomParameters(100, 4), node = base;
    const SparseUpdate update = SparseUpdateCodec::build(3, 2, 1, {}, node);
    QCOMPARE(SparseUpdateCodec::decode(SparseUpdateCodec::encode(update)), update);
    SparseUpdateCodec::apply(update, base, 2);
    QCOMPARE(base, node);
  }

  void garbageNeverCrashes() {
    std::vector<float> base, node;
    const SparseUpdate update = smallUpdate(base, node);
    const std::string good = SparseUpdateCodec::encode(update);
    Rng rng(77);
    int accepted = 0;  // only a change of the version or layout hash fields can pass: the digest covers the rest
    for (int trial = 0; trial < 20000; ++trial) {
      std::string bytes;
      if (trial % 3 == 0) {  // pure noise
        bytes.resize(rng.uniformInt(0, 300));
        for (char& c : bytes) c = static_cast<char>(rng.uniformInt(0, 255));
      } else {  // a valid update with a few bytes changed: gets past the header checks
        bytes = good;
        for (int k = rng.uniformInt(1, 4); k > 0; --k) {
          bytes[rng.uniformInt(0, int(bytes.size()) - 1)] = static_cast<char>(rng.uniformInt(0, 255));
        }
      }
      try {
        const SparseUpdate decoded = SparseUpdateCodec::decode(bytes);
        std::vector<float> camera = base;
        SparseUpdateCodec::apply(decoded, camera, decoded.baseVersion);
        QVERIFY(trial % 3 != 0);
        QCOMPARE(decoded.indices, update.indices);
        QCOMPARE(decoded.values, update.values);
        QCOMPARE(camera, node);
        ++accepted;
      } catch (const Error&) {
      }
    }
    qInfo("%d of 20000 garbage inputs decoded and applied", accepted);
    QVERIFY(accepted < 1000);
  }
};

QTEST_GUILESS_MAIN(TestSparseUpdateCodec)
#include "TestSparseUpdateCodec.moc"
