"""The plot panels: names, the sigmoid figure, live histories, the samples and predictions views."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from gui.plots import AccuracyPlot, LossPlot, PredictionsPlot, SamplesPlot, SigmoidPlot
from gui.plots.loss_plot import COST_LABEL, GAP_LABEL
from gui.plots.predictions_plot import BACKGROUND
from gui.theme import THEMES, theme_by_name
from tests.plot_fixtures import (
    curve,
    decaying_cost,
    items_of,
    logits_and_labels,
    redraw,
    show,
    vertical_lines,
)

NO_BRUSH = Qt.BrushStyle.NoBrush  # misclassified rings are the only unfilled symbols
PANELS = {
    "sigmoidPlot": SigmoidPlot,
    "lossPlot": LossPlot,
    "accuracyPlot": AccuracyPlot,
    "samplesPlot": SamplesPlot,
    "predictionsPlot": PredictionsPlot,
}


# ----- every panel -----


@pytest.mark.parametrize("name", PANELS)
def test_panel_object_name_title_and_axis_labels(qtbot, name):
    plot = show(qtbot, PANELS[name]())
    assert plot.objectName() == name
    assert plot.title()
    assert plot.axis_label("bottom")
    assert plot.getAxis("bottom").label.isVisible()


@pytest.mark.parametrize("name", PANELS)
def test_presentation_theme_changes_the_background_of_a_grab(qtbot, name):
    plot = show(qtbot, PANELS[name]())
    before = plot.grab().toImage().pixelColor(2, 2)
    plot.apply_theme(THEMES["presentation"])
    after = plot.grab().toImage().pixelColor(2, 2)
    assert before == QColor(THEMES["default"].background)
    assert after == QColor("#FFFFFF")


@pytest.mark.parametrize("name", PANELS)
def test_font_scale_enlarges_axis_labels(qtbot, name):
    plot = show(qtbot, PANELS[name]())
    plot.apply_theme(THEMES["default"].scaled(2.0))
    size = plot.getAxis("bottom").labelStyle["font-size"]
    assert size == f"{2.0 * THEMES['default'].label_pt:.1f}pt"


def test_theme_scale_is_bounded_and_named_lookup_works():
    theme = theme_by_name("presentation", 1.5)
    assert theme.label_pt == pytest.approx(1.5 * THEMES["presentation"].label_pt)
    for bad in (0.5, 3.5):
        with pytest.raises(ValueError, match="font scale"):
            THEMES["default"].scaled(bad)
    with pytest.raises(ValueError, match="presentation"):
        theme_by_name("neon")


def test_theme_colours_are_valid_and_classes_distinct():
    for theme in THEMES.values():
        colours = [theme.class0, theme.class1, theme.misclassified, theme.train_curve,
                   theme.val_curve, theme.background, theme.foreground]
        assert all(QColor(c).isValid() for c in colours)
        assert len({theme.class0, theme.class1, theme.misclassified}) == 3
        assert theme.train_curve != theme.val_curve


# ----- sigmoid -----


def test_sigmoid_curve_is_the_logistic_function_on_minus6_to_6(qtbot):
    plot = show(qtbot, SigmoidPlot())
    x, y = plot.getPlotItem().listDataItems()[0].getOriginalDataset()
    assert x[0] == -6.0 and x[-1] == 6.0
    np.testing.assert_allclose(y, 1.0 / (1.0 + np.exp(-x)), rtol=1e-15, atol=0)
    assert plot.getPlotItem().listDataItems()[0].opts["pen"].widthF() == 2.0


def test_sigmoid_figure_styling_follows_the_notebook(qtbot):
    plot = show(qtbot, SigmoidPlot())
    # AxisItem keeps explicitly set ticks in _tickLevels; there is no public getter.
    major = plot.getAxis("left")._tickLevels[0]
    assert [value for value, _ in major] == [0.0, 0.5, 1.0]
    assert plot.getAxis("left").grid is not False and plot.getAxis("bottom").grid is not False
    assert [line.value() for line in vertical_lines(plot)] == [0.0]  # the y axis through x = 0
    assert not plot.getAxis("right").isVisible() and not plot.getAxis("top").isVisible()
    assert plot.legend_texts() == ["s(x) = 1 / (1 + e⁻ˣ)"]


def test_identity_overlay_toggles_and_equals_the_sigmoid(qtbot):
    plot = show(qtbot, SigmoidPlot())
    sigmoid, identity = plot.getPlotItem().listDataItems()[:2]
    assert not plot.identity_visible()
    plot.set_identity_visible(True)
    assert plot.identity_visible() and identity.isVisible()
    assert plot.legend_texts()[-1] == "(1 + tanh(x/2)) / 2"
    x, y = identity.getOriginalDataset()
    np.testing.assert_allclose(y, sigmoid.getOriginalDataset()[1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(y, (1 + np.tanh(x / 2)) / 2, rtol=1e-15)
    assert identity.opts["pen"].style() != sigmoid.opts["pen"].style()  # dashed
    plot.set_identity_visible(False)
    assert not plot.identity_visible() and len(plot.legend_texts()) == 1


# ----- loss -----


def test_loss_plot_draws_a_million_points_as_their_envelope(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(1_000_000)
    cost[::997] += 0.5  # single-step spikes must stay visible
    plot.set_history(steps, cost, None)
    redraw(plot)
    x, y = curve(plot, "training cost").getOriginalDataset()
    assert len(x) <= 2 * 4097  # two points (min, max) per bucket
    starts, lows, highs = x[::2].astype(int), y[0::2], y[1::2]
    bucket = starts[1] - starts[0]
    for first, low, high in zip(starts, lows, highs, strict=True):
        block = cost[first:first + bucket]
        assert (low, high) == (block.min(), block.max())
    assert highs.max() == cost.max() and lows.min() == cost.min()
    assert curve(plot, "training cost").opts["clipToView"]
    np.testing.assert_array_equal(plot.curve_data()[1], cost)  # the hover reads every step


def test_loss_history_is_not_copied(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(1000)
    val = cost + 0.5
    plot.set_history(steps[:500], cost[:500], val[:500])  # views into growing buffers
    x, y = curve(plot, "training cost").getOriginalDataset()
    assert np.shares_memory(y, cost) and np.shares_memory(x, steps)
    assert np.shares_memory(plot.curve_data("val")[1], val)
    assert plot.legend_texts()[:2] == ["training cost", "held-out cost"]
    plot.set_history(steps, cost, None)
    assert plot.legend_texts() == ["training cost", plot.chance_text()]
    assert curve(plot, "held-out cost").getOriginalDataset() == (None, None)


def test_log_scale_toggles(qtbot):
    plot = show(qtbot, LossPlot())
    plot.set_history(*decaying_cost())
    plot.set_log_scale(True)
    assert plot.log_scale() and plot.getAxis("left").logMode
    plot.set_log_scale(False)
    assert not plot.log_scale() and not plot.getAxis("left").logMode


def test_log_scale_after_a_diverging_cost_warns_nothing(qtbot, recwarn):
    plot = show(qtbot, LossPlot())
    plot.set_history(np.arange(100.0), np.geomspace(1e30, 1.0, 100))
    qtbot.wait(10)
    plot.set_log_scale(True)
    plot.grab()
    assert [str(w.message) for w in recwarn] == []
    assert np.all(np.isfinite(plot.plotItem.vb.viewRange()))


def test_markers_are_added_and_cleared(qtbot):
    for plot in (show(qtbot, LossPlot()), show(qtbot, AccuracyPlot())):
        plot.add_marker(3000, "lr 0.1 → 1")
        plot.add_marker(5000.5, "l2 0.01 → 0")
        lines = vertical_lines(plot)
        assert sorted(line.value() for line in lines) == [3000.0, 5000.5]
        assert {line.label.toPlainText() for line in lines} == {"lr 0.1 → 1", "l2 0.01 → 0"}
        assert plot.markers() == [(3000.0, "lr 0.1 → 1"), (5000.5, "l2 0.01 → 0")]
        plot.clear_markers()
        assert vertical_lines(plot) == [] and plot.markers() == []


def test_reference_line_and_gap_view(qtbot):
    plot = show(qtbot, LossPlot())
    optimum = 0.124845
    steps, cost = decaying_cost(4001, optimum=optimum)  # drawn value by value
    cost[-10:] = optimum  # reached exactly: a zero gap must not break the log axis
    cost[-5:] = optimum - 1e-17  # and rounding may even dip below it
    plot.set_history(steps, cost)
    plot.set_gap_view(True)
    assert not plot.gap_view() and not plot.log_scale()  # no reference yet
    plot.set_gap_view(False)
    plot.set_reference(optimum)
    reference = [line for line in items_of(plot, pg.InfiniteLine)
                 if line.angle == 0 and line is not plot.chance_line()]
    assert len(reference) == 1 and reference[0].isVisible()
    assert reference[0].value() == optimum
    assert plot.legend_texts()[-1] == "optimum 0.124845" == plot.reference_text()
    plot.set_log_scale(True)
    assert reference[0].value() == pytest.approx(np.log10(optimum))  # log10 units on a log axis
    plot.set_log_scale(False)
    plot.set_gap_view(True)
    assert plot.gap_view() and plot.log_scale()
    _, gap = curve(plot, "training cost").getOriginalDataset()
    assert np.all(gap > 0)
    np.testing.assert_allclose(gap[:-10], cost[:-10] - optimum, rtol=1e-12)
    redraw(plot)
    assert np.all(np.isfinite(plot.getPlotItem().vb.viewRange()))
    assert not reference[0].isVisible()  # the optimum is at gap 0, off any log axis
    assert plot.reference_text() == "" and "optimum" not in " ".join(plot.legend_texts())
    plot.set_gap_view(False)
    assert not plot.log_scale()
    np.testing.assert_array_equal(curve(plot, "training cost").getOriginalDataset()[1], cost)


@pytest.mark.parametrize("log", [False, True])
def test_nan_and_inf_do_not_break_the_view(qtbot, log):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(2000)
    cost[100:110] = np.nan
    cost[500] = np.inf
    cost[501] = -np.inf
    val = cost.copy()
    val[:50] = np.nan
    plot.set_log_scale(log)
    plot.set_history(steps, cost, val)
    redraw(plot)
    (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
    assert np.all(np.isfinite([x0, x1, y0, y1]))
    assert x0 <= 0 and x1 >= 1999
    top = np.log10(19.3) if log else 19.3
    assert y1 >= top * 0.99 and y1 < top * 1.5


def curve_names(plot) -> list[str]:
    """The cost panel's legend without the chance line's entry, which every cost panel has."""
    return [text for text in plot.legend_texts() if text != plot.chance_text()]


def test_pins_are_replaced_and_cleared(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(500)
    plot.set_history(steps, cost)
    plot.set_pins([("lr 0.01", steps, cost * 2), ("lr 1", steps, cost * 3)])
    assert plot.chance_text() in plot.legend_texts()  # the chance line's entry stays
    assert curve_names(plot) == ["training cost", "lr 0.01", "lr 1"]
    ghost = curve(plot, "lr 0.01")
    assert ghost.zValue() < curve(plot, "training cost").zValue()
    assert ghost.opts["pen"].color().alpha() < 255
    plot.set_pins([("lr 0.5", steps, cost)])
    assert curve_names(plot) == ["training cost", "lr 0.5"]
    plot.set_pins([])
    assert curve_names(plot) == ["training cost"]
    assert len(plot.getPlotItem().listDataItems()) == 3  # training, held-out, hover dot


def test_hover_shows_step_and_cost(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(1000)
    plot.set_history(steps, cost)
    redraw(plot)
    vb = plot.getPlotItem().vb
    scene_pos = vb.mapViewToScene(pg.Point(400.2, float(cost[400])))
    plot.scene().sigMouseMoved.emit(scene_pos)
    assert plot.hover_text() == f"step 400: cost {cost[400]:.6g}"
    plot.scene().sigMouseMoved.emit(pg.Point(-50, -50))  # outside the view box
    assert plot.hover_text() == ""


def test_clear_resets_everything(qtbot):
    plot = show(qtbot, LossPlot())
    steps, cost = decaying_cost(500)
    plot.set_history(steps, cost, cost)
    plot.add_marker(10, "x")
    plot.set_pins([("pin", steps, cost)])
    plot.set_reference(0.1)
    plot.clear()
    assert curve(plot, "training cost").getOriginalDataset() == (None, None)
    assert plot.markers() == [] and plot.reference() is None
    assert curve_names(plot) == ["training cost"]


# ----- accuracy -----


def test_accuracy_axis_is_fixed_to_zero_one(qtbot):
    plot = show(qtbot, AccuracyPlot())
    steps = np.arange(3000, dtype=np.float64)
    plot.set_history(steps, 0.5 + 0.5 * (1 - np.exp(-steps / 300)), np.full(3000, 0.52))
    redraw(plot)
    (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
    assert -0.06 <= y0 <= 0.0 and 1.0 <= y1 <= 1.06
    assert x0 <= 0 and x1 >= 2999
    assert plot.legend_texts() == ["training accuracy", "held-out accuracy"]
    plot.scene().sigMouseMoved.emit(plot.getPlotItem().vb.mapViewToScene(pg.Point(1000, 0.5)))
    assert plot.hover_text().startswith("step 1000: accuracy ")


# ----- samples -----


def test_samples_are_drawn_at_their_logits_with_bounded_jitter(qtbot):
    plot = show(qtbot, SamplesPlot(), 900, 500)
    z, y = logits_and_labels()
    plot.set_samples(z, y)
    x_drawn, y_drawn = plot.train_positions()
    np.testing.assert_array_equal(x_drawn, z)
    assert np.all(np.abs(y_drawn - y) <= 0.06)
    assert np.all((y_drawn > 0) & (y_drawn < 1))  # jitter points into [0, 1]
    plot.set_samples(z * 0.5, y)  # a later training step: same samples, same jitter
    np.testing.assert_array_equal(plot.train_positions()[1], y_drawn)
    np.testing.assert_array_equal(plot.train_positions()[0], z * 0.5)


def test_positions_are_what_the_scatter_items_hold(qtbot):
    plot = show(qtbot, SamplesPlot())
    z, y = logits_and_labels(50)
    plot.set_samples(z, y)
    held = np.concatenate([s.getData()[0] for s in items_of(plot, pg.ScatterPlotItem)
                           if s.opts["symbol"] == "o" and s.opts["brush"].style() != NO_BRUSH
                           and len(s.getData()[0])])
    assert sorted(held) == sorted(plot.train_positions()[0])


def test_misclassified_samples_are_ringed_and_counted(qtbot):
    plot = show(qtbot, SamplesPlot())
    z, y = logits_and_labels(400)
    z_val, y_val = logits_and_labels(100, seed=1)
    plot.set_samples(z, y, z_val, y_val)
    wrong = int(np.count_nonzero((z > 0) != (y == 1)))
    wrong_val = int(np.count_nonzero((z_val > 0) != (y_val == 1)))
    assert 0 < wrong < 400 and plot.misclassified_count() == wrong
    assert plot.misclassified_count(held_out=True) == wrong_val
    assert f"misclassified ({wrong}; held-out {wrong_val})" in plot.legend_texts()
    plot.set_samples(z, y)
    assert f"misclassified ({wrong})" in plot.legend_texts()
    rings = [s for s in items_of(plot, pg.ScatterPlotItem) if s.opts["brush"].style() == NO_BRUSH]
    assert len(rings) == 1
    ring_x, _ = rings[0].visible_points()
    np.testing.assert_array_equal(np.sort(ring_x), np.sort(z[(z > 0) != (y == 1)]))


def test_held_out_samples_are_drawn_distinctly(qtbot):
    plot = show(qtbot, SamplesPlot())
    z, y = logits_and_labels(200)
    z_val, y_val = logits_and_labels(60, seed=2)
    plot.set_samples(z, y, z_val, y_val)
    np.testing.assert_array_equal(plot.val_positions()[0], z_val)
    symbols = {}
    for scatter in items_of(plot, pg.ScatterPlotItem):
        x = scatter.getData()[0]
        if len(x) and np.isin(x, z_val).all() and not np.isin(x, z).any():
            symbols["val"] = scatter.opts["symbol"]
        elif len(x) and np.isin(x, z).all() and not np.isin(x, z_val).any():
            symbols["train"] = scatter.opts["symbol"]
    assert symbols["val"] != symbols["train"]
    assert "held-out class 0" in plot.legend_texts()


def test_samples_view_is_never_narrower_than_the_sigmoid_figure(qtbot):
    plot = show(qtbot, SamplesPlot())
    plot.set_samples(np.array([-0.5, 0.2, 1.0]), np.array([0, 1, 1]))
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    assert x0 <= -6 and x1 >= 6
    z, y = logits_and_labels(1000)
    z[0] = 1e6  # one wild logit must not squash everyone else
    plot.set_samples(z, y)
    (x0, x1), _ = plot.getPlotItem().vb.viewRange()
    assert x1 < 100 and x0 > -100 and x1 >= np.percentile(z, 99)


def test_samples_handle_non_finite_logits_and_the_most_points_drawn_in_full(qtbot):
    from gui.plots.uniform_scatter import MAX_DRAWN_SAMPLES

    plot = show(qtbot, SamplesPlot())
    z, y = logits_and_labels(MAX_DRAWN_SAMPLES)
    z[:3] = [np.nan, np.inf, -np.inf]
    plot.set_samples(z, y)
    plot.set_samples(z * 0.9, y)
    redraw(plot)
    x_drawn, _ = plot.train_positions()
    assert np.all(np.isnan(x_drawn[:3]))
    np.testing.assert_array_equal(x_drawn[3:], z[3:] * 0.9)
    assert np.all(np.isfinite(plot.getPlotItem().vb.viewRange()))


# ----- predictions -----


def confusion(y_true, y_pred):
    t, p = y_true.astype(bool), y_pred.astype(bool)
    return {"tp": int(np.sum(t & p)), "fp": int(np.sum(~t & p)),
            "tn": int(np.sum(~t & ~p)), "fn": int(np.sum(t & ~p))}


def test_prediction_counts_match_an_independent_confusion_matrix(qtbot):
    plot = show(qtbot, PredictionsPlot(), 1000, 260)
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 2, 400)
    y_pred = np.where(rng.random(400) < 0.1, 1 - y_true, y_true)
    plot.set_predictions(y_true, y_pred)
    expected = confusion(y_true, y_pred)
    counts = plot.counts()
    assert {k: counts[k] for k in expected} == expected
    assert counts["accuracy"] == pytest.approx(np.mean(y_true == y_pred))
    c = expected
    precision = c["tp"] / (c["tp"] + c["fp"])
    recall = c["tp"] / (c["tp"] + c["fn"])
    f1 = 2 * precision * recall / (precision + recall)
    assert plot.summary_text() == (f"TP {c['tp']}  FP {c['fp']}  TN {c['tn']}  FN {c['fn']}  "
                                   f"accuracy {100 * np.mean(y_true == y_pred):.1f} %  "
                                   f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")


def test_mismatched_columns_are_marked(qtbot):
    plot = show(qtbot, PredictionsPlot(), 1000, 260)
    y_true = np.array([0, 1, 1, 0, 1, 0, 0, 1] * 50)
    y_pred = y_true.copy()
    y_pred[[3, 17, 250, 399]] = 1 - y_pred[[3, 17, 250, 399]]
    plot.set_predictions(y_true, y_pred)
    assert plot.samples_per_column() == 1 and plot.aggregation_note() == ""
    (image_item,) = items_of(plot, pg.ImageItem)
    marked = image_item.image[0] != BACKGROUND  # the bottom band is the mismatch row
    np.testing.assert_array_equal(np.flatnonzero(marked), [3, 17, 250, 399])


def test_predictions_of_a_single_sample(qtbot):
    plot = show(qtbot, PredictionsPlot())
    plot.set_predictions(np.array([1]), np.array([1]))
    assert plot.counts() == {"tp": 1, "fp": 0, "tn": 0, "fn": 0, "accuracy": 1.0}
    assert plot.image_shape()[1] == 1


def test_a_million_predictions_are_aggregated(qtbot):
    plot = show(qtbot, PredictionsPlot(), 1000, 260)
    rng = np.random.default_rng(4)
    y_true = rng.integers(0, 2, 1_000_000).astype(bool)
    y_pred = y_true.copy()
    y_pred[::1000] = ~y_pred[::1000]
    plot.set_predictions(y_true, y_pred)
    assert plot.image_shape()[1] <= 4096
    assert plot.samples_per_column() > 1
    assert "1 000 000 samples" in plot.aggregation_note()
    assert plot.counts()["fp"] + plot.counts()["fn"] == 1000


def test_predictions_refuse_mismatched_lengths(qtbot):
    plot = show(qtbot, PredictionsPlot())
    with pytest.raises(ValueError, match="same length"):
        plot.set_predictions(np.zeros(3), np.zeros(4))


def drawn_tick_specs(axis: pg.AxisItem) -> list:
    """(rect, flags, text) of every tick label the axis draws, as its paint() would."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return axis.generateDrawSpecs(painter)[2]
    finally:
        painter.end()


