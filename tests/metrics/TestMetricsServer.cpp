// MetricsServer: address forms, serving /metrics over loopback HTTP, scrape hooks, and clear errors for bad or busy
// addresses.
#include <QtTest>

#include <atomic>

#include <prometheus/counter.h>

#include "metrics/MetricFamilies.h"
#include "metrics/MetricsServer.h"
#include "MetricsTestUtil.h"
#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {
/// The Error message of constructing a server on @p address ("" when it started).
QString startError(const std::string& address) {
  try {
    MetricsServer server(address);
  } catch (const Error& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}
}  // namespace

class TestMetricsServer : public QObject {
  Q_OBJECT

 private slots:
  void addressForms() {
    QCOMPARE(MetricsServer::normalizeAddress("9464"), std::string("127.0.0.1:9464"));
    QCOMPARE(MetricsServer::normalizeAddress(":9464"), std::string("127.0.0.1:9464"));
    QCOMPARE(MetricsServer::normalizeAddress("0.0.0.0:9464"), std::string("0.0.0.0:9464"));
    QCOMPARE(MetricsServer::normalizeAddress("[::1]:9464"), std::string("[::1]:9464"));
    QCOMPARE(MetricsServer::normalizeAddress("localhost:0"), std::string("localhost:0"));
  }

  void badAddressesNameThemselves() {
    for (const char* bad : {"", "abc", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:80s", "1.2.3.4:1,5.6.7.8:2",
                            "[::1]", "host:-1"}) {
      bool threw = false;
      try {
        MetricsServer::normalizeAddress(bad);
      } catch (const Error& error) {
        threw = true;
        QVERIFY2(QString(error.what()).contains(QString("'%1'").arg(bad)), error.what());
      }
      QVERIFY2(threw, bad);
    }
  }

  void servesMetricsOverHttp() {
    MetricsServer server("127.0.0.1:0");
    QVERIFY(server.port() > 0);
    QCOMPARE(server.address(), "127.0.0.1:" + std::to_string(server.port()));
    QCOMPARE(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/metrics");
    MetricFamilies::counter(server.registry(), "edgescope_test_total", "test").Add({{"source", "a"}}).Increment(3);
    const std::string response = httpGet(server.port());
    QVERIFY2(response.rfind("HTTP/1.", 0) == 0 && response.find(" 200 ") != std::string::npos, response.c_str());
    const std::string body = httpBody(response);
    QCOMPARE(sample(body, "edgescope_test_total{source=\"a\"}"), 3.0);
    QVERIFY(body.find("# TYPE edgescope_test_total counter") != std::string::npos);
  }

  void scrapeHooksRunBeforeEachScrape() {
    MetricsServer server("0");  // "PORT" alone: loopback, here a free port
    QVERIFY(server.address().rfind("127.0.0.1:", 0) == 0);
    auto& counter = MetricFamilies::counter(server.registry(), "edgescope_test_scrapes_total", "scrapes").Add({});
    std::atomic<int> hooks{0};
    server.addScrapeHook([&] {
      ++hooks;
      counter.Increment();
    });
    QCOMPARE(sample(httpBody(httpGet(server.port())), "edgescope_test_scrapes_total"), 1.0);
    QCOMPARE(sample(httpBody(httpGet(server.port())), "edgescope_test_scrapes_total"), 2.0);
    QCOMPARE(hooks.load(), 2);
  }

  void busyPortIsAClearError() {
    MetricsServer first("127.0.0.1:0");
    const std::string address = first.address();
    const QString message = startError(address);
    QVERIFY2(message.contains(QString::fromStdString(address)), qPrintable(message));
    QVERIFY2(message.contains("in use"), qPrintable(message));
    QVERIFY(httpGet(first.port()).find(" 200 ") != std::string::npos);  // the first server is untouched
  }

  void unavailableHostIsAClearError() {
    const QString message = startError("192.0.2.1:9464");  // TEST-NET-1: not an address of this machine
    QVERIFY2(message.contains("192.0.2.1:9464"), qPrintable(message));
  }

  void stopsServingWhenDestroyed() {
    int port = 0;
    {
      MetricsServer server("127.0.0.1:0");
      port = server.port();
      QVERIFY(!httpGet(port).empty());
    }
    QVERIFY(httpGet(port).empty());
  }
};

QTEST_GUILESS_MAIN(TestMetricsServer)
#include "TestMetricsServer.moc"
