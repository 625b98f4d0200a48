"""The open lesson's guidance: its title and text in the lesson note, and the controls an
exercise locks (docs/ARCHITECTURE.md §13).

What unlocks: opening another lesson (its own locks, or none, replace them) and Lessons >
Close lesson. What does not: Reset, choosing another dataset or opening a data file (when the
dataset is not locked, the exercise allows it), saving the lesson (it stays the exercise)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from core.lesson_file import LOCKABLE, Lesson
from core.settings_table import SETTINGS
from gui.lesson_note import LessonNote

LOCK_TIP = "Locked by this exercise"


class LessonGuide(QObject):
    """The note and the locks of one MainWindow's open lesson."""

    def __init__(self, window, note: LessonNote) -> None:
        super().__init__(window)
        self._window = window
        self._note = note
        self._name = ""
        self._title: str | None = None
        self._text: str | None = None
        self._locked: tuple[str, ...] = ()
        self._reason: str | None = None

    def show(self, lesson: Lesson, name: str) -> None:
        """The note and locks of `lesson` (opened as `name`), replacing the last lesson's; a
        lesson without a title, text or locks shows no note and locks nothing."""
        self._name = name
        self._title, self._text = lesson.title, lesson.text
        self._locked, self._reason = tuple(lesson.locked), lesson.locked_reason
        self._apply()

    @Slot()
    def close(self) -> None:
        """Lessons > Close lesson: the note goes and every control unlocks; the run stays."""
        self._name, self._title, self._text = "", None, None
        self._locked, self._reason = (), None
        self._apply()

    @property
    def is_open(self) -> bool:
        return bool(self._title or self._text or self._locked)

    @property
    def locked(self) -> tuple[str, ...]:
        return self._locked

    @property
    def reason(self) -> str | None:
        return self._reason

    @property
    def title(self) -> str | None:
        return self._title

    @property
    def text(self) -> str | None:
        return self._text

    def note_fields(self) -> dict:
        """The open lesson's note and locks as `Lesson` fields, for saving it again."""
        return {"title": self._title, "text": self._text, "locked": self._locked,
                "locked_reason": self._reason}

    def _apply(self) -> None:
        window, locked = self._window, self._locked
        tip = f"{LOCK_TIP}: {self._reason}" if self._reason else f"{LOCK_TIP}."
        window.controls.set_locked(locked, tip)
        # The menu's way to the same setting: a data file replaces the dataset.
        open_data = window.actions["open_data"]
        open_data.setEnabled("dataset" not in locked)
        open_data.setToolTip(tip if "dataset" in locked else open_data.statusTip())
        window.actions["close_lesson"].setEnabled(self.is_open)
        if self.is_open:
            self._note.show_lesson(self._title or self._name, self._text or "",
                                   locks_text(locked, self._reason))
        else:
            self._note.clear()


def locks_text(locked, reason: str | None) -> str:
    """'Locked by this exercise: every setting but Learning rate. Why: ...' ('' for none):
    when most are locked, the few free ones are the shorter and more useful list."""
    if not locked:
        return ""
    names = [SETTINGS[name].label for name in LOCKABLE if name in locked]
    free = [SETTINGS[name].label for name in LOCKABLE if name not in locked]
    if len(free) < len(names):
        what = f"every setting but {_listed(free)}" if free else "every setting"
    else:
        what = _listed(names)
    if reason:
        what += f". Why: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")
    return f"{LOCK_TIP}: {what}" + ("" if reason else ".")


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
