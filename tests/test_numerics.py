"""Numerical extremes through the real window: learning rates from 1e-6 to 1e4 in both precisions,
and feature values near the top of float32's range. A run either finishes or stops as
"diverged" with a message; nothing that is not a finite number reaches the history or the plots.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from core.config import TrainingConfig
from core.session import RunState
from gui.main_window import MainWindow

STEPS = 300
WAIT_MS = 30000
PRESETS = {
    "seed": TrainingConfig(dataset="seed", samples=60, features=20, iterations=STEPS,
                           device="cpu"),
    "blobs": TrainingConfig(dataset="blobs", samples=60, iterations=STEPS, device="cpu"),
}
LEARNING_RATES = (1e-6, 1e-3, 0.1, 10.0, 1e4)


def problem_texts(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox, "problemDialog")]


def close_problem_dialogs(window: MainWindow) -> None:
    for box in window.findChildren(QMessageBox, "problemDialog"):
        box.accept()
        box.deleteLater()


def assert_all_finite_shown(window: MainWindow, qtbot) -> None:
    """History buffers, the latest model state and every plot's visible range are finite."""
    window.frames.mark_dirty()
    window.redraw_now()
    window.repaint()  # pyqtgraph updates auto-ranges when it paints
    qtbot.wait(10)
    history = window.history
    for name in ("cost", "train_accuracy", "val_cost", "val_accuracy"):
        values = getattr(history, name)
        if values is not None:
            assert np.all(np.isfinite(values)), f"history.{name} holds non-finite values"
    batch = window.latest_batch
    if batch is not None:
        assert np.all(np.isfinite(batch.logits)) and np.all(np.isfinite(batch.weights))
        assert math.isfinite(batch.bias)
    for plot in (window.lossPlot, window.accuracyPlot, window.samplesPlot, window.sigmoidPlot):
        (x0, x1), (y0, y1) = plot.plotItem.vb.viewRange()
        assert all(math.isfinite(v) for v in (x0, x1, y0, y1)), (plot.objectName(), x0, x1, y0,
                                                                 y1)


def run_to_the_end(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()


def diverged_step(window: MainWindow, qtbot) -> int:
    """The step named by the divergence message, which must also advise a smaller lr."""
    qtbot.waitUntil(lambda: problem_texts(window) != [], timeout=WAIT_MS)
    texts = [t for t in problem_texts(window) if "diverged" in t.lower()]
    assert len(texts) == 1, problem_texts(window)
    text = texts[0]
    assert re.search(r"lower the learning rate", text, re.IGNORECASE), text
    found = re.search(r"diverged at step (\d+)", text)
    assert found, text
    return int(found.group(1))


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("lr", LEARNING_RATES)
def test_any_learning_rate_finishes_or_diverges_cleanly(make_window, qtbot, lr, dtype, preset):
    config = PRESETS[preset].replace(lr=lr, dtype=dtype)
    window = make_window(config, ready=(RunState.IDLE, RunState.ERROR))
    assert window.state is RunState.IDLE
    run_to_the_end(window, qtbot)
    assert window.state in (RunState.FINISHED, RunState.DIVERGED)
    assert_all_finite_shown(window, qtbot)
    if lr <= 0.1:
        assert window.state is RunState.FINISHED, "a small learning rate must not diverge"
    if lr >= 1e4:  # with L2 0.01 each step multiplies w by about 1 - 2 lr l2 = -199
        assert window.state is RunState.DIVERGED
    if window.state is RunState.FINISHED:
        assert len(window.history) == STEPS and problem_texts(window) == []
        return

    step = diverged_step(window, qtbot)
    if "grew" in problem_texts(window)[0]:
        # A runaway: `step` is the first step past the limit, drawn, and its update applied.
        assert window.latest_batch.step == len(window.history) == step + 1
        assert window.history.cost[step] > 1000 * max(window.history.cost[0], math.log(2))
    else:
        # The run stopped at the last finite state: `step` is the first non-finite one.
        assert window.latest_batch.step == step - 1
        assert len(window.history) == window.latest_batch.step
    assert window.controls.logScaleInput.isChecked()  # the blow-up shown on a log axis
    assert not window.controls.startButton.isEnabled()
    close_problem_dialogs(window)

    window.controls.learningRateInput.setValue(0.01)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    assert window.engine_info.config.lr == 0.01 and len(window.history) == 0
    run_to_the_end(window, qtbot)
    assert window.state is RunState.FINISHED and len(window.history) == STEPS
    assert_all_finite_shown(window, qtbot)
    assert problem_texts(window) == []


def huge_csv(path, magnitude: float, rows: int = 40, features: int = 3) -> None:
    rng = np.random.default_rng(7)
    X = magnitude * rng.uniform(1.0, 1.5, (rows, features)) * rng.choice([-1.0, 1.0],
                                                                           (rows, features))
    y = np.arange(rows) % 2
    lines = ["x1,x2,x3,label"] + [",".join(f"{v:.17g}" for v in row) + f",{label}"
                                  for row, label in zip(X, y, strict=True)]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("magnitude", [1e30, 1e38, 3e38, 1e39])
def test_huge_feature_values_give_a_message_or_a_divergence(make_window, qtbot, tmp_path,
                                                            magnitude):
    window = make_window(PRESETS["seed"].replace(dtype="float32", iterations=50),
                         ready=(RunState.IDLE, RunState.ERROR))
    run_to_the_end(window, qtbot)
    cost = window.history.cost.copy()
    path = tmp_path / "huge.csv"
    huge_csv(path, magnitude)

    assert window.files.open_data_file(str(path)) is True  # finite in float64: the file is readable
    qtbot.waitUntil(lambda: window.state in (RunState.IDLE, RunState.ERROR), timeout=WAIT_MS)
    assert_all_finite_shown(window, qtbot)
    if window.state is RunState.ERROR:
        # Refused by the engine: its message is shown and the previous lesson goes on.
        texts = problem_texts(window)
        assert len(texts) == 1 and "too large for float32" in texts[0], texts
        assert window.engine_info.config.data_path is None
        np.testing.assert_array_equal(window.history.cost, cost)
        return
    assert window.engine_info.config.data_path == str(path)
    run_to_the_end(window, qtbot)
    assert window.state is RunState.DIVERGED
    diverged_step(window, qtbot)
    assert_all_finite_shown(window, qtbot)


@pytest.mark.parametrize("how", [RunState.DIVERGED, RunState.ERROR])
def test_the_message_is_shown_when_training_finished_is_emitted(make_window, qtbot, monkeypatch,
                                                                how):
    """trainingFinished means "the run ended"; whoever reacts to it (a screenshot, a script, a
    test) must find the reason already on screen, not a moment later."""
    window = make_window(PRESETS["seed"].replace(lr=1e4, dtype="float32"),
                         ready=(RunState.IDLE, RunState.ERROR))
    if how is RunState.ERROR:
        from core.engine import TrainingEngine

        def broken(self, steps):
            raise RuntimeError("simulated failure inside the engine")

        monkeypatch.setattr(TrainingEngine, "run_chunk", broken)
    seen: list[tuple[RunState, list[str]]] = []
    window.trainingFinished.connect(lambda: seen.append((window.state, problem_texts(window))))
    run_to_the_end(window, qtbot)
    qtbot.waitUntil(lambda: problem_texts(window) != [], timeout=WAIT_MS)
    assert len(seen) == 1
    state, texts = seen[0]
    assert state is how
    assert len(texts) == 1, "trainingFinished came before the message was shown"
