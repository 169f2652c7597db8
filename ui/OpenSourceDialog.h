#pragma once
/// @file OpenSourceDialog.h
/// Lets the user pick a source: a video file (with optional GT file), a MOT folder, a stream URL, a camera, or a
/// synthetic scene. Produces a source URI and an optional GT path (GUI thread).

#include <QDialog>

class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QCheckBox;
class QTabWidget;

namespace edgescope {

class OpenSourceDialog : public QDialog {
  Q_OBJECT
 public:
  enum class Page { File, MotFolder, Url, Camera, Synthetic };
  explicit OpenSourceDialog(QWidget* parent = nullptr);
  void setPage(Page page);
  /// The URI for the current page's entries (empty when the page is incomplete).
  QString uri() const;
  QString groundTruthPath() const;

 private:
  QWidget* makeFilePage();
  QWidget* makeMotPage();
  QWidget* makeUrlPage();
  QWidget* makeCameraPage();
  QWidget* makeSyntheticPage();
  QTabWidget* tabs_;
  QLineEdit* filePath_;
  QLineEdit* fileGt_;
  QLineEdit* motFolder_;
  QLineEdit* url_;
  QSpinBox* camera_;
  QSpinBox* seed_;
  QSpinBox* people_;
  QSpinBox* frames_;
  QSpinBox* width_;
  QSpinBox* height_;
  QCheckBox* lighting_;
  QDoubleSpinBox* blur_;
  QDoubleSpinBox* noise_;
};

}  // namespace edgescope
