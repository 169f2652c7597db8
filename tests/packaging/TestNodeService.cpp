// packaging/edgescope-node.service as systemd and an operator see it: `systemd-analyze verify` accepts it, its
// first-start step writes the node's key pair once, and the node starts from the options file with those keys.
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "PackagingTestUtil.h"

using edgescope::testing::readText;
using edgescope::testing::runProgram;

namespace {

const QString kUnitPath = QStringLiteral(EDGESCOPE_SOURCE_DIR "/packaging/edgescope-node.service");
const QString kDefaultsPath = QStringLiteral(EDGESCOPE_SOURCE_DIR "/packaging/edgescope-node.default");
const QString kNode = QStringLiteral(EDGESCOPE_BIN_DIR "/edgescope-node");

/// The values of @p key in the unit text (a key may repeat, e.g. ExecStartPre).
QStringList unitValues(const QString& unit, const QString& key) {
  QStringList values;
  const QRegularExpression line("^" + QRegularExpression::escape(key) + "=(.*)$",
                                QRegularExpression::MultilineOption);
  for (auto it = line.globalMatch(unit); it.hasNext();) values << it.next().captured(1);
  return values;
}

/// @p command with the unit's installed paths replaced by this build's: the node program and %S (/var/lib).
QString forThisBuild(QString command, const QString& stateRoot) {
  return command.replace("/usr/bin/edgescope-node", kNode).replace("%S", stateRoot);
}

}  // namespace

class TestNodeService : public QObject {
  Q_OBJECT
 private slots:
  void unitDeclaresTheServiceContract() {
    const QString unit = readText(kUnitPath);
    QVERIFY2(!unit.isEmpty(), qPrintable(kUnitPath));
    QCOMPARE(unitValues(unit, "DynamicUser"), QStringList{"yes"});
    QCOMPARE(unitValues(unit, "StateDirectory"), QStringList{"edgescope-node"});
    QCOMPARE(unitValues(unit, "Restart"), QStringList{"on-failure"});
    QCOMPARE(unitValues(unit, "EnvironmentFile"), QStringList{"-/etc/default/edgescope-node"});
    const QStringList start = unitValues(unit, "ExecStart");
    QCOMPARE(start.size(), 1);
    QVERIFY(start[0].startsWith("/usr/bin/edgescope-node --keys %S/edgescope-node "));
    QVERIFY(start[0].endsWith(" $EDGESCOPE_NODE_OPTIONS"));  // unbraced: systemd splits it into arguments
  }

  void systemdAnalyzeVerifyAcceptsTheUnit() {
    const QString analyze = QStandardPaths::findExecutable("systemd-analyze");
    if (analyze.isEmpty()) QSKIP("systemd-analyze not installed (Debian package systemd): unit not verified");
    QTemporaryDir dir;
    // verify checks that every Exec program exists: point the unit at this build's node instead of /usr/bin.
    QFile unit(dir.filePath("edgescope-node.service"));
    QVERIFY(unit.open(QIODevice::WriteOnly));
    unit.write(readText(kUnitPath).replace("/usr/bin/edgescope-node", kNode).toUtf8());
    unit.close();
    const auto verified = runProgram(analyze, {"verify", "--man=no", unit.fileName()});
    QVERIFY2(verified.code == 0 && (verified.out + verified.err).trimmed().isEmpty(),
             qPrintable(verified.out + verified.err));

    // verify only warns (exit 0) about an unknown key or value: this test fails on any output, as a typo shows.
    QTemporaryDir typoDir;
    QFile typo(typoDir.filePath("edgescope-node.service"));
    QVERIFY(typo.open(QIODevice::WriteOnly));
    typo.write(readText(unit.fileName()).replace("Restart=on-failure", "Restart=on-failur").toUtf8());
    typo.close();
    const auto rejected = runProgram(analyze, {"verify", "--man=no", typo.fileName()});
    QVERIFY2((rejected.out + rejected.err).contains("on-failur"), qPrintable(rejected.out + rejected.err));
  }

  void firstStartWritesTheKeyPairOnceAndTheNodeServesWithIt() {
    QTemporaryDir stateRoot;  // stands for /var/lib
    const QString state = stateRoot.filePath("edgescope-node");
    QDir().mkpath(state);  // systemd creates the StateDirectory before ExecStartPre
    const QStringList pre = unitValues(readText(kUnitPath), "ExecStartPre");
    QVERIFY(!pre.isEmpty());
    auto firstStartSteps = [&] {
      for (const QString& step : pre) {
        const auto r = runProgram("/bin/sh", {"-c", forThisBuild(step, stateRoot.path())});
        QVERIFY2(r.code == 0, qPrintable(step + " -> " + r.err));
      }
    };
    firstStartSteps();
    if (QTest::currentTestFailed()) return;
    const QString publicKey = readText(state + "/node.public");
    QVERIFY2(publicKey.contains(QRegularExpression("^[^#].{39}$", QRegularExpression::MultilineOption)),
             qPrintable(publicKey));
    struct stat info {};
    QCOMPARE(::stat(QFile::encodeName(state + "/node.secret").constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    QVERIFY(QFileInfo(state + "/allowed").isDir());
    firstStartSteps();  // every later start keeps the keys the cameras already trust
    QCOMPARE(readText(state + "/node.public"), publicKey);

    // ExecStart with the options file's EDGESCOPE_NODE_OPTIONS, split on whitespace as systemd does; only the
    // address (a free loopback port) and, in a build without LibTorch, the detector differ from the shipped file.
    const auto options = runProgram("/bin/sh", {"-c", ". \"$0\" && printf '%s' \"$EDGESCOPE_NODE_OPTIONS\"",
                                                kDefaultsPath});
    QVERIFY2(options.code == 0 && options.out.contains("--bind"), qPrintable(options.err));
    QString start = forThisBuild(unitValues(readText(kUnitPath), "ExecStart").value(0), stateRoot.path());
    start.replace("$EDGESCOPE_NODE_OPTIONS", options.out);
    start.replace(QRegularExpression("--bind \\S+"), "--bind tcp://127.0.0.1:*");
    start.replace("/usr/share/edgescope/models/", EDGESCOPE_SOURCE_DIR "/models/");
#ifndef EDGESCOPE_HAVE_TORCH
    start.replace(QRegularExpression("--detector \\S+"), "--detector hog");
#endif
    QStringList args = start.split(' ', Qt::SkipEmptyParts);
    QProcess node;
    node.start(args.takeFirst(), args);
    QVERIFY(node.waitForStarted());
    QString out;
    QDeadlineTimer deadline(60000);
    while (!out.contains(" ready on ") && node.state() == QProcess::Running && !deadline.hasExpired()) {
      node.waitForReadyRead(200);
      out += QString::fromUtf8(node.readAllStandardOutput());
    }
    node.terminate();  // systemctl stop sends SIGTERM
    QVERIFY(node.waitForFinished(20000));
    out += QString::fromUtf8(node.readAllStandardOutput());
    const QString err = QString::fromUtf8(node.readAllStandardError());
    const QString server = publicKey.trimmed().section('\n', -1);
    QVERIFY2(out.contains("(CURVE, server key " + server + ")"), qPrintable(out + err));
    QCOMPARE(node.exitStatus(), QProcess::NormalExit);
    QCOMPARE(node.exitCode(), 0);
    // No camera key copied into allowed/ yet: the journal says every client will be refused.
    QVERIFY2(err.contains("no client keys allowed"), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(TestNodeService)
#include "TestNodeService.moc"
