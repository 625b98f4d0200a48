"""Shared fixtures: offscreen Qt, isolated settings, and a guard that fails any test leaving a
QThread running (as napari's conftest does)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


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
