// AmsSampleQueue (issue 22): the camera's uplink queue keeps at most its frame and byte bounds by dropping the oldest
// frames (counted), hands frames out oldest first, and starts over without counting when the frame size changes.
#include <QtTest>

#include "../TestHelpers.h"
#include "amsstream/AmsSampleQueue.h"

using namespace edgescope;
using edgescope::testing::errorOf;

namespace {

AmsSample sample(std::int64_t frame, int width = 8, int height = 4) {
  return {cv::Mat(height, width, CV_8UC3, cv::Scalar::all(static_cast<double>(frame % 256))), 10.0 * frame, frame};
}

}  // namespace

class TestAmsSampleQueue : public QObject {
  Q_OBJECT

 private slots:
  void dropsOldestBeyondTheFrameBound() {
    AmsSampleQueue queue(3, 1 << 20);
    for (std::int64_t f = 1; f <= 3; ++f) QCOMPARE(queue.push(sample(f)), std::size_t{0});
    QCOMPARE(queue.push(sample(4)), std::size_t{1});
    QCOMPARE(queue.push(sample(5)), std::size_t{1});
    QCOMPARE(queue.size(), std::size_t{3});
    QCOMPARE(queue.dropped(), std::uint64_t{2});
    const std::vector<AmsSample> taken = queue.takeAll();
    QCOMPARE(taken.size(), std::size_t{3});
    QCOMPARE(taken.front().frame, std::int64_t{3});
    QCOMPARE(taken.back().frame, std::int64_t{5});
    QCOMPARE(queue.size(), std::size_t{0});
    QCOMPARE(queue.bytes(), std::size_t{0});
  }

  void dropsOldestBeyondTheByteBound() {
    const std::size_t frameBytes = 8 * 4 * 3;
    AmsSampleQueue queue(100, 2 * frameBytes + 1);
    queue.push(sample(1));
    queue.push(sample(2));
    QCOMPARE(queue.push(sample(3)), std::size_t{1});
    QCOMPARE(queue.bytes(), 2 * frameBytes);
    queue.setMaxFrames(1);
    QCOMPARE(queue.push(sample(4)), std::size_t{2});
    QCOMPARE(queue.takeAll().front().frame, std::int64_t{4});
    // One frame over the byte bound is still kept: the newest frame is never dropped.
    AmsSampleQueue tiny(10, 1);
    QCOMPARE(tiny.push(sample(1)), std::size_t{0});
    QCOMPARE(tiny.push(sample(2)), std::size_t{1});
    QCOMPARE(tiny.size(), std::size_t{1});
  }

  void anotherSizeStartsOverUncounted() {
    AmsSampleQueue queue(10, 1 << 20);
    queue.push(sample(1));
    queue.push(sample(2));
    QCOMPARE(queue.push(sample(3, 16, 8)), std::size_t{0});
    QCOMPARE(queue.size(), std::size_t{1});
    QCOMPARE(queue.dropped(), std::uint64_t{0});
    QCOMPARE(queue.push({cv::Mat(), 0.0, 9}), std::size_t{0});  // an empty image is ignored
    QCOMPARE(queue.size(), std::size_t{1});
    queue.clear();
    QCOMPARE(queue.size(), std::size_t{0});
    QCOMPARE(queue.dropped(), std::uint64_t{0});
  }

  void refusesZeroBounds() {
    QVERIFY(errorOf([] { AmsSampleQueue(0, 1); }).contains("maxFrames"));
    QVERIFY(errorOf([] { AmsSampleQueue(1, 0); }).contains("maxBytes"));
  }
};

QTEST_GUILESS_MAIN(TestAmsSampleQueue)
#include "TestAmsSampleQueue.moc"
