// Unit tests for the plain-C++ SHA-256: FIPS 180-4 / NIST example vectors, every padding boundary against Qt's
// independent implementation, incremental vs one-shot hashing, file hashing and unreadable-file errors.
#include <QtTest>

#include <QCryptographicHash>

#include <fstream>
#include <string>

#include "util/Error.h"
#include "util/Sha256.h"

using namespace edgescope;

namespace {

QString hex(const std::string& digest) { return QString::fromStdString(digest); }

QString qtSha256(const std::string& bytes) {
  return QString::fromLatin1(
      QCryptographicHash::hash(QByteArray(bytes.data(), static_cast<int>(bytes.size())), QCryptographicHash::Sha256)
          .toHex());
}

/// Deterministic non-repeating test bytes (all 256 byte values occur).
std::string patternBytes(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t state = 2463534242u;
  for (char& b : bytes) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    b = static_cast<char>(state & 0xFF);
  }
  return bytes;
}

const char kMillionA[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

}  // namespace

class TestSha256 : public QObject {
  Q_OBJECT
 private slots:
  void nistVectors() {
    QCOMPARE(hex(Sha256::ofBytes("")), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hex(Sha256::ofBytes("abc")), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex(Sha256::ofBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
             QString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    QCOMPARE(
        hex(Sha256::ofBytes("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
                            "mnopqrsmnopqrstnopqrstu")),
        QString("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));
    QCOMPARE(hex(Sha256::ofBytes(std::string(1000000, 'a'))), QString(kMillionA));
  }

  void everyPaddingBoundaryMatchesQt() {
    const std::string bytes = patternBytes(300);
    for (std::size_t length = 0; length <= bytes.size(); ++length) {
      const std::string prefix = bytes.substr(0, length);
      QCOMPARE(hex(Sha256::ofBytes(prefix)), qtSha256(prefix));
    }
  }

  void incrementalEqualsOneShot() {
    const std::string bytes = patternBytes(100003);
    const std::string expected = Sha256::ofBytes(bytes);
    QCOMPARE(hex(expected), qtSha256(bytes));
    for (std::size_t chunk : {1, 3, 7, 55, 56, 63, 64, 65, 127, 1000, 4097}) {
      Sha256 hasher;
      for (std::size_t offset = 0; offset < bytes.size(); offset += chunk) {
        hasher.update(bytes.data() + offset, std::min(chunk, bytes.size() - offset));
      }
      QCOMPARE(hex(hasher.finish()), hex(expected));
    }
    // Irregular chunk sizes, including empty updates with a null pointer.
    Sha256 hasher;
    std::size_t offset = 0;
    for (std::size_t step = 0; offset < bytes.size(); ++step) {
      const std::size_t chunk = std::min((step * 37) % 211, bytes.size() - offset);
      if (chunk == 0) hasher.update(nullptr, 0);
      hasher.update(bytes.data() + offset, chunk);
      offset += chunk;
    }
    QCOMPARE(hex(hasher.finish()), hex(expected));
  }

  void finishResetsTheHasher() {
    Sha256 hasher;
    hasher.update(std::string("abc"));
    QCOMPARE(hex(hasher.finish()), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex(hasher.finish()), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    hasher.update(std::string("junk"));
    hasher.reset();
    hasher.update(std::string("abc"));
    QCOMPARE(hex(hasher.finish()), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  void hashesFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string millionA = (dir.path() + "/a.bin").toStdString();
    {
      std::ofstream out(millionA, std::ios::binary);
      out << std::string(1000000, 'a');
    }
    QCOMPARE(hex(Sha256::ofFile(millionA)), QString(kMillionA));

    // Larger than one 1 MiB read chunk and not a multiple of it.
    const std::string large = (dir.path() + "/large.bin").toStdString();
    const std::string bytes = patternBytes((3u << 20) + 12345);
    {
      std::ofstream out(large, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    QCOMPARE(hex(Sha256::ofFile(large)), qtSha256(bytes));

    const std::string empty = (dir.path() + "/empty.bin").toStdString();
    { std::ofstream out(empty, std::ios::binary); }
    QCOMPARE(hex(Sha256::ofFile(empty)), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  void unreadableFilesNameThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = (dir.path() + "/missing.onnx").toStdString();
    try {
      Sha256::ofFile(missing);
      QFAIL("no error for a missing file");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).startsWith(QString::fromStdString("cannot open '" + missing + "'")), e.what());
    }
    try {
      Sha256::ofFile(dir.path().toStdString());
      QFAIL("no error for a directory");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(dir.path()), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestSha256)
#include "TestSha256.moc"
