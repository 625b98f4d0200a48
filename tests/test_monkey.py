"""A seeded random "monkey" on the real window: hundreds of user actions in quick succession
(buttons, fields, speed, view toggles, keyboard shortcuts) with the real worker thread and torch,
and the window's invariants checked along the way and at the end. `pytest --long` runs 2500
actions (the default's 400 are their beginning: the same seed gives the same actions)."""

from __future__ import annotations

import math
import random
import time
from collections import Counter

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from core.config import TrainingConfig
from core.session import RunState
from gui.main_window import MainWindow

SEED = 20240611
ACTIONS = 400
LONG_ACTIONS = 2500
CHECK_EVERY = 50
# A signal already in flight may contradict the window for a moment. The bounds on waits are
# far above what an idle machine needs, so that a loaded one passes too: waiting ends as soon
# as the condition holds.
SETTLE_MS = 10000
STATES = {RunState.LOADING, RunState.IDLE, RunState.RUNNING, RunState.PAUSED, RunState.FINISHED,
          RunState.DIVERGED, RunState.ERROR}
CONFIG = TrainingConfig(samples=40, features=10, iterations=2000, device="cpu", dtype="float32")


def violations(window: MainWindow) -> list[str]:
    """What is wrong with the window right now (an empty list when it is consistent)."""
    found = []
    state, c = window.state, window.controls
    if state not in STATES:
        found.append(f"unknown state {state!r}")
    batch = window.latest_batch
    if state is not RunState.LOADING:
        if batch is None:
            found.append(f"state {state} without any batch")
        elif len(window.history) != batch.step:
            found.append(f"history has {len(window.history)} steps, latest batch is at "
                         f"step {batch.step}")
    running = state is RunState.RUNNING
    if c.pauseButton.isEnabled() != running:
        found.append(f"pause enabled={c.pauseButton.isEnabled()} in state {state}")
    if running and (c.startButton.isEnabled() or c.stepButton.isEnabled()):
        found.append(f"start/step enabled while running ({c.startButton.isEnabled()}, "
                     f"{c.stepButton.isEnabled()})")
    if (state in (RunState.FINISHED, RunState.DIVERGED, RunState.LOADING)
            and c.startButton.isEnabled()):
        found.append(f"start enabled in state {state}")
    if c.resetButton.isEnabled() == (state is RunState.LOADING):
        found.append(f"reset enabled={c.resetButton.isEnabled()} in state {state}")
    config = c.config()  # raises ConfigError if a field holds a value the lesson cannot take
    if not (math.isfinite(config.lr) and config.lr > 0 and 0 <= config.l2):
        found.append(f"fields hold lr={config.lr}, l2={config.l2}")
    return found


class Monkey:
    def __init__(self, window: MainWindow, qtbot, seed: int):
        self.window, self.qtbot = window, qtbot
        self.rng = random.Random(seed)
        self.counts: Counter[str] = Counter()
        self.transient: Counter[str] = Counter()
        self.states: Counter[RunState] = Counter()
        c = window.controls
        self.actions = [
            (6, "start", c.startButton.click),
            (5, "pause", c.pauseButton.click),
            (5, "step", c.stepButton.click),
            (3, "reset", c.resetButton.click),
            (3, "lr", lambda: c.learningRateInput.setValue(10 ** self.rng.uniform(-4, 3.5))),
            (2, "l2", lambda: c.l2Input.setValue(self.rng.choice([0.0, 0.001, 0.01, 0.5]))),
            (3, "iterations", lambda: c.iterationsInput.setValue(self.rng.randint(1, 2000))),
            (3, "speed", lambda: c.speedInput.setCurrentIndex(
                self.rng.randrange(c.speedInput.count()))),
            (2, "samples", lambda: c.samplesInput.setValue(self.rng.randint(10, 60))),
            (1, "identity", c.identityInput.toggle),
            (1, "log scale", c.logScaleInput.toggle),
            (4, "key Space", lambda: self.key(Qt.Key.Key_Space)),
            (3, "key S", lambda: self.key(Qt.Key.Key_S)),
            (2, "key R", lambda: self.key(Qt.Key.Key_R)),
            (2, "dismiss dialogs", self.dismiss_dialogs),
        ]
        self.weights = [weight for weight, _, _ in self.actions]

    def key(self, key) -> None:
        self.qtbot.keyClick(self.window, key)

    def dismiss_dialogs(self) -> None:
        for box in self.window.findChildren(QMessageBox, "problemDialog"):
            box.accept()
            box.deleteLater()

    def act(self) -> None:
        _, name, action = self.rng.choices(self.actions, self.weights)[0]
        action()
        self.counts[name] += 1
        self.states[self.window.state] += 1
        if self.rng.random() < 0.05:
            self.qtbot.wait(5)
        else:
            QApplication.processEvents()

    def check(self) -> None:
        """Invariants must hold once signals already in flight have arrived."""
        for problem in violations(self.window):
            self.transient[problem.split(" ")[0]] += 1
        self.qtbot.waitUntil(lambda: violations(self.window) == [], timeout=SETTLE_MS)


@pytest.fixture
def window(qtbot):
    window = MainWindow(CONFIG, threads=1)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=20000)
    yield window
    window.close()
    if window.worker_thread.isRunning():
        return  # the thread-leak guard of conftest.py reports it
    # Deleted now, while every Python wrapper is intact: left to the garbage collector, pyqtgraph
    # items can be asked for their size hint after their attributes were cleared.
    shiboken6.delete(window)


def test_random_monkey_keeps_the_window_consistent(window, qtbot, long_profile):
    actions = LONG_ACTIONS if long_profile else ACTIONS
    started = time.perf_counter()
    monkey = Monkey(window, qtbot, SEED)
    for index in range(1, actions + 1):
        monkey.act()
        if index % CHECK_EVERY == 0:
            monkey.check()
    monkey.check()

    # A final Pause: the worker stops and the step no longer moves.
    monkey.dismiss_dialogs()
    window.controls.pauseRequested.emit()
    qtbot.waitUntil(lambda: window.state in (RunState.PAUSED, RunState.IDLE, RunState.FINISHED,
                                             RunState.DIVERGED), timeout=SETTLE_MS)
    qtbot.wait(100)
    step = window.latest_batch.step
    qtbot.wait(400)
    assert window.latest_batch.step == step, "training went on after the final Pause"
    assert window.state in (RunState.PAUSED, RunState.IDLE, RunState.FINISHED, RunState.DIVERGED)
    assert violations(window) == []

    # The window still trains: a last run to the end.
    window.controls.learningRateInput.setValue(0.1)
    window.controls.iterationsInput.setValue(step + 50)
    window.controls.speedInput.setCurrentIndex(window.controls.speedInput.count() - 1)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=SETTLE_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=20000):
        window.controls.startButton.click()
    assert window.state is RunState.FINISHED and len(window.history) == step + 50

    seconds = time.perf_counter() - started
    total = sum(monkey.counts.values())
    print(f"\nmonkey: {total} actions in {seconds:.1f} s; "
          f"{', '.join(f'{k} {v}' for k, v in sorted(monkey.counts.items()))}; "
          f"states after actions: {dict(monkey.states)}; "
          f"transient inconsistencies seen before settling: {dict(monkey.transient)}")
    assert total == actions
    assert set(monkey.counts) == {name for _, name, _ in monkey.actions}, "an action never ran"
