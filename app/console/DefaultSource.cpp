#include "DefaultSource.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace edgescope {

QString DefaultSource::findSampleVideo() {
  const QStringList candidates = {
      qEnvironmentVariable("EDGESCOPE_DATA_DIR") + "/vtest.avi",
      QCoreApplication::applicationDirPath() + "/../data/vtest.avi",
      QStringLiteral(EDGESCOPE_DATA_DIR "/vtest.avi"),
      QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi"),
  };
  for (const auto& path : candidates) {
    const QFileInfo info(path);
    if (info.isFile() && info.size() > 0) return info.canonicalFilePath();
  }
  return {};
}

QString DefaultSource::uri() {
  const QString video = findSampleVideo();
  return video.isEmpty() ? syntheticFallback() : video;
}

}  // namespace edgescope
