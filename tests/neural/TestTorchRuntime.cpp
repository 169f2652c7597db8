// TorchRuntime: device resolution and its errors, the thread count it applies, and which BLAS LibTorch calls (a
// reference BLAS made single-threaded inference about 5× slower, so describe() must say which one is loaded).
#include <QtTest>

#include <filesystem>

#include "neural/TorchRuntime.h"
#include "util/Error.h"

using namespace edgescope;

class TestTorchRuntime : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void resolvesDevices() {
    QCOMPARE(QString::fromStdString(TorchRuntime::resolveDevice("cpu")), QStringLiteral("cpu"));
    const std::string automatic = TorchRuntime::resolveDevice("auto");
    QCOMPARE(QString::fromStdString(automatic), TorchRuntime::cudaAvailable() ? QStringLiteral("cuda")
                                                                               : QStringLiteral("cpu"));
    if (!TorchRuntime::cudaAvailable()) QVERIFY_THROWS_EXCEPTION(Error, TorchRuntime::resolveDevice("cuda"));
    try {
      TorchRuntime::resolveDevice("tpu");
      QFAIL("an unknown device must throw");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("'tpu'") != std::string::npos, e.what());
    }
  }

  void appliesThreadCount() {
    TorchRuntime::configure(1);
    QVERIFY(QString::fromStdString(TorchRuntime::describe()).contains(QStringLiteral(", 1 threads")));
    TorchRuntime::configure(2);
    QVERIFY(QString::fromStdString(TorchRuntime::describe()).contains(QStringLiteral(", 2 threads")));
  }

  void namesTheBlasLibrary() {
    const std::string blas = TorchRuntime::blasLibrary();
    QVERIFY2(!blas.empty(), "LibTorch links a BLAS (libblas.so.3), so sgemm_ must resolve");
    QVERIFY2(std::filesystem::exists(blas), blas.c_str());
    const QString text = QString::fromStdString(TorchRuntime::describe());
    QVERIFY2(text.contains(QStringLiteral("BLAS ")) && !text.contains(QStringLiteral("BLAS unknown")),
             qPrintable(text));
    // A reference BLAS is named as such, with the fix.
    if (blas.find("/blas/") != std::string::npos) QVERIFY(text.contains(QStringLiteral("libopenblas0-openmp")));
  }
};

QTEST_GUILESS_MAIN(TestTorchRuntime)
#include "TestTorchRuntime.moc"
