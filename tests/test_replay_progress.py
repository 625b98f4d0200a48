"""Opening a lesson re-trains its recorded run with progress and Cancel, on the real window."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QPushButton

import gui.replay_progress as replay_progress
from core.config import TrainingConfig
from core.session import RunState

WAIT_MS = 60000
LONG = TrainingConfig(samples=60, features=20, iterations=150_000, device="cpu",
                      dtype="float64")


def test_opening_a_long_lesson_shows_progress_and_cancel_keeps_the_run_so_far(
        make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(replay_progress, "SHOW_AFTER_MS", 0)
    saved = make_window(LONG)
    with qtbot.waitSignal(saved.trainingFinished, timeout=WAIT_MS):
        saved.controls.startButton.click()
    path = tmp_path / "long.json"
    assert saved.files.save_lesson(str(path))

    window = make_window(LONG.replace(iterations=10))
    assert window.files.open_lesson(str(path))
    dialog = window.files.replay_progress.dialog
    qtbot.waitUntil(lambda: window.state is RunState.REPLAYING and dialog.isVisible(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=WAIT_MS)
    assert "of 150,000" in dialog.labelText()
    assert not window.controls.startButton.isEnabled()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    step = window.latest_batch.step
    assert 0 < step < 150_000
    assert len(window.history) == step
    # What was re-trained is the saved run's beginning, exactly.
    np.testing.assert_array_equal(window.history.cost, saved.history.cost[:step])
    assert window.controls.startButton.isEnabled()
