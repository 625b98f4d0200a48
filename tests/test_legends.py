"""Legends inside the plots on slides: as large as the axis labels where they fit, every row
inside the frame, never unreadably small, and off the curves (gui/plots/themed_plot.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from core.legend_corner import Corner, least_covered_corner, trace
from gui.plots import AccuracyPlot, LossPlot
from gui.plots.roc_plot import RocPlot
from gui.theme import theme_by_name
from tests.plot_fixtures import decaying_cost, redraw, show


def pt(size: str) -> float:
    return float(size.removesuffix("pt"))


def legend_pts(plot) -> list[float]:
    """The point size of every legend row's text."""
    return [pt(label.opts["size"]) for _, label in plot._legend.items]


def axis_label_pt(plot) -> float:
    return pt(plot.getAxis("left").labelStyle["font-size"])


def test_at_2x_the_cost_legend_is_as_large_as_the_axis_labels_and_its_neighbour(qtbot):
    """The whole window at --font-scale 2 gives the cost panel about 560 x 450 px: its legend
    stayed at half size (1x) beside the accuracy legend at 2x."""
    theme = theme_by_name("default", 2.0)
    loss = show(qtbot, LossPlot(theme=theme), 560, 450)
    accuracy = show(qtbot, AccuracyPlot(theme=theme), 560, 450)
    steps, cost = decaying_cost(2001)
    loss.set_history(steps, cost)
    loss.set_reference(0.124845)
    accuracy.set_history(steps, 1.0 - cost / cost.max())
    redraw(loss)
    redraw(accuracy)
    assert loss._legend.isVisible() and accuracy._legend.isVisible()
    assert legend_pts(loss) == pytest.approx([axis_label_pt(loss)] * len(legend_pts(loss)))
    assert legend_pts(accuracy) == pytest.approx([axis_label_pt(accuracy)])
    assert "optimum 0.124845" in loss.legend_texts()


def rows_outside(legend) -> list[str]:
    """The rows whose swatch or text is drawn outside the legend's frame (1 px allowed)."""
    frame = legend.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    return [label.text for sample, label in legend.items
            if not (frame.contains(sample.sceneBoundingRect())
                    and frame.contains(label.sceneBoundingRect()))]


@pytest.mark.parametrize("held_out", [False, True])
def test_at_3x_every_legend_row_is_inside_its_frame(qtbot, held_out):
    """The optimum's row, added after the legend was fitted, was drawn under the frame."""
    plot = show(qtbot, LossPlot(theme=theme_by_name("default", 3.0)), 1900, 890)
    steps, cost = decaying_cost(2001)
    plot.set_history(steps, cost, cost + 0.05 if held_out else None)
    redraw(plot)
    plot.set_reference(0.127987)
    redraw(plot)
    assert plot._legend.isVisible() and len(plot._legend.items) == 3 + held_out
    assert rows_outside(plot._legend) == []
    for size in ((900, 600), (1400, 700)):  # shrunk and let out again
        plot.resize(*size)
        redraw(plot)
        if plot._legend.isVisible():
            assert rows_outside(plot._legend) == []


def test_the_roc_legend_at_1x_is_readable_in_a_small_tab(qtbot):
    """In the 1x window the ROC tab's legend shrank to half the label size (6 px text)."""
    theme = theme_by_name("default")
    rng = np.random.default_rng(3)
    y = (rng.random(400) < 0.35).astype(np.float64)
    z = 4.0 * (y - 0.5) + rng.normal(0.0, 3.0, len(y))
    plot = show(qtbot, RocPlot(theme=theme), 460, 300)
    plot.set_scores(z[:300], y[:300], z[300:], y[300:])
    redraw(plot)
    assert plot._legend.isVisible()
    assert min(legend_pts(plot)) >= 0.7 * theme.font_size - 0.01


def curve_points_in_scene(plot, steps, values, per_segment: int = 50) -> list[QPointF]:
    """Points along the drawn polyline (straight segments between the data), in scene pixels."""
    view = plot.plotItem.vb
    xs = np.concatenate([np.linspace(a, b, per_segment) for a, b in zip(steps[:-1], steps[1:],
                                                                        strict=True)])
    ys = np.concatenate([np.linspace(a, b, per_segment) for a, b in zip(values[:-1], values[1:],
                                                                        strict=True)])
    return [view.mapViewToScene(QPointF(x, y)) for x, y in zip(xs, ys, strict=True)]


