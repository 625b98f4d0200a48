"""The ROC / precision-recall tab as drawn: legend markers, title room, axis titles, the
precision-recall steps and where the legend sits (gui/plots/roc_plot.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication
from sklearn.metrics import average_precision_score

from gui.plots.roc_plot import CurveKind, RocPlot
from gui.plots.themed_plot import font
from gui.theme import THEMES
from tests.plot_fixtures import logits_and_labels, show


def scored(plot: RocPlot, seed: int = 0, held_out: bool = True) -> RocPlot:
    z, y = logits_and_labels(300, seed)
    zv, yv = logits_and_labels(120, seed + 1)
    plot.set_scores(z, y, zv if held_out else None, yv if held_out else None, threshold=0.5)
    QApplication.processEvents()
    return plot


def test_both_threshold_markers_are_in_the_legend_with_a_held_out_set(qtbot):
    plot = scored(show(qtbot, RocPlot(), 700, 600))
    for kind in CurveKind:
        plot.set_kind(kind)
        markers = [text for text in plot.legend_texts() if text.startswith("threshold")]
        assert markers == ["threshold p > 0.5 (training)", "threshold p > 0.5 (held-out)"]
    plot.set_scores(*logits_and_labels(300, 0), threshold=0.5)  # training only: one marker
    assert [t for t in plot.legend_texts() if t.startswith("threshold")] == ["threshold p > 0.5"]


def test_the_title_uses_the_room_right_of_the_switch(qtbot):
    plot = RocPlot()
    qtbot.addWidget(plot)
    theme = THEMES["default"].scaled(2.0)
    plot.apply_theme(theme)
    title = plot.title()
    needed = QFontMetricsF(font(theme.title_pt)).horizontalAdvance(title)
    reserve = plot._title_reserve()
    left, _, right, _ = plot.plotItem.layout.getContentsMargins()
    # Room for the title beside the switch once, not for the switch on both sides.
    width = round(needed + left + right + 12 + 1.5 * reserve)
    show(qtbot, plot, width, 600)
    label = plot.plotItem.titleLabel
    assert label.text == title
    assert label.opts["size"] == f"{theme.title_pt:.1f}pt"  # not shrunk to fit either
    switch = plot.findChild(type(plot._kind_input), "rocCurveInput")
    title_left = label.mapToScene(label.itemRect().topLeft()).x()
    title_right = label.mapToScene(label.itemRect().topRight()).x()
    assert title_left >= switch.geometry().right()  # clear of the switch
    assert title_right <= width


@pytest.mark.parametrize("size, full", [((1000, 330), False), ((1000, 900), True)])
def test_the_axis_titles_are_both_full_or_both_short(qtbot, size, full):
    # At 2x fonts, 330 px tall: the left axis is too short for its full title, the bottom
    # one long enough for its own.
    plot = scored(show(qtbot, RocPlot(theme=THEMES["default"].scaled(2.0)), *size))
    for kind in CurveKind:
        plot.set_kind(kind)
        QApplication.processEvents()
        shown = [plot.shown_axis_label(axis) for axis in ("bottom", "left")]
        in_full = [text == plot.axis_label(axis) for text, axis in zip(
            shown, ("bottom", "left"), strict=True)]
        assert in_full == [full, full], shown


def test_precision_recall_curves_are_drawn_as_steps_whose_area_is_the_average_precision(qtbot):
    plot = scored(show(qtbot, RocPlot(), 700, 600))
    plot.set_kind(CurveKind.PRECISION_RECALL)
    for held_out, seed in ((False, 0), (True, 1)):
        z, y = logits_and_labels(300 if not held_out else 120, seed)
        x, p = plot.curve_data(held_out)
        dx, dp = np.diff(x), np.diff(p)
        assert np.all((dx == 0) | (dp == 0)), "every segment level or upright"
        assert np.all(dx >= 0)
        # The area under the drawn line is scikit-learn's average precision.
        assert np.trapezoid(p, x) == pytest.approx(average_precision_score(y, z), abs=1e-12)
        # Its corners are the (recall, precision) of every threshold: numpy, highest z first.
        order = np.argsort(-z, kind="mergesort")
        tp = np.cumsum(y[order] > 0.5)
        k = np.arange(1, len(z) + 1)
        last_of_ties = np.r_[np.diff(z[order]) != 0, True]
        corners = set(zip(np.round(tp / tp[-1], 12)[last_of_ties],
                          np.round(tp / k, 12)[last_of_ties], strict=True))
        drawn = set(zip(np.round(x, 12), np.round(p, 12), strict=True))
        assert corners <= drawn


def chance_y_in_scene(plot: RocPlot) -> float:
    share = plot._train.positive_share
    return plot.plotItem.vb.mapViewToScene(QPointF(0.5, share)).y()


@pytest.mark.parametrize("kind, width", [(CurveKind.ROC, 640),
                                         (CurveKind.PRECISION_RECALL, 700)])
def test_the_legend_keeps_off_the_chance_line_at_2x_fonts(qtbot, kind, width):
    rng = np.random.default_rng(3)
    y = (rng.random(400) < 0.35).astype(np.float64)  # the chance precision: 0.35
    z = 4.0 * (y - 0.5) + rng.normal(0.0, 3.0, len(y))
    plot = show(qtbot, RocPlot(theme=THEMES["default"].scaled(2.0)), width, 520)
    plot.set_scores(z[:300], y[:300], z[300:], y[300:])
    plot.set_kind(kind)
    for _ in range(3):
        QApplication.processEvents()
    legend = plot._legend
    assert legend.isVisible()
    box = legend.sceneBoundingRect()
    if kind is CurveKind.PRECISION_RECALL:  # bottom left, under or over the level line
        line = chance_y_in_scene(plot)
        assert box.top() > line or box.bottom() < line
    else:  # bottom right, under the diagonal: its top-left corner is below y = x there
        corner = plot.plotItem.vb.mapSceneToView(box.topLeft())
        assert corner.y() < corner.x()