def drawn_tick_labels(axis: pg.AxisItem) -> list[str]:
    return [text for _, _, text in drawn_tick_specs(axis)]


def label_gaps(axis: pg.AxisItem) -> list[tuple[float, str, str]]:
    """(pixels between, text, next text) for each pair of neighbouring tick labels."""
    horizontal = axis.orientation in ("bottom", "top")
    spans = sorted((r.left(), r.right(), t) if horizontal else (r.top(), r.bottom(), t)
                   for r, _, t in drawn_tick_specs(axis))
    return [(b[0] - a[1], a[2], b[2]) for a, b in pairwise(spans)]


@pytest.mark.parametrize("theme", ["default", "presentation"])
@pytest.mark.parametrize("font_scale", [1.0, 2.0])
def test_the_cost_axis_keeps_its_zero_label_at_any_font_size(qtbot, theme, font_scale):
    plot = show(qtbot, LossPlot(theme=theme_by_name(theme).scaled(font_scale)), 340, 300)
    steps = np.arange(2000.0)
    plot.set_history(steps, 0.05 + 2.1 * np.exp(-steps / 20))
    redraw(plot)
    labels = drawn_tick_labels(plot.getAxis("left"))
    assert "0" in labels and "2" in labels, labels


def test_plot_panels_say_when_the_step_axis_jumps(qtbot):
    from core.history import MetricHistory
    from gui.plot_panels import PlotPanels

    panels = show(qtbot, PlotPanels(), 1200, 800)
    panels.set_up(np.zeros((4, 3)), np.array([0.0, 1, 0, 1]), None, None, iterations=100_000)

    def history(n: int) -> MetricHistory:
        return MetricHistory.from_arrays({"cost": np.linspace(2, 1, n),
                                          "train_accuracy": np.full(n, 0.5, np.float32)})

    jumps = [panels.show_history(history(n)) for n in (5, 8, 10, 11, 14, 15, 16, 900)]
    assert jumps == [False, False, False, True, False, False, True, True]  # 10 -> 15, 20, 1000
    assert panels.lossPlot.step_extent() == panels.accuracyPlot.step_extent() == 1000