# Like the divergence lesson's cost: flat, then a climb to ~2755 at the right.
DIVERGING = (np.arange(11, dtype=np.float64),
             np.array([2.0] * 6 + [100.0, 600.0, 1500.0, 2200.0, 2755.0]))


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_legend_keeps_off_a_cost_that_climbs_at_the_right(qtbot, scale):
    """The divergence lesson: the cost climbs to ~2755 at the right, where the legend sat."""
    plot = show(qtbot, LossPlot(theme=theme_by_name("default", scale)), 600, 400)
    plot.set_history(*DIVERGING)
    redraw(plot)
    legend = plot._legend
    # At 1x there is a free corner; at 2x hiding is allowed too (README: shrink or hide).
    assert legend.isVisible() or scale > 1
    box = legend.sceneBoundingRect()
    assert not legend.isVisible() or not [
        p for p in curve_points_in_scene(plot, *DIVERGING) if box.contains(p)]


def test_the_legend_corner_is_chosen_again_only_when_the_data_moves_on(qtbot):
    """Frames stay cheap: a new frame with the curve's end in the same eighth of the view
    does not count points again; a climb into the legend's corner moves it."""
    plot = show(qtbot, LossPlot(theme=theme_by_name("default")), 700, 420)
    steps, cost = decaying_cost(400)
    plot.set_history(steps, cost)
    redraw(plot)
    assert plot.legend_corner(plot._legend) is Corner.TOP_RIGHT
    counted = []
    plot._drawn_points = lambda original=plot._drawn_points: counted.append(1) or original()
    plot.set_history(steps, cost)
    redraw(plot)
    assert counted == []
    plot.set_history(*DIVERGING)  # a new run: the curve now ends at the top right
    redraw(plot)
    assert counted and plot.legend_corner(plot._legend) is not Corner.TOP_RIGHT


def test_least_covered_corner_counts_points_along_segments():
    """Independent of the plots: a segment from the bottom left to the top right passes
    through the top-right and bottom-left boxes; a box over no vertex still counts it."""
    view, legend = (200.0, 100.0), (60.0, 30.0)
    points = [trace(np.array([0.0, 200.0]), np.array([100.0, 0.0]))]
    counts = {c: least_covered_corner(points, view, legend, 10.0, c) for c in Corner}
    assert counts[Corner.TOP_RIGHT] == (Corner.TOP_LEFT, 0)
    box = Corner.TOP_RIGHT.box(view, legend, 10.0)
    assert box == (130.0, 10.0, 190.0, 40.0)
    # the line y = 100 - x / 2 crosses that box between x = 130 and 180: covered there
    xs, ys = points[0]
    inside = (xs >= 130) & (xs <= 190) & (ys >= 10) & (ys <= 40)
    assert inside.any()
    assert Corner.BOTTOM_LEFT.offset(10.0) == (10.0, -10.0)


def test_while_training_runs_the_legend_stays_put_and_moves_once_the_run_stops(qtbot):
    """A fast run's curve end crosses an eighth of the view every few frames: choosing the
    corner again then cost 0.5 ms a frame, and a legend hopping about helps nobody."""
    plot = show(qtbot, LossPlot(theme=theme_by_name("default")), 700, 420)
    steps, cost = decaying_cost(400)
    plot.set_history(steps, cost)
    redraw(plot)
    assert plot.legend_corner(plot._legend) is Corner.TOP_RIGHT
    plot.set_fast_drawing(True)  # the window, as a run starts
    counted = []
    plot._drawn_points = lambda original=plot._drawn_points: counted.append(1) or original()
    # The cost climbs back to where it began, at the right: the legend's corner, with the same
    # value axis (a wider one would resize the view, and a resized view is placed afresh).
    climbing = cost.copy()
    climbing[-80:] = np.linspace(cost[-81], cost[0], 80)
    plot.set_history(steps, climbing)
    redraw(plot)
    assert counted == [] and plot.legend_corner(plot._legend) is Corner.TOP_RIGHT
    plot.set_fast_drawing(False)  # paused, finished or diverged: a still picture
    redraw(plot)
    assert counted and plot.legend_corner(plot._legend) is not Corner.TOP_RIGHT
