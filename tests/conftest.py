"""Shared fixtures: offscreen Qt, isolated settings, and a guard that fails any test leaving a
QThread running (as napari's conftest does)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(
        "--long", action="store_true", default=False,
        help="run the long profiles of the slow tests too (the monkey's 2500 actions instead of "
             "400); worth it after a change to the window's states or the worker")


@pytest.fixture
def long_profile(request) -> bool:
    """True under `pytest --long`: a test that has a long profile runs it."""
    return bool(request.config.getoption("--long"))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, request):
    """Every test gets its own QSettings store, so no test sees another's (or a user's) state."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("LogisticRegressionLabTests")
    QCoreApplication.setApplicationName("tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture(autouse=True)
def no_thread_left_running(request):
    """Fail a test that leaves a QThread of ours running after its widgets were closed."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    running = [t for t in app.findChildren(QThread) if t.isRunning()] if app else []
    for widget in QApplication.topLevelWidgets() if app else []:
        running += [t for t in widget.findChildren(QThread) if t.isRunning()]
    assert not running, f"a test left {len(running)} QThread(s) running"


WINDOW_WAIT_MS = 20000


def dispose_window(window) -> None:
    """Close (stopping the worker thread) and delete now: left to the garbage collector, a
    window would be destroyed at a random moment, possibly while another one paints."""
    import shiboken6

    # None: the constructor failed before the worker thread was made.
    thread = getattr(window, "worker_thread", None)
    if thread is not None and shiboken6.isValid(window):
        window.close()
    if shiboken6.isValid(window) and (thread is None or not thread.isRunning()):
        shiboken6.delete(window)


def choose_dataset(window, qtbot, name: str) -> None:
    """Pick dataset `name` in the window's list as a user would, and wait for its engine."""
    from core.session import RunState

    box = window.controls.datasetInput
    box.setCurrentIndex(box.findData(name))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: window.state is RunState.IDLE
                    and window.engine_info.config.dataset == name, timeout=WINDOW_WAIT_MS)


def train_to_end(window, qtbot) -> None:
    """Train the window's run to its last step at full speed, as a user would (max speed,
    Start), and wait until it has finished."""
    from core.session import RunState

    window.controls.speedInput.setCurrentIndex(window.controls.speedInput.count() - 1)
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.FINISHED, timeout=WINDOW_WAIT_MS)


@pytest.fixture
def make_window(qtbot):
    """make(config, speed_index=None, ready=(RunState.IDLE,)): a shown MainWindow with one torch
    thread, once its worker reports one of the `ready` states; closed and deleted after the test."""
    from core.session import RunState
    from gui.main_window import MainWindow

    windows = []

    def make(config, speed_index=None, ready=(RunState.IDLE,)):
        window = MainWindow(config, threads=1)
        windows.append(window)
        window.show()
        if speed_index is not None:
            window.controls.speedInput.setCurrentIndex(speed_index)
        qtbot.waitUntil(lambda: window.state in ready, timeout=WINDOW_WAIT_MS)
        return window

    yield make
    for window in windows:
        dispose_window(window)
