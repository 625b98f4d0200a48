"""Starting the application: the QApplication, the window, and the --screenshot mode."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from core.config import TrainingConfig

ORGANISATION, APPLICATION = "LogisticRegressionLab", "Logistic Regression Lab"


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    return app


def run_app(config: TrainingConfig, args: argparse.Namespace) -> int:
    """Open the window (restoring last settings unless options were given) and run Qt."""
    app = create_application()
    from gui.main_window import MainWindow  # after QApplication: pyqtgraph needs one

    window = MainWindow(config if _options_given() or args.screenshot else None)
    window.show()
    if args.screenshot:
        return _run_screenshot(app, window, args.screenshot)
    return app.exec()


def _options_given() -> bool:
    return len(sys.argv) > 1


def _run_screenshot(app: QApplication, window, path: str) -> int:
    """Train to the end at full speed, save a PNG of the whole window, exit."""
    outcome = {"status": 0}

    def save() -> None:
        window._redraw()
        image = window.grab()
        if not image.save(path):
            print(f"error: cannot write the screenshot to {path}", file=sys.stderr)
            outcome["status"] = 2
        elif window.state == "error":
            outcome["status"] = 2
        window.close()
        app.quit()

    window.controls.speedInput.setCurrentIndex(window.controls.speedInput.count() - 1)
    window.trainingFinished.connect(lambda: QTimer.singleShot(200, save))
    QTimer.singleShot(0, lambda: _start_when_ready(window))
    app.exec()
    return outcome["status"]


def _start_when_ready(window) -> None:
    if window.state == "idle":
        window.controls.startButton.click()
    elif window.state in ("loading",):
        QTimer.singleShot(50, lambda: _start_when_ready(window))
