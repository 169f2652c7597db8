// Several sources at once: each is its own engine session; panels follow the active one (frames, status and
// parameter echoes come only from it), sources are added and removed at run time, and the sources panel lists them.
#include <QSignalSpy>
#include <QtTest>

#include "EngineClient.h"
#include "MainWindow.h"
#include "SessionHub.h"
#include "SourcesPanel.h"
#include "VideoView.h"

using namespace edgescope;

namespace {
const QString kSmall = "synthetic:?seed=1&people=2&frames=400&width=160&height=120";
const QString kLarge = "synthetic:?seed=2&people=3&frames=400&width=320&height=240";
}  // namespace

class TestSessionHub : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestSessionHub");
  }

  void followsTheActiveSession() {
    SessionHub hub;
    QCOMPARE(hub.count(), 0);
    QVERIFY(!hub.parameters().isEmpty());
    hub.openSource(kSmall);  // creates the first session
    QCOMPARE(hub.count(), 1);
    hub.addSession();
    hub.openSource(kLarge);
    QCOMPARE(hub.count(), 2);
    QCOMPARE(hub.activeIndex(), 1);
    int lastWidth = 0;
    connect(&hub, &SessionHub::frameReady, this, [&](const FrameView& frame) { lastWidth = frame.image.width(); });
    QTRY_COMPARE_WITH_TIMEOUT(lastWidth, 320, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(hub.sessionName(0).isEmpty(), false, 5000);
    hub.setActive(0);
    QTRY_COMPARE_WITH_TIMEOUT(lastWidth, 160, 10000);
    // Both keep running: the inactive one still advances.
    const qint64 before = hub.client(1)->lastStatus().currentFrame;
    QTRY_VERIFY_WITH_TIMEOUT(hub.client(1)->lastStatus().currentFrame > before, 10000);
    // Parameters go to the active session only.
    QSignalSpy applied(&hub, &SessionHub::parameterApplied);
    hub.setParameter("playback.speed", 3.0);
    QTRY_COMPARE_WITH_TIMEOUT(hub.client(0)->lastStatus().parameters.value("playback.speed"), 3.0, 5000);
    QCOMPARE(hub.client(1)->lastStatus().parameters.value("playback.speed"), 1.0);
    // Removing the active session activates its neighbour and frames come from it.
    hub.removeSession(0);
    QCOMPARE(hub.count(), 1);
    QCOMPARE(hub.activeIndex(), 0);
    lastWidth = 0;
    QTRY_COMPARE_WITH_TIMEOUT(lastWidth, 320, 10000);
  }

  void windowAddsSourcesAndRemembersThem() {
    MainWindow window;
    window.show();
    window.openSource(kSmall);
    window.addSource(kLarge);
    QCOMPARE(window.engine()->count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(window.sourcesPanel()->rowCount(), 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window.sourcesPanel()->rowText(1).contains("playing"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.videoView()->currentFrame().image.width(), 320, 10000);
    QVERIFY(SourcesPanel::recentSources().first().startsWith(kLarge));
    QVERIFY(SourcesPanel::recentSources().contains(kSmall));
  }
};

QTEST_MAIN(TestSessionHub)
#include "TestSessionHub.moc"
