// BYTE mode against the reference BYTETracker: ../shared/data/bytetrack-golden (YOLOX detections of a crowded
// video and the reference tracker's output). Every frame must report the same ids with boxes within 0.01 px.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>

#include "track/MultiObjectTracker.h"

using namespace edgescope;

namespace {

struct GoldenTrack {
  int id = 0;
  BoundingBox box;
};

double number(const QJsonObject& o, const char* key) { return o.value(key).toString().toDouble(); }

BoundingBox boxOf(const QJsonObject& o) {
  return {static_cast<float>(number(o, "x")), static_cast<float>(number(o, "y")),
          static_cast<float>(number(o, "width")), static_cast<float>(number(o, "height"))};
}

QJsonArray readResults(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object().value("results").toArray();
}

}  // namespace

class TestByteTrackGolden : public QObject {
  Q_OBJECT
 private slots:
  void matchesReferenceTrackerOnEveryFrame() {
    const QString dir = QStringLiteral(EDGESCOPE_SHARED_DIR) + "/data/bytetrack-golden/";
    if (!QFile::exists(dir + "detection_results.json") || !QFile::exists(dir + "tracking_results.json")) {
      QSKIP(qPrintable("ByteTrack golden data not found in " + dir + " (needs ../shared)"));
    }
    std::map<int, std::vector<Detection>> detections;
    std::map<int, std::vector<GoldenTrack>> expected;
    int lastFrame = 0;
    for (const auto& v : readResults(dir + "detection_results.json")) {
      const QJsonObject o = v.toObject();
      Detection d;
      d.box = boxOf(o);
      d.score = static_cast<float>(number(o, "prob"));
      const int frame = static_cast<int>(number(o, "frame_id"));
      detections[frame].push_back(d);
      lastFrame = std::max(lastFrame, frame);
    }
    for (const auto& v : readResults(dir + "tracking_results.json")) {
      const QJsonObject o = v.toObject();
      const int frame = static_cast<int>(number(o, "frame_id"));
      expected[frame].push_back({static_cast<int>(number(o, "track_id")), boxOf(o)});
      lastFrame = std::max(lastFrame, frame);
    }
    QVERIFY2(detections.size() > 300, "golden detections could not be read");

    MultiObjectTracker tracker;  // BYTE mode, defaults of the reference
    double maxError = 0;
    size_t compared = 0;
    for (int frame = 0; frame <= lastFrame; ++frame) {
      std::vector<Track> got = tracker.update(detections[frame], frame);
      std::vector<GoldenTrack>& want = expected[frame];
      std::sort(got.begin(), got.end(), [](const Track& a, const Track& b) { return a.id < b.id; });
      std::sort(want.begin(), want.end(), [](const GoldenTrack& a, const GoldenTrack& b) { return a.id < b.id; });
      QString ids;
      for (const auto& t : got) ids += QString::number(t.id) + " ";
      ids += "| expected ";
      for (const auto& t : want) ids += QString::number(t.id) + " ";
      QVERIFY2(got.size() == want.size(), qPrintable(QString("frame %1: %2 tracks, expected %3; ids %4")
                                                         .arg(frame)
                                                         .arg(got.size())
                                                         .arg(want.size())
                                                         .arg(ids)));
      for (size_t k = 0; k < got.size(); ++k) {
        QVERIFY2(got[k].id == want[k].id, qPrintable(QString("frame %1: ids %2").arg(frame).arg(ids)));
        const BoundingBox& a = got[k].box;
        const BoundingBox& b = want[k].box;
        const double error = std::max(
            {std::fabs(a.x - b.x), std::fabs(a.y - b.y), std::fabs(a.width - b.width), std::fabs(a.height - b.height)});
        QVERIFY2(error <= 0.01, qPrintable(QString("frame %1 track %2: box (%3, %4, %5, %6), expected (%7, %8, %9, "
                                                   "%10)")
                                               .arg(frame)
                                               .arg(got[k].id)
                                               .arg(a.x)
                                               .arg(a.y)
                                               .arg(a.width)
                                               .arg(a.height)
                                               .arg(b.x)
                                               .arg(b.y)
                                               .arg(b.width)
                                               .arg(b.height)));
        QCOMPARE(static_cast<int>(got[k].state), static_cast<int>(TrackState::Confirmed));
        maxError = std::max(maxError, error);
        ++compared;
      }
    }
    QVERIFY(compared > 5000);
    qInfo("%zu track boxes over %d frames, max abs error %.5f px", compared, lastFrame + 1, maxError);
  }
};

QTEST_APPLESS_MAIN(TestByteTrackGolden)
#include "TestByteTrackGolden.moc"
