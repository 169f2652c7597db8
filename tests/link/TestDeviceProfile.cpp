// DeviceProfile: the built-in table, the `--profile` text form and its errors, the slowdown arithmetic, the thread
// count and the address-space cap (restored after each test).
#include <sys/resource.h>

#include <QtTest>
#include <chrono>
#include <cmath>
#include <opencv2/core/utility.hpp>
#include <vector>

#include "ErrorMessage.h"
#include "link/DeviceProfile.h"
#include "link/MemoryCap.h"
#include "util/Error.h"

using namespace edgescope;

class TestDeviceProfile : public QObject {
  Q_OBJECT

 private slots:
  void builtInTable() {
    const auto& table = DeviceProfile::builtIns();
    QCOMPARE(int(table.size()), 4);
    const DeviceProfile nano = DeviceProfile::named("jetson-nano");
    QCOMPARE(nano.computeSlowdown, 4.0);
    QCOMPARE(nano.threads, 4);
    QCOMPARE(nano.memoryCapMb, 4096);
    const DeviceProfile tx2 = DeviceProfile::named("jetson-tx2");
    QCOMPARE(tx2.computeSlowdown, 2.5);
    QCOMPARE(tx2.threads, 6);
    QCOMPARE(tx2.memoryCapMb, 8192);
    const DeviceProfile rpi = DeviceProfile::named("rpi4");
    QCOMPARE(rpi.computeSlowdown, 8.0);
    QCOMPARE(rpi.threads, 4);
    QCOMPARE(rpi.memoryCapMb, 4096);
    QVERIFY(DeviceProfile::named("native").isNative());
    QVERIFY(DeviceProfile().isNative());
    QVERIFY(DeviceProfile::named("native") == DeviceProfile());
    for (const auto& p : table) QVERIFY(p.computeSlowdown >= 1.0);
  }

  void unknownNameListsTheKnownOnes() {
    const QString message = errorMessage([] { DeviceProfile::named("cray"); });
    QVERIFY2(message.contains("'cray'") && message.contains("jetson-nano") && message.contains("rpi4"),
             qPrintable(message));
  }

  void parsesNamesFieldsAndOverrides() {
    QVERIFY(DeviceProfile::parse("rpi4") == DeviceProfile::named("rpi4"));
    const DeviceProfile fields = DeviceProfile::parse("slowdown=3,threads=2,memory=2048");
    QCOMPARE(QString::fromStdString(fields.name), QString("custom"));
    QCOMPARE(fields.computeSlowdown, 3.0);
    QCOMPARE(fields.threads, 2);
    QCOMPARE(fields.memoryCapMb, 2048);
    const DeviceProfile over = DeviceProfile::parse(" jetson-tx2 , threads=2 ");
    QCOMPARE(QString::fromStdString(over.name), QString("custom"));
    QCOMPARE(over.computeSlowdown, 2.5);
    QCOMPARE(over.threads, 2);
    QCOMPARE(over.memoryCapMb, 8192);
    const DeviceProfile named = DeviceProfile::parse("jetson-nano,memory=none,threads=all,name=nano-nocap");
    QCOMPARE(QString::fromStdString(named.name), QString("nano-nocap"));
    QCOMPARE(named.threads, 0);
    QCOMPARE(named.memoryCapMb, 0);
    QCOMPARE(named.computeSlowdown, 4.0);
  }

