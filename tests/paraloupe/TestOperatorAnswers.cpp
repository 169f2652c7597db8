// OperatorAnswers: RoIs checked (finite, ≥ 1 px, overlapping the frame) with the bad one named, the RoI and
// What-if-lost texts the console shows.
#include <QtTest>

#include <cmath>

#include "paraloupe/OperatorAnswers.h"
#include "util/Error.h"

using namespace edgescope;

class TestOperatorAnswers : public QObject {
  Q_OBJECT
 private slots:
  void rois() {
    const cv::Size frame(768, 576);
    const std::vector<BoundingBox> good = {{10, 20, 100, 200}, {-20, 500, 60, 120}};  // the second reaches in
    QCOMPARE(OperatorAnswers::checkedRois(good, frame).size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(OperatorAnswers::roiText(good)), QString("ParaLoupe RoIs: 2 (10,20,100,200; -20,500,60,120)"));
    QCOMPARE(QString::fromStdString(OperatorAnswers::roiText({})), QString("ParaLoupe RoIs: none"));
    try {
      OperatorAnswers::checkedRois({{10, 20, 100, 200}, {800, 10, 20, 20}}, frame);
      QFAIL("an RoI outside the frame was kept");
    } catch (const Error& error) {
      QVERIFY2(QString(error.what()).contains("RoI 2 lies outside the 768x576 frame"), error.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, OperatorAnswers::checkedRois({{std::nanf(""), 0, 10, 10}}, frame));
    QVERIFY_THROWS_EXCEPTION(Error, OperatorAnswers::checkedRois({{0, 0, 0.5f, 10}}, frame));
    QCOMPARE(OperatorAnswers::checkedRois({{5000, 5000, 10, 10}}, cv::Size()).size(), std::size_t{1});  // no frame yet
  }
  void whatIf() {
    SchedulingProblem problem;
    problem.budgetMs = 35.0;
    problem.patches.resize(9);
    ScheduleResult result;
    result.deviceMs = {12.0, 31.25, 0.0};
    result.shed = 2;
    result.feasible = true;
    QCOMPARE(QString::fromStdString(OperatorAnswers::whatIfText("node1", result, problem)),
             QString("What if node1 were lost: predicted 31.2 ms (budget 35.0), feasible, 2 of 9 patches shed"));
  }
};

QTEST_GUILESS_MAIN(TestOperatorAnswers)
#include "TestOperatorAnswers.moc"
