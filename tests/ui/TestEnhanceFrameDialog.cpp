// "Enhance this frame" in the console (issue 21): install() forwards the video's request to the session hub and shows
// the hub's "turbo.enhanceFrame" answer — the frame and its enhanced image side by side, each under its caption,
// scaled to one width — and ignores pictures answering other commands.
#include <QLabel>
#include <QtTest>

#include "EnhanceFrameDialog.h"
#include "SessionHub.h"
#include "VideoView.h"

using namespace edgescope;

namespace {
QImage filled(int width, int height, const QColor& color) {
  QImage image(width, height, QImage::Format_RGB888);
  image.fill(color);
  return image;
}
}  // namespace

class TestEnhanceFrameDialog : public QObject {
  Q_OBJECT
 private slots:
  void showsTheAnswerSideBySide() {
    QWidget window;
    VideoView video(&window);
    SessionHub hub;  // no session: the request goes nowhere, the answer is emitted by hand
    EnhanceFrameDialog* dialog = EnhanceFrameDialog::install(&video, &hub, &window);
    QVERIFY(dialog && dialog->parent() == &window);
    QVERIFY(!dialog->isVisible());
    emit video.enhanceRequested();  // no session open: nothing happens, nothing breaks

    emit hub.imagesReady("paraloupe.somethingElse", "other", {"a"}, {filled(10, 10, Qt::red)});
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->imageCount(), 0);

    const QStringList labels = {"original (frame 7)", "enhanced (exit 5, 768×576)"};
    emit hub.imagesReady("turbo.enhanceFrame", "Turbo: frame 7 enhanced", labels,
                         {filled(1536, 1152, Qt::darkGray), filled(768, 576, Qt::gray)});
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->imageCount(), 2);
    QCOMPARE(dialog->caption(0), labels[0]);
    QCOMPARE(dialog->caption(1), labels[1]);
    QCOMPARE(dialog->description(), QString("Turbo: frame 7 enhanced"));
    const auto* left = dialog->findChild<QLabel*>("image_0");
    const auto* right = dialog->findChild<QLabel*>("image_1");
    QVERIFY(left && right);
    QCOMPARE(left->pixmap().width(), EnhanceFrameDialog::kMaxImageWidthPx);  // scaled down alike
    QCOMPARE(right->pixmap().width(), EnhanceFrameDialog::kMaxImageWidthPx);
    QCOMPARE(right->pixmap().height(), 480);

    emit hub.imagesReady("turbo.enhanceFrame", "again", {"only"}, {filled(100, 50, Qt::white)});
    QCOMPARE(dialog->imageCount(), 1);  // replaced, not appended
    QVERIFY(!dialog->findChild<QLabel*>("image_1"));
    QCOMPARE(dialog->findChild<QLabel*>("image_0")->pixmap().width(), 100);  // never scaled up
  }
};

QTEST_MAIN(TestEnhanceFrameDialog)
#include "TestEnhanceFrameDialog.moc"