  void errorsNameTheField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("slowdown below 1") << "slowdown=0.5"
                                      << "'slowdown'";
    QTest::newRow("slowdown not a number") << "slowdown=fast"
                                           << "'slowdown'";
    QTest::newRow("fractional threads") << "threads=2.5"
                                        << "'threads'";
    QTest::newRow("threads zero") << "threads=0"
                                  << "'threads'";
    QTest::newRow("negative memory") << "memory=-1"
                                     << "'memory'";
    QTest::newRow("unknown field") << "gpu=1"
                                   << "'gpu'";
    QTest::newRow("unknown profile") << "cray"
                                     << "'cray'";
    QTest::newRow("name not first") << "slowdown=2,jetson-nano"
                                    << "'jetson-nano'";
    QTest::newRow("twice") << "threads=2,threads=3"
                           << "'threads': given twice";
  }
  void errorsNameTheField() {
    QFETCH(QString, text);
    QFETCH(QString, field);
    const QString message = errorMessage([&] { DeviceProfile::parse(text.toStdString()); });
    QVERIFY2(message.contains("field " + field) && message.contains(text), qPrintable(message));
    QVERIFY_THROWS_EXCEPTION(Error, DeviceProfile::parse(" , "));
  }

  void toStringRoundTrips() {
    for (const auto& p : DeviceProfile::builtIns()) QVERIFY(DeviceProfile::parse(p.toString()) == p);
    QCOMPARE(QString::fromStdString(DeviceProfile::named("jetson-tx2").toString()),
             QString("name=jetson-tx2,slowdown=2.5,threads=6,memory=8192"));
    QCOMPARE(QString::fromStdString(DeviceProfile().toString()),
             QString("name=native,slowdown=1,threads=all,memory=none"));
  }

  void slowdownArithmetic() {
    QCOMPARE(DeviceProfile::named("jetson-nano").extraDelayMs(10), 30.0);  // (4 − 1) × 10 ms
    QCOMPARE(DeviceProfile::named("jetson-tx2").extraDelayMs(10), 15.0);
    QCOMPARE(DeviceProfile::named("rpi4").extraDelayMs(2.5), 17.5);
    QCOMPARE(DeviceProfile().extraDelayMs(10), 0.0);
    QCOMPARE(DeviceProfile::named("rpi4").extraDelayMs(-1), 0.0);
    QCOMPARE(DeviceProfile::named("rpi4").extraDelayMs(std::nan("")), 0.0);
    // A compute step of 10 ms on a 4× device then takes 10 + 30 = 40 ms in all.
    const DeviceProfile nano = DeviceProfile::named("jetson-nano");
    QCOMPARE(10.0 + nano.extraDelayMs(10.0), 4.0 * 10.0);
  }

  void sleepAfterComputeWaitsAtLeastTheExtra() {
    const DeviceProfile p = DeviceProfile::parse("slowdown=3");
    const auto start = std::chrono::steady_clock::now();
    p.sleepAfterCompute(5.0);
    const double elapsedMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    QVERIFY2(elapsedMs >= 10.0, qPrintable(QString::number(elapsedMs)));
  }

  void threadsSetOpenCv() {
    const int before = cv::getNumThreads();
    DeviceProfile::parse("threads=2").applyThreads();
    QCOMPARE(cv::getNumThreads(), 2);
    cv::setNumThreads(before);
  }

  void memoryCap() {
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_AS, &saved), 0);
    QCOMPARE(QString::fromStdString(DeviceProfile().applyMemoryCap()), QString());  // no cap: nothing to do
    QCOMPARE(MemoryCap::softLimitBytes(), saved.rlim_cur == RLIM_INFINITY ? UINT64_MAX : saved.rlim_cur);

    const std::string tooSmall = DeviceProfile::parse("memory=1").applyMemoryCap();
    QVERIFY2(QString::fromStdString(tooSmall).contains("already maps"), tooSmall.c_str());
    QCOMPARE(MemoryCap::softLimitBytes(), saved.rlim_cur == RLIM_INFINITY ? UINT64_MAX : saved.rlim_cur);

    const DeviceProfile big = DeviceProfile::parse("memory=1048576");  // 1 TiB: above what the test maps
    const std::string reason = big.applyMemoryCap();
    if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < (1ull << 40)) {
      QVERIFY2(QString::fromStdString(reason).contains("hard limit"), reason.c_str());
    } else {
      QVERIFY2(reason.empty(), reason.c_str());
      QCOMPARE(MemoryCap::softLimitBytes(), std::uint64_t(1) << 40);
    }
    QCOMPARE(::setrlimit(RLIMIT_AS, &saved), 0);
    QVERIFY(MemoryCap::mappedBytes() > 0);
  }

  void memoryCapStopsLargeAllocations() {
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_AS, &saved), 0);
    DeviceProfile p;
    p.name = "capped";
    p.memoryCapMb = static_cast<int>(MemoryCap::mappedBytes() / (1024 * 1024)) + 256;
    if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max / (1024 * 1024) < std::uint64_t(p.memoryCapMb)) {
      QSKIP("the hard RLIMIT_AS is below the test's cap");
    }
    const std::string reason = p.applyMemoryCap();
    bool refused = false;
    if (reason.empty()) {
      try {
        std::vector<char> big(std::size_t(1) << 30);  // 1 GiB > the 256 MiB headroom
        big[0] = 1;
      } catch (const std::bad_alloc&) {
        refused = true;
      }
    }
    QCOMPARE(::setrlimit(RLIMIT_AS, &saved), 0);
    QVERIFY2(reason.empty(), reason.c_str());
    QVERIFY(refused);
  }
};

QTEST_APPLESS_MAIN(TestDeviceProfile)
#include "TestDeviceProfile.moc"
