// ParaLoupeBenchPlan: the paraloupe-bench options --nodes, --kill-at, --cost, --link-at and --roi parse into nodes,
// events in frame order and RoIs, and every malformed item fails with an Error naming the option and what is wrong.
#include <QtTest>

#include <string>

#include "paraloupe/cluster/ParaLoupeBenchPlan.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

/// The message of the Error @p run throws ("" when it throws none).
template <typename Run>
std::string errorOf(Run run) {
  try {
    run();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class TestParaLoupeBenchPlan : public QObject {
  Q_OBJECT
 private slots:
  void nodesAreNamedInOrder() {
    const std::vector<BenchNode> nodes = ParaLoupeBenchPlan::parseNodes("jetson-tx2;rpi4@testbed;rpi4@up=2,down=10,rtt=5");
    QCOMPARE(nodes.size(), std::size_t{3});
    QCOMPARE(QString::fromStdString(nodes[0].name), QString("node1"));
    QCOMPARE(QString::fromStdString(nodes[2].name), QString("node3"));
    QCOMPARE(QString::fromStdString(nodes[1].profile), QString("rpi4"));
    QCOMPARE(nodes[0].link.uplinkKbps, 100000.0);  // the LAN default
    QCOMPARE(nodes[1].link.uplinkKbps, LinkProfile().uplinkKbps);  // the testbed
    QCOMPARE(nodes[2].link.uplinkKbps, 2000.0);
  }
  void malformedNodes() {
    QVERIFY(contains(errorOf([] { ParaLoupeBenchPlan::parseNodes("jetson-tx2;toaster"); }), "--nodes 'toaster'"));
    QVERIFY(contains(errorOf([] { ParaLoupeBenchPlan::parseNodes("rpi4@up=fast"); }), "up"));
  }
  void eventsInFrameOrder() {
    const auto nodes = ParaLoupeBenchPlan::parseNodes("jetson-tx2;jetson-nano;rpi4");
    ParaLoupeBenchPlan plan;
    plan.nodes = nodes;
    plan.events = ParaLoupeBenchPlan::parseEvents("376:node3,326:node1", "node2=0.9@301:350", "351:node1:up=2",
                                                  nodes, FrameRange::parse("301:400"));
    QCOMPARE(plan.events.front().frame, std::int64_t{301});
    for (std::size_t i = 1; i < plan.events.size(); ++i) QVERIFY(plan.events[i - 1].frame <= plan.events[i].frame);
    const std::vector<BenchEvent> at326 = plan.due(326);
    QCOMPARE(at326.size(), std::size_t{1});
    QVERIFY(at326[0].kind == BenchEvent::Kind::Kill);
    QCOMPARE(QString::fromStdString(at326[0].node), QString("node1"));
    bool reset = false;  // the cost returns to 0 after frame 350
    for (const BenchEvent& event : plan.due(351)) {
      if (event.kind == BenchEvent::Kind::Cost) reset = event.cost == 0.0 && event.node == "node2";
    }
    QVERIFY(reset);
    const std::vector<BenchEvent> at351 = plan.due(351);
    bool link = false;
    for (const BenchEvent& event : at351) link = link || (event.kind == BenchEvent::Kind::Link && event.link.uplinkKbps == 2000.0);
    QVERIFY(link);
  }
  void malformedEvents() {
    const auto nodes = ParaLoupeBenchPlan::parseNodes("jetson-tx2;rpi4");
    const FrameRange frames = FrameRange::parse("301:400");
    const auto events = [&](const char* kill, const char* cost, const char* link) {
      return errorOf([&] { ParaLoupeBenchPlan::parseEvents(kill, cost, link, nodes, frames); });
    };
    QVERIFY(contains(events("500:node1", "", ""), "outside --frames"));
    QVERIFY(contains(events("326:node9", "", ""), "unknown node 'node9'"));
    QVERIFY(contains(events("326", "", ""), "--kill-at '326'"));
    QVERIFY(contains(events("x:node1", "", ""), "--kill-at 'x:node1'"));
    QVERIFY(contains(events("", "node1=1.5@301:350", ""), "0..1"));
    QVERIFY(contains(events("", "node1=0.5@350:301", ""), "TO is before FROM"));
    QVERIFY(contains(events("", "node1", ""), "--cost 'node1'"));
    QVERIFY(contains(events("", "", "351:node1:up=-2"), "--link-at"));
    QVERIFY(contains(events("", "", "351:node1"), "FRAME:NODE:LINK"));
  }
  void rois() {
    const cv::Size frame(768, 576);
    const std::vector<BoundingBox> rois = ParaLoupeBenchPlan::parseRois("10,20,100,200;300,100,50,50", frame);
    QCOMPARE(rois.size(), std::size_t{2});
    QCOMPARE(rois[1].x, 300.0f);
    QVERIFY(contains(errorOf([&] { ParaLoupeBenchPlan::parseRois("700,500,100,100", frame); }), "outside"));
    QVERIFY(contains(errorOf([&] { ParaLoupeBenchPlan::parseRois("1,2,3", frame); }), "x,y,w,h"));
    QVERIFY(contains(errorOf([&] { ParaLoupeBenchPlan::parseRois("1,2,0,5", frame); }), "positive"));
  }
};

QTEST_GUILESS_MAIN(TestParaLoupeBenchPlan)
#include "TestParaLoupeBenchPlan.moc"