# ----- readable tick labels -----

MIN_LABEL_GAP = 4.0  # px: neighbouring tick labels must read as separate numbers
LARGE_FONTS = {"presentation": theme_by_name("presentation"),
               "2x": theme_by_name("default", 2.0), "3x": theme_by_name("default", 3.0)}


# At 3x a 250 px panel leaves its step axis under 50 px, less than two labels need (the plot
# used to reach past its widget, as wide as its title): that case is left out.
STEP_AXIS_CASES = [(width, name) for name in LARGE_FONTS for width in (250, 390, 600)
                   if (width, name) != (250, "3x")]


@pytest.mark.parametrize(("width", "font_size"), STEP_AXIS_CASES)
@pytest.mark.parametrize("panel", [LossPlot, AccuracyPlot])
def test_step_axis_labels_never_run_into_each_other(qtbot, panel, width, font_size):
    plot = show(qtbot, panel(theme=LARGE_FONTS[font_size]), width, 340)
    assert plot.plotItem.sceneBoundingRect().width() <= width + 1  # all of it on the widget
    axis = plot.getAxis("bottom")
    for extent in (10_500, 2_000, 1_000_000):
        plot.plotItem.setXRange(0, extent, padding=0)
        redraw(plot)
        assert len(drawn_tick_labels(axis)) >= 2, (extent, drawn_tick_labels(axis))
        tight = [gap for gap in label_gaps(axis) if gap[0] < MIN_LABEL_GAP]
        assert not tight, (extent, tight)


