"""Starting the application: the QApplication, the window, and the --screenshot mode."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.config import TrainingConfig

ORGANISATION, APPLICATION = "LogisticRegressionLab", "Logistic Regression Lab"
SCREENSHOT_SIZE = (1600, 1000)


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return QApplication.instance() or QApplication(argv or sys.argv[:1])


NO_DISPLAY = ("no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
              "cannot open. Run it in a desktop session, or use --screenshot PATH to render "
              "the window to a PNG, or --headless to train without a window.")


def prepare_display(screenshot: bool) -> str | None:
    """Pick where Qt draws; returns why the window cannot open here, or None. A screenshot
    needs no screen: without one it renders offscreen, rather than failing the way Qt would
    (an abort naming xcb plugins)."""
    if (os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin")
            or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return NO_DISPLAY


def run_app(config: TrainingConfig, args: argparse.Namespace, options_given: bool) -> int:
    """Open the window (restoring the last session unless options were given) and run Qt."""
    problem = prepare_display(bool(args.screenshot))
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = create_application()
    from gui.main_window import MainWindow  # after QApplication: pyqtgraph needs one

    window = MainWindow(config if options_given or args.screenshot else None)
    font_scale, theme = args.font_scale, args.theme
    if args.screenshot:  # reproducible: never the look a previous session left in QSettings
        font_scale, theme = font_scale or 1.0, theme or "default"
    if font_scale is not None:
        window.set_font_scale(font_scale)
    if theme is not None:
        window.set_theme(theme)
    if args.screenshot:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    if args.lesson and not window.open_lesson(args.lesson):
        return 2 if args.screenshot else app.exec()
    if args.screenshot:
        return _run_screenshot(app, window, args)
    return app.exec()


def _run_screenshot(app: QApplication, window, args: argparse.Namespace) -> int:
    """Train to the end at full speed, save a PNG of the window (or one panel), exit."""
    from gui.export import ExportError, export_png

    outcome = {"status": 0}

    def save() -> None:
        window.redraw_now()
        target = window.panels()[args.panel] if args.panel else window
        try:
            export_png(target, args.screenshot, scale=args.scale)
        except ExportError as error:
            print(f"error: {error}", file=sys.stderr)
            outcome["status"] = 2
        if window.state == "error":
            outcome["status"] = 2
        for dialog in window.findChildren(QMessageBox, "problemDialog"):  # no one to read it
            print(f"{dialog.windowTitle()}: {dialog.text()}", file=sys.stderr)
        window.close()
        app.quit()

    window.controls.speedInput.setCurrentIndex(window.controls.speedInput.count() - 1)
    window.trainingFinished.connect(lambda: QTimer.singleShot(300, save))
    QTimer.singleShot(0, lambda: _start_when_ready(window))
    app.exec()
    return outcome["status"]


def _start_when_ready(window) -> None:
    if window.state in ("idle", "paused"):
        window.controls.startButton.click()
    elif window.state == "loading":
        QTimer.singleShot(50, lambda: _start_when_ready(window))
