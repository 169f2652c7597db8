// MultiObjectTracker: ids survive gaps in frame numbers, JDE re-identifies a crossing pair by appearance where
// IoU alone swaps them, and the BYTE lifecycle rules (confirmation, low-score rescue, loss, re-find, expiry).
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>

#include "track/MultiObjectTracker.h"
#include "util/Error.h"
#include "util/Rng.h"

using namespace edgescope;

namespace {

Detection det(float x, float y, float w, float h, float score = 0.9f, std::vector<float> embedding = {}) {
  Detection d;
  d.box = {x, y, w, h};
  d.score = score;
  d.embedding = std::move(embedding);
  return d;
}

/// Id of the track whose box is closest to (x, y), or 0 when there is none within 20 px.
int idNear(const std::vector<Track>& tracks, float x, float y) {
  int id = 0;
  float best = 20.0f;
  for (const Track& t : tracks) {
    const float d = std::hypot(t.box.x - x, t.box.y - y);
    if (d < best) {
      best = d;
      id = t.id;
    }
  }
  return id;
}

/// Unit vector along axis @p axis of a 128-d space plus a little noise (a re-ID embedding of one person).
std::vector<float> embedding(int axis, Rng& rng) {
  std::vector<float> e(128);
  for (float& v : e) v = static_cast<float>(0.05 * rng.normal());
  e[axis] += 1.0f;
  double n = 0;
  for (const float v : e) n += v * v;
  for (float& v : e) v = static_cast<float>(v / std::sqrt(n));
  return e;
}

float xA(int f) { return 100.0f + 12.0f * f; }  // walks right, 12 px per source frame
float yB(int f) { return 100.0f + 6.0f * f; }   // walks down

/// Runs two walkers through frames 1..20 and 24..30 (21–23 skipped), numbered @p numbering(f).
std::vector<std::vector<Track>> runGapScenario(MultiObjectTracker& tracker, int (*numbering)(int)) {
  std::vector<std::vector<Track>> out;
  for (int f = 1; f <= 30; ++f) {
    if (f >= 21 && f <= 23) continue;
    out.push_back(tracker.update({det(xA(f), 200, 40, 100), det(500, yB(f), 50, 120)}, numbering(f)));
  }
  return out;
}

/// Two people crossing: A walks right, B walks left on the same line, 10 px per frame each.
struct Crossing {
  std::vector<std::vector<Track>> frames;
  int idAStart = 0, idBStart = 0, idAEnd = 0, idBEnd = 0;
};

Crossing runCrossing(const TrackerConfig& config) {
  MultiObjectTracker tracker(config);
  Rng rng(42);
  Crossing c;
  const int last = 22;
  for (int f = 1; f <= last; ++f) {
    const float a = 100.0f + 10.0f * f, b = 304.0f - 10.0f * f;
    auto tracks = tracker.update(
        {det(a, 300, 40, 100, 0.9f, embedding(3, rng)), det(b, 300, 40, 100, 0.9f, embedding(70, rng))}, f);
    if (f == 2) {
      c.idAStart = idNear(tracks, a, 300);
      c.idBStart = idNear(tracks, b, 300);
    }
    if (f == last) {
      c.idAEnd = idNear(tracks, a, 300);
      c.idBEnd = idNear(tracks, b, 300);
    }
    c.frames.push_back(tracks);
  }
  return c;
}

/// Two people standing at x = 100 (A) and x = 400 (B); a new network's embeddings (other axes) from frame 6 on, the
/// tracker holding appearance for @p holdFrames frames from there; A is hidden in frames 7–8. The id near A at
/// frame 10 (0: none).
int idOfAAfterASwap(int holdFrames) {
  TrackerConfig config;
  config.mode = TrackerMode::Jde;
  MultiObjectTracker tracker(config);
  Rng rng(7);
  int id = 0;
  for (int f = 1; f <= 10; ++f) {
    const bool swapped = f >= 6;
    if (f == 6) tracker.holdAppearance(holdFrames);
    std::vector<Detection> dets;
    if (f < 7 || f > 8) dets.push_back(det(100, 300, 40, 100, 0.9f, embedding(swapped ? 20 : 3, rng)));
    dets.push_back(det(400, 300, 40, 100, 0.9f, embedding(swapped ? 90 : 70, rng)));
    id = idNear(tracker.update(dets, f), 100, 300);
  }
  return id;
}

}  // namespace

