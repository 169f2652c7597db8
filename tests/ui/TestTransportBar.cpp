// The transport bar's play/pause button shows the engine's state with two icons made once: status updates (5 per
// second) must not create new icons, or every update adds pixmaps to QPixmapCache and the heap grows for as long as
// the console runs (~20 MB an hour). A style change reloads them; the slider and label follow the status.
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QStyleFactory>
#include <QToolButton>
#include <QtTest>

#include "TransportBar.h"

using namespace edgescope;

namespace {
StatusView statusAt(const QString& state, qint64 frame) {
  StatusView status;
  status.state = state;
  status.currentFrame = frame;
  return status;
}
}  // namespace

class TestTransportBar : public QObject {
  Q_OBJECT
 private slots:
  void statusUpdatesReuseTheIcon() {
    TransportBar bar;
    bar.show();
    auto* play = bar.findChild<QToolButton*>("playPause");
    QVERIFY(play);
    const qint64 idleKey = play->icon().cacheKey();
    bar.setStatus(statusAt("paused", 1));
    QCOMPARE(play->icon().cacheKey(), idleKey);  // not playing: still the play icon
    bar.setStatus(statusAt("playing", 2));
    const qint64 playingKey = play->icon().cacheKey();
    QVERIFY(playingKey != idleKey);
    for (qint64 frame = 3; frame < 500; ++frame) {
      bar.setStatus(statusAt("playing", frame));
      QCOMPARE(play->icon().cacheKey(), playingKey);
    }
  }

  void stateChangesAlternateTwoIcons() {
    TransportBar bar;
    auto* play = bar.findChild<QToolButton*>("playPause");
    QVERIFY(play);
    bar.setStatus(statusAt("playing", 1));
    const qint64 pauseKey = play->icon().cacheKey();
    bar.setStatus(statusAt("paused", 1));
    const qint64 playKey = play->icon().cacheKey();
    QVERIFY(pauseKey != playKey);
    for (int i = 0; i < 50; ++i) {
      bar.setStatus(statusAt(i % 2 == 0 ? "playing" : "ended", i));
      QCOMPARE(play->icon().cacheKey(), i % 2 == 0 ? pauseKey : playKey);
    }
  }

  void styleChangeReloadsTheIcons() {
    TransportBar bar;
    auto* play = bar.findChild<QToolButton*>("playPause");
    QVERIFY(play);
    bar.setStatus(statusAt("playing", 1));
    const qint64 before = play->icon().cacheKey();
    std::unique_ptr<QStyle> fusion(QStyleFactory::create("Fusion"));
    QVERIFY(fusion);
    bar.setStyle(fusion.get());
    QVERIFY(!play->icon().isNull());
    QVERIFY(play->icon().cacheKey() != before);  // reloaded from the new style, still the pause icon's state
    const qint64 reloaded = play->icon().cacheKey();
    bar.setStatus(statusAt("playing", 2));
    QCOMPARE(play->icon().cacheKey(), reloaded);
    bar.setStyle(nullptr);  // back to the application style before `fusion` is destroyed
  }

  void sliderAndLabelFollowTheStatus() {
    TransportBar bar;
    SourceView source;
    source.frameCount = 795;
    source.seekable = true;
    bar.setSource(source);
    QSignalSpy seeks(&bar, &TransportBar::seekRequested);
    bar.setStatus(statusAt("playing", 120));
    auto* slider = bar.findChild<QSlider*>("seekSlider");
    QVERIFY(slider);
    QVERIFY(slider->isEnabled());
    QCOMPARE(slider->value(), 120);
    QVERIFY(seeks.isEmpty());  // the engine moving the slider never seeks
    bool labelFound = false;
    for (auto* label : bar.findChildren<QLabel*>()) labelFound = labelFound || label->text() == "120 / 795";
    QVERIFY(labelFound);
  }
};

QTEST_MAIN(TestTransportBar)
#include "TestTransportBar.moc"
