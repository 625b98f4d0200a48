"""File > Save lesson as exercise...: choose which controls students cannot change (and why),
the lesson note they see, then where to save. Both dialogs open with open(), never exec():
a nested event loop hung CI (docs/ARCHITECTURE.md §13)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from core.lesson_file import LOCKABLE, Lesson, LessonFileError, save_lesson
from core.settings_table import SETTINGS
from gui.i18n import RetranslatingWidget, translate
from gui.lesson_guide import lesson_text


@dataclass(frozen=True)
class ExerciseChoice:
    """What the teacher chose: the locked settings, why, the note, and whether the current
    run (history, pins, markers, look) goes into the file."""

    locked: tuple[str, ...] = ()
    reason: str | None = None
    title: str | None = None
    text: str | None = None
    include_run: bool = False


class ExerciseDialog(RetranslatingWidget, QDialog):
    """The choices; `chosen` carries them when the teacher presses Save..."""

    chosen = Signal(object)  # ExerciseChoice

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDialog")
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        grid = QGridLayout()
        self.lock_boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(LOCKABLE):
            box = QCheckBox()
            box.setObjectName(f"lock_{name}")
            self.lock_boxes[name] = box
            grid.addWidget(box, index // 2, index % 2)
        self._lock_all, self._lock_none = QPushButton(), QPushButton()
        self._lock_all.clicked.connect(lambda: self._tick_all(True))
        self._lock_none.clicked.connect(lambda: self._tick_all(False))
        quick = QHBoxLayout()
        quick.addWidget(self._lock_all)
        quick.addWidget(self._lock_none)
        quick.addStretch(1)
        self.reasonInput = QLineEdit(objectName="lockReasonInput")
        self.titleInput = QLineEdit(objectName="exerciseTitleInput")
        self.textInput = QPlainTextEdit(objectName="exerciseTextInput")
        self.textInput.setTabChangesFocus(True)
        self.includeRunInput = QCheckBox(objectName="includeRunInput")
        self._labels = [QLabel() for _ in range(3)]  # why, title, text
        form = QFormLayout()
        for label, field in zip(self._labels, (self.reasonInput, self.titleInput,
                                               self.textInput), strict=True):
            form.addRow(label, field)
        # Save... is ours, not the standard Save: a button box gives its standard buttons
        # their own texts again on a change of language, after ours.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.saveButton = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.saveButton.setObjectName("exerciseSaveButton")
        self.saveButton.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(grid)
        layout.addLayout(quick)
        layout.addLayout(form)
        layout.addWidget(self.includeRunInput)
        layout.addWidget(buttons)
        self.accepted.connect(lambda: self.chosen.emit(self.choice()))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("ExerciseDialog", "Save lesson as exercise"))
        self._intro.setText(translate(
            "ExerciseDialog", "Students who open the exercise cannot change the controls "
            "ticked here; the lesson note tells them which are locked, and why."))
        for name, box in self.lock_boxes.items():
            box.setText(translate("Setting", SETTINGS[name].label))
            box.setToolTip(translate("Setting", SETTINGS[name].help))
        self._lock_all.setText(translate("ExerciseDialog", "Lock all"))
        self._lock_none.setText(translate("ExerciseDialog", "Lock none"))
        self.reasonInput.setPlaceholderText(translate(
            "ExerciseDialog", "e.g. this exercise is about the learning rate"))
        self.titleInput.setPlaceholderText(translate(
            "ExerciseDialog", "e.g. Find a learning rate that converges"))
        self.textInput.setPlaceholderText(translate(
            "ExerciseDialog", "What to do, and what to look at"))
        self.includeRunInput.setText(translate(
            "ExerciseDialog", "Include this run (history, pins, look); without it, students "
            "start at step 0"))
        texts = (translate("ExerciseDialog", "Why locked (optional)"),
                 translate("ExerciseDialog", "Title (optional)"),
                 translate("ExerciseDialog", "Lesson text (optional)"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.saveButton.setText(translate("ExerciseDialog", "Save..."))

    def prefill(self, choice: ExerciseChoice) -> None:
        """Start from `choice` (the open lesson's locks and note)."""
        for name, box in self.lock_boxes.items():
            box.setChecked(name in choice.locked)
        self.reasonInput.setText(choice.reason or "")
        self.titleInput.setText(choice.title or "")
        self.textInput.setPlainText(choice.text or "")
        self.includeRunInput.setChecked(choice.include_run)

    def choice(self) -> ExerciseChoice:
        """The ticked controls and the fields, blank ones as None (a lesson file refuses empty
        text); a reason without any lock has nothing to explain and is dropped."""
        locked = tuple(name for name, box in self.lock_boxes.items() if box.isChecked())
        return ExerciseChoice(
            locked=locked,
            reason=_filled(self.reasonInput.text()) if locked else None,
            title=_filled(self.titleInput.text()),
            text=_filled(self.textInput.toPlainText()),
            include_run=self.includeRunInput.isChecked(),
        )

    def _tick_all(self, on: bool) -> None:
        for box in self.lock_boxes.values():
            box.setChecked(on)


def _filled(text: str) -> str | None:
    return text.strip() or None


class ExerciseSaver(QObject):
    """File > Save lesson as exercise... of one MainWindow."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: ExerciseDialog | None = None

    @Slot()
    def open_dialog(self) -> None:
        """Show the choices (non-modal), starting from the open lesson's locks and note."""
        if self.dialog is None:
            self.dialog = ExerciseDialog(self._window)
            self.dialog.chosen.connect(self._ask_path)
        # A dialog is a window of its own: the main window's font size (View > Font size)
        # does not reach it by itself.
        self.dialog.setFont(self._window.font())
        text = self.dialog.textInput
        text.setMinimumHeight(4 * text.fontMetrics().lineSpacing() + 12)
        self.dialog.adjustSize()
        # The note as the teacher reads it: a bundled lesson's texts in the window's language.
        guide = self._window.guide
        self.dialog.prefill(ExerciseChoice(guide.locked, lesson_text(guide.reason),
                                           lesson_text(guide.title), lesson_text(guide.text)))
        self.dialog.open()

    @Slot(object)
    def _ask_path(self, choice: ExerciseChoice) -> None:
        files = QFileDialog(self._window, translate("ExerciseSaver", "Save exercise"),
                            "exercise.json", translate("ExerciseSaver", "Lesson (*.json)"))
        files.setObjectName("exerciseFileDialog")
        files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        files.setDefaultSuffix("json")
        files.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        files.fileSelected.connect(lambda path: self.save(path, choice))
        files.open()

    def save(self, path: str, choice: ExerciseChoice) -> bool:
        """Write the window's lesson with `choice`'s locks and note to `path`; a refusal (a
        title too long, a folder that cannot be written) shows a dialog and writes nothing."""
        window = self._window
        try:
            save_lesson(exercise_lesson(window.files.lesson(), choice), path)
        except LessonFileError as error:
            window.status.show_problem("Could not save the exercise", str(error))
            return False
        window.status.message(
            translate("ExerciseSaver", "Saved the exercise to {path}").format(path=path))
        return True


def exercise_lesson(lesson: Lesson, choice: ExerciseChoice) -> Lesson:
    """`lesson` as the exercise `choice` describes: without the run unless it is included
    (students then start from the settings at step 0, in their own look)."""
    if not choice.include_run:
        empty = {"cost": np.empty(0), "train_accuracy": np.empty(0), "val_cost": None,
                 "val_accuracy": None}
        lesson = replace(lesson, history=empty, pins=[], markers=[], settings={})
    return replace(lesson, title=choice.title, text=choice.text, locked=choice.locked,
                   locked_reason=choice.reason)