class TestMultiObjectTracker : public QObject {
  Q_OBJECT
 private slots:
  void keepsIdsThroughThreeFrameGap() {
    for (int variant = 0; variant < 3; ++variant) {  // BYTE (reference boxes), BYTE on prediction, JDE
      TrackerConfig config;
      config.iouOnPrediction = variant == 1;
      config.mode = variant == 2 ? TrackerMode::Jde : TrackerMode::Byte;
      MultiObjectTracker tracker(config);
      const auto frames = runGapScenario(tracker, [](int f) { return f; });
      const auto& after = frames.back();
      QCOMPARE(after.size(), size_t(2));
      QCOMPARE(idNear(after, xA(30), 200), 1);
      QCOMPARE(idNear(after, 500, yB(30)), 2);
      const auto& firstAfterGap = frames[20];  // source frame 24
      QCOMPARE(firstAfterGap.size(), size_t(2));
      QCOMPARE(idNear(firstAfterGap, xA(24), 200), 1);
      for (const auto& t : firstAfterGap) QCOMPARE(t.framesSinceUpdate, 0);
    }
  }
  void consecutiveNumberingOverTheSameGapBreaksTheFastTrack() {
    // The same detections numbered as if no frame had been skipped: the 48 px jump exceeds the box, so only the
    // frame numbers made the difference above.
    MultiObjectTracker tracker;
    const auto frames = runGapScenario(tracker, [](int f) { return f <= 20 ? f : f - 3; });
    QVERIFY(idNear(frames.back(), xA(30), 200) != 1);
    QCOMPARE(idNear(frames.back(), 500, yB(30)), 2);
  }
  void iouAloneSwapsACrossingPair() {
    const Crossing c = runCrossing(TrackerConfig());  // BYTE: embeddings are ignored
    QVERIFY(c.idAStart > 0 && c.idBStart > 0);
    QCOMPARE(c.idAEnd, c.idBStart);
    QCOMPARE(c.idBEnd, c.idAStart);
  }
  void jdeReidentifiesACrossingPairByAppearance() {
    TrackerConfig config;
    config.mode = TrackerMode::Jde;
    const Crossing c = runCrossing(config);
    QVERIFY(c.idAStart > 0 && c.idBStart > 0 && c.idAStart != c.idBStart);
    QCOMPARE(c.idAEnd, c.idAStart);
    QCOMPARE(c.idBEnd, c.idBStart);
    for (const auto& tracks : c.frames) QCOMPARE(tracks.size(), size_t(2));
  }
  void appearanceHoldAssociatesByIouOnly() {
    // Pure appearance without gating: two people standing still trade embeddings at frame 6. JDE follows the
    // embeddings (ids swap places); in a hold it associates by IoU (ids stay).
    TrackerConfig config;
    config.mode = TrackerMode::Jde;
    config.motionLambda = 1.0f;
    config.gatingThreshold = 1e9f;
    for (const int hold : {0, 10}) {
      MultiObjectTracker tracker(config);
      Rng rng(42);
      std::vector<Track> tracks;
      for (int f = 1; f <= 8; ++f) {
        if (f == 6) tracker.holdAppearance(hold);
        const bool traded = f >= 6;
        tracks = tracker.update({det(100, 300, 40, 100, 0.9f, embedding(traded ? 70 : 3, rng)),
                                 det(400, 300, 40, 100, 0.9f, embedding(traded ? 3 : 70, rng))},
                                f);
      }
      QCOMPARE(idNear(tracks, 100, 300), hold ? 1 : 2);
      QCOMPARE(idNear(tracks, 400, 300), hold ? 2 : 1);
      QCOMPARE(tracker.appearanceHoldFrames(), hold ? 7 : 0);
      tracker.reset();
      QCOMPARE(tracker.appearanceHoldFrames(), 0);
    }
  }
  void appearanceHoldReseedsEmbeddingsAfterASwap() {
    // Without a hold A's track keeps the old network's embedding and is not found again after it was hidden; a
    // one-frame hold at the swap re-seeds it with the new one, and appearance finds A again.
    QVERIFY(idOfAAfterASwap(0) != 1);
    QCOMPARE(idOfAAfterASwap(1), 1);
  }
  void jdeWithoutEmbeddingsFallsBackToIou() {
    TrackerConfig config;
    config.mode = TrackerMode::Jde;
    MultiObjectTracker tracker(config);
    for (int f = 0; f < 10; ++f) {
      const auto tracks = tracker.update({det(50.0f + 3 * f, 50, 30, 60), det(300, 80.0f + 2 * f, 30, 60)}, f);
      QCOMPARE(tracks.size(), size_t(2));
      QCOMPARE(idNear(tracks, 50.0f + 3 * f, 50), 1);
      QCOMPARE(idNear(tracks, 300, 80.0f + 2 * f), 2);
    }
  }
  void predictExtrapolatesWithoutChangingState() {
    MultiObjectTracker tracker;
    QVERIFY(tracker.predict(1).empty());
    for (int f = 0; f < 8; ++f) tracker.update({det(100.0f + 5 * f, 100, 40, 80), det(400, 100, 40, 80)}, f);
    for (int f = 8; f < 10; ++f) tracker.update({det(100.0f + 5 * f, 100, 40, 80)}, f);  // the second one is lost
    const auto predicted = tracker.predict(12);  // three frames ahead
    QCOMPARE(static_cast<int>(predicted.size()), 2);
    const Track& moving = predicted[0].box.x < 300 ? predicted[0] : predicted[1];
    const Track& lost = predicted[0].box.x < 300 ? predicted[1] : predicted[0];
    QVERIFY2(moving.box.x > 100 + 5 * 9 + 5, "moves on with its velocity");
    QCOMPARE(moving.framesSinceUpdate, 3);
    QCOMPARE(lost.state, TrackState::Lost);
    QCOMPARE(lost.framesSinceUpdate, 5);
    // Nothing changed: the next update continues the same ids.
    const auto tracks = tracker.update({det(100.0f + 5 * 10, 100, 40, 80)}, 10);
    QCOMPARE(static_cast<int>(tracks.size()), 1);
    QCOMPARE(tracks[0].id, moving.id);
    QCOMPARE(static_cast<int>(tracker.predict(10).size()), 2);  // not after the last update: boxes as they are
  }
  void newTrackIsReportedFromItsSecondMatch() {
    MultiObjectTracker tracker;
    QCOMPARE(tracker.update({det(10, 10, 40, 80)}, 0).size(), size_t(1));  // first frame: reported at once
    QCOMPARE(tracker.update({det(10, 10, 40, 80), det(300, 10, 40, 80)}, 1).size(), size_t(1));
    const auto tracks = tracker.update({det(10, 10, 40, 80), det(300, 10, 40, 80)}, 2);
    QCOMPARE(tracks.size(), size_t(2));
    QCOMPARE(idNear(tracks, 300, 10), 2);
    QCOMPARE(static_cast<int>(tracks[0].state), static_cast<int>(TrackState::Confirmed));
    // A one-frame false positive is never reported; its id (3) is not reused.
    QCOMPARE(tracker.update({det(10, 10, 40, 80), det(300, 10, 40, 80), det(600, 300, 40, 80)}, 3).size(), size_t(2));
    QCOMPARE(tracker.update({det(10, 10, 40, 80), det(300, 10, 40, 80)}, 4).size(), size_t(2));
    tracker.update({det(10, 10, 40, 80), det(300, 10, 40, 80), det(600, 300, 40, 80)}, 5);
    QCOMPARE(idNear(tracker.update({det(600, 300, 40, 80)}, 6), 600, 300), 4);
  }
  void lowScoreDetectionsExtendButNeverStartTracks() {
    MultiObjectTracker tracker;
    tracker.update({det(100, 100, 50, 100, 0.9f)}, 0);
    auto tracks = tracker.update({det(102, 100, 50, 100, 0.3f), det(400, 100, 50, 100, 0.3f)}, 1);
    QCOMPARE(tracks.size(), size_t(1));
    QCOMPARE(tracks[0].id, 1);
    QCOMPARE(tracks[0].score, 0.3f);
    tracks = tracker.update({det(104, 100, 50, 100, 0.55f)}, 2);  // high but below the new-track score
    QCOMPARE(tracks.size(), size_t(1));
    QVERIFY(tracker.update({det(400, 100, 50, 100, 0.55f)}, 3).empty());
  }
  void lostTrackIsFoundAgainWithinBufferAndExpiresAfter() {
    MultiObjectTracker tracker;
    tracker.update({det(100, 100, 50, 100), det(400, 100, 50, 100)}, 0);
    for (int f = 1; f <= 10; ++f) tracker.update({det(400, 100, 50, 100)}, f);
    QCOMPARE(tracker.lostTracks().size(), size_t(1));
    QCOMPARE(tracker.lostTracks()[0].id, 1);
    QCOMPARE(tracker.lostTracks()[0].framesSinceUpdate, 10);
    auto tracks = tracker.update({det(100, 100, 50, 100), det(400, 100, 50, 100)}, 11);
    QCOMPARE(tracks.size(), size_t(2));
    QCOMPARE(idNear(tracks, 100, 100), 1);
    // Lost again for longer than the buffer (30 frames at 30 fps): a new id.
    for (int f = 12; f <= 50; ++f) tracker.update({det(400, 100, 50, 100)}, f);
    QVERIFY(tracker.lostTracks().empty());
    tracker.update({det(100, 100, 50, 100), det(400, 100, 50, 100)}, 51);
    tracks = tracker.update({det(100, 100, 50, 100), det(400, 100, 50, 100)}, 52);
    QCOMPARE(idNear(tracks, 100, 100), 3);
  }
  void gapLongerThanTheBufferStartsOver() {
    MultiObjectTracker tracker;
    tracker.update({det(100, 100, 50, 100)}, 0);
    QVERIFY(tracker.update({det(100, 100, 50, 100)}, 100).empty());  // the old track is gone, the new one unconfirmed
    QVERIFY(tracker.lostTracks().empty());
    const auto tracks = tracker.update({det(100, 100, 50, 100)}, 101);
    QCOMPARE(tracks.size(), size_t(1));
    QCOMPARE(tracks[0].id, 2);
  }
  void frameNumbersMustIncrease() {
    MultiObjectTracker tracker;
    tracker.update({det(1, 1, 10, 10)}, 5);
    QVERIFY_THROWS_EXCEPTION(Error, tracker.update({}, 5));
    QVERIFY_THROWS_EXCEPTION(Error, tracker.update({}, 4));
    tracker.reset();
    const auto tracks = tracker.update({det(1, 1, 10, 10)}, 0);
    QCOMPARE(tracks.size(), size_t(1));
    QCOMPARE(tracks[0].id, 1);
  }
  void invalidDetectionsAreIgnored() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (const TrackerMode mode : {TrackerMode::Byte, TrackerMode::Jde}) {
      TrackerConfig config;
      config.mode = mode;
      MultiObjectTracker tracker(config);
      Detection odd = det(5, 5, 20, 20, 0.9f, {1.0f, 0.0f});  // embedding of another dimension than the rest
      const std::vector<Detection> dets = {det(nan, 0, 10, 10),
                                           det(0, 0, 0, 10),
                                           det(0, 0, 10, -1),
                                           det(0, 0, 10, 10, nan),
                                           det(50, 50, 20, 40, 0.9f, {0.6f, 0.8f, 0.0f}),
                                           odd};
      for (int f = 0; f < 4; ++f) {
        const auto tracks = tracker.update(dets, f);
        QCOMPARE(tracks.size(), size_t(2));
      }
    }
  }
  void survivesRandomInputWithUniqueIds() {
    const float specials[] = {std::numeric_limits<float>::infinity(), -1e30f, 1e30f, 0.0f, -5.0f};
    Rng rng(17);
    for (const TrackerMode mode : {TrackerMode::Byte, TrackerMode::Jde}) {
      TrackerConfig config;
      config.mode = mode;
      config.jdeLowScoreRound = true;
      MultiObjectTracker tracker(config);
      std::int64_t frame = 0;
      for (int step = 0; step < 300; ++step) {
        frame += 1 + (rng.uniform() < 0.2 ? rng.uniformInt(1, 40) : 0);
        std::vector<Detection> dets;
        for (int k = rng.uniformInt(0, 25); k > 0; --k) {
          Detection d = det(static_cast<float>(rng.uniform(-50, 600)), static_cast<float>(rng.uniform(-50, 400)),
                            static_cast<float>(rng.uniform(1, 120)), static_cast<float>(rng.uniform(1, 200)),
                            static_cast<float>(rng.uniform(0, 1)));
          if (rng.uniform() < 0.1) d.box.width = specials[rng.uniformInt(0, 4)];
          if (rng.uniform() < 0.05) d.box.x = specials[rng.uniformInt(0, 4)];
          if (rng.uniform() < 0.7) d.embedding.assign(rng.uniform() < 0.9 ? 16 : 3, static_cast<float>(rng.normal()));
          dets.push_back(d);
        }
        const auto tracks = tracker.update(dets, frame);
        std::vector<int> ids;
        for (const Track& t : tracks) {
          QVERIFY(t.id > 0);
          ids.push_back(t.id);
        }
        std::sort(ids.begin(), ids.end());
        QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestMultiObjectTracker)
#include "TestMultiObjectTracker.moc"
