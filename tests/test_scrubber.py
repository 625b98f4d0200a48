"""The scrubber (gui/scrubber.py) on the real window and worker: rewinding by keys and by
dragging the cursor shows the model of a fresh engine stopped at that step; Start / Step from
a rewound step branch after a confirmation; `--screenshot --at-step`."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core.config import TrainingConfig
from core.lesson import create_engine
from core.session import RunState
from gui.export_dialog import settings_caption
from tests.conftest import WINDOW_WAIT_MS, train_to_end

BLOBS = TrainingConfig(dataset="blobs", samples=200, features=2, lr=0.5, iterations=300,
                       device="cpu", dtype="float64")


def fresh_logits(config: TrainingConfig, step: int) -> np.ndarray:
    """The logits of an independent engine stopped at `step` (full-batch primal steps do not
    depend on where chunks end)."""
    engine = create_engine(config, threads=1)
    engine.run_chunk(step)
    return engine.logits()


def finished_window(make_window, qtbot, config=BLOBS):
    window = make_window(config)
    train_to_end(window, qtbot)
    window.activateWindow()
    return window


def shows_step(window, step: int):
    return lambda: window.scrubber.shown_step() == step and (
        step == window.latest_batch.step or window.scrubber.rewound())


def assert_samples_at(window, config, step: int) -> None:
    x, _ = window.samplesPlot.train_positions()
    np.testing.assert_allclose(x, fresh_logits(config, step), rtol=1e-6, atol=1e-9)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, key, modifier)


def test_keys_rewind_every_model_view_and_the_status_bar(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    assert window.lossPlot.cursor_step() == 300 and window.accuracyPlot.cursor_step() == 300
    press(qtbot, window, Qt.Key.Key_Home)
    qtbot.waitUntil(shows_step(window, 0), timeout=WINDOW_WAIT_MS)
    assert_samples_at(window, BLOBS, 0)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_Left)
    qtbot.waitUntil(shows_step(window, 101), timeout=WINDOW_WAIT_MS)
    assert_samples_at(window, BLOBS, 101)
    assert window.status.stepLabel.text() == "step 101 of 300 (rewound)"
    # Finished, but rewound: Start and Step go on from here (after the confirmation).
    assert window.controls.startButton.isEnabled() and window.controls.stepButton.isEnabled()
    assert window.lossPlot.cursor_step() == 101
    assert "step 101 " in settings_caption(window)
    # Labels vs predictions and the decision boundary follow: the model at step 101.
    z, y = fresh_logits(BLOBS, 101), window.engine_info.train_y > 0.5
    counts = window.predictionsPlot.counts()
    assert (counts["tp"], counts["fn"]) == (int(np.sum((z > 0) & y)), int(np.sum((z <= 0) & y)))
    assert window.decisionPlot.misclassified_count() == int(np.sum((z > 0) != y))
    press(qtbot, window, Qt.Key.Key_End)
    qtbot.waitUntil(shows_step(window, 300), timeout=WINDOW_WAIT_MS)
    assert not window.scrubber.rewound()
    assert_samples_at(window, BLOBS, 300)
    assert window.status.stepLabel.text() == "step 300 / 300"
    assert not window.controls.startButton.isEnabled()


def drag(qtbot, plot, from_step: float, to_step: float) -> None:
    """Press on the plot at `from_step` (half way up), move to `to_step`, release: as a mouse
    does, through the view's viewport."""
    vb = plot.plotItem.vb
    y = sum(vb.viewRange()[1]) / 2
    points = [plot.mapFromScene(vb.mapViewToScene(QPointF(step, y)))
              for step in (from_step, (from_step + to_step) / 2, to_step)]
    viewport = plot.viewport()

    def send(kind, point: QPoint, buttons) -> None:
        event = QMouseEvent(kind, QPointF(point), QPointF(viewport.mapToGlobal(point)),
                            Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, points[0], held)
    for point in points[1:]:
        qtbot.wait(20)
        send(QEvent.Type.MouseMove, point, held)
    send(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def test_dragging_the_cursor_rewinds_and_dragging_back_to_the_end_shows_the_live_model(
        make_window, qtbot):
    window = finished_window(make_window, qtbot)
    drag(qtbot, window.lossPlot, 300, 120)
    # Where the mouse let go, to a pixel's worth of steps (a seek on the way may show first).
    qtbot.waitUntil(lambda: 100 < window.scrubber.shown_step() < 140, timeout=WINDOW_WAIT_MS)
    step = window.scrubber.shown_step()
    assert window.lossPlot.cursor_step() == step == window.accuracyPlot.cursor_step()
    assert_samples_at(window, BLOBS, step)
    drag(qtbot, window.accuracyPlot, step, 400)  # past the end: the latest step
    qtbot.waitUntil(lambda: not window.scrubber.rewound(), timeout=WINDOW_WAIT_MS)
    assert_samples_at(window, BLOBS, 300)


def answer_branch_dialog(qtbot, button) -> list[str]:
    """Click `button` in the branch confirmation once it shows; returns its text."""
    seen = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)
    return seen


