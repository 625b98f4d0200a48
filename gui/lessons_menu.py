"""The Lessons menu: the ready lessons of resources/lessons by title, and Close lesson."""

from __future__ import annotations

from PySide6.QtGui import QAction

from core.lesson_file import LessonFileError
from core.ready_lessons import READY_LESSONS, load_ready_lesson


def add_lessons_menu(window, bar, actions: dict[str, QAction]) -> None:
    """Add the Lessons menu to `bar` (the menu bar of `window`, a MainWindow); its actions go
    into `actions` as lesson_<name> and close_lesson."""
    menu = bar.addMenu("&Lessons")
    for name in READY_LESSONS:
        try:
            title = load_ready_lesson(name).title or name
        except LessonFileError:  # a damaged install: opening it says what is wrong
            title = name
        action = QAction(title, window)
        tip = f"Open the ready lesson '{name}' (--lesson {name})"
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False, n=name: window.files.open_ready_lesson(n))
        menu.addAction(action)
        actions[f"lesson_{name}"] = action
    menu.addSeparator()
    close = QAction("Close lesson", window)
    close.setStatusTip("Hide the lesson note and unlock every control; the run stays")
    close.triggered.connect(window.guide.close)
    close.setEnabled(False)  # until a lesson with a note or locks is open
    menu.addAction(close)
    actions["close_lesson"] = close
