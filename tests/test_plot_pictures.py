"""What the panels draw, checked on real pixels of the real window and of single panels."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import TrainingConfig
from core.session import RunState
from tests.plot_fixtures import blend, colours_near, widget_point

WAIT_MS = 20000
CURVE_ALPHA = 150  # the samples view draws its sigmoid in the text colour at this opacity
# Points of the sigmoid away from the samples (near y = 0 and 1), the threshold lines and the
# "predicts" hints (near y = 0.5).
CURVE_XS = (-1.6, -1.0, 1.0, 1.6)


def sigmoid_drawn_at(plot, xs=CURVE_XS) -> list[bool]:
    """For each x: whether a pixel of the samples view's sigmoid colour lies at (x, s(x))."""
    theme = plot.theme()
    image = plot.grab().toImage()
    expected = blend(theme.foreground, theme.background, CURVE_ALPHA)
    found = []
    for x in xs:
        colours = colours_near(image, widget_point(plot, x, 1.0 / (1.0 + np.exp(-x))))
        found.append(bool(np.min(np.abs(colours - expected).max(axis=1)) < 40))
    return found


@pytest.mark.parametrize("preset", ["xor", "overlap"])
def test_the_sigmoid_is_drawn_under_samples_that_keep_within_six(make_window, qtbot, preset):
    window = make_window(TrainingConfig(dataset=preset, iterations=3, device="cpu"))
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    window.redraw_now()
    plot = window.samplesPlot
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    z, _ = plot.train_positions()
    assert x0 == -6.0 and x1 == 6.0 and np.nanmax(np.abs(z)) < 6  # the case that lost it
    x, y = plot._curve.getData()
    assert x[0] == x0 and x[-1] == x1
    np.testing.assert_allclose(y, 1.0 / (1.0 + np.exp(-x)), rtol=1e-12, atol=1e-15)
    assert all(sigmoid_drawn_at(plot))


def test_the_predictions_panel_shows_either_set_of_a_split_run(make_window, qtbot):
    from PySide6.QtWidgets import QComboBox

    window = make_window(TrainingConfig(dataset="overlap", samples=120, iterations=20,
                                        val_fraction=0.25, device="cpu", dtype="float64"))
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    window.redraw_now()
    plot, info, batch = window.predictionsPlot, window.engine_info, window.latest_batch
    switch = plot.findChild(QComboBox, "predictionsSetInput")
    assert switch.isVisible() and plot.title().endswith("training set")

    def correct(X, y) -> int:
        return int(np.sum(((X @ batch.weights + batch.bias) > 0) == (y == 1)))

    counts = plot.counts()
    assert counts["tp"] + counts["tn"] == correct(info.train_X, info.train_y)
    assert sum(counts[k] for k in ("tp", "fp", "tn", "fn")) == len(info.train_y)
    switch.setCurrentIndex(switch.findText("held-out set"))
    counts = plot.counts()
    assert plot.title().endswith("held-out set") and plot.summary_text().startswith("held-out")
    assert sum(counts[k] for k in ("tp", "fp", "tn", "fn")) == len(info.val_y) == 30
    assert counts["tp"] + counts["tn"] == correct(info.val_X, info.val_y)


def test_a_pin_keeps_the_history_of_its_settings_and_its_markers(make_window, qtbot):
    window = make_window(TrainingConfig(samples=60, features=16, iterations=200, device="cpu",
                                        dtype="float64"))
    for _ in range(20):
        window.controls.stepButton.click()
    qtbot.waitUntil(lambda: len(window.history) == 20, timeout=WAIT_MS)
    window.controls.learningRateInput.setValue(1.0)
    qtbot.waitUntil(lambda: len(window.lossPlot.markers()) == 1, timeout=WAIT_MS)
    for _ in range(10):
        window.controls.stepButton.click()
    qtbot.waitUntil(lambda: len(window.history) == 30, timeout=WAIT_MS)
    window.controls.learningRateInput.setValue(0.01)
    qtbot.waitUntil(lambda: len(window.lossPlot.markers()) == 2, timeout=WAIT_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    (first, _), (second, _) = window.lossPlot.markers()
    markers = window.lossPlot.markers()
    window.actions["pin"].trigger()
    label = f"pinned: lr 0.1→1@{first:.0f}→0.01@{second:.0f}, L2 0.01"
    assert label in window.lossPlot.legend_texts() and label in window.accuracyPlot.legend_texts()
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    assert window.lossPlot.markers() == []  # the new run has none of its own yet
    for plot in (window.lossPlot, window.accuracyPlot):
        assert plot.pin_markers() == [(0, step, text) for step, text in markers]
    window.actions["clear_pins"].trigger()
    assert window.lossPlot.pin_markers() == []
    assert not [text for text in window.lossPlot.legend_texts() if text.startswith("pinned")]
