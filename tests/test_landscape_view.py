"""The cost landscape tab on the real window: its values, the path following the scrubber and
branches, the message for data it is not drawn for, a click choosing the start weights, and
--start-weights."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from scipy.special import log_expit

from core.cli import with_negative_values
from core.config import TrainingConfig
from core.lesson import create_engine
from core.session import RunState
from main import run
from tests.conftest import WINDOW_WAIT_MS, train_to_end

BLOBS = TrainingConfig(dataset="blobs", samples=200, features=2, lr=20.0, iterations=120,
                       device="cpu", dtype="float64")


def formula_cost(X, y, l2, w, b) -> float:
    z = X @ w + b  # log h and log(1 - h) by scipy, which stays finite for any z
    return float(np.mean(-y * log_expit(z) - (1 - y) * log_expit(-z)) + l2 * w @ w)


def landscape_window(make_window, qtbot, config=BLOBS):
    window = make_window(config)
    window.plots.model_slot.show_view(window.plots.landscapePlot)
    train_to_end(window, qtbot)
    window.frames.draw_now()
    return window


def engine_path(config, steps: int) -> np.ndarray:
    engine = create_engine(config, threads=1)
    reached = [engine.parameters()[0][:2]]
    for _ in range(steps):
        engine.run_chunk(1)
        reached.append(engine.parameters()[0][:2])
    return np.array(reached)


def test_values_path_and_rewind(make_window, qtbot):
    window = landscape_window(make_window, qtbot)
    plot = window.plots.landscapePlot
    info = window.engine_info
    weights, bias = window.latest_batch.weights, window.latest_batch.bias
    extent, costs = plot.extent(), plot.costs()
    n2, n1 = costs.shape
    for i, j in ((0, 0), (n2 - 1, n1 - 1), (n2 // 3, n1 // 2)):
        w = np.array([extent[0] + j * (extent[1] - extent[0]) / (n1 - 1),
                      extent[2] + i * (extent[3] - extent[2]) / (n2 - 1)])
        assert costs[i, j] == pytest.approx(formula_cost(info.train_X, info.train_y, BLOBS.l2,
                                                         w, bias), rel=1e-9)
    expected = engine_path(BLOBS, 120)
    np.testing.assert_allclose(plot.path_points(), expected, rtol=1e-7, atol=1e-7)
    assert np.abs(np.diff(expected[:5], axis=0)).max() > 5  # lr 20's strides are drawn
    np.testing.assert_allclose(plot.path_points()[-1], weights[:2], rtol=1e-12)
    window.scrubber.seek(30)
    qtbot.waitUntil(lambda: len(plot.path_points()) == 31, timeout=WINDOW_WAIT_MS)
    np.testing.assert_allclose(plot.path_points(), expected[:31], rtol=1e-7, atol=1e-7)


def test_a_branch_truncates_the_path(make_window, qtbot):
    window = landscape_window(make_window, qtbot)
    plot = window.plots.landscapePlot
    window.scrubber.seek(20)
    qtbot.waitUntil(lambda: window.scrubber.shown_step() == 20, timeout=WINDOW_WAIT_MS)
    window._worker.request_branch(20)
    qtbot.waitUntil(lambda: len(window.history) == 20 and window.state is RunState.PAUSED,
                    timeout=WINDOW_WAIT_MS)
    window.actions["step"].trigger()
    qtbot.waitUntil(lambda: window.latest_batch.step == 21, timeout=WINDOW_WAIT_MS)
    window.frames.draw_now()
    assert len(window.history.path(len(window.history))) == 21
    np.testing.assert_allclose(plot.path_points(), engine_path(BLOBS, 21), rtol=1e-7, atol=1e-7)


def test_the_path_box_follows_new_steps_and_starts_again_after_a_branch(make_window, qtbot):
    """The landscape's extent holds every recorded step: their box is kept from the steps
    recorded since the last frame, not from the whole path each frame."""
    window = landscape_window(make_window, qtbot)
    history = window.history

    def box(rows):
        return np.vstack([rows.min(axis=0), rows.max(axis=0)])

    np.testing.assert_array_equal(window.landscape._path_bounds(history),
                                  box(history.path(len(history))))
    window.scrubber.seek(3)
    qtbot.waitUntil(lambda: window.scrubber.shown_step() == 3, timeout=WINDOW_WAIT_MS)
    window._worker.request_branch(3)
    qtbot.waitUntil(lambda: len(window.history) == 3 and window.state is RunState.PAUSED,
                    timeout=WINDOW_WAIT_MS)
    np.testing.assert_array_equal(window.landscape._path_bounds(history), box(history.path(3)))
    extent = window.plots.landscapePlot.extent()
    path = history.path(3)
    assert (path[:, 0] >= extent[0]).all() and (path[:, 0] <= extent[1]).all()
    assert (path[:, 1] >= extent[2]).all() and (path[:, 1] <= extent[3]).all()


def test_a_click_sets_the_start_weights_and_reset_starts_there(make_window, qtbot):
    window = landscape_window(make_window, qtbot)
    plot = window.plots.landscapePlot
    x0, x1, y0, y1 = plot.extent()
    target = (x0 + 0.3 * (x1 - x0), y0 + 0.6 * (y1 - y0))
    pixel = plot.mapFromScene(plot.plotItem.vb.mapViewToScene(QPointF(*target)))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
    qtbot.waitUntil(lambda: window.controls.start_weights() is not None, timeout=WINDOW_WAIT_MS)
    chosen = window.controls.start_weights()
    spread = (x1 - x0) / 100  # a pixel or two
    assert abs(chosen[0] - target[0]) < spread and abs(chosen[1] - target[1]) < spread
    assert "Starting weights set to" in window.statusBar().currentMessage()
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.latest_batch is not None
                    and window.latest_batch.step == 0, timeout=WINDOW_WAIT_MS)
    assert window.config.start_weights == chosen
    np.testing.assert_allclose(window.latest_batch.weights, chosen)
    plot.actions()[0].trigger()  # the context menu: the initial-weights rule again
    assert window.controls.start_weights() is None


def test_data_with_many_features_says_why_there_is_no_landscape(make_window, qtbot):
    config = TrainingConfig(samples=60, features=784, iterations=5, device="cpu")
    window = make_window(config)
    window.plots.model_slot.show_view(window.plots.landscapePlot)
    plot = window.plots.landscapePlot
    assert "this data has 784 features" in plot.message()
    assert plot.costs() is None


@pytest.mark.parametrize("value", ["1", "1,2,3", "a,b", "nan,1", "1,2000", "", "-1", "-a,2"])
def test_bad_start_weights_on_the_command_line_exit_2_with_one_line(capsys, value):
    assert run(["--headless", "--start-weights", value, "--iterations", "1"]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "--start-weights" in error


def test_a_negative_first_start_weight_is_read_as_written(tmp_path):
    """"-4,6" starts with a minus sign: argparse took it for an unknown option and printed its
    usage; "--start-weights -4,6" now means what "--start-weights=-4,6" means."""
    report = tmp_path / "r.json"
    assert run(["--headless", "--preset", "blobs", "--start-weights", "-4,6",
                     "--iterations", "1", "--report", str(report)]) == 0
    assert report.exists()
    assert with_negative_values(["--start-weights", "-4,6", "--lr", "0.1"]) == [
        "--start-weights=-4,6", "--lr", "0.1"]
    assert with_negative_values(["--seed", "-1", "--start-weights", "4,-6"]) == [
        "--seed", "-1", "--start-weights", "4,-6"]


def test_start_weights_on_the_command_line_start_there(capsys, tmp_path):
    report = tmp_path / "r.json"
    assert run(["--headless", "--preset", "blobs", "--start-weights", "2.5,-3",
                "--iterations", "1", "--report", str(report)]) == 0
    engine = create_engine(TrainingConfig(dataset="blobs", features=2, start_weights=(2.5, -3)))
    assert engine.parameters()[0].tolist() == [2.5, -3.0]


def test_the_landscape_says_what_the_slice_holds_and_names_its_markers_and_ends(
        make_window, qtbot):
    window = landscape_window(make_window, qtbot)
    plot = window.plots.landscapePlot
    window.scrubber.seek(30)
    qtbot.waitUntil(lambda: len(plot.path_points()) == 31, timeout=WINDOW_WAIT_MS)
    window.frames.draw_now()
    engine = create_engine(BLOBS, threads=1)
    engine.run_chunk(30)
    bias = float(engine.parameters()[1])  # the slice is at the step shown's bias
    assert plot.caption() == f"a slice through the step shown, at b = {bias:.3g}"
    assert plot.legend_texts()[:2] == ["path", "step shown"]
    # The colour bar names both its ends, the lowest and the highest cost of the slice.
    costs = plot.costs()
    low, high = float(costs.min()), float(costs.max())
    floor = max(1e-3 * (high - low), 1e-12)
    labels = plot.colour_bar_labels()
    assert labels[0] == (pytest.approx(np.log10(floor)), f"{low:.3g}")
    assert labels[-1] == (pytest.approx(np.log10(high - low + floor)), f"{high:.3g}")
    assert len(labels) >= 3


def drawn_labels(axis) -> list[str]:
    """The tick labels `axis` draws, as its paint() would."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


