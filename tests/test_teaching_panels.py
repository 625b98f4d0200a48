"""The decision boundary and weights panels, checked against numpy computed independently."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from gui.plots import DecisionPlot, WeightsPlot
from gui.theme import THEMES
from tests.plot_fixtures import items_of, redraw, show

PANELS = {"decisionPlot": DecisionPlot, "weightsPlot": WeightsPlot}
TITLES = {"decisionPlot": "Decision boundary", "weightsPlot": "Weights"}


def blobs(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two overlapping Gaussian blobs in 2-D, labels 0/1."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    centres = np.where(y[:, None] == 1, [1.5, 1.0], [-1.0, -1.0])
    return centres + rng.normal(0.0, 1.2, (n, 2)), y


def logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def on_border(point: np.ndarray, rect) -> bool:
    """Whether `point` is on the border of rect = (x_min, x_max, y_min, y_max), to 1e-9."""
    x0, x1, y0, y1 = rect
    x, y = point
    inside = x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9
    return inside and min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1)) <= 1e-9


def decision_plot(qtbot) -> DecisionPlot:
    plot = show(qtbot, DecisionPlot(), 700, 600)
    plot.set_data(*blobs())
    return plot


# ----- both panels -----


@pytest.mark.parametrize("name", PANELS)
def test_object_name_title_and_axis_labels(qtbot, name):
    plot = show(qtbot, PANELS[name]())
    assert plot.objectName() == name
    assert plot.title() == TITLES[name]
    assert plot.axis_label("bottom") and plot.axis_label("left")
    assert plot.getAxis("bottom").label.isVisible()


@pytest.mark.parametrize("name", PANELS)
def test_presentation_theme_changes_the_background_of_a_grab(qtbot, name):
    plot = show(qtbot, PANELS[name]())
    if name == "decisionPlot":
        plot.set_data(*blobs())
        plot.set_model(np.array([1.0, 0.5]), 0.0)
    else:
        plot.set_weights(np.random.default_rng(0).normal(size=784), 0.1)
    before = plot.grab().toImage().pixelColor(2, 2)
    plot.apply_theme(THEMES["presentation"])
    after = plot.grab().toImage().pixelColor(2, 2)
    assert before == QColor(THEMES["default"].background)
    assert after == QColor("#FFFFFF")


# ----- decision boundary -----


@pytest.mark.parametrize("w, b", [((1.0, 0.8), -0.2), ((-2.0, 0.5), 1.3), ((0.3, -4.0), 0.7),
                                  ((1e-8, 3e-8), 1e-9), ((250.0, 40.0), -90.0)])
def test_boundary_segment_lies_on_the_line_and_ends_on_the_view_border(qtbot, w, b):
    plot = decision_plot(qtbot)
    w = np.array(w)
    plot.set_model(w, b)
    segment = plot.boundary_segment()
    assert segment is not None
    rect = plot.view_rect()
    for end in segment:
        assert abs(w @ end + b) <= 1e-9 * max(1.0, np.abs(w).max())
        assert on_border(end, rect)
    assert np.linalg.norm(segment[1] - segment[0]) > 0.1
    (line,) = items_of(plot, pg.PlotDataItem)
    np.testing.assert_array_equal(line.xData, [segment[0][0], segment[1][0]])
    np.testing.assert_array_equal(line.yData, [segment[0][1], segment[1][1]])


def test_view_rectangle_holds_the_data_and_is_what_the_plot_shows(qtbot):
    plot = decision_plot(qtbot)
    X, _ = blobs()
    x0, x1, y0, y1 = plot.view_rect()
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max()
    assert y0 < X[:, 1].min() and y1 > X[:, 1].max()
    redraw(plot)
    (vx0, vx1), (vy0, vy1) = plot.getPlotItem().vb.viewRange()
    np.testing.assert_allclose([vx0, vx1, vy0, vy1], [x0, x1, y0, y1], rtol=1e-9)


def test_heat_map_is_the_sigmoid_at_the_pixel_centres(qtbot):
    plot = decision_plot(qtbot)
    w, b = np.array([0.9, -1.7]), 0.4
    plot.set_model(w, b)
    (heat,) = items_of(plot, pg.ImageItem)
    image = heat.image
    assert image is plot.probability_map()
    assert 100 <= image.shape[0] <= 400 and image.shape[0] == image.shape[1]
    assert tuple(heat.getLevels()) == (0.0, 1.0)
    n = image.shape[0]
    for row, col in [(0, 0), (0, n - 1), (n - 1, 0), (n - 1, n - 1), (17, 123), (150, 42)]:
        centre = heat.mapToView(QPointF(col + 0.5, row + 0.5))  # item pixels -> data coordinates
        expected = logistic(w @ np.array([centre.x(), centre.y()]) + b)
        assert image[row, col] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    x0, x1, y0, y1 = plot.view_rect()
    corner = heat.mapToView(QPointF(0, 0))
    far = heat.mapToView(QPointF(n, n))
    np.testing.assert_allclose([corner.x(), corner.y(), far.x(), far.y()], [x0, y0, x1, y1],
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("b", [0.0, 1.5])
def test_zero_weights_give_no_line_and_a_uniform_map(qtbot, b):
    plot = decision_plot(qtbot)
    plot.set_model(np.zeros(2), b)
    assert plot.boundary_segment() is None
    np.testing.assert_allclose(plot.probability_map(), logistic(b), rtol=1e-12)
    (line,) = items_of(plot, pg.PlotDataItem)
    assert line.xData is None or len(line.xData) == 0


def test_vertical_and_horizontal_lines(qtbot):
    plot = decision_plot(qtbot)
    x0, x1, y0, y1 = plot.view_rect()
    plot.set_model(np.array([2.0, 0.0]), -1.0)  # x = 0.5
    start, end = plot.boundary_segment()
    assert start[0] == pytest.approx(0.5, abs=1e-12) and end[0] == pytest.approx(0.5, abs=1e-12)
    assert sorted([start[1], end[1]]) == pytest.approx([y0, y1], abs=1e-9)
    plot.set_model(np.array([0.0, -4.0]), 2.0)  # y = 0.5
    start, end = plot.boundary_segment()
    assert start[1] == pytest.approx(0.5, abs=1e-12) and end[1] == pytest.approx(0.5, abs=1e-12)
    assert sorted([start[0], end[0]]) == pytest.approx([x0, x1], abs=1e-9)


def test_a_line_outside_the_view_is_not_drawn(qtbot):
    plot = decision_plot(qtbot)
    x0, x1, _, _ = plot.view_rect()
    plot.set_model(np.array([1.0, 0.0]), -(x1 + 1.0))  # x = x1 + 1
    assert plot.boundary_segment() is None
    assert np.all(plot.probability_map() < 0.5)  # everything is on the class-0 side


@pytest.mark.parametrize("bad", [np.zeros((10, 3)), np.zeros((10, 1)), np.zeros(10),
                                 np.zeros((10, 784))])
def test_data_without_exactly_two_features_is_refused(qtbot, bad):
    plot = show(qtbot, DecisionPlot())
    with pytest.raises(ValueError, match="needs 2 features"):
        plot.set_data(bad, np.zeros(10))
    assert DecisionPlot.supports(2)
    assert not any(DecisionPlot.supports(d) for d in (1, 3, 784))


def test_mismatched_or_non_finite_data_is_refused(qtbot):
    plot = show(qtbot, DecisionPlot())
    with pytest.raises(ValueError, match="labels"):
        plot.set_data(np.zeros((10, 2)), np.zeros(9))
    X = np.zeros((10, 2))
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        plot.set_data(X, np.zeros(10))
    with pytest.raises(ValueError, match="held-out"):
        plot.set_data(np.zeros((10, 2)), np.zeros(10), np.zeros((4, 3)), np.zeros(4))


def test_misclassified_samples_are_counted_and_ringed(qtbot):
    plot = show(qtbot, DecisionPlot(), 700, 600)
    X, y = blobs(300)
    X_val, y_val = blobs(80, seed=1)
    plot.set_data(X, y, X_val, y_val)
    assert plot.misclassified_count() == 0  # no model yet
    w, b = np.array([0.7, 0.9]), -0.3
    plot.set_model(w, b)
    wrong = ((X @ w + b) > 0) != (y == 1)
    wrong_val = ((X_val @ w + b) > 0) != (y_val == 1)
    assert 0 < wrong.sum() < 300
    assert plot.misclassified_count() == int(wrong.sum())
    assert plot.misclassified_count(held_out=True) == int(wrong_val.sum())
    assert f"misclassified ({wrong.sum()}; held-out {wrong_val.sum()})" in plot.legend_texts()
    rings = [s for s in items_of(plot, pg.ScatterPlotItem)
             if s.opts["brush"].style() == pg.QtCore.Qt.BrushStyle.NoBrush]
    assert len(rings) == 1
    ring_x, ring_y = rings[0].visible_points()
    expected = np.concatenate([X[wrong], X_val[wrong_val]])
    np.testing.assert_array_equal(np.sort(ring_x), np.sort(expected[:, 0]))
    np.testing.assert_array_equal(np.sort(ring_y), np.sort(expected[:, 1]))


def test_points_are_drawn_by_class_with_held_out_hollow(qtbot):
    plot = show(qtbot, DecisionPlot())
    X, y = blobs(120)
    X_val, y_val = blobs(30, seed=2)
    plot.set_data(X, y, X_val, y_val)
    assert plot.legend_texts()[:4] == ["class 0", "class 1", "held-out class 0",
                                       "held-out class 1"]
    scatters = {}
    for scatter in items_of(plot, pg.ScatterPlotItem):
        x, yy = scatter.getData()
        if len(x):
            scatters[(len(x), scatter.opts["symbol"])] = (np.sort(x), scatter)
    for points, labels, symbol in ((X, y, "o"), (X_val, y_val, "d")):
        for cls in (0, 1):
            members = points[labels == cls]
            x, scatter = scatters[(len(members), symbol)]
            np.testing.assert_array_equal(x, np.sort(members[:, 0]))
    hollow = [s for _, s in scatters.values() if s.opts["symbol"] == "d"]
    filled = [s for _, s in scatters.values() if s.opts["symbol"] == "o"]
    assert all(s.opts["brush"].color().alpha() < 255 for s in hollow)
    assert all(s.opts["brush"].color().alpha() == 255 for s in filled)


def test_heat_map_colours_run_from_class_0_through_neutral_to_class_1(qtbot):
    plot = decision_plot(qtbot)
    theme = THEMES["default"]
    (heat,) = items_of(plot, pg.ImageItem)
    cmap = heat.getColorMap()
    low, mid, high = (cmap.map(v, mode="qcolor") for v in (0.0, 0.5, 1.0))
    assert mid == QColor(theme.background)
    for end, colour in ((low, theme.class0), (high, theme.class1)):
        target, neutral = QColor(colour), QColor(theme.background)
        # a tint: between neutral and the class colour, channel by channel
        for channel in ("red", "green", "blue"):
            lo, hi = sorted([getattr(target, channel)(), getattr(neutral, channel)()])
            assert lo - 1 <= getattr(end, channel)() <= hi + 1
    assert plot._colour_bar.getAxis("left").labelText == "P(class 1)"


def test_set_model_before_data_and_clear(qtbot):
    plot = show(qtbot, DecisionPlot())
    plot.set_model(np.array([1.0, 1.0]), 0.0)
    assert plot.boundary_segment() is not None
    plot.set_data(*blobs())
    plot.set_model(np.array([1.0, 1.0]), 0.0)
    plot.set_model(np.array([np.nan, 1.0]), 0.0)  # a diverged model: nothing drawn
    assert plot.boundary_segment() is None and plot.probability_map() is None
    plot.set_model(np.array([1.0, 1.0]), 0.0)
    plot.clear()
    assert plot.boundary_segment() is None and plot.probability_map() is None
    assert plot.misclassified_count() == 0
    assert all(len(s.getData()[0]) == 0 or not s.data["visible"].any()
               for s in items_of(plot, pg.ScatterPlotItem))
    with pytest.raises(ValueError, match="2 weights"):
        plot.set_model(np.ones(3), 0.0)


# ----- weights -----


def test_784_weights_are_a_28_by_28_picture_row_by_row(qtbot):
    plot = show(qtbot, WeightsPlot(), 700, 600)
    w = np.random.default_rng(5).normal(size=784)
    plot.set_weights(w, 0.25)
    assert plot.mode() == "image" and plot.bar_heights() is None
    image = plot.image_data()
    assert image.shape == (28, 28)
    np.testing.assert_array_equal(image, w.reshape(28, 28))
    assert image[0, 1] == w[1] and image[1, 0] == w[28]
    (item,) = [i for i in items_of(plot, pg.ImageItem) if i.isVisible()]
    assert item.image is image
    low, high = item.getLevels()
    assert low == -high and np.abs(w).max() <= high <= 1.5 * np.abs(w).max()
    assert plot._colour_bar.isVisible() and plot._colour_bar.levels() == (low, high)
    assert plot._colour_bar.getAxis("left").labelText == "weight"
    assert item.getColorMap().map(0.5, mode="qcolor") == QColor(THEMES["default"].background)
    # On screen, w[1] is the second pixel of the top row: row 0 is drawn at the top.
    redraw(plot)
    vb = plot.getPlotItem().vb
    assert vb.yInverted()
    pixel = item.mapToView(QPointF(1.5, 0.5))
    assert (pixel.x(), pixel.y()) == (1.5, 0.5)
    top_left = vb.mapViewToScene(QPointF(0.5, 0.5))
    below = vb.mapViewToScene(QPointF(0.5, 1.5))
    assert top_left.y() < below.y()
    assert "bias b = 0.25" in plot.caption_text()


def test_ten_weights_are_bars_coloured_by_sign(qtbot):
    plot = show(qtbot, WeightsPlot())
    w = np.array([0.5, -1.0, 2.0, 0.0, -0.25, 3.0, -3.5, 0.1, 0.2, -0.3])
    plot.set_weights(w, -1.5)
    assert plot.mode() == "bars" and plot.image_data() is None
    np.testing.assert_array_equal(plot.bar_heights(), w)
    bars = [b for b in items_of(plot, pg.BarGraphItem)]
    heights = sum(np.asarray(b.opts["height"]) for b in bars)
    np.testing.assert_array_equal(heights, w)
    for bar in bars:
        np.testing.assert_array_equal(bar.opts["x"], np.arange(1, 11))
    brushes = {pg.mkBrush(b.opts["brush"]).color().name() for b in bars}
    assert len(brushes) == 2
    assert not plot._colour_bar.isVisible()
    assert "bias b = -1.5" in plot.caption_text()
    assert plot.features_per_bar() == 1


@pytest.mark.parametrize("d", [5000, 12291])
def test_many_weights_are_averaged_into_at_most_4096_bars(qtbot, d):
    plot = show(qtbot, WeightsPlot())
    w = np.random.default_rng(d).normal(size=d)
    plot.set_weights(w, 0.0)
    heights = plot.bar_heights()
    assert plot.mode() == "bars" and len(heights) <= 4096
    per_bar = plot.features_per_bar()
    assert per_bar == -(-d // 4096)
    expected = np.array([w[i:i + per_bar].mean() for i in range(0, d, per_bar)])
    np.testing.assert_allclose(heights, expected, rtol=1e-12, atol=1e-15)
    assert f"mean of {per_bar}" in plot.caption_text()


def test_perfect_squares_are_pictures_and_modes_switch_back_and_forth(qtbot):
    plot = show(qtbot, WeightsPlot())
    rng = np.random.default_rng(6)
    plot.set_weights(rng.normal(size=10_000), 0.0)
    assert plot.mode() == "image" and plot.image_data().shape == (100, 100)
    plot.set_weights(rng.normal(size=3), 0.0)
    assert plot.mode() == "bars" and not plot._colour_bar.isVisible()
    assert not plot.getPlotItem().vb.yInverted()
    plot.set_weights(rng.normal(size=4), 0.0)
    assert plot.mode() == "image" and plot.image_data().shape == (2, 2)
    assert plot._colour_bar.isVisible()
    plot.set_weights(np.zeros(784), 0.0)  # all zero: levels stay valid and symmetric
    (low, high) = plot._colour_bar.levels()
    assert low == -high and high > 0


def test_weights_clear_and_refuse_bad_shapes(qtbot):
    plot = show(qtbot, WeightsPlot())
    plot.set_weights(np.ones(784), 1.0)
    plot.clear()
    assert plot.mode() == "bars" and plot.bar_heights() is None and plot.image_data() is None
    assert "bias" not in plot.caption_text()
    for bad in (np.zeros((28, 28)), np.zeros(0)):
        with pytest.raises(ValueError, match="1-d"):
            plot.set_weights(bad, 0.0)


# ----- layout (regressions seen while rendering slides) -----


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_decision_legend_sits_under_the_plot_right_after_set_data(qtbot, scale):
    plot = DecisionPlot(theme=THEMES["default"].scaled(scale))
    show(qtbot, plot, 760, 640)
    plot.set_data(*blobs(), *blobs(40, seed=3))  # no event processing before a grab
    legend = plot._legend.sceneBoundingRect()
    view = plot.getPlotItem().vb.sceneBoundingRect()
    assert legend.top() >= view.bottom()
    assert legend.bottom() <= plot.height() + 1 and legend.width() <= plot.width()


@pytest.mark.parametrize("d", [784, 5000, 10])
@pytest.mark.parametrize("theme", [THEMES["default"].scaled(2.0), THEMES["presentation"]])
def test_weights_panel_fits_its_widget_with_big_fonts(qtbot, d, theme):
    plot = show(qtbot, WeightsPlot(theme=theme), 760, 640)
    plot.set_weights(np.random.default_rng(d).normal(size=d), 0.5)
    redraw(plot)
    item = plot.getPlotItem()
    assert item.sceneBoundingRect().width() <= plot.width() + 1  # a long caption wraps instead
    if d == 784:
        assert plot._colour_bar.sceneBoundingRect().right() <= plot.width()


def test_non_finite_weights_do_not_break_the_levels(qtbot):
    plot = show(qtbot, WeightsPlot())
    w = np.random.default_rng(8).normal(size=784)
    w[[3, 50]] = [np.nan, np.inf]
    plot.set_weights(w, 0.0)
    low, high = plot._colour_bar.levels()
    top = np.abs(w[np.isfinite(w)]).max()
    assert low == -high and top <= high <= 1.5 * top  # round levels holding every weight
    w10 = np.array([1.0, np.nan, -2.0, 0.5, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    plot.set_weights(w10, 0.0)
    redraw(plot)
    assert np.all(np.isfinite(plot.getPlotItem().vb.viewRange()))


def test_weight_picture_levels_move_in_round_jumps(qtbot):
    plot = show(qtbot, WeightsPlot())
    w = np.random.default_rng(9).normal(size=784)
    w /= np.abs(w).max()  # largest |w| = 1

    def top_level_for(scale: float) -> float:
        plot.set_weights(scale * w, 0.0)
        low, high = plot._colour_bar.levels()
        assert low == -high
        return high

    assert top_level_for(0.23) == pytest.approx(0.3)  # the next round number up
    assert top_level_for(0.25) == pytest.approx(0.3)  # still fits: not re-scaled every frame
    assert top_level_for(0.31) == pytest.approx(0.4)  # outgrown
    assert top_level_for(0.05) == pytest.approx(0.05)  # far below: the contrast comes back


# ----- very large data sets -----


def test_a_million_samples_draw_an_even_subset_and_count_all_of_them(qtbot):
    from gui.plots import SamplesPlot
    from gui.plots.uniform_scatter import MAX_DRAWN_SAMPLES

    plot = show(qtbot, SamplesPlot())
    n = 1_000_000
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, n).astype(float)
    z = rng.normal(0.0, 3.0, n)
    plot.set_samples(z, y)
    x, _ = plot.train_positions()
    drawn = np.isfinite(x)
    assert 0.9 * MAX_DRAWN_SAMPLES <= drawn.sum() <= MAX_DRAWN_SAMPLES
    np.testing.assert_array_equal(x[drawn], z[drawn])  # drawn ones sit at their own z
    assert np.all(np.diff(np.flatnonzero(drawn)) == 50)  # an even spread, not the first ones
    assert plot.misclassified_count() == int(np.sum((z > 0) != (y == 1)))  # over all samples
    assert plot.title() == "Samples on the sigmoid (20 000 of 1 000 000 drawn)"
    plot.set_samples(z[:500], y[:500])
    assert plot.title() == "Samples on the sigmoid" and np.isfinite(plot.train_positions()[0]).all()


def test_a_million_two_d_samples_draw_a_subset_with_their_rings(qtbot):
    from gui.plots.uniform_scatter import MAX_DRAWN_SAMPLES

    plot = show(qtbot, DecisionPlot())
    X, y = blobs(1_000_000)
    plot.set_data(X, y)
    plot.set_model(np.array([1.0, 0.5]), 0.2)
    drawn = sum(len(scatter.visible_points()[0]) for scatter in plot._train.scatters)
    assert drawn <= MAX_DRAWN_SAMPLES
    wrong = (X @ np.array([1.0, 0.5]) + 0.2 > 0) != (y == 1)
    assert plot.misclassified_count() == int(wrong.sum())
    assert len(plot._wrong.visible_points()[0]) == int(wrong[::50].sum())


def test_big_fonts_on_a_small_weights_panel_keep_the_picture_and_drop_caption_lines(qtbot):
    from gui.theme import theme_by_name

    w = np.random.default_rng(3).normal(size=784)
    plot = show(qtbot, WeightsPlot(theme=theme_by_name("default", 2.0)), 480, 280)
    plot.set_weights(w, 0.5)
    redraw(plot)
    shown = plot._caption.item.toPlainText()
    assert "bias b = 0.5" in shown and "pushes toward" not in shown  # the colour key gave way
    # The picture keeps a useful share of the panel (it had no height before).
    assert plot.plotItem.vb.height() >= 0.25 * plot.height()
    plot.resize(900, 800)  # room again: the whole caption
    redraw(plot)
    assert "pushes toward class 1" in plot._caption.item.toPlainText()


def colour_bar_labels(plot) -> list[str]:
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in plot._colour_bar.axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


@pytest.mark.parametrize("theme", ["default", "presentation"])
@pytest.mark.parametrize("top", [0.4, 37.0, 1.2e4, 1.3e5, 2.9e5, 7.7e8])
def test_the_weights_colour_bar_labels_both_signs_alike(qtbot, theme, top):
    from tests.test_plots import label_value

    plot = show(qtbot, WeightsPlot(theme=THEMES[theme]), 600, 520)
    plot.set_weights(np.linspace(-top, top, 784), 0.0)
    redraw(plot)
    values = [label_value(text.replace("-", "−").lstrip("−")) * (-1 if text[0] == "-" else 1)
              for text in colour_bar_labels(plot)]
    low, high = plot._colour_bar.levels()
    assert len(values) >= 3 and min(values) < 0 < max(values), values
    assert sorted(values) == sorted(-v for v in values)  # every label has its mirror image
    assert all(low <= v <= high for v in values)
