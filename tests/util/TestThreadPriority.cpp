// Unit tests for per-thread priority: lowering affects only the calling thread, threads it starts afterwards inherit
// it (which is how the engine's LibTorch/OpenCV workers end up below the GUI thread), and the nice cap holds.
#include <QtTest>

#include <thread>

#include "util/ThreadPriority.h"

using namespace edgescope;

class TestThreadPriority : public QObject {
  Q_OBJECT

 private slots:
  void lowersOnlyTheCallingThread() {
    const int mainNice = currentThreadNice();
    int workerNice = mainNice;
    bool lowered = false;
    std::thread worker([&] {
      lowered = lowerCurrentThreadPriority(3);
      workerNice = currentThreadNice();
    });
    worker.join();
    QVERIFY(lowered);
    QCOMPARE(workerNice, std::min(19, mainNice + 3));
    QCOMPARE(currentThreadNice(), mainNice);
  }

  void threadsStartedLaterInherit() {
    const int mainNice = currentThreadNice();
    int childNice = mainNice;
    std::thread worker([&] {
      QVERIFY(lowerCurrentThreadPriority(2));
      std::thread child([&] { childNice = currentThreadNice(); });
      child.join();
    });
    worker.join();
    QCOMPARE(childNice, std::min(19, mainNice + 2));
  }

  void capsAtTheLowestPriority() {
    int nice = 0;
    std::thread worker([&] {
      QVERIFY(lowerCurrentThreadPriority(100));
      nice = currentThreadNice();
    });
    worker.join();
    QCOMPARE(nice, 19);
  }

  void zeroIsANoOpAndNegativeIsRefused() {
    const int before = currentThreadNice();
    QVERIFY(lowerCurrentThreadPriority(0));
    QVERIFY(!lowerCurrentThreadPriority(-5));
    QCOMPARE(currentThreadNice(), before);
  }
};

QTEST_APPLESS_MAIN(TestThreadPriority)
#include "TestThreadPriority.moc"