@pytest.mark.parametrize("font_size", LARGE_FONTS)
@pytest.mark.parametrize("log", [False, True])
def test_cost_axis_labels_keep_apart_in_large_fonts(qtbot, font_size, log):
    plot = show(qtbot, LossPlot(theme=LARGE_FONTS[font_size]), 390, 340)
    steps, cost = decaying_cost(2001)
    plot.set_history(steps, cost)
    plot.set_log_scale(log)
    redraw(plot)
    axis = plot.getAxis("left")
    assert len(drawn_tick_labels(axis)) >= 2, drawn_tick_labels(axis)
    assert not [gap for gap in label_gaps(axis) if gap[0] < MIN_LABEL_GAP]


@pytest.mark.parametrize("panel", [LossPlot, AccuracyPlot])
def test_step_axis_stays_dense_at_normal_fonts(qtbot, panel):
    plot = show(qtbot, panel(), 390, 300)
    axis = plot.getAxis("bottom")
    for extent in (10_500, 2_000, 1_000_000):
        plot.plotItem.setXRange(0, extent, padding=0)
        redraw(plot)
        assert len(drawn_tick_labels(axis)) >= 3, (extent, drawn_tick_labels(axis))


def test_explicit_tick_spacing_is_kept_however_crowded(qtbot):
    plot = show(qtbot, LossPlot(theme=LARGE_FONTS["3x"]), 390, 300)
    axis = plot.getAxis("bottom")
    plot.plotItem.setXRange(0, 10_000, padding=0)
    axis.setTickSpacing(1000, 500)
    redraw(plot)
    assert drawn_tick_labels(axis)[:3] == ["0", "1000", "2000"]
    assert axis.tickSpacing(0, 10_000, 150) == [(1000, 0), (500, 0)]
    axis.setTickSpacing()  # back to automatic: on 150 px that widens pyqtgraph's choice
    pyqtgraphs = pg.AxisItem.tickSpacing(axis, 0, 10_000, 150)
    assert axis.tickSpacing(0, 10_000, 150)[0][0] > pyqtgraphs[0][0]
    assert axis.tickSpacing(10_000, 0, 150) == axis.tickSpacing(0, 10_000, 150)  # reversed
    assert axis.tickSpacing(5.0, 5.0, 150) == []


