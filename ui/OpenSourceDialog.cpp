#include "OpenSourceDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace edgescope {
namespace {

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, bool folder, const QString& filter) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* button = new QPushButton(QObject::tr("Browse…"), row);
  layout->addWidget(edit, 1);
  layout->addWidget(button);
  QObject::connect(button, &QPushButton::clicked, row, [edit, row, folder, filter] {
    const QString path = folder ? QFileDialog::getExistingDirectory(row, QObject::tr("MOT sequence folder"))
                                : QFileDialog::getOpenFileName(row, QObject::tr("Open"), QString(), filter);
    if (!path.isEmpty()) edit->setText(path);
  });
  return row;
}

QSpinBox* spin(QWidget* parent, int lo, int hi, int value) {
  auto* box = new QSpinBox(parent);
  box->setRange(lo, hi);
  box->setValue(value);
  return box;
}

}  // namespace

OpenSourceDialog::OpenSourceDialog(QWidget* parent) : QDialog(parent), tabs_(new QTabWidget(this)) {
  setWindowTitle(tr("Open source"));
  tabs_->addTab(makeFilePage(), tr("Video file"));
  tabs_->addTab(makeMotPage(), tr("MOT folder"));
  tabs_->addTab(makeUrlPage(), tr("Stream URL"));
  tabs_->addTab(makeCameraPage(), tr("Camera"));
  tabs_->addTab(makeSyntheticPage(), tr("Synthetic scene"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs_);
  layout->addWidget(buttons);
  resize(560, 300);
}

QWidget* OpenSourceDialog::makeFilePage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  filePath_ = new QLineEdit(page);
  fileGt_ = new QLineEdit(page);
  fileGt_->setPlaceholderText(tr("optional MOTChallenge gt.txt (frame N = N-th decoded frame)"));
  form->addRow(tr("Video"), withBrowse(filePath_, page, false, tr("Videos (*.avi *.mp4 *.mkv *.mov *.webm);;All (*)")));
  form->addRow(tr("Ground truth"), withBrowse(fileGt_, page, false, tr("MOT files (*.txt);;All (*)")));
  return page;
}

QWidget* OpenSourceDialog::makeMotPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  motFolder_ = new QLineEdit(page);
  motFolder_->setPlaceholderText(tr("folder with seqinfo.ini and img1/"));
  form->addRow(tr("Sequence"), withBrowse(motFolder_, page, true, {}));
  return page;
}

QWidget* OpenSourceDialog::makeUrlPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  url_ = new QLineEdit(page);
  url_->setPlaceholderText("rtsp://camera.local/stream  or  http://host:8080/video.mjpg");
  form->addRow(tr("URL"), url_);
  return page;
}

QWidget* OpenSourceDialog::makeCameraPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  camera_ = spin(page, 0, 63, 0);
  form->addRow(tr("V4L2 device index (/dev/videoN)"), camera_);
  return page;
}

QWidget* OpenSourceDialog::makeSyntheticPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  seed_ = spin(page, 0, 1000000, 1);
  people_ = spin(page, 0, 200, 8);
  frames_ = spin(page, 1, 1000000, 600);
  width_ = spin(page, 64, 4096, 960);
  height_ = spin(page, 64, 4096, 540);
  lighting_ = new QCheckBox(tr("lighting changes"), page);
  blur_ = new QDoubleSpinBox(page);
  blur_->setRange(0, 20);
  noise_ = new QDoubleSpinBox(page);
  noise_->setRange(0, 100);
  form->addRow(tr("Seed"), seed_);
  form->addRow(tr("People in view"), people_);
  form->addRow(tr("Frames"), frames_);
  form->addRow(tr("Width"), width_);
  form->addRow(tr("Height"), height_);
  form->addRow(QString(), lighting_);
  form->addRow(tr("Blur σ (px)"), blur_);
  form->addRow(tr("Noise σ (levels)"), noise_);
  return page;
}

void OpenSourceDialog::setPage(Page page) { tabs_->setCurrentIndex(static_cast<int>(page)); }

QString OpenSourceDialog::uri() const {
  switch (static_cast<Page>(tabs_->currentIndex())) {
    case Page::File: return filePath_->text().trimmed();
    case Page::MotFolder: return motFolder_->text().trimmed().isEmpty() ? QString() : "mot:" + motFolder_->text().trimmed();
    case Page::Url: return url_->text().trimmed();
    case Page::Camera: return QStringLiteral("camera:%1").arg(camera_->value());
    case Page::Synthetic:
      return QStringLiteral("synthetic:?seed=%1&people=%2&frames=%3&width=%4&height=%5&lighting=%6&blur=%7&noise=%8")
          .arg(seed_->value())
          .arg(people_->value())
          .arg(frames_->value())
          .arg(width_->value())
          .arg(height_->value())
          .arg(lighting_->isChecked() ? 1 : 0)
          .arg(blur_->value())
          .arg(noise_->value());
  }
  return {};
}

QString OpenSourceDialog::groundTruthPath() const {
  return static_cast<Page>(tabs_->currentIndex()) == Page::File ? fileGt_->text().trimmed() : QString();
}

}  // namespace edgescope