def test_step_from_a_rewound_step_asks_and_a_no_keeps_the_run(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    window.scrubber.seek(40)
    qtbot.waitUntil(shows_step(window, 40), timeout=WINDOW_WAIT_MS)
    seen = answer_branch_dialog(qtbot, QMessageBox.StandardButton.No)
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: bool(seen), timeout=WINDOW_WAIT_MS)
    assert seen == ["Continue from step 40? The 260 later steps will be dropped."]
    qtbot.wait(200)
    assert window.state is RunState.FINISHED and len(window.history) == 300
    assert window.scrubber.shown_step() == 40


def test_step_from_a_rewound_step_continues_from_there_as_a_new_branch(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    window.lossPlot.add_marker(250, "a marker after the branch")
    window.scrubber.seek(40)
    qtbot.waitUntil(shows_step(window, 40), timeout=WINDOW_WAIT_MS)
    seen = answer_branch_dialog(qtbot, QMessageBox.StandardButton.Yes)
    window.actions["step"].trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.latest_batch.step == 41 and window.state is RunState.PAUSED,
                    timeout=WINDOW_WAIT_MS)
    assert len(window.history) == 41 and not window.scrubber.rewound()
    assert window.lossPlot.markers() == []
    expected = fresh_logits(BLOBS, 41)  # drawn at the next frame after the step's batch
    qtbot.waitUntil(lambda: np.allclose(window.samplesPlot.train_positions()[0], expected,
                                        rtol=1e-6, atol=1e-9), timeout=WINDOW_WAIT_MS)
    engine = create_engine(BLOBS, threads=1)
    costs = engine.run_chunk(41).cost
    np.testing.assert_allclose(window.history.cost, costs, rtol=1e-12)
    # The cursor is back at the latest step; Right there steps once more, as S does.
    assert window.lossPlot.cursor_step() == 41
    window.activateWindow()  # the dialog had the keyboard
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.latest_batch.step == 42, timeout=WINDOW_WAIT_MS)


@pytest.mark.parametrize("argv, message", [
    (["--at-step", "-1"], "--at-step"),
    (["--at-step", "51", "--iterations", "50"], "--at-step"),
    (["--at-step", "5"], "--at-step"),  # without --screenshot
])
def test_at_step_refuses_bad_values_by_name(tmp_path, capsys, argv, message):
    import main

    shot = ["--screenshot", str(tmp_path / "a.png")] if argv != ["--at-step", "5"] else []
    assert main.run(argv + shot) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "a.png").exists()


def test_a_screenshot_at_step_n_is_the_picture_of_a_run_stopped_at_n(tmp_path, qapp):
    from PySide6.QtGui import QImage

    import main

    rewound, stopped = tmp_path / "rewound.png", tmp_path / "stopped.png"
    common = ["--panel", "samplesPlot", "--device", "cpu"]
    assert main.run(["--screenshot", str(rewound), "--iterations", "600", "--at-step", "50",
                     *common]) == 0
    assert main.run(["--screenshot", str(stopped), "--iterations", "50", *common]) == 0
    # Same points, curve and axes: the very same pixels.
    assert QImage(str(rewound)) == QImage(str(stopped))