# ----- axis titles that fit their axis -----

BIG_FONTS = theme_by_name("default", 2.0)
SHORT_AXIS = {SamplesPlot: ("y, s(z)", 600, 400), LossPlot: ("cost", 400, 300)}


def drawn_axis_label(axis: pg.AxisItem) -> str:
    """The label text as pyqtgraph draws it (HTML collapses runs of spaces)."""
    return " ".join(axis.label.toPlainText().split())


def resize(plot, width: int, height: int) -> None:
    plot.resize(width, height)
    redraw(plot)


@pytest.mark.parametrize("panel", SHORT_AXIS)
def test_a_long_axis_label_is_shortened_only_while_it_does_not_fit(qtbot, panel):
    short, width, height = SHORT_AXIS[panel]
    plot = show(qtbot, panel(theme=BIG_FONTS), width, height)
    axis = plot.getAxis("left")
    full = plot.axis_label("left")
    assert drawn_axis_label(axis) == " ".join(plot.shown_axis_label("left").split()) == short
    assert axis.label.boundingRect().width() <= axis.size().height()
    resize(plot, 1000, 900)  # room again: the full label comes back
    assert drawn_axis_label(axis) == " ".join(full.split())
    assert plot.shown_axis_label("left") == full
    assert axis.label.boundingRect().width() <= axis.size().height()
    resize(plot, width, height)
    assert drawn_axis_label(axis) == short
    plot.apply_theme(THEMES["default"])  # smaller fonts fit the same axis
    redraw(plot)  # once the layout follows the smaller fonts
    assert drawn_axis_label(axis) == " ".join(full.split())
    plot.apply_theme(BIG_FONTS)
    redraw(plot)
    assert drawn_axis_label(axis) == short
    assert axis.labelStyle["font-size"] == f"{BIG_FONTS.label_pt:.1f}pt"


@pytest.mark.parametrize("panel", [SamplesPlot, LossPlot, AccuracyPlot])
def test_axis_labels_are_in_full_at_normal_sizes(qtbot, panel):
    plot = show(qtbot, panel(), 800, 400)
    for name in ("left", "bottom"):
        assert plot.shown_axis_label(name) == plot.axis_label(name)
        assert drawn_axis_label(plot.getAxis(name)) == " ".join(plot.axis_label(name).split())


def test_gap_view_switches_between_full_and_short_gap_labels(qtbot):
    plot = show(qtbot, LossPlot(theme=BIG_FONTS), 400, 300)
    axis = plot.getAxis("left")
    steps, cost = decaying_cost(2001)
    plot.set_history(steps, cost)
    plot.set_reference(0.124845)
    plot.set_gap_view(True)
    redraw(plot)
    assert plot.axis_label("left") == GAP_LABEL
    assert drawn_axis_label(axis) == "cost − optimum"
    resize(plot, 1000, 900)
    assert drawn_axis_label(axis) == GAP_LABEL
    plot.set_gap_view(False)
    assert drawn_axis_label(axis) == COST_LABEL
    resize(plot, 400, 300)
    assert drawn_axis_label(axis) == "cost"
    plot.set_gap_view(True)
    assert drawn_axis_label(axis) == "cost − optimum"


def test_resizing_re_renders_an_axis_label_only_when_its_form_changes(qtbot, monkeypatch):
    plot = show(qtbot, LossPlot(theme=BIG_FONTS), 1000, 900)
    axis = plot.getAxis("left")
    texts = []
    set_label = axis.setLabel
    monkeypatch.setattr(axis, "setLabel", lambda text=None, **kw: (texts.append(text),
                                                                    set_label(text, **kw)))
    for height in (880, 860, 840):  # the full label still fits
        resize(plot, 1000, height)
    assert texts == []
    resize(plot, 400, 300)
    assert texts == ["cost"]


# ----- titles that fit their panel -----


@pytest.mark.parametrize(("panel", "font_size"), [(AccuracyPlot, "2x"), (LossPlot, "3x")])
def test_a_long_title_shrinks_to_fit_its_panel_and_never_widens_the_plot(qtbot, panel,
                                                                         font_size):
    theme = LARGE_FONTS[font_size]
    plot = show(qtbot, panel(theme=theme), 330, 300)  # a middle-row panel of a 1600 px window
    if panel is LossPlot:
        plot.set_val_sample(None, 100)  # a split: "Training and held-out cost"
        redraw(plot)
    item = plot.plotItem
    assert item.sceneBoundingRect().width() <= plot.width() + 1
    title = item.titleLabel
    assert title.item.boundingRect().width() <= plot.width()
    assert theme.label_pt <= plot._title_size < theme.title_pt
    resize(plot, 1200, 600)  # room again: the theme's own size
    assert plot._title_size == theme.title_pt
    assert title.text == plot.title()


# ----- legends inside a plot fit it -----


def legend_scale(plot) -> float:
    size = plot._legend.opts["labelTextSize"]
    return float(size.removesuffix("pt")) / plot.theme().label_pt


