// Unit tests of the CURVE key files (CurveKeyPair), the client allow-list (KeyAllowList) and the loopback rule of
// plain mode (NodeAddress).
#include <QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "../TestHelpers.h"
#include "net/CurveKeyPair.h"
#include "net/KeyAllowList.h"
#include "net/NodeAddress.h"
#include "util/Error.h"

using namespace edgescope;
using edgescope::testing::errorOf;

class TestCurveKeys : public QObject {
  Q_OBJECT

 private slots:
  void savesAndLoadsWithPrivateSecret() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/keys";
    const CurveKeyPair keys = CurveKeyPair::generate();
    QVERIFY(CurveKeyPair::isValidKey(keys.publicKey()) && CurveKeyPair::isValidKey(keys.secretKey()));
    keys.save(path);
    struct stat info {};
    QCOMPARE(::stat((path + "/node.secret").c_str(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    const CurveKeyPair loaded = CurveKeyPair::load(path);
    QCOMPARE(loaded.publicKey(), keys.publicKey());
    QCOMPARE(loaded.secretKey(), keys.secretKey());
    QCOMPARE(CurveKeyPair::publicKeyOf(keys.secretKey()), keys.publicKey());

    ::chmod((path + "/node.secret").c_str(), 0640);
    QVERIFY(errorOf([&] { CurveKeyPair::load(path); }).contains("accessible by group or others"));
    ::chmod((path + "/node.secret").c_str(), 0600);
    CurveKeyPair::generate().save(path, "other");
    std::filesystem::copy_file(path + "/other.public", path + "/node.public",
                               std::filesystem::copy_options::overwrite_existing);
    QVERIFY(errorOf([&] { CurveKeyPair::load(path); }).contains("does not belong to the secret key"));
    QVERIFY(errorOf([&] { CurveKeyPair::load(path + "/missing"); }).contains("missing secret key file"));
  }

  void allowListFromFolderAndFile() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString() + "/allowed";
    const CurveKeyPair a = CurveKeyPair::generate(), b = CurveKeyPair::generate();
    a.save(folder, "cam-a");
    b.save(folder, "cam-b");
    const KeyAllowList fromFolder = KeyAllowList::load(folder);
    QCOMPARE(fromFolder.size(), 2);
    QVERIFY(fromFolder.contains(a.publicKey()) && fromFolder.contains(b.publicKey()));
    QVERIFY(!fromFolder.contains(a.secretKey()));

    const std::string file = dir.path().toStdString() + "/allowed.txt";
    std::ofstream(file) << "# cameras\n" << a.publicKey() << "\n\n" << b.publicKey() << "\nnot-a-key\n";
    const QString error = errorOf([&] { KeyAllowList::load(file); });
    QVERIFY2(error.contains("allowed.txt:5") && error.contains("not a Z85"), qPrintable(error));
    std::ofstream(file) << a.publicKey() << "\n";
    QCOMPARE(KeyAllowList::load(file).size(), 1);
    QVERIFY(errorOf([&] { KeyAllowList::load(folder + "/nothing"); }).contains("not found"));
  }

  void plainModeOnlyOnLoopback() {
    for (const char* ok : {"tcp://127.0.0.1:5555", "tcp://127.0.0.1:*", "tcp://localhost:1", "tcp://[::1]:9",
                           "ipc:///tmp/node", "inproc://node"}) {
      QVERIFY2(NodeAddress::isLoopback(ok), ok);
    }
    for (const char* bad : {"tcp://0.0.0.0:5555", "tcp://*:5555", "tcp://192.168.1.2:5555", "tcp://127.0.0.1.evil:1",
                            "tcp://eth0:5555", "tcp://127.0.0.1;10.0.0.1:5555", "udp://127.0.0.1:1", "tcp://[::]:1"}) {
      QVERIFY2(!NodeAddress::isLoopback(bad), bad);
    }
    QVERIFY(errorOf([] { NodeAddress::requirePlainAllowed("tcp://*:1", true, "server"); }).contains("loopback"));
    QVERIFY(errorOf([] { NodeAddress::requirePlainAllowed("tcp://127.0.0.1:1", false, "server"); })
                .contains("insecure=true"));
    QCOMPARE(errorOf([] { NodeAddress::requirePlainAllowed("tcp://127.0.0.1:1", true, "server"); }),
             QString("<no error>"));
  }
};

QTEST_APPLESS_MAIN(TestCurveKeys)
#include "TestCurveKeys.moc"
