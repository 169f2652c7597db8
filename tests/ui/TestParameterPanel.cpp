// The knobs panel is generated from parameter specs alone (toggle → check box, ≤ 4 choices → preset buttons, more →
// combo box, numbers → slider + spin box, grouped by id prefix, filterable) and round-trips values through a live
// engine thread: what it shows is what the engine applied, including clamping.
#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QToolButton>
#include <QtTest>
#include <cmath>

#include "EngineClient.h"
#include "ParameterControl.h"
#include "ParameterPanel.h"

using namespace edgescope;

namespace {
ParameterView spec(const QString& id, double min, double max, double step, double def, QStringList choices = {}) {
  ParameterView view;
  view.id = id;
  view.label = id.section('.', 1);
  view.description = "what " + id + " does";
  view.minValue = min;
  view.maxValue = max;
  view.step = step;
  view.defaultValue = def;
  view.choices = choices;
  view.toggle = choices.isEmpty() && min == 0 && max == 1 && step == 1;
  return view;
}
}  // namespace

class TestParameterPanel : public QObject {
  Q_OBJECT
 private slots:
  void buildsEditorsFromSpecs() {
    const QVector<ParameterView> specs = {
        spec("alpha.enabled", 0, 1, 1, 1),
        spec("alpha.preset", 0, 2, 1, 1, {"low", "mid", "high"}),
        spec("beta.mode", 0, 5, 1, 0, {"a", "b", "c", "d", "e", "f"}),
        spec("beta.rate", 0.5, 10, 0.5, 2.0)};
    ParameterPanel panel(specs);
    QCOMPARE(panel.ids().size(), 4);
    QVERIFY(panel.findChild<QCheckBox*>("param_alpha.enabled"));
    QVERIFY(panel.findChild<QComboBox*>("param_beta.mode"));
    QCOMPARE(panel.findChild<QComboBox*>("param_beta.mode")->count(), 6);
    QVERIFY(panel.findChild<QToolButton*>("choice_alpha.preset_2"));
    QVERIFY(panel.findChild<QToolButton*>("choice_alpha.preset_1")->isChecked());  // the default
    QVERIFY(panel.findChild<QGroupBox*>("group_alpha"));
    QVERIFY(panel.findChild<QGroupBox*>("group_beta"));
    QVERIFY(panel.control("beta.rate")->toolTip().contains("what beta.rate does"));
    auto* spin = panel.findChild<QDoubleSpinBox*>();
    QVERIFY(spin);
    QCOMPARE(spin->value(), 2.0);
    QCOMPARE(spin->decimals(), 1);

    QSignalSpy requests(&panel, &ParameterPanel::parameterChanged);
    panel.findChild<QToolButton*>("choice_alpha.preset_2")->click();
    spin->setValue(7.5);
    QCOMPARE(requests.count(), 2);
    QCOMPARE(requests[0][0].toString(), QString("alpha.preset"));
    QCOMPARE(requests[0][1].toDouble(), 2.0);
    QCOMPARE(requests[1][1].toDouble(), 7.5);
    QCOMPARE(panel.findChild<QSlider*>()->value(), 14);  // (7.5 − 0.5) / 0.5
    // Not applied yet → "…"; the engine applies another value → "≠"; the same → "✓".
    auto* mark = panel.findChild<QLabel*>("applied_beta.rate");
    QCOMPARE(mark->text(), QString("…"));
    panel.setApplied("beta.rate", 7.0);
    QCOMPARE(mark->text(), QString("≠"));
    QCOMPARE(spin->value(), 7.0);
    panel.control("beta.rate")->request(7.0);
    panel.setApplied("beta.rate", 7.0);
    QCOMPARE(mark->text(), QString("✓"));
    // Echoes move every kind of editor without emitting requests.
    requests.clear();
    panel.setApplied("beta.mode", 4);
    panel.setApplied("alpha.enabled", 0);
    QCOMPARE(panel.findChild<QComboBox*>("param_beta.mode")->currentIndex(), 4);
    QVERIFY(!panel.findChild<QCheckBox*>("param_alpha.enabled")->isChecked());
    QCOMPARE(requests.count(), 0);
    // Filter hides what does not match.
    panel.show();
    panel.setFilter("rate");
    QVERIFY(panel.control("beta.rate")->isVisible());
    QVERIFY(!panel.control("beta.mode")->isVisible());
    panel.setFilter(QString());
    QVERIFY(panel.control("beta.mode")->isVisible());
  }

  void roundTripsThroughALiveEngine() {
    EngineClient engine;
    ParameterPanel panel(engine.parameters());
    connect(&panel, &ParameterPanel::parameterChanged, &engine, &EngineClient::setParameter);
    connect(&engine, &EngineClient::parameterApplied, &panel, &ParameterPanel::setApplied);
    connect(&engine, &EngineClient::statusChanged, &panel, &ParameterPanel::setStatus);
    // Every declared parameter has a control; DeepScale's preset became buttons from its choices.
    QVERIFY(panel.ids().contains("playback.speed"));
    QVERIFY(panel.ids().contains("track.highScore"));
    QVERIFY(panel.findChild<QToolButton*>("choice_deepscale.preset_3"));
    QTRY_VERIFY_WITH_TIMEOUT(!std::isnan(panel.appliedValue("playback.speed")), 5000);

    panel.control("playback.speed")->request(2.5);
    QTRY_COMPARE_WITH_TIMEOUT(panel.appliedValue("playback.speed"), 2.5, 5000);
    QCOMPARE(panel.findChild<QLabel*>("applied_playback.speed")->text(), QString("✓"));
    // Out of range: the engine clamps to 8 and the panel shows what it applied.
    panel.control("playback.speed")->request(20.0);
    QTRY_COMPARE_WITH_TIMEOUT(panel.appliedValue("playback.speed"), 8.0, 5000);
    QCOMPARE(panel.findChild<QLabel*>("applied_playback.speed")->text(), QString("≠"));
    // A preset button: the engine's echo also moves the γ sliders it implies.
    panel.findChild<QToolButton*>("choice_deepscale.preset_1")->click();
    QTRY_COMPARE_WITH_TIMEOUT(panel.appliedValue("deepscale.preset"), 1.0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.findChild<QToolButton*>("choice_deepscale.preset_1")->isChecked(), 5000);
    const double gamma = panel.appliedValue("deepscale.gamma1");
    QVERIFY(!std::isnan(gamma));
    panel.control("deepscale.gamma1")->request(gamma > 0.5 ? 0.2 : 0.9);
    QTRY_COMPARE_WITH_TIMEOUT(panel.appliedValue("deepscale.preset"), 0.0, 5000);  // custom now
    QTRY_VERIFY_WITH_TIMEOUT(panel.findChild<QToolButton*>("choice_deepscale.preset_0")->isChecked(), 5000);
  }
};

QTEST_MAIN(TestParameterPanel)
#include "TestParameterPanel.moc"