@pytest.mark.parametrize("panel", [LossPlot, AccuracyPlot])
def test_a_legend_inside_a_plot_shrinks_to_fit_it_and_hides_when_it_cannot(qtbot, panel):
    plot = show(qtbot, panel(theme=BIG_FONTS), 1000, 600)
    steps, cost = decaying_cost(300)
    plot.set_history(steps, cost, cost + 0.1)
    redraw(plot)
    legend, view = plot._legend, plot.plotItem.vb
    assert legend_scale(plot) == pytest.approx(1.0) and legend.isVisible()
    resize(plot, 420, 300)  # a middle-row panel at 2x: the text gives way
    assert legend.isVisible() and legend_scale(plot) < 0.99
    assert legend.boundingRect().width() <= view.width()
    assert legend.mapRectToParent(legend.boundingRect()).left() >= 0  # nothing cut off
    resize(plot, 250, 300)  # no room even for half-size text: no legend rather than a cut one
    assert not legend.isVisible()
    resize(plot, 1000, 600)
    assert legend.isVisible() and legend_scale(plot) == pytest.approx(1.0)
    assert [text.split()[0] for text in plot.legend_texts()] in (
        ["training", "held-out"], ["training", "held-out", "chance"])  # LossPlot names chance


def test_a_title_too_long_even_at_label_size_is_cut_short_not_run_into_its_neighbour(qtbot):
    plot = show(qtbot, AccuracyPlot(theme=LARGE_FONTS["3x"]), 260, 300)
    title = plot.plotItem.titleLabel
    assert title.text.endswith("…") and plot.title() == "Prediction accuracy"
    assert title.item.boundingRect().width() <= plot.width()
    resize(plot, 1400, 600)
    assert title.text == "Prediction accuracy"


def test_the_sigmoid_under_the_samples_is_drawn_before_the_view_ever_moves(qtbot):
    from tests.test_plot_pictures import sigmoid_drawn_at

    plot = show(qtbot, SamplesPlot(), 900, 500)
    z, y = logits_and_labels(300)
    plot.set_samples(np.clip(z, -3, 3), y)  # within the initial [-6, 6]: no range change
    redraw(plot)
    assert plot.getPlotItem().vb.viewRange()[0] == [-6.0, 6.0]
    assert all(sigmoid_drawn_at(plot))
    plot.apply_theme(theme_by_name("presentation", 2.0))
    redraw(plot)
    assert all(sigmoid_drawn_at(plot))


@pytest.mark.parametrize("scale, width", [(1.0, 900), (2.0, 900), (2.0, 420), (3.0, 300)])
def test_the_prediction_hints_are_shown_whole_or_not_at_all(qtbot, scale, width):
    """At 2x fonts in a half-width panel "← predicts 0" ran out of the plot, cut to "redicts 0"."""
    plot = show(qtbot, SamplesPlot(), width, 400)
    plot.apply_theme(theme_by_name("presentation", scale))
    z, y = logits_and_labels(300)
    plot.set_samples(np.clip(z, -3, 3), y)
    redraw(plot)
    vb = plot.getPlotItem().vb
    view = vb.mapRectToScene(vb.boundingRect())
    shown = [hint for hint in plot._hints if hint.isVisible()]
    for hint in shown:
        text = hint.mapRectToScene(hint.boundingRect())
        assert view.left() <= text.left() and text.right() <= view.right(), \
            hint.textItem.toPlainText()
    if (scale, width) == (1.0, 900):
        assert len(shown) == 2  # room for both: the hints are not simply gone


@pytest.mark.parametrize("height, labels", [(600, ["0", "0.5", "1"]), (300, ["0", "1"])])
def test_the_label_axis_keeps_the_ticks_it_has_room_for(qtbot, height, labels):
    """At 2x fonts in a short samples panel (a lesson note open) "1", "0.5" and "0" overlapped."""
    plot = show(qtbot, SamplesPlot(), 700, height)
    plot.apply_theme(theme_by_name("presentation", 2.0))
    redraw(plot)
    drawn = [text for _, text in plot.getAxis("left")._tickLevels[0]]  # the ticks set on it
    assert drawn == labels


def test_the_legend_under_the_samples_never_widens_the_plot_past_its_panel(qtbot):
    """At 2x presentation fonts the legend was fitted to the panel's width less the left axis
    only: the layout grew past the widget and the last tick label ("4000") was cut in half."""
    plot = show(qtbot, SamplesPlot(), 900, 330)
    plot.apply_theme(theme_by_name("presentation", 2.0))
    z, y = logits_and_labels(400)
    plot.set_samples(z * 1000, y)
    redraw(plot)
    vb = plot.getPlotItem().vb
    right_margin = plot.getPlotItem().layout.getContentsMargins()[2]
    assert vb.mapRectToScene(vb.boundingRect()).right() <= plot.width() - right_margin + 1


# ----- value axes: no SI scaling, log axes always numbered -----

SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def label_value(text: str) -> float:
    """A tick label as a number: '0.65', '2000', '10⁻⁵', '1.5·10⁴'."""
    if any(c in "⁻⁰¹²³⁴⁵⁶⁷⁸⁹" for c in text):
        mantissa, _, power = text.rpartition("10")
        return float(mantissa.rstrip("·") or 1) * 10.0 ** int(power.translate(SUPERSCRIPTS))
    return float(text)


@pytest.mark.parametrize("theme", [theme_by_name("default"), theme_by_name("presentation"),
                                   theme_by_name("default", 2.0)])
@pytest.mark.parametrize(("low", "high"), [(0.62, 0.69), (0.6931, 0.6932), (0.6, 0.9),
                                           (0.124, 19.3), (1.2e-5, 1.5e-5), (50, 3e8)])
def test_a_log_cost_axis_always_shows_numbers_at_their_places(qtbot, theme, low, high):
    plot = show(qtbot, LossPlot(theme=theme), 390, 340)
    steps = np.arange(3000.0)
    plot.set_history(steps, low + (high - low) * np.exp(-steps / 300.0))
    plot.set_log_scale(True)
    redraw(plot)
    axis = plot.getAxis("left")
    specs = drawn_tick_specs(axis)
    assert len(specs) >= 2, [text for _, _, text in specs]
    assert not [gap for gap in label_gaps(axis) if gap[0] < MIN_LABEL_GAP]
    (_, _), (y0, y1) = plot.getPlotItem().vb.viewRange()
    for rect, _, text in specs:
        value = label_value(text)
        assert 10.0 ** y0 <= value <= 10.0 ** y1, text
        # The label is centred on its tick: where the view puts log10(value).
        scene = plot.getPlotItem().vb.mapViewToScene(pg.Point(0.0, np.log10(value)))
        centre = axis.mapToScene(rect.center())
        assert abs(scene.y() - centre.y()) < 1.0, text
    assert "(x" not in axis.labelString()