def test_the_colour_bars_name_both_ends_at_big_fonts(qtbot):
    """At 2x fonts the landscape's lowest cost ("0.0601", wider than the scale's "0.000", and
    just below the interpolated picture's levels) and the decision view's 0 and 1 (half a line
    past the bar) were left out."""
    from gui.plots import DecisionPlot
    from gui.plots.landscape_plot import LandscapePlot
    from gui.theme import theme_by_name
    from tests.plot_fixtures import redraw, show

    big = theme_by_name("presentation", 2.0)
    landscape = show(qtbot, LandscapePlot(), 1000, 850)
    landscape.apply_theme(big)
    w1, w2 = np.meshgrid(np.linspace(-5, 35, 100), np.linspace(-5, 35, 100))
    costs = 0.06 + 0.02 * ((w1 - 1) ** 2 + (w2 - 1) ** 2)
    landscape.set_landscape((-5.0, 35.0, -5.0, 35.0), costs)
    redraw(landscape)
    shown = drawn_labels(landscape._colour_bar.axis)
    assert shown[0] == f"{costs.min():.3g}" and shown[-1] == f"{costs.max():.3g}"

    decision = show(qtbot, DecisionPlot(), 1000, 850)
    decision.apply_theme(big)
    rng = np.random.default_rng(0)
    decision.set_data(rng.normal(size=(40, 2)), rng.integers(0, 2, 40))
    decision.set_model(np.array([1.0, -1.0]), 0.0)
    redraw(decision)
    labels = drawn_labels(decision._colour_bar.axis)
    assert labels[0] == "0" and labels[-1] == "1"
