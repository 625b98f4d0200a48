"""The open lesson's guidance: its title and text in the lesson note, and the controls an
exercise locks (docs/ARCHITECTURE.md §13).

What unlocks: opening another lesson (its own locks, or none, replace them) and Lessons >
Close lesson. What does not: Reset, choosing another dataset or opening a data file (when the
dataset is not locked, the exercise allows it), saving the lesson (it stays the exercise).

The note and the lock texts are said in the language of the moment, again on every change:
a bundled lesson's title, text and reason are translated in context "Lesson" (listed for
lupdate in gui/core_texts.py); a lesson file of the user's own has no entry and shows as it
was written (docs/ARCHITECTURE.md §14)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from core.lesson_file import LOCKABLE, Lesson
from core.settings_table import SETTINGS
from gui.i18n import OVERRIDING_TIP, RetranslatingObject, translate
from gui.lesson_note import LessonNote

SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")


def lesson_text(text: str | None) -> str | None:
    """A lesson's title, text or reason in the language of the moment: a bundled lesson's
    translation, or the text as written (translate() returns the source without an entry)."""
    return translate("Lesson", text) if text else text


class LessonGuide(RetranslatingObject, QObject):
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

    def retranslate(self) -> None:
        """The note and the locks' tooltips again, in the new language; a folded note stays
        folded."""
        self._apply(unfold=False)

    @Slot()
    def close(self) -> None:
        """Lessons > Close lesson: the note goes, every control unlocks, the overview shows
        the usual panels; the run stays."""
        self._name, self._title, self._text = "", None, None
        self._locked, self._reason = (), None
        self._apply()
        self._window.plots.set_lesson_focus(())  # the usual panels again at big fonts

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

    def _apply(self, unfold: bool = True) -> None:
        window, locked = self._window, self._locked
        window.controls.set_locked(locked, lock_tip(self._reason))
        # The menu's way to the same setting: a data file replaces the dataset. The lock's tip
        # overrides the action's own (gui/menus.py keeps it through a change of language).
        open_data = window.actions["open_data"]
        open_data.setEnabled("dataset" not in locked)
        open_data.setProperty(OVERRIDING_TIP, lock_tip(self._reason) if "dataset" in locked
                              else None)
        open_data.setToolTip(open_data.property(OVERRIDING_TIP) or open_data.statusTip())
        window.actions["close_lesson"].setEnabled(self.is_open)
        if not self.is_open:
            self._note.clear()
            return
        texts = (lesson_text(self._title) or self._name, lesson_text(self._text) or "",
                 locks_text(locked, self._reason))
        if unfold:
            self._note.show_lesson(*texts)
        else:
            self._note.set_texts(*texts)


def lock_tip(reason: str | None) -> str:
    """'Locked by this exercise: <why>', first in a locked control's tooltip."""
    if reason:
        return translate("LessonGuide", "Locked by this exercise: {why}").format(
            why=lesson_text(reason))
    return translate("LessonGuide", "Locked by this exercise.")


def locks_text(locked, reason: str | None) -> str:
    """'Locked by this exercise: every setting but Learning rate. Why: ...' ('' for none):
    when most are locked, the few free ones are the shorter and more useful list."""
    if not locked:
        return ""
    names = [translate("Setting", SETTINGS[name].label) for name in LOCKABLE if name in locked]
    free = [translate("Setting", SETTINGS[name].label) for name in LOCKABLE
            if name not in locked]
    if len(free) < len(names):
        what = (translate("LessonGuide", "every setting but {settings}").format(
            settings=_listed(free)) if free else translate("LessonGuide", "every setting"))
    else:
        what = _listed(names)
    if not reason:
        return translate("LessonGuide", "Locked by this exercise: {what}.").format(what=what)
    why = lesson_text(reason)
    if why.endswith(SENTENCE_ENDS):
        return translate("LessonGuide", "Locked by this exercise: {what}. Why: {why}").format(
            what=what, why=why)
    return translate("LessonGuide", "Locked by this exercise: {what}. Why: {why}.").format(
        what=what, why=why)


def _listed(labels: list[str]) -> str:
    """'A, B and C', or the language's own way to list."""
    if len(labels) == 1:
        return labels[0]
    return translate("LessonGuide", "{items} and {last}").format(
        items=translate("LessonGuide", ", ").join(labels[:-1]), last=labels[-1])