@pytest.mark.parametrize("log", [False, True])
def test_value_axes_never_scale_their_numbers_with_an_si_prefix(qtbot, log):
    plot = show(qtbot, LossPlot(), 390, 340)
    steps = np.arange(500.0)
    plot.set_history(steps, 0.6931 + 0.01 * np.exp(-steps / 50.0))  # xor: about ln 2
    plot.set_log_scale(log)
    redraw(plot)
    axis = plot.getAxis("left")
    values = [label_value(text) for text in drawn_tick_labels(axis)]
    assert len(values) >= 2 and max(values) < 1.0, values  # 0.69 reads 0.69, not 700
    assert "(x" not in axis.labelString() and "0.001" not in axis.labelString()
    for panel in (AccuracyPlot(), SamplesPlot(), PredictionsPlot()):
        qtbot.addWidget(panel)
        assert all(not panel.getAxis(name).autoSIPrefix for name in ("left", "bottom"))


@pytest.mark.parametrize(("low", "high"), [(0.6931, 0.6932), (0.3, 3.0), (0.05, 0.07),
                                           (1e-12, 30.0), (2e4, 9e4), (3e-7, 4e-7)])
def test_log_tick_labels_name_the_value_at_their_position(low, high):
    from gui.plots.log_ticks import log_ticks

    lo, hi = np.log10(low), np.log10(high)
    for limit in (1, 3, 8, 40):  # from a short axis to a long one
        labelled, grid = log_ticks(lo, hi, 400.0, lambda positions, _t, n=limit: len(positions)
                                   <= n)
        assert 1 <= len(labelled) <= max(limit, 1)
        assert limit == 1 or len(labelled) >= 2
        for position, text in labelled:
            assert lo - 1e-9 <= position <= hi + 1e-9
            assert label_value(text) == pytest.approx(10.0 ** position, rel=1e-9), text
        assert not set(np.round(grid, 9)) & {round(p, 9) for p, _ in labelled}


def srgb_to_lab(hex_colour: str, simulate=None) -> np.ndarray:
    """CIELAB (D65) of '#RRGGBB', optionally as seen with a colour-vision deficiency given as
    a linear-RGB matrix (Machado, Oliveira & Fernandes 2009, severity 1)."""
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    if simulate is not None:
        linear = np.clip(simulate @ linear, 0.0, 1.0)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
@pytest.mark.parametrize("vision", [None, PROTANOPIA, DEUTERANOPIA],
                         ids=["normal", "protanopia", "deuteranopia"])
def test_the_misclassified_ring_colour_stands_apart_from_both_classes(theme, vision):
    ring = srgb_to_lab(theme.misclassified, vision)
    for colour in (theme.class0, theme.class1, theme.background):
        delta_e = float(np.linalg.norm(ring - srgb_to_lab(colour, vision)))
        # Vermillion and orange were 33 apart, 18 for deutans.
        assert delta_e >= 40, (colour, delta_e)



def test_the_optimum_is_named_in_the_legend_and_never_drawn_over_a_curve(qtbot):
    plot = show(qtbot, LossPlot(theme=theme_by_name("presentation", 2.0)), 520, 420)
    steps, cost = decaying_cost(3000, start=1.0, optimum=0.6931)
    plot.set_history(steps, cost, cost + 0.004)  # held-out just above the optimum's line
    plot.set_pins([("pinned: lr 1", steps, cost * 1.1)])
    plot.set_reference(0.6931)
    redraw(plot)
    # Five entries are too many for this panel at 2x: the chance entry gives way first.
    assert plot.legend_texts() == ["training cost", "held-out cost", "pinned: lr 1",
                                   "optimum 0.6931"]
    assert plot.chance_text() == ""
    # Nothing with text sits in the view but the legend (and the hidden hover read-out): the
    # chance line too is named in the legend (test_threshold.py).
    chance = plot.chance_line()
    texts = [item for item in plot.getPlotItem().vb.allChildren()
             if isinstance(item, pg.TextItem) and item.isVisible()]
    assert texts == []
    line = [item for item in items_of(plot, pg.InfiniteLine)
            if item.angle == 0 and item is not chance][0]
    assert getattr(line, "label", None) is None
    plot.set_reference(None)
    assert "optimum" not in " ".join(plot.legend_texts())


def test_the_cost_panel_is_titled_for_what_it_shows(qtbot):
    from core.history import MetricHistory
    from gui.plot_panels import PlotPanels

    panels = show(qtbot, PlotPanels(), 1200, 800)
    X, y = np.zeros((8, 3)), np.array([0.0, 1, 0, 1, 0, 1, 0, 1])
    panels.set_up(X, y, None, None, iterations=100)
    assert panels.lossPlot.title() == "Cost"
    panels.set_up(X[:6], y[:6], X[6:], y[6:], iterations=100)
    assert panels.lossPlot.title() == "Training and held-out cost"  # before the first step
    n = 5
    panels.show_history(MetricHistory.from_arrays({
        "cost": np.linspace(2, 1, n), "train_accuracy": np.full(n, 0.5, np.float32),
        "val_cost": np.linspace(2, 1.2, n), "val_accuracy": np.full(n, 0.5, np.float32)}))
    assert panels.lossPlot.title() == "Training and held-out cost"
    assert panels.lossPlot.legend_texts()[:2] == ["training cost", "held-out cost"]
    panels.set_up(X, y, None, None, iterations=100)
    assert panels.lossPlot.title() == "Cost"


