// OpenMpPolicy::withWorkerPolicy: the environment local nodes get — brief spinning then sleep unless the operator
// chose a wait policy; an operator's spin count is kept.
#include <QtTest>

#include <algorithm>

#include "util/OpenMpPolicy.h"

using namespace edgescope;

namespace {
int countOf(const std::vector<std::string>& environment, const std::string& entry) {
  return static_cast<int>(std::count(environment.begin(), environment.end(), entry));
}
}  // namespace

class TestOpenMpPolicy : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void addsPassiveWithBriefSpin() {
    const auto environment = OpenMpPolicy::withWorkerPolicy({"PATH=/usr/bin", "HOME=/root"});
    QCOMPARE(environment.size(), std::size_t{4});
    QCOMPARE(countOf(environment, "OMP_WAIT_POLICY=PASSIVE"), 1);
    QCOMPARE(countOf(environment, std::string("GOMP_SPINCOUNT=") + OpenMpPolicy::kSpinCount), 1);
    QCOMPARE(countOf(environment, "PATH=/usr/bin"), 1);
  }

  void operatorPolicyWins() {
    const std::vector<std::string> chosen = {"OMP_WAIT_POLICY=ACTIVE", "PATH=/usr/bin"};
    QCOMPARE(OpenMpPolicy::withWorkerPolicy(chosen), chosen);
  }

  void operatorSpinCountKept() {
    const auto environment = OpenMpPolicy::withWorkerPolicy({"GOMP_SPINCOUNT=0"});
    QCOMPARE(environment.size(), std::size_t{2});
    QCOMPARE(countOf(environment, "GOMP_SPINCOUNT=0"), 1);
    QCOMPARE(countOf(environment, "OMP_WAIT_POLICY=PASSIVE"), 1);
  }

  void similarNamesAreNotThePolicy() {
    const auto environment = OpenMpPolicy::withWorkerPolicy({"OMP_WAIT_POLICY_X=1", "GOMP_SPINCOUNTER=3"});
    QCOMPARE(countOf(environment, "OMP_WAIT_POLICY=PASSIVE"), 1);
    QCOMPARE(countOf(environment, std::string("GOMP_SPINCOUNT=") + OpenMpPolicy::kSpinCount), 1);
  }
};

QTEST_GUILESS_MAIN(TestOpenMpPolicy)
#include "TestOpenMpPolicy.moc"
