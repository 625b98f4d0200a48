"""Teaching tools in the real window: pins, optimum line, themes, exports, maths, lessons."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from core.config import TrainingConfig
from core.session import RunState
from gui.export_dialog import WHOLE_WINDOW, open_export_dialog

ROOT = Path(__file__).resolve().parents[1]
SMALL = TrainingConfig(samples=60, features=16, iterations=200, device="cpu", dtype="float64")
BLOBS = TrainingConfig(dataset="blobs", samples=80, iterations=200, device="cpu",
                       val_fraction=0.25)
WAIT_MS = 20000


def run_to_end(window, qtbot) -> None:
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()


def test_pinned_run_stays_as_a_ghost_under_the_next_run(make_window, qtbot):
    window = make_window(SMALL)
    run_to_end(window, qtbot)
    first = window.history.cost.copy()
    window.actions["pin"].trigger()
    window.controls.learningRateInput.setValue(1.0)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    run_to_end(window, qtbot)
    pins = window.lossPlot._pins
    assert len(pins) == 1
    _curve, pin = pins[0]
    assert pin.label == "pinned: lr 0.1, L2 0.01" and pin.steps == len(first)
    np.testing.assert_array_equal(pin.y, first)
    assert not np.allclose(window.history.cost, first)  # the new run really differs
    assert "pinned: lr 0.1, L2 0.01" in window.lossPlot.legend_texts()
    window.actions["clear_pins"].trigger()
    assert window.lossPlot._pins == [] and window.accuracyPlot._pins == []


def test_the_optimum_stays_pending_until_its_answer_reaches_the_window(make_window, qtbot):
    """A screenshot waits while `pending()`: it took the picture without the optimum line when
    the search had ended but its queued answer had not yet arrived."""
    from concurrent.futures import wait

    window = make_window(SMALL)
    qtbot.waitUntil(lambda: not window.optimum.pending(), timeout=WAIT_MS)
    window.optimum.request()
    wait([window.optimum._finder._latest])  # the search is over; its signal is still queued
    assert window.optimum.pending() and window.lossPlot.reference() is None
    qtbot.waitUntil(lambda: not window.optimum.pending(), timeout=WAIT_MS)
    assert window.lossPlot.reference() is not None


def test_optimum_line_matches_an_independent_optimiser(make_window, qtbot):
    from scipy.optimize import minimize

    window = make_window(SMALL)
    qtbot.waitUntil(lambda: window.lossPlot.reference() is not None, timeout=WAIT_MS)
    info = window.engine_info
    X, y, l2 = info.train_X, info.train_y, SMALL.l2

    def objective(params):
        w, b = params[:-1], params[-1]
        z = X @ w + b
        return np.mean(np.logaddexp(0, z) - y * z) + l2 * w @ w

    best = minimize(objective, np.zeros(X.shape[1] + 1), method="BFGS", options={"gtol": 1e-10})
    assert window.lossPlot.reference() == pytest.approx(best.fun, rel=1e-7)
    window.actions["gap_view"].trigger()
    assert window.lossPlot.gap_view()


def test_presentation_theme_and_font_scale_restyle_every_panel(make_window, qtbot):
    window = make_window(SMALL)
    before = window.lossPlot.grab().toImage().pixelColor(3, 3)
    window.actions["theme_presentation"].trigger()
    after = window.lossPlot.grab().toImage().pixelColor(3, 3)
    assert before != after and after.name() == "#ffffff"
    assert all(p.theme().name == "presentation" for p in window.panels().values())
    window.actions["font_2"].trigger()
    assert all(p.theme().font_scale == 2.0 for p in window.panels().values())


def test_exports_of_window_and_panels(make_window, qtbot, tmp_path):
    window = make_window(SMALL)
    run_to_end(window, qtbot)
    dialog = open_export_dialog(window)
    dialog.select_target("lossPlot")
    dialog.scaleInput.setValue(3)
    dialog.captionInput.setChecked(True)
    dialog.save_to(str(tmp_path / "loss.png"))
    image = QImage(str(tmp_path / "loss.png"))
    assert image.width() == 3 * window.lossPlot.width()
    assert image.height() > 3 * window.lossPlot.height()  # the caption band
    dialog.save_to(str(tmp_path / "loss.svg"))
    svg_text = " ".join(ET.parse(tmp_path / "loss.svg").getroot().itertext())
    assert "training cost" in svg_text and "lr 0.1" in svg_text
    dialog.select_target(WHOLE_WINDOW)
    dialog.captionInput.setChecked(False)
    dialog.save_to(str(tmp_path / "window.png"))
    assert QImage(str(tmp_path / "window.png")).width() == 3 * window.width()
    dialog.copy_to_clipboard()
    assert QApplication.clipboard().image().width() == 3 * window.width()
    dialog.close()


def test_history_csv_export_round_trips(make_window, qtbot, tmp_path):
    from core.history_csv import load_history_csv

    window = make_window(SMALL.replace(val_fraction=0.25))
    run_to_end(window, qtbot)
    assert window.files.export_history_csv(str(tmp_path / "history.csv"))
    table = load_history_csv(tmp_path / "history.csv")
    np.testing.assert_array_equal(table["cost"], window.history.cost)
    np.testing.assert_array_equal(table["val_accuracy"], window.history.val_accuracy)


def test_maths_dialog_shows_the_current_values(make_window, qtbot):
    window = make_window(SMALL.replace(lr=0.25))
    window.actions["maths"].trigger()
    text = window._maths_dialog.text.toPlainText()
    assert "lr = 0.25" in text and "l2 = 0.01" in text and "N = 60" in text
    assert "1 − 2·lr·l2 = 0.995" in text


def test_decision_view_for_two_features_and_weights_otherwise(make_window, qtbot):
    window = make_window(BLOBS)
    assert window.plots.model_view.currentWidget() is window.decisionPlot
    run_to_end(window, qtbot)
    w, b = window.latest_batch.weights, window.latest_batch.bias
    start, end = window.decisionPlot.boundary_segment()
    assert w @ start + b == pytest.approx(0, abs=1e-6)
    window2 = make_window(SMALL)
    assert window2.plots.model_view.currentWidget() is window2.weightsPlot


def test_lesson_round_trip_replays_the_run_exactly(make_window, qtbot, tmp_path):
    window = make_window(SMALL.replace(iterations=300))
    for _ in range(20):
        window.controls.stepButton.click()
    qtbot.waitUntil(lambda: len(window.history) == 20, timeout=WAIT_MS)
    window.controls.learningRateInput.setValue(0.5)
    qtbot.waitUntil(lambda: len(window.lossPlot.markers()) == 1, timeout=WAIT_MS)
    run_to_end(window, qtbot)
    window.actions["pin"].trigger()
    path = tmp_path / "lesson.json"
    assert window.files.save_lesson(str(path))
    json.loads(path.read_text())  # plain JSON
    reopened = make_window(TrainingConfig(samples=30, features=5, device="cpu"))
    assert reopened.files.open_lesson(str(path))
    qtbot.waitUntil(lambda: reopened.state is RunState.FINISHED, timeout=WAIT_MS)
    np.testing.assert_array_equal(reopened.history.cost, window.history.cost)
    np.testing.assert_array_equal(reopened.latest_batch.weights, window.latest_batch.weights)
    assert reopened.lossPlot.markers() == window.lossPlot.markers()
    assert reopened.controls.learningRateInput.value() == 0.5
    assert len(reopened.lossPlot._pins) == 1


def test_a_damaged_lesson_is_refused_and_the_lesson_stays(make_window, qtbot, tmp_path):
    window = make_window(SMALL)
    path = tmp_path / "broken.json"
    path.write_text('{"format": "logistic-regression-lab/lesson", "version": 1, "config": ')
    assert not window.files.open_lesson(str(path))
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None and "broken.json" in dialog.text()
    assert window.engine_info.config == SMALL and window.state is RunState.IDLE


@pytest.mark.parametrize("panel", ["samplesPlot", "lossPlot"])
def test_screenshot_of_one_panel_at_scale_two(tmp_path, panel):
    out = tmp_path / f"{panel}.png"
    result = subprocess.run(
        [sys.executable, "main.py", "--screenshot", str(out), "--preset", "blobs",
         "--iterations", "300", "--device", "cpu", "--panel", panel, "--scale", "2",
         "--theme", "presentation"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() % 2 == 0 and image.height() % 2 == 0
    # The panel alone fills the plot area of the 1600 x 1000 window (View > Focus), not its
    # cell of the six-panel grid: at 2x fonts a cell left the plot a few dozen pixels.
    assert image.width() >= 2 * 900 and image.height() >= 2 * 800, (image.width(),
                                                                     image.height())


def without_display(tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "XDG_CONFIG_HOME": str(tmp_path)}


def test_a_screenshot_needs_no_display(tmp_path):
    out = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "main.py", "--screenshot", str(out), "--preset", "seed",
         "--iterations", "300", "--device", "cpu"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=without_display(tmp_path))
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)


def test_the_window_without_a_display_says_what_to_do(tmp_path):
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=without_display(tmp_path))
    assert result.returncode == 2
    assert "no display found" in result.stderr and "--screenshot" in result.stderr
    assert "Traceback" not in result.stderr and "xcb" not in result.stderr
