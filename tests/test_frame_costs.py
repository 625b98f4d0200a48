"""Live frames skip work whose inputs did not change (docs/ARCHITECTURE.md §15): each of these
cost every frame of a run a little of the GUI thread's time, which the worker's steps need."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from gui.plots import LossPlot, PredictionsPlot, SamplesPlot
from gui.plots.predictions_plot import CLASS_STEPS
from gui.theme import THEMES
from tests.plot_fixtures import decaying_cost, items_of, logits_and_labels, show


def count_scatter_paints(monkeypatch) -> dict[str, int]:
    """Counts ScatterPlotItem paints of empty and non-empty scatters (patched on the class
    before any plot is built)."""
    calls = {"empty": 0, "points": 0}
    paint = pg.ScatterPlotItem.paint

    def counting(item, *args):
        calls["empty" if len(item.data) == 0 else "points"] += 1
        return paint(item, *args)

    monkeypatch.setattr(pg.ScatterPlotItem, "paint", counting)
    return calls


def test_empty_held_out_scatters_are_not_painted(qtbot, monkeypatch):
    calls = count_scatter_paints(monkeypatch)
    plot = show(qtbot, SamplesPlot())
    z, y = logits_and_labels()
    for frame in range(5):
        plot.set_samples(z * (1 + frame / 10), y)  # no split: the held-out scatters are empty
        plot.grab()
    assert calls["empty"] == 0
    assert calls["points"] > 0
    # A split later: the held-out samples are drawn.
    held_out = calls["points"]
    plot.set_samples(z, y, z[:50], y[:50])
    plot.grab()
    assert calls["points"] >= held_out + 4  # both classes of both sets (and the rings)
    x, _ = plot.val_positions()
    np.testing.assert_array_equal(x, z[:50])
    # And none again: the held-out points leave the picture.
    plot.set_samples(z, y)
    image = plot.grab().toImage()
    x, _ = plot.val_positions()
    assert len(x) == 0
    assert not image.isNull()


def test_an_unchanged_prediction_update_does_not_re_lay_out_the_summary(qtbot, monkeypatch):
    plot = show(qtbot, PredictionsPlot(), 1000, 260)
    z, y = logits_and_labels()
    plot.set_predictions(y, z > 0)
    relaid = []
    summary = plot._summary
    set_text = summary.setText

    def recording(*args, **kwargs):
        relaid.append((args, kwargs))
        set_text(*args, **kwargs)

    monkeypatch.setattr(summary, "setText", recording)
    ranges = []
    plot.plotItem.vb.sigXRangeChanged.connect(lambda *_: ranges.append(1))
    for _ in range(5):  # training goes on, the predictions stay the same
        plot.set_predictions(y, z > 0)
    assert relaid == []
    assert ranges == []
    # Counts that change are shown.
    flipped = (z > 0).copy()
    flipped[:3] = ~flipped[:3]
    plot.set_predictions(y, flipped)
    assert len(relaid) == 1
    expected_tp = int(np.sum((y > 0.5) & flipped))
    assert f"TP {expected_tp}" in plot.summary_text()
    # A zoomed view still shows every sample at the next update.
    plot.setXRange(10, 50, padding=0.0)
    plot.set_predictions(y, flipped)
    assert plot.plotItem.vb.viewRange()[0] == [0, len(y)]
    # A new theme recolours the strips and the summary.
    (image,) = items_of(plot, pg.ImageItem)
    for name in ("presentation", "default"):
        plot.apply_theme(THEMES[name])
        plot.set_predictions(y, flipped)
        class1 = QColor(THEMES[name].class1)
        assert tuple(image.lut[CLASS_STEPS][:3]) == (class1.red(), class1.green(), class1.blue())
        assert THEMES[name].foreground.lower() in str(relaid[-1]).lower()


def test_a_steady_cost_axis_sends_no_view_state_signal_per_frame(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(20000)
    plot.set_history(steps[:5100], cost[:5100])  # the step axis now ends at 6000
    signals = []
    plot.plotItem.vb.sigStateChanged.connect(lambda *_: signals.append(1))
    for end in range(5200, 6000, 100):  # new steps within the same ranges
        plot.set_history(steps[:end], cost[:end])
    assert signals == []
    assert not plot.plotItem.vb.autoRangeEnabled()[1]  # the linear axis keeps its round top



@pytest.mark.parametrize("log_scale", [False, True], ids=["linear", "log"])
def test_a_frame_whose_ranges_move_is_painted_in_one_pass(qtbot, log_scale):
    """pyqtgraph applies a new range (the step axis' jump; autorange on a log cost axis) in
    the paint, where the lines that span the view then change the scene again: Qt painted
    every such frame twice. The redraw now applies it (ThemedPlot.settle_view), so the scene
    changes once a frame, in the redraw, and its paint changes nothing."""
    plot = show(qtbot, LossPlot())
    plot.set_log_scale(log_scale)
    plot.set_reference(0.124845)  # a line across the view, as in the window
    steps, cost = decaying_cost(20000)
    plot.set_history(steps[:5100], cost[:5100])
    plot.grab()
    qtbot.wait(10)
    extent = plot.step_extent()
    changes = []  # QGraphicsScene collects a frame's changes and sends them once, queued
    plot.scene().changed.connect(changes.append)
    plot.set_history(steps[:6100], cost[:6100])  # past 6000: the step axis jumps
    qtbot.wait(10)  # the redraw's changes arrive; the paint they ask for may come too
    plot.grab()  # a paint, for certain
    qtbot.wait(10)
    assert plot.step_extent() > extent
    assert len(changes) == 1
    x_range, y_range = plot.plotItem.vb.viewRange()
    assert x_range[1] >= 6100
    if log_scale:  # autorange in log10 units, from the run's last cost to its first
        assert y_range[0] <= np.log10(cost[6099]) and y_range[1] >= np.log10(cost[0])
