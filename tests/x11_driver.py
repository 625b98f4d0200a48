"""Runs the real window on a real X display for tests/test_x11.py and reports what happens.

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/x11_driver.py --shot out.png [main.py options]

It builds the window as `python main.py` does, then prints one line per event on stdout:
  ready X Y WINID         the window is idle and exposed; X Y = global centre of startButton
  pressed spontaneous=B   a mouse press reached startButton (B: it came from the window system)
  finished STATE STEPS    trainingFinished was emitted
  saved PATH              window.grab() was written to PATH (and PATH.screen.png, the X screen)
  closed visible=B thread_running=B   the event loop ended after the window closed
It never closes itself: the test closes it with a real X close request. After --timeout seconds
without that it prints "timeout" and exits 3.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from core.cli import build_parser, config_from_args  # noqa: E402
from core.session import RunState  # noqa: E402
from gui.app import create_application  # noqa: E402


def say(*words) -> None:
    print(*words, flush=True)


class PressWatcher(QObject):
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            say(f"pressed spontaneous={event.spontaneous()}")
        return False


def main() -> int:
    parser = build_parser()
    parser.add_argument("--shot", required=True, help="where to save window.grab()")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    config = config_from_args(args)
    app = create_application([sys.argv[0]])
    from gui.main_window import MainWindow

    window = MainWindow(config)
    watcher = PressWatcher()
    window.controls.startButton.installEventFilter(watcher)
    window.show()

    def report_when_ready() -> None:
        handle = window.windowHandle()
        if window.state is not RunState.IDLE or handle is None or not handle.isExposed():
            QTimer.singleShot(50, report_when_ready)
            return
        button = window.controls.startButton
        centre = button.mapToGlobal(button.rect().center())
        say(f"ready {centre.x()} {centre.y()} {int(window.winId())}")

    def save() -> None:
        window.redraw_now()
        window.repaint()
        if not window.grab().save(args.shot):
            say("error: could not save the screenshot")
        screen = QGuiApplication.primaryScreen().grabWindow(0)  # the X server's own pixels
        screen.save(args.shot + ".screen.png")
        say(f"saved {args.shot}")

    def on_finished() -> None:
        say(f"finished {window.state} {len(window.history)}")
        QTimer.singleShot(300, save)

    def give_up() -> None:
        say("timeout")
        app.exit(3)

    window.trainingFinished.connect(on_finished)
    QTimer.singleShot(0, report_when_ready)
    QTimer.singleShot(int(args.timeout * 1000), give_up)
    status = app.exec()
    if status == 0:
        running = window.worker_thread.isRunning()
        say(f"closed visible={window.isVisible()} thread_running={running}")
    return status


if __name__ == "__main__":
    sys.exit(main())
