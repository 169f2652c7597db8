// TurboLatencyProbe (turbo-profile's latency table, issue 21) on a tiny network: I[rung][exit][n] for every rung and
// exit, the asked batch sizes timed (n = 1 always) and those between interpolated on the line between their timed
// neighbours, μ_D measured, one progress call per run, the profile named by device, threads and sha; runs < 1, a
// batch size < 1 and no rung are Errors. Times are not asserted beyond being positive (no timed unit tests).
#include "TurboTestRig.h"
#include "neural/TurboBatch.h"
#include "neural/TurboLatencyProbe.h"

#include <QtTest>

#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

class TestTurboLatencyProbe : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(11); }

  void probeTimesTheAskedBatchSizesAndInterpolatesTheRest() {
    TurboTestRig rig;
    TurboBatch batch(*rig.turbo);
    TurboLatencyProbe::Options options;
    options.rungSizes = {{128, 96}, {96, 64}};
    options.batches = {4, 2};  // 1 is always timed, 3 is interpolated
    options.runs = 2;
    options.warmUpRuns = 1;
    long long calls = 0, total = 0;
    const TurboLatencyProbe::Result result =
        TurboLatencyProbe::measure(batch, options, "cpu", 2, "sha", [&](long long done, long long all) {
          QCOMPARE(done, calls + 1);
          calls = done;
          total = all;
        });
    QCOMPARE(calls, total);
    QCOMPARE(total, 2LL * 6 * 3 * 3 + 3);  // rungs × exits × timed sizes × (runs + warm-up) + D_f
    const LatencyProfile& profile = result.profile;
    QCOMPARE(profile.key(), std::string("cpu|2|sha"));
    QCOMPARE(profile.rungCount(), 2);
    QCOMPARE(profile.maxExit(), 5);
    QVERIFY(profile.discriminatorMs() > 0.0);
    for (int r = 0; r < 2; ++r) {
      for (int e = 0; e <= 5; ++e) {
        QCOMPARE(profile.measuredBatch(r, e), 4);
        QCOMPARE(result.timed[r][e], (std::vector<bool>{true, true, false, true}));
        const double n2 = profile.profiledMs(r, e, 2), n4 = profile.profiledMs(r, e, 4);
        QVERIFY(profile.profiledMs(r, e, 1) > 0.0);
        QCOMPARE(profile.profiledMs(r, e, 3), n2 + 0.5 * (n4 - n2));
      }
    }
    QCOMPARE(TurboLatencyProbe::interpolate({1.0, 3.0, 0.0, 0.0, 9.0}, {true, true, false, false, true}),
             (std::vector<double>{1.0, 3.0, 5.0, 7.0, 9.0}));
    options.runs = 0;
    QVERIFY_THROWS_EXCEPTION(Error, TurboLatencyProbe::measure(batch, options, "cpu", 2, "sha"));
    options.runs = 1;
    options.batches = {0};
    QVERIFY_THROWS_EXCEPTION(Error, TurboLatencyProbe::measure(batch, options, "cpu", 2, "sha"));
    options.batches = {1};
    options.rungSizes.clear();
    QVERIFY_THROWS_EXCEPTION(Error, TurboLatencyProbe::measure(batch, options, "cpu", 2, "sha"));
  }
};

QTEST_GUILESS_MAIN(TestTurboLatencyProbe)
#include "TestTurboLatencyProbe.moc"
