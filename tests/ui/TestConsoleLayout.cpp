// The console's layout is saved and restored (QSettings), the dark theme recolours widgets and plots, every dock has
// a stable object name, and the view menu's layer actions drive the video layers.
#include <QAction>
#include <QDockWidget>
#include <QtTest>
#include <qcustomplot.h>

#include "MainWindow.h"
#include "Theme.h"
#include "VideoView.h"

using namespace edgescope;

class TestConsoleLayout : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestConsoleLayout");
    QSettings().clear();
  }

  void layoutIsSavedAndRestored() {
    {
      MainWindow window;
      window.show();
      QVERIFY(!window.restoreLayout());  // nothing saved yet
      auto* messages = window.findChild<QDockWidget*>("Messages");
      QVERIFY(messages);
      messages->hide();
      window.close();  // saves
    }
    MainWindow window;
    window.show();
    QVERIFY(window.findChild<QDockWidget*>("Messages")->isVisible());  // the default layout first
    QVERIFY(window.restoreLayout());
    QVERIFY(!window.findChild<QDockWidget*>("Messages")->isVisible());
    for (const char* name : {"Sources", "Pipeline", "Tracking", "Knobs", "Throughput", "Latency", "Tradeoff", "DeepScale"}) {
      QVERIFY2(window.findChild<QDockWidget*>(name), name);
    }
  }

  void darkThemeRecoloursPlots() {
    MainWindow window;
    window.show();
    Theme::apply(Theme::Kind::Dark);
    QCOMPARE(Theme::saved(), Theme::Kind::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    const auto plots = window.findChildren<QCustomPlot*>();
    QVERIFY(plots.size() >= 5);
    for (QCustomPlot* plot : plots) QVERIFY(plot->toPixmap(40, 40).toImage().pixelColor(1, 1).lightness() < 100);
    Theme::apply(Theme::Kind::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
  }

  void layerActionsDriveTheVideo() {
    MainWindow window;
    auto* action = window.findChild<QAction*>("layer_3");  // detections with scores
    QVERIFY(action);
    QVERIFY(window.videoView()->layerVisible(VideoView::Layer::Detections));
    action->trigger();
    QVERIFY(!window.videoView()->layerVisible(VideoView::Layer::Detections));
  }
};

QTEST_MAIN(TestConsoleLayout)
#include "TestConsoleLayout.moc"
