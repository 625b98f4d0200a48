"""The log step axis: its envelope, the panels on it, and the View menu toggle."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings

from core.config import TrainingConfig
from core.session import RunState
from gui.plots import AccuracyPlot, LossPlot
from gui.plots.envelope import LogStepEnvelope
from tests.plot_fixtures import curve, decaying_cost, redraw, show, vertical_lines

WAIT_MS = 20000


def buckets_by_hand(x: np.ndarray, values: np.ndarray, xs: np.ndarray) -> tuple:
    """Min and max of the values from each drawn x to the next (numpy, one bucket at a time)."""
    starts = np.searchsorted(x, xs)
    ends = np.append(starts[1:], len(values))
    low = [np.nanmin(values[a:b]) if np.isfinite(values[a:b]).any() else np.nan
           for a, b in zip(starts, ends, strict=True)]
    high = [np.nanmax(values[a:b]) if np.isfinite(values[a:b]).any() else np.nan
            for a, b in zip(starts, ends, strict=True)]
    return np.array(low), np.array(high)


@pytest.mark.filterwarnings("ignore:All-NaN slice")
def test_the_log_step_envelope_keeps_every_bucket_s_extremes_and_grows_with_the_run():
    rng = np.random.default_rng(5)
    n = 300_000
    x, values = np.arange(n, dtype=np.float64), rng.normal(size=n)
    values[1000:1010] = np.nan
    envelope = LogStepEnvelope()
    for end in (1, 2, 7, 260, 261, 5000, 123_457, n):  # as a run grows
        ex, ey = envelope.update(x[:end], values[:end])
    assert len(ex) == len(ey) and np.all(np.diff(ex) >= 0)
    fresh = LogStepEnvelope().update(x, values)
    np.testing.assert_array_equal(ex, fresh[0])
    np.testing.assert_array_equal(ey, fresh[1])
    starts = ex[::2]
    assert starts[0] == 1.0 and np.array_equal(starts[:200], np.arange(1.0, 201.0))
    low, high = buckets_by_hand(x, values, starts)
    np.testing.assert_array_equal(ey[0::2], low)
    np.testing.assert_array_equal(ey[1::2], high)
    # One step each, or a constant share of a decade: a few thousand points for 300 000 steps.
    widths = np.diff(np.log10(starts))
    assert len(starts) < 600 * np.log10(n) and np.all((np.diff(starts) == 1) | (widths < 0.004))
    other = values[::-1].copy()  # a new run: the envelope starts again
    np.testing.assert_array_equal(envelope.update(x, other)[1],
                                  LogStepEnvelope().update(x, other)[1])


def test_curves_pins_markers_and_hover_follow_a_log_step_axis(qtbot):
    plot = show(qtbot, LossPlot(), 800, 400)
    steps, cost = decaying_cost(100_001)
    plot.set_planned_steps(100_000)
    plot.set_history(steps, cost, cost * 1.1)
    plot.add_marker(200, "lr 0.1 → 1")
    plot.set_pins([("pinned", steps[:5000], cost[:5000] * 2, [(50, "lr 1 → 0.1")])])
    plot.set_log_steps(True)
    redraw(plot)
    x, y = curve(plot, "training cost").getOriginalDataset()
    assert x[0] == 1.0 and np.array_equal(x[:20:2], np.arange(1.0, 11.0))  # every early step
    np.testing.assert_array_equal(y[:20:2], cost[1:11])
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    assert x0 <= 0.0 < x1 and 10.0 ** x1 >= 100_000 and 10.0 ** x1 < 150_000
    assert plot.getAxis("bottom").logMode
    assert sorted(line.value() for line in vertical_lines(plot)) == pytest.approx(
        [np.log10(50), np.log10(200)])
    assert plot.markers() == [(200.0, "lr 0.1 → 1")]
    assert plot.pin_markers() == [(0, 50.0, "lr 1 → 0.1")]
    pin_x, _ = curve(plot, "pinned").getOriginalDataset()
    assert pin_x[0] == 1.0
    plot.scene().sigMouseMoved.emit(plot.getPlotItem().vb.mapViewToScene(
        pg.Point(np.log10(400.2), float(np.log10(cost[400])))))
    assert plot.hover_text().startswith("step 400: cost ")
    plot.set_log_steps(False)
    redraw(plot)
    assert curve(plot, "training cost").getOriginalDataset()[0][0] == 0.0
    assert sorted(line.value() for line in vertical_lines(plot)) == [50.0, 200.0]
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    assert x0 <= 0 and 100_000 <= x1 < 150_000


def test_the_accuracy_axis_stays_fixed_on_a_log_step_axis(qtbot):
    plot = show(qtbot, AccuracyPlot(), 600, 400)
    steps = np.arange(3000, dtype=np.float64)
    plot.set_history(steps, 0.5 + 0.5 * (1 - np.exp(-steps / 300)))
    plot.set_log_steps(True)
    redraw(plot)
    _, (y0, y1) = plot.getPlotItem().vb.viewRange()
    assert y0 == pytest.approx(-0.06) and y1 == pytest.approx(1.06)


def test_the_view_menu_switches_both_step_axes_live_and_saves_nothing(make_window, qtbot):
    window = make_window(TrainingConfig(samples=60, features=16, iterations=300, device="cpu",
                                        dtype="float64"))
    window.actions["log_steps"].setChecked(True)
    assert window.lossPlot.log_steps() and window.accuracyPlot.log_steps()
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    window.redraw_now()
    x, y = curve(window.lossPlot, "training cost").getOriginalDataset()
    cost = window.history.cost
    assert np.array_equal(x[:400:2], np.arange(1.0, 201.0))  # the run, drawn from step 1
    low, high = buckets_by_hand(np.arange(len(cost), dtype=np.float64), cost, x[::2])
    np.testing.assert_array_equal(y[0::2], low)
    np.testing.assert_array_equal(y[1::2], high)
    assert x[-1] > 290 and low[-1] <= cost[-1] <= high[-1]  # up to the last step
    window.controls.resetButton.click()  # a view setting: kept for the next run
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    assert window.lossPlot.log_steps()
    assert not [key for key in QSettings().allKeys() if "step" in key.lower()]
    window.actions["log_steps"].setChecked(False)
    assert not window.lossPlot.log_steps() and not window.accuracyPlot.log_steps()


def test_view_toggles_pins_and_the_predictions_switch_mixed_during_a_live_run(make_window,
                                                                              qtbot):
    import random

    from PySide6.QtWidgets import QApplication, QComboBox

    window = make_window(TrainingConfig(dataset="blobs", samples=200, iterations=20_000,
                                        val_fraction=0.25, device="cpu"), speed_index=3)
    switch = window.predictionsPlot.findChild(QComboBox, "predictionsSetInput")
    rng = random.Random(11)
    toggles = [lambda: window.actions["log_steps"].toggle(),
               lambda: window.controls.logScaleInput.toggle(),
               lambda: window.actions["gap_view"].toggle(),
               lambda: window.actions["pin"].trigger(),
               lambda: window.actions["clear_pins"].trigger(),
               lambda: switch.setCurrentIndex(rng.randrange(2)),
               lambda: window.controls.learningRateInput.setValue(rng.choice([0.05, 0.5, 2.0]))]
    window.controls.startButton.click()
    for _ in range(20):
        rng.choice(toggles)()
        QApplication.processEvents()
        window.redraw_now()
        for plot in (window.lossPlot, window.accuracyPlot):
            assert np.all(np.isfinite(plot.getPlotItem().vb.viewRange()))
            assert plot.getAxis("bottom").logMode == window.actions["log_steps"].isChecked()
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: window.state in (RunState.PAUSED, RunState.FINISHED), timeout=WAIT_MS)
    assert window.lossPlot.pin_markers() == [
        (i, s, t) for i, (_, h) in enumerate(window.pinned.pins)
        for s, t in window.plots._pin_markers.get(h, [])]