def test_predictions_switch_between_the_training_and_the_held_out_set(qtbot):
    from PySide6.QtWidgets import QComboBox

    plot = show(qtbot, PredictionsPlot(), 1000, 300)
    rng = np.random.default_rng(4)
    y, y_val = rng.integers(0, 2, 300), rng.integers(0, 2, 100)
    pred = np.where(rng.random(300) < 0.1, 1 - y, y)
    pred_val = np.where(rng.random(100) < 0.3, 1 - y_val, y_val)
    switch = plot.findChild(QComboBox, "predictionsSetInput")
    plot.set_predictions(y, pred)
    assert switch.isHidden() and plot.title() == "Labels and predictions"  # one set only
    plot.set_predictions(y, pred, y_val, pred_val)
    assert not switch.isHidden() and plot.shown_set() == "training"
    assert plot.title() == "Labels and predictions: training set"
    assert plot.summary_text().startswith("training:")
    assert {k: plot.counts()[k] for k in "tp fp tn fn".split()} == confusion(y, pred)
    switch.setCurrentIndex(1)  # as a click would
    assert plot.shown_set() == "held-out" and plot.title().endswith("held-out set")
    assert {k: plot.counts()[k] for k in "tp fp tn fn".split()} == confusion(y_val, pred_val)
    c = confusion(y_val, pred_val)
    accuracy = 100 * np.mean(y_val == pred_val)
    assert plot.summary_text().startswith(f"held-out:  TP {c['tp']}  FP {c['fp']}  TN {c['tn']}  "
                                          f"FN {c['fn']}  accuracy {accuracy:.1f} %  precision")
    assert plot.image_shape()[1] == 100  # one column per held-out sample
    plot.set_predictions(y, 1 - pred, y_val, 1 - pred_val)  # a later step keeps the choice
    assert plot.counts()["tp"] + plot.counts()["tn"] == int(np.sum(y_val != pred_val))
    plot.set_predictions(y, pred)  # a run without a split: back to training, switch hidden
    assert plot.shown_set() == "training" and switch.isHidden()
    assert plot.title() == "Labels and predictions"
    # The switch sits in the title row's corner, never over the title text.
    plot.set_predictions(y, pred, y_val, pred_val)
    redraw(plot)
    title = plot.getPlotItem().titleLabel
    left = plot.mapFromScene(title.item.mapToScene(title.item.boundingRect().topLeft()))
    assert switch.geometry().right() < plot.viewport().mapTo(plot, left).x()
    with pytest.raises(ValueError, match="held-out"):
        plot.set_shown_set("validation")


# ----- pinned runs -----


def test_a_pin_is_named_with_the_history_of_its_settings():
    from core.run_record import run_label

    start = {"lr": 0.1, "l2": 0.01}
    assert run_label(start, []) == "lr 0.1, L2 0.01"
    changes = [(200, {"lr": 1.0}), (500, {"lr": 0.01})]
    assert run_label(start, changes) == "lr 0.1→1@200→0.01@500, L2 0.01"
    changes = [(30, {"l2": 0.0}), (70, {"lr": 0.5, "l2": 0.0}), (90, {"iterations": 5000})]
    assert run_label(start, changes) == "lr 0.1→0.5@70, L2 0.01→0@30"  # no change: not named
    many = [(10 * i, {"lr": 0.1 * (i + 2)}) for i in range(1, 7)]
    assert run_label(start, many) == "lr 0.1→0.3@10→…(4 more)→0.8@60, L2 0.01"


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_pins_have_colours_of_their_own_and_keep_their_markers_faded(qtbot, theme):
    plot = show(qtbot, LossPlot(theme=theme), 700, 400)
    steps, cost = decaying_cost(600)
    plot.set_history(steps, cost)
    plot.add_marker(300, "lr 0.5 → 0.1")  # the live run's own marker
    pins = [(f"pin {i}", steps, cost * (1.1 + 0.1 * i), [(100 + i, f"lr 0.1 → {i}")])
            for i in range(5)]
    plot.set_pins(pins)
    assert plot.pin_markers() == [(i, 100.0 + i, f"lr 0.1 → {i}") for i in range(5)]
    assert plot.markers() == [(300.0, "lr 0.5 → 0.1")]  # live markers are not the pins'
    pens = [curve(plot, f"pin {i}").opts["pen"] for i in range(5)]
    colours = [pen.color().name().upper() for pen in pens]
    assert len(set(colours[:4])) == 4  # one colour each, ...
    looks = {(c, tuple(p.dashPattern()) if p.style() == Qt.PenStyle.CustomDashLine else ())
             for c, p in zip(colours, pens, strict=True)}
    assert len(looks) == 5  # ... and the fifth differs from the first by its dashes
    live = {theme.train_curve.upper(), theme.val_curve.upper(), theme.marker.upper(),
            theme.foreground.upper()}
    assert not set(colours) & live
    assert all(pen.color().alpha() < 255 for pen in pens)
    lines = [line for line in vertical_lines(plot) if line.value() != 300]
    assert sorted(line.value() for line in lines) == [100, 101, 102, 103, 104]
    for line in lines:
        index = int(line.value()) - 100
        assert line.pen.color().name().upper() == colours[index]
        assert line.pen.color().alpha() < pens[index].color().alpha()  # fainter than its curve
        assert line.zValue() < curve(plot, "training cost").zValue()
        assert line.label.toPlainText() == f"lr 0.1 → {index}"
    plot.set_pins(pins[:1])
    assert len(vertical_lines(plot)) == 2
    plot.clear()
    assert vertical_lines(plot) == [] and plot.pin_markers() == []


# ----- the labels at an axis' ends, and axes of whole numbers -----


def test_a_rate_axis_keeps_its_last_label_at_big_fonts(qtbot):
    """The ROC tab's false-positive rate ends at 1.0: with a grid, pyqtgraph dropped that
    label at 2x fonts, where half of it overhangs the plot."""
    from gui.plots.roc_plot import RocPlot

    plot = show(qtbot, RocPlot(theme=BIG_FONTS), 1000, 800)
    logits, labels = logits_and_labels()
    plot.set_scores(logits, labels)
    redraw(plot)
    shown = [float(text) for text in drawn_tick_labels(plot.getAxis("bottom"))]
    assert shown[0] == 0.0 and shown[-1] == 1.0
    assert all(gap > 0 for gap, _, _ in label_gaps(plot.getAxis("bottom")))


def test_the_inspectors_feature_bars_are_indexed_by_whole_numbers(qtbot):
    """Two features' bars sit at j = 1 and 2: ticks at 1.5 named nothing."""
    from gui.plots.sample_inspector import FeaturesPlot

    plot = show(qtbot, FeaturesPlot(), 500, 300)
    plot.set_features(np.array([0.3, -1.2]), "x of sample 3")
    redraw(plot)
    shown = [float(text) for text in drawn_tick_labels(plot.getAxis("bottom"))]
    assert shown and all(value == round(value) for value in shown)
    assert {1.0, 2.0} <= set(shown)
