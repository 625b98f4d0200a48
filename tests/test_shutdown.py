"""Closing the window in every state (docs/ARCHITECTURE.md §4): the worker stops, its thread ends,
and Qt never reports "QThread: Destroyed while thread is still running"; the process's shutdown
goes in order (stop requested, thread quit, settings synced, exit). How fast is a benchmark's
question (tests/bench/bench_shutdown.py), not a test's: these hold on a loaded machine too."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import core.engine  # noqa: F401 - torch loaded up front: "loading" then measures a data build
from core.config import TrainingConfig
from core.session import RunState
from gui.export import export_png
from gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
SMALL = TrainingConfig(samples=60, features=20, iterations=300, device="cpu", dtype="float64")
LONG = SMALL.replace(iterations=10_000_000)
WAIT_MS = 20000


def wait_state(qtbot, window, *states):
    qtbot.waitUntil(lambda: window.state in states, timeout=WAIT_MS)


def set_speed(window, label: str) -> None:
    index = window.controls.speedInput.findText(label)
    assert index >= 0, label
    window.controls.speedInput.setCurrentIndex(index)


def loading(window, qtbot, monkeypatch, tmp_path):
    assert window.state is RunState.LOADING


def idle(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, RunState.IDLE)


def running_at_max_speed(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, RunState.IDLE)
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING and len(window.history) > 100,
                    timeout=WAIT_MS)


def running_at_one_step_per_second(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, RunState.IDLE)
    set_speed(window, "1 step/s")
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING and len(window.history) >= 1,
                    timeout=WAIT_MS)
    qtbot.wait(300)  # the worker is between two paced steps now


def paused(window, qtbot, monkeypatch, tmp_path):
    running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
    window.controls.pauseButton.click()
    wait_state(qtbot, window, RunState.PAUSED)


def diverged(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, RunState.IDLE)
    window.controls.learningRateInput.setValue(1e4)
    window.controls.startButton.click()
    wait_state(qtbot, window, RunState.DIVERGED)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "problemDialog") is not None,
                    timeout=WAIT_MS)


def finished(window, qtbot, monkeypatch, tmp_path):
    wait_state(qtbot, window, RunState.IDLE)
    window.controls.iterationsInput.setValue(200)
    window.controls.startButton.click()
    wait_state(qtbot, window, RunState.FINISHED)


def error(window, qtbot, monkeypatch, tmp_path):
    def broken(self, steps):
        raise RuntimeError("simulated failure inside the engine")

    wait_state(qtbot, window, RunState.IDLE)
    monkeypatch.setattr(core.engine.TrainingEngine, "run_chunk", broken)
    window.controls.startButton.click()
    wait_state(qtbot, window, RunState.ERROR)


def problem_dialog_open(window, qtbot, monkeypatch, tmp_path):
    running_at_max_speed(window, qtbot, monkeypatch, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,abc,1\n")
    assert window.files.open_data_file(str(bad)) is False
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
    if not window.worker_thread.isRunning():
        shiboken6.delete(window)


def assert_closed_cleanly(window, qtbot, qtlog, seconds: float) -> None:
    visible, running = window.isVisible(), our_threads(window)
    # Signals the worker sent just before it stopped still reach the closed window: its slots
    # must cope (pytest-qt fails the test on an exception in one).
    qtbot.wait(100)
    if not running:
        # Destroying the window destroys its QThread: with the thread still running Qt would
        # print "QThread: Destroyed while thread is still running" and abort.
        thread = window.worker_thread
        shiboken6.delete(window)
        assert not shiboken6.isValid(thread)
        qtbot.wait(10)
    assert running == [], "a QThread is still running after close"
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


def test_the_window_s_modules_leave_torch_to_the_worker():
    """The worker imports torch (seconds) while the window is built: a gui module that
    imported core.engine at its top made every start wait for it on the GUI thread."""
    code = ("import sys; import main, gui.main_window, gui.app; "
            "assert 'torch' not in sys.modules, 'torch imported with the window'")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_closing_a_cold_start_at_once_is_clean():
    """A real process: the window closed right after it appeared, while the worker thread is
    still importing torch and building the first lesson. No time bound: only that the close
    stops the thread and nothing aborts."""
    script = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from gui.app import create_application\n"
        "app = create_application()\n"
        "from gui.main_window import MainWindow\n"
        "from core.config import TrainingConfig\n"
        "window = MainWindow(TrainingConfig(device='cpu'), threads=1)\n"
        "window.show(); app.processEvents()\n"
        "print('state', window.state); window.close()\n"
        "print('running', window.worker_thread.isRunning())\n"
        "del window; app.processEvents()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "QThread: Destroyed" not in result.stderr
    assert result.stdout.split("\n")[:2] == ["state loading", "running False"]


def recorded(order: list[str], obj, name: str, label: str) -> None:
    """Make `obj.name` note `label` in `order`, then do what it did."""
    real = getattr(obj, name)

    def call(*args, **kwargs):
        order.append(label)
        return real(*args, **kwargs)

    setattr(obj, name, call)


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "worker-busy-loading"])
def test_the_process_shuts_down_in_order(qtbot, qtlog, monkeypatch, busy):
    """Stop requested, thread quit, settings synced, then the exit (main.leave, os._exit);
    with a worker that cannot stop yet (importing torch), the close does not wait for it and
    the same order holds."""
    import core.lesson
    import main as lab

    release = threading.Event()
    if busy:
        real_create = core.lesson.create_engine

        def slow_create(*args, **kwargs):
            release.wait(30)  # an import of torch that takes its time
            return real_create(*args, **kwargs)

        monkeypatch.setattr(core.lesson, "create_engine", slow_create)
    window = MainWindow(SMALL, threads=1)
    window.show()
    try:
        wait_state(qtbot, window, RunState.LOADING if busy else RunState.IDLE)
        window.setProperty("shutdownWaitMs", 100)  # as gui/app.py sets it
        order: list[str] = []
        recorded(order, window._worker, "request_stop", "stop requested")
        recorded(order, window.worker_thread, "quit", "thread quit")
        recorded(order, window.settings, "sync", "settings synced")
        monkeypatch.setattr(lab.os, "_exit", lambda status: order.append(f"exit {status}"))
        window.close()
        still_running = window.worker_thread.isRunning()
        lab.leave(0)
        assert order == ["stop requested", "thread quit", "settings synced", "exit 0"]
        assert still_running == busy
        assert window.settings.geometry is not None
    finally:
        release.set()
        window.worker_thread.wait()
        dispose(window)
    messages = [record.message for record in qtlog.records]
    assert not [m for m in messages if "QThread: Destroyed" in m], messages
