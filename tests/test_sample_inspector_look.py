"""The sample inspector as read on slides: picture size, feature names, colours, the note
shown instead of an unreadable chart, and minus signs (gui/plots/sample_inspector.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication
from sklearn.datasets import load_breast_cancer

from core.sample_selection import SampleSelection
from gui.plots.sample_inspector import SampleInspector
from gui.theme import THEMES
from tests.plot_fixtures import show


def inspector(qtbot, width, height, X, y, names=None, picture=None, theme=None, sample=3,
              bias=-0.01134):
    widget = show(qtbot, SampleInspector(theme=theme), width, height)
    widget.set_data(X, y, feature_names=names, picture_shape=picture)
    widget.set_selection(SampleSelection.of(training=[sample]))
    w = np.linspace(-1.0, 1.0, X.shape[1])
    widget.show_model(X @ w + bias, None, w, bias)
    for _ in range(3):
        QApplication.processEvents()
    return widget


def digits(n=40, side=28, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, side * side))
    return X, (rng.random(n) < 0.5).astype(np.float64)


def cancer():
    data = load_breast_cancer()
    X = (data.data - data.data.mean(0)) / data.data.std(0)
    return X, data.target.astype(np.float64), tuple(data.feature_names)


def test_pictures_use_the_room_at_2x_fonts(qtbot):
    X, y = digits()
    widget = inspector(qtbot, 1055, 878, X, y, picture=(28, 28),
                       theme=THEMES["presentation"].scaled(2.0))
    for plot in (widget.featuresPlot, widget.weightsPlot):
        to_scene = plot.plotItem.vb.mapViewToScene  # the 28 x 28 picture's side in pixels
        side = abs(to_scene(QPointF(28, 0)).x() - to_scene(QPointF(0, 0)).x())
        assert side >= 180, side  # was about 80 in this panel
        for name in ("bottom", "left"):  # no axis title to run into the ticks
            assert not plot.getAxis(name).label.isVisible()


def test_feature_names_are_written_in_full_where_there_is_room(qtbot):
    X, y, names = cancer()
    widget = inspector(qtbot, 1200, 845, X, y, names=names, sample=7)
    axis = widget.featuresPlot.plotItem.getAxis("bottom")
    metrics = axis._tick_metrics()
    for name in names:
        assert axis._elided(name, metrics) == name


def test_feature_bars_do_not_use_the_class_colours(qtbot):
    X, y, names = cancer()
    widget = inspector(qtbot, 1200, 845, X, y, names=names, sample=7)
    theme = widget.theme()
    classes = {theme.class0.lower(), theme.class1.lower()}
    for bar in widget.featuresPlot._bars:
        assert bar.opts["brush"].color().name().lower() not in classes
    for bar in widget.weightsPlot._bars:  # the weights keep the classes' colours
        assert bar.opts["brush"].color().name().lower() in classes


@pytest.mark.parametrize("scale, size", [(1.0, (400, 330)), (2.0, (400, 470))])
def test_a_note_says_why_the_features_are_not_shown(qtbot, scale, size):
    X, y, names = cancer()
    widget = inspector(qtbot, *size, X, y, names=names, theme=THEMES["default"].scaled(scale),
                       sample=40)
    assert not widget.features_shown()
    assert widget.note_text() == "Features: widen the panel or use View > Focus to see them"
    widget.resize(1200, 900)
    for _ in range(3):
        QApplication.processEvents()
    assert widget.features_shown()
    assert widget.note_text() == ""


def test_every_number_in_the_panel_has_a_true_minus_sign(qtbot):
    X, y = digits()
    widget = inspector(qtbot, 1055, 878, X, y, picture=(28, 28))
    caption = widget.weightsPlot.caption_text()
    assert "−0.01134" in caption and "-" not in caption
    bar_axis = widget.weightsPlot._colour_bar.axis
    assert "−1" in bar_axis.tickStrings([-1.0, 0.0, 1.0], 1.0, 1.0)
