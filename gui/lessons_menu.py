"""The Lessons menu: the ready lessons of resources/lessons by title, and Close lesson.

A ready lesson's title is translated in context "Lesson" (resources/i18n/update_translations.py
lists the bundled lessons' texts for lupdate in gui/core_texts.py; docs/ARCHITECTURE.md §14)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from core.lesson_file import LessonFileError
from core.ready_lessons import READY_LESSONS, load_ready_lesson
from gui.i18n import translate


def add_lessons_menu(window, bar, actions: dict[str, QAction], texts) -> None:
    """Add the Lessons menu to `bar` (the menu bar of `window`, a MainWindow); its actions go
    into `actions` as lesson_<name> and close_lesson, their texts into `texts` (a
    gui.menus.MenuTexts, which says them again when the language changes)."""
    menu = bar.addMenu("")
    texts.add(menu, lambda: translate("LessonsMenu", "&Lessons"))
    for name in READY_LESSONS:
        try:
            title = load_ready_lesson(name).title or name
        except LessonFileError:  # a damaged install: opening it says what is wrong
            title = name
        action = QAction(window)
        texts.add(action, lambda t=title: translate("Lesson", t), lambda n=name: translate(
            "LessonsMenu", "Open the ready lesson '{name}' (--lesson {name})").format(name=n))
        action.triggered.connect(lambda _=False, n=name: window.files.open_ready_lesson(n))
        menu.addAction(action)
        actions[f"lesson_{name}"] = action
    menu.addSeparator()
    close = QAction(window)
    texts.add(close, lambda: translate("LessonsMenu", "Close lesson"), lambda: translate(
        "LessonsMenu", "Hide the lesson note and unlock every control; the run stays"))
    close.triggered.connect(window.guide.close)
    close.setEnabled(False)  # until a lesson with a note or locks is open
    menu.addAction(close)
    actions["close_lesson"] = close
