#include "ModelCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace edgescope {
namespace {

QFileInfoList onnxFiles() {
  QFileInfoList files;
  QStringList seen;
  for (const QString& folder : ModelCatalog::searchFolders()) {
    for (const QFileInfo& info : QDir(folder).entryInfoList({"*.onnx"}, QDir::Files, QDir::Name)) {
      if (info.size() > 0 && !seen.contains(info.canonicalFilePath())) {
        seen << info.canonicalFilePath();
        files << info;
      }
    }
  }
  return files;
}

bool isReid(const QString& name) { return name.contains("reid", Qt::CaseInsensitive) || name.contains("osnet", Qt::CaseInsensitive); }

}  // namespace

QStringList ModelCatalog::searchFolders() {
  QStringList folders;
  for (const QString& path : qEnvironmentVariable("EDGESCOPE_MODEL_PATH").split(':', Qt::SkipEmptyParts)) folders << path;
  folders << QCoreApplication::applicationDirPath() + "/../share/edgescope/models"
          << QStringLiteral(EDGESCOPE_MODELS_DIR) << QStringLiteral(EDGESCOPE_SHARED_DIR "/models");
  return folders;
}

QVector<ModelCatalog::Entry> ModelCatalog::detectors() {
  QVector<Entry> entries = {{QObject::tr("none (no tracking)"), QString()}, {QObject::tr("HOG people detector"), "hog"},
                               {QObject::tr("HOG, upscaled ×1.5 (small people)"), "hog?upscale=1.5"}};
  for (const QFileInfo& file : onnxFiles()) {
    if (file.fileName().contains("yolox", Qt::CaseInsensitive)) {
      entries.push_back({QObject::tr("YOLOX (%1)").arg(file.fileName()), "onnx-yolox:" + file.absoluteFilePath()});
    }
  }
  return entries;
}

QVector<ModelCatalog::Entry> ModelCatalog::embedders() {
  QVector<Entry> entries = {{QObject::tr("none (IoU association)"), QString()},
                            {QObject::tr("colour histogram"), "color-hist"}};
  for (const QFileInfo& file : onnxFiles()) {
    if (isReid(file.fileName())) {
      entries.push_back({QObject::tr("ReID (%1)").arg(file.fileName()), "onnx-reid:" + file.absoluteFilePath()});
    }
  }
  return entries;
}

QString ModelCatalog::defaultDetectorSpec() { return QStringLiteral("hog"); }

}  // namespace edgescope
