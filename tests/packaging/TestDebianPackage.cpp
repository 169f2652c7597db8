// The .deb as a user gets it: CPack builds it from this build folder, `dpkg-deb -x` unpacks it into a temporary
// folder, and the unpacked programs run from there (no LD_LIBRARY_PATH: the package needs none). The package carries
// the man pages, the DEP-5 copyright file, the node's systemd unit and its options file (a conffile).
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "PackagingTestUtil.h"

using edgescope::testing::readText;
using edgescope::testing::runProgram;

class TestDebianPackage : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir work_;
  QString deb_;   ///< the package CPack wrote
  QString root_;  ///< where it is unpacked

 private slots:
  void initTestCase() {
    // CPack's DEB generator lists the shared libraries with dpkg-shlibdeps (dpkg-dev), which needs `file`.
    for (const char* tool : {"dpkg-deb", "dpkg-shlibdeps", "file"}) {
      if (QStandardPaths::findExecutable(tool).isEmpty()) {
        QSKIP(qPrintable(QString("%1 not installed (Debian packages dpkg-dev, file): no package test").arg(tool)));
      }
    }
    const QString cpack = QStringLiteral(EDGESCOPE_CPACK);
    if (!QFileInfo(cpack).isExecutable()) QSKIP("cpack not found beside cmake: no package test");
    // -B keeps CPack's staging folder and the .deb out of the build folder.
    const auto packed = runProgram(cpack, {"-G", "DEB", "--config", EDGESCOPE_BUILD_DIR "/CPackConfig.cmake", "-B",
                                           work_.path()},
                                   600000, EDGESCOPE_BUILD_DIR);
    QVERIFY2(packed.code == 0, qPrintable(packed.out + packed.err));
    const QStringList debs = QDir(work_.path()).entryList({"*.deb"}, QDir::Files);
    QCOMPARE(debs.size(), 1);
    deb_ = work_.filePath(debs[0]);
    QVERIFY2(debs[0].startsWith("edgescope_") && debs[0].endsWith(".deb"), qPrintable(debs[0]));
    root_ = work_.filePath("root");
    const auto unpacked = runProgram("dpkg-deb", {"-x", deb_, root_});
    QVERIFY2(unpacked.code == 0, qPrintable(unpacked.err));
  }

  void carriesManPagesCopyrightAndTheService() {
    QStringList programs = {"edgescope-cli", "edgescope-node"};
#ifdef EDGESCOPE_HAVE_UI
    programs << "edgescope";
#endif
    for (const QString& program : programs) {
      QVERIFY2(QFileInfo(root_ + "/usr/bin/" + program).isExecutable(), qPrintable(program));
#ifdef EDGESCOPE_HAVE_MAN_PAGES
      const QString page = root_ + "/usr/share/man/man1/" + program + ".1.gz";
      const auto man = runProgram("gzip", {"-dc", page});
      QVERIFY2(man.code == 0, qPrintable(page + ": " + man.err));
      QVERIFY2(man.out.contains(".TH " + program.toUpper()), qPrintable(man.out.left(300)));
      QVERIFY2(man.out.contains("\\fB\\-\\-"), qPrintable(program + ": the page lists no options"));
      QVERIFY2(man.out.contains(".SH \"SEE ALSO\""), qPrintable(program + ": the page names no other pages"));
      QVERIFY2(man.out.contains(".SH FILES"), qPrintable(program + ": the page has no FILES section"));
      if (program == "edgescope-node") QVERIFY(man.out.contains("/etc/default/edgescope"));
#else
      qWarning("help2man was not found when this build was configured: man pages not checked");
#endif
    }
    const QString copyright = readText(root_ + "/usr/share/doc/edgescope/copyright");
    QVERIFY(copyright.startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"));
    QVERIFY(copyright.contains("\nFiles: models/*\n"));
    QVERIFY(QFile::exists(root_ + "/usr/share/edgescope/models/jde_pets09.json"));
    // The default model is installed with the file that names it, and the copyright file covers its lineage.
    const QString defaultModel = readText(root_ + "/usr/share/edgescope/models/DEFAULT_MODEL").trimmed();
    QVERIFY2(QFile::exists(root_ + "/usr/share/edgescope/models/" + defaultModel), qPrintable(defaultModel));
    QVERIFY(copyright.contains("\nFiles: models/jde_yolox_*\n") && copyright.contains("\nLicense: Apache-2.0\n"));
    QVERIFY(readText(root_ + "/usr/lib/systemd/system/edgescope-node.service").contains("ExecStart=/usr/bin/"));
    QVERIFY(readText(root_ + "/etc/default/edgescope-node").contains("EDGESCOPE_NODE_OPTIONS="));
    const auto conffiles = runProgram("dpkg-deb", {"--info", deb_, "conffiles"});
    QCOMPARE(conffiles.out.trimmed(), QString("/etc/default/edgescope-node"));
    const auto depends = runProgram("dpkg-deb", {"--field", deb_, "Depends"});
    QVERIFY2(depends.out.contains("libopencv-videoio"), qPrintable(depends.out));  // dpkg-shlibdeps ran
  }

  void unpackedProgramsRun() {
    const auto probe =
        runProgram(root_ + "/usr/bin/edgescope-cli", {"probe", "--source", "synthetic:?seed=1&frames=5"});
    QVERIFY2(probe.code == 0, qPrintable(probe.err));
    const QJsonObject json = QJsonDocument::fromJson(probe.out.toUtf8()).object();
    QCOMPARE(json["kind"].toString(), QString("synthetic"));
    QCOMPARE(json["frames"].toInt(), 5);
    const auto help = runProgram(root_ + "/usr/bin/edgescope-node", {"--help"});
    QVERIFY2(help.code == 0, qPrintable(help.err));
    QVERIFY2(help.out.contains("--bind") && help.out.contains("keygen"), qPrintable(help.out));
  }
};

QTEST_GUILESS_MAIN(TestDebianPackage)
#include "TestDebianPackage.moc"
