// TurboScoreboard: plain vs Turbo AP50 pooled over the same frames, frames with unknown plain detections skipped,
// recovered/lost people under the score floor, ignore rows never matched.
#include <QtTest>

#include "turbo/TurboScoreboard.h"

using namespace edgescope;

namespace {

MotRow gt(int id, float x, bool ignore = false) {
  MotRow row;
  row.frame = 1;
  row.id = id;
  row.box = {x, 10.0f, 40.0f, 100.0f};
  row.confidence = ignore ? 0.0f : 1.0f;
  return row;
}

Detection det(float x, float score) {
  Detection d;
  d.box = {x, 10.0f, 40.0f, 100.0f};
  d.score = score;
  return d;
}

}  // namespace

class TestTurboScoreboard : public QObject {
  Q_OBJECT
 private slots:
  void recoveredAndLostAreCountedAboveTheFloor() {
    TurboScoreboard board;
    const std::vector<MotRow> people = {gt(1, 0), gt(2, 100), gt(3, 200)};
    // Person 2 below the floor, and a confident false positive.
    const std::vector<Detection> plain = {det(0, 0.9f), det(100, 0.2f), det(300, 0.95f)};
    const std::vector<Detection> turbo = {det(100, 0.8f), det(200, 0.7f)};  // 2 and 3 found, 1 lost
    board.addFrame(1, people, turbo, &plain, true, 0.3);
    QCOMPARE(board.frames(), qint64(1));
    QCOMPARE(board.recovered(), qint64(2));
    QCOMPARE(board.lost(), qint64(1));
    QVERIFY(board.ap50Turbo() > board.ap50Plain());
    QCOMPARE(board.ap50TurboHard(), board.ap50Turbo());
  }

  void plainAtExitZeroComparesEqual() {
    TurboScoreboard board;
    const std::vector<Detection> same = {det(0, 0.9f)};
    board.addFrame(1, {gt(1, 0), gt(2, 100)}, same, &same, false, 0.3);
    QCOMPARE(board.ap50Plain(), board.ap50Turbo());
    QCOMPARE(board.recovered() + board.lost(), qint64(0));
    QCOMPARE(board.ap50Plain(), 0.5);
  }

  void unknownPlainOrNoGroundTruthIsSkipped() {
    TurboScoreboard board;
    const std::vector<Detection> turbo = {det(0, 0.9f)};
    board.addFrame(1, {gt(1, 0)}, turbo, nullptr, true, 0.3);
    board.addFrame(2, {}, turbo, &turbo, true, 0.3);
    QCOMPARE(board.frames(), qint64(0));
    QCOMPARE(board.ap50Turbo(), 0.0);
    board.addFrame(3, {gt(1, 0)}, turbo, &turbo, false, 0.3);
    QCOMPARE(board.frames(), qint64(1));
    board.reset();
    QCOMPARE(board.frames(), qint64(0));
  }

  void ignoreRowsNeverMatch() {
    const auto matched = TurboScoreboard::matchedGt({gt(1, 0, true), gt(2, 0)}, {det(0, 0.9f), det(0, 0.8f)}, 0.3);
    QCOMPARE(matched, (std::vector<bool>{false, true}));
    // Greedy by score: the higher-scored box takes the person, the second finds nobody else.
    const auto one = TurboScoreboard::matchedGt({gt(1, 0)}, {det(2, 0.5f), det(0, 0.9f)}, 0.3);
    QCOMPARE(one, (std::vector<bool>{true}));
  }
};

QTEST_MAIN(TestTurboScoreboard)
#include "TestTurboScoreboard.moc"
