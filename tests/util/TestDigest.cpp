// Unit tests for Digest (libsodium's SHA-256): FIPS 180-4 / NIST example vectors, every padding boundary against
// Qt's independent implementation, file digests equal to `sha256sum`'s, and unreadable-file errors.
#include <QtTest>

#include <QCryptographicHash>
#include <QProcess>
#include <QStandardPaths>

#include <fstream>
#include <string>

#include "util/Error.h"
#include "util/Digest.h"

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

class TestDigest : public QObject {
  Q_OBJECT
 private slots:
  void nistVectors() {
    QCOMPARE(hex(Digest::sha256("")), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hex(Digest::sha256("abc")), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex(Digest::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
             QString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    QCOMPARE(
        hex(Digest::sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
                            "mnopqrsmnopqrstnopqrstu")),
        QString("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));
    QCOMPARE(hex(Digest::sha256(std::string(1000000, 'a'))), QString(kMillionA));
  }

  void everyPaddingBoundaryMatchesQt() {
    const std::string bytes = patternBytes(300);
    for (std::size_t length = 0; length <= bytes.size(); ++length) {
      const std::string prefix = bytes.substr(0, length);
      QCOMPARE(hex(Digest::sha256(prefix)), qtSha256(prefix));
    }
  }

  void hashesFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string millionA = (dir.path() + "/a.bin").toStdString();
    {
      std::ofstream out(millionA, std::ios::binary);
      out << std::string(1000000, 'a');
    }
    QCOMPARE(hex(Digest::sha256OfFile(millionA)), QString(kMillionA));

    // Larger than one 1 MiB read chunk and not a multiple of it.
    const std::string large = (dir.path() + "/large.bin").toStdString();
    const std::string bytes = patternBytes((3u << 20) + 12345);
    {
      std::ofstream out(large, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    QCOMPARE(hex(Digest::sha256OfFile(large)), qtSha256(bytes));

    const std::string empty = (dir.path() + "/empty.bin").toStdString();
    { std::ofstream out(empty, std::ios::binary); }
    QCOMPARE(hex(Digest::sha256OfFile(empty)), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  void fileDigestEqualsSha256sum() {
    const QString tool = QStandardPaths::findExecutable("sha256sum");
    if (tool.isEmpty()) QSKIP("sha256sum (coreutils) is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = (dir.path() + "/weights.bin").toStdString();
    const std::string bytes = patternBytes((2u << 20) + 777);
    {
      std::ofstream out(path, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    QProcess process;
    process.start(tool, {QString::fromStdString(path)});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QString expected = QString::fromLatin1(process.readAllStandardOutput()).section(' ', 0, 0);
    QCOMPARE(expected.size(), 64);
    QCOMPARE(hex(Digest::sha256OfFile(path)), expected);
  }

  void unreadableFilesNameThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = (dir.path() + "/missing.onnx").toStdString();
    try {
      Digest::sha256OfFile(missing);
      QFAIL("no error for a missing file");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).startsWith(QString::fromStdString("cannot open '" + missing + "'")), e.what());
    }
    try {
      Digest::sha256OfFile(dir.path().toStdString());
      QFAIL("no error for a directory");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains(dir.path()), e.what());
    }
  }
};

QTEST_APPLESS_MAIN(TestDigest)
#include "TestDigest.moc"
