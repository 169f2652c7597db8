#include "Theme.h"

#include <QApplication>
#include <QSettings>
#include <QStyleFactory>
#include <qcustomplot.h>

namespace edgescope {

Theme::Kind Theme::current_ = Theme::Kind::Light;

namespace {
QPalette darkPalette() {
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(120, 120, 120);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Highlight, QColor(42, 130, 218));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(90, 160, 240));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    p.setColor(QPalette::Disabled, role, disabled);
  }
  return p;
}
}  // namespace

void Theme::stylePlot(QCustomPlot* plot, const QPalette& palette) {
  const QColor text = palette.color(QPalette::WindowText), base = palette.color(QPalette::Base);
  plot->setBackground(base);
  for (QCPAxisRect* rect : plot->axisRects()) {
    for (QCPAxis* axis : rect->axes()) {
      axis->setBasePen(QPen(text));
      axis->setTickPen(QPen(text));
      axis->setSubTickPen(QPen(text));
      axis->setTickLabelColor(text);
      axis->setLabelColor(text);
      axis->grid()->setPen(QPen(QColor(text.red(), text.green(), text.blue(), 50), 1, Qt::DotLine));
    }
  }
  if (plot->legend) {
    plot->legend->setBrush(QColor(base.red(), base.green(), base.blue(), 200));
    plot->legend->setTextColor(text);
    plot->legend->setBorderPen(QPen(QColor(text.red(), text.green(), text.blue(), 120)));
  }
  plot->replot(QCustomPlot::rpQueuedReplot);
}

void Theme::apply(Kind kind) {
  current_ = kind;
  QApplication::setStyle(QStyleFactory::create("Fusion"));
  const QPalette palette = kind == Kind::Dark ? darkPalette() : QApplication::style()->standardPalette();
  QApplication::setPalette(palette);
  for (QWidget* window : QApplication::topLevelWidgets()) {
    for (QCustomPlot* plot : window->findChildren<QCustomPlot*>()) stylePlot(plot, palette);
  }
  QSettings().setValue("ui/theme", kind == Kind::Dark ? "dark" : "light");
}

Theme::Kind Theme::saved() {
  return QSettings().value("ui/theme").toString() == "dark" ? Kind::Dark : Kind::Light;
}

}  // namespace edgescope
