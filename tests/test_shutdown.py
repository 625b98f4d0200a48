"""Closing the window in every state (DESIGN.md §4): the worker stops, its thread ends, the close
takes under 2 s, and Qt never reports "QThread: Destroyed while thread is still running"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import core.engine  # noqa: F401 - torch loaded up front: "loading" then measures a data build
from core.config import TrainingConfig
from gui.export import export_png
from gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
SMALL = TrainingConfig(samples=60, features=20, iterations=300, device="cpu", dtype="float64")
LONG = SMALL.replace(iterations=10_000_000)
WAIT_MS = 20000
CLOSE_LIMIT_S = 2.0


def wait_state(qtbot, window, *states):
    qtbot.waitUntil(lambda: window.state in states, timeout=WAIT_MS)


def set_speed(window, label: str) -> None:
    index = window.controls.speedInput.findText(label)
    assert index >= 0, label
    window.controls.speedInput.setCurrentIndex(index)


def loading(window, qtbot, monkeypatch, tmp_path):
    assert window.state == "loading"


def idle(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, "idle")


def running_at_max_speed(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, "idle")
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state == "running" and len(window.history) > 100,
                    timeout=WAIT_MS)


def running_at_one_step_per_second(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, "idle")
    set_speed(window, "1 step/s")
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state == "running" and len(window.history) >= 1,
                    timeout=WAIT_MS)
    qtbot.wait(300)  # the worker is between two paced steps now


def paused(window, qtbot, monkeypatch, tmp_path):
    running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
    window.controls.pauseButton.click()
    wait_state(qtbot, window, "paused")


def diverged(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, "idle")
    window.controls.learningRateInput.setValue(1e4)
    window.controls.startButton.click()
    wait_state(qtbot, window, "diverged")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "problemDialog") is not None,
                    timeout=WAIT_MS)


def finished(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, "idle")
    window.controls.iterationsInput.setValue(200)
    window.controls.startButton.click()
    wait_state(qtbot, window, "finished")


def error(window, qtbot, monkeypatch, tmp_path):
    def broken(self, steps):
        raise RuntimeError("simulated failure inside the engine")

    wait_state(qtbot, window, "idle")
    monkeypatch.setattr(core.engine.TrainingEngine, "run_chunk", broken)
    window.controls.startButton.click()
    wait_state(qtbot, window, "error")


def problem_dialog_open(window, qtbot, monkeypatch, tmp_path):
    running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,abc,1\n")
    assert window.open_data_file(str(bad)) is False
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None and dialog.isVisible()


def file_dialog_open(window, qtbot, monkeypatch, tmp_path):
    running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
    dialog = QFileDialog(window, "Open data file", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.open()  # window-modal, like the real one, but without a nested event loop
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)


STATES = [loading, idle, running_at_max_speed, running_at_one_step_per_second, paused, diverged,
          finished, error, problem_dialog_open, file_dialog_open]


def our_threads(window) -> list[QThread]:
    app = QApplication.instance()
    return [t for t in [*window.findChildren(QThread), *app.findChildren(QThread)]
            if t.isRunning()]


def dispose(window) -> None:
    """Close and delete now, not at a random moment later by the garbage collector."""
    window.close()
    if not window._thread.isRunning():
        shiboken6.delete(window)


def assert_closed_cleanly(window, qtbot, qtlog, seconds: float) -> None:
    visible, running = window.isVisible(), our_threads(window)
    # Signals the worker sent just before it stopped still reach the closed window: its slots
    # must cope (pytest-qt fails the test on an exception in one).
    qtbot.wait(100)
    if not running:
        # Destroying the window destroys its QThread: with the thread still running Qt would
        # print "QThread: Destroyed while thread is still running" and abort.
        thread = window._thread
        shiboken6.delete(window)
        assert not shiboken6.isValid(thread)
        qtbot.wait(10)
    assert running == [], "a QThread is still running after close"
    assert seconds < CLOSE_LIMIT_S, f"closing took {seconds:.2f} s"
    assert not visible
    messages = [record.message for record in qtlog.records]
    assert not [m for m in messages if "QThread: Destroyed" in m], messages


@pytest.mark.parametrize("reach", STATES, ids=[state.__name__ for state in STATES])
def test_close_in_every_state(qtbot, qtlog, monkeypatch, tmp_path, reach):
    config = TrainingConfig(device="cpu") if reach is loading else LONG
    window = MainWindow(config, threads=1)
    window.show()
    try:
        reach(window, qtbot, monkeypatch, tmp_path)
        started = time.perf_counter()
        window.close()
        seconds = time.perf_counter() - started
    except BaseException:
        dispose(window)
        raise
    assert_closed_cleanly(window, qtbot, qtlog, seconds)


@pytest.mark.parametrize("order", ["export-then-close", "close-then-export"])
def test_close_during_an_export(qtbot, qtlog, monkeypatch, tmp_path, order):
    window = MainWindow(LONG, threads=1)
    window.show()
    try:
        running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
        path = tmp_path / "window.png"
        done: list[float] = []
        exported: list[object] = []

        def export() -> None:
            exported.append(export_png(window, path, scale=2.0, caption="closing"))

        def close() -> None:
            started = time.perf_counter()
            window.close()
            done.append(time.perf_counter() - started)

        first, second = (export, close) if order == "export-then-close" else (close, export)
        QTimer.singleShot(0, first)
        QTimer.singleShot(0, second)
        qtbot.waitUntil(lambda: bool(done and exported), timeout=WAIT_MS)
    except BaseException:
        dispose(window)
        raise
    assert_closed_cleanly(window, qtbot, qtlog, done[0])
    image = QImage(str(path))
    assert not image.isNull() and image.width() == 2 * 1500


def test_closing_a_cold_start_at_once_is_quick_and_clean():
    """A real process: the window closed right after it appeared, while the worker thread is
    still importing torch and building the first lesson."""
    script = (
        "import os, sys, time\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from gui.app import create_application\n"
        "app = create_application()\n"
        "from gui.main_window import MainWindow\n"
        "from core.config import TrainingConfig\n"
        "window = MainWindow(TrainingConfig(device='cpu'), threads=1)\n"
        "window.show(); app.processEvents()\n"
        "started = time.perf_counter(); window.close()\n"
        "print(f'closed {time.perf_counter() - started:.3f} {window.state}')\n"
        "print('running', window._thread.isRunning())\n"
        "del window; app.processEvents()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "QThread: Destroyed" not in result.stderr
    lines = result.stdout.split("\n")
    seconds, state = lines[0].split()[1:]
    assert state == "loading", "the close did not happen during the first load"
    assert float(seconds) < CLOSE_LIMIT_S, f"closing a cold start took {seconds} s"
    assert lines[1] == "running False"
