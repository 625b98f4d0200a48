"""File > Export animation...: which panel, which format, frame rate, length and steps, then a
progress bar with Cancel while the frames render (docs/ARCHITECTURE.md §12).

The dialog is not modal and runs no nested event loop: the file is chosen with a QFileDialog
opened with open(), and the rendering is gui/animation_recorder.py's signal-driven recorder.
Its texts follow the language (docs/ARCHITECTURE.md §14): the summary keeps what it says, not
the words, so that retranslate() can say it again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.animation import (
    DEFAULT_FPS,
    DEFAULT_SECONDS,
    MAX_FPS,
    MAX_SECONDS,
    AnimationError,
    AnimationFormat,
    RecordingPlan,
    description_values,
    ffmpeg_executable,
)
from gui.animation_recorder import ENDED, AnimationRecorder, shown_problem
from gui.export_dialog import TARGET_TEXTS, WHOLE_WINDOW
from gui.i18n import RetranslatingWidget, translate

# Formats by name: source texts, translated when shown (a name without an entry shows as it
# is: GIF, WebP and MP4 are names in every language).
FORMAT_NAMES = {AnimationFormat.GIF: "GIF", AnimationFormat.WEBP: "WebP",
                AnimationFormat.APNG: QT_TRANSLATE_NOOP("AnimationDialog", "Animated PNG"),
                AnimationFormat.MP4: "MP4 (ffmpeg)"}


def format_name(fmt: AnimationFormat) -> str:
    return translate("AnimationDialog", FORMAT_NAMES[fmt])


def describe_shown(plan: RecordingPlan) -> str:
    """core.animation.describe(plan) in the language of the moment."""
    return translate("AnimationDialog", "{frames} frames, {seconds} s at {fps} frames/s, "
                     "steps {first} to {last}").format(**description_values(plan))


def open_animation_dialog(window) -> AnimationDialog:
    """Show the window's animation dialog (one per window), brought up to date."""
    dialog = window.findChild(AnimationDialog, "animationDialog")
    if dialog is None:
        dialog = AnimationDialog(window)
    dialog.refresh()
    dialog.show()
    dialog.raise_()
    return dialog


class AnimationDialog(RetranslatingWidget, QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("animationDialog")
        self.setModal(False)
        # The window's font (View > Font size) reaches this separate window too.
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self._window = window
        self.recorder: AnimationRecorder | None = None
        self._file_dialog: QFileDialog | None = None
        self._summary: Callable[[], str] = lambda: ""  # what the summary says, in any language
        self._progress = (0, 1)  # frames done, of
        self.targetInput = QComboBox(objectName="animationTargetInput")
        self.formatInput = QComboBox(objectName="animationFormatInput")
        for fmt in FORMAT_NAMES:
            self.formatInput.addItem("", fmt)  # texts: retranslate()
        self._ffmpeg_missing = ffmpeg_executable() is None
        if self._ffmpeg_missing:  # listed, but not chosen: say what is missing
            self.formatInput.model().item(self.formatInput.count() - 1).setEnabled(False)
        self.fpsInput = QSpinBox(objectName="animationFpsInput", minimum=1, maximum=MAX_FPS,
                                 value=DEFAULT_FPS)
        self.secondsInput = QDoubleSpinBox(objectName="animationSecondsInput", decimals=1,
                                           minimum=0.1, maximum=MAX_SECONDS, singleStep=1.0,
                                           value=DEFAULT_SECONDS)
        self.firstStepInput = QSpinBox(objectName="animationFirstStepInput")
        self.lastStepInput = QSpinBox(objectName="animationLastStepInput")
        self._to = QLabel()
        steps = QHBoxLayout()
        steps.addWidget(self.firstStepInput)
        steps.addWidget(self._to)
        steps.addWidget(self.lastStepInput)
        self.summaryLabel = QLabel(objectName="animationSummary", wordWrap=True)
        self.progressBar = QProgressBar(objectName="animationProgress", textVisible=True)
        self.progressBar.hide()
        self._labels = [QLabel() for _ in range(5)]  # export, format, rate, length, steps
        form = QFormLayout(self)
        for label, field in zip(self._labels, (self.targetInput, self.formatInput,
                                               self.fpsInput, self.secondsInput, steps),
                                strict=True):
            form.addRow(label, field)
        form.addRow(self.summaryLabel)
        form.addRow(self.progressBar)
        self._buttons = QDialogButtonBox()
        self.exportButton = QPushButton(objectName="animationExportButton")
        self.cancelButton = QPushButton(objectName="animationCancelButton")
        self._buttons.addButton(self.exportButton, QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.addButton(self.cancelButton, QDialogButtonBox.ButtonRole.RejectRole)
        self.exportButton.clicked.connect(self.choose_file)
        self.cancelButton.clicked.connect(self._cancel_or_close)
        form.addRow(self._buttons)
        # Room for the summary on two lines at most, at any font size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        for box in (self.fpsInput, self.secondsInput, self.firstStepInput, self.lastStepInput):
            box.valueChanged.connect(self._update_summary)
        window.scrubber.rewindableChanged.connect(lambda _: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("AnimationDialog", "Export animation"))
        for index in range(self.formatInput.count()):
            self.formatInput.setItemText(index, format_name(self.formatInput.itemData(index)))
        if self._ffmpeg_missing:
            self.formatInput.setItemData(
                self.formatInput.count() - 1, translate(
                    "AnimationDialog", "Needs ffmpeg: {command}, or ffmpeg on PATH").format(
                    command="pip install imageio-ffmpeg"), Qt.ItemDataRole.ToolTipRole)
        self._show_target_names()
        self.fpsInput.setSuffix(translate("AnimationDialog", " frames/s"))
        self.secondsInput.setSuffix(translate("AnimationDialog", " s"))
        self._to.setText(translate("AnimationDialog", "to"))
        texts = (translate("AnimationDialog", "Export"), translate("AnimationDialog", "Format"),
                 translate("AnimationDialog", "Frame rate"),
                 translate("AnimationDialog", "Length"), translate("AnimationDialog", "Steps"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.exportButton.setText(translate("AnimationDialog", "Export..."))
        self.cancelButton.setText(translate("AnimationDialog", "Cancel") if self.rendering()
                                  else translate("AnimationDialog", "Close"))
        self.summaryLabel.setText(self._summary())
        self._show_progress_format()

    def _say(self, summary: Callable[[], str]) -> None:
        """The summary line, kept as what gives it (it is said again on a change of language)."""
        self._summary = summary
        self.summaryLabel.setText(summary())

    def _show_target_names(self) -> None:
        for index in range(self.targetInput.count()):
            name = self.targetInput.itemData(index)
            self.targetInput.setItemText(index, translate("ExportDialog", TARGET_TEXTS[name])
                                         if name in TARGET_TEXTS else name)

    # ----- choices -----------------------------------------------------------------------

    def targets(self) -> dict[str, QWidget]:
        """The whole window and every panel shown now, by name."""
        window = self._window
        return {WHOLE_WINDOW: window, **{name: panel for name, panel in window.panels().items()
                                         if panel.isVisible()}}

    def refresh(self) -> None:
        """Follow the window: the panels shown, the steps taken, whether it can be rewound."""
        if self.rendering():
            return
        chosen = self.targetInput.currentData()
        self.targetInput.clear()
        for name in self.targets():
            self.targetInput.addItem("", name)
        self._show_target_names()
        if chosen is not None:
            self.choose_target(chosen)
        latest = self._window.scrubber.latest_step()
        following_end = self.lastStepInput.value() in (0, self.lastStepInput.maximum())
        for box in (self.firstStepInput, self.lastStepInput):
            box.setRange(0, latest)
        if following_end:
            self.lastStepInput.setValue(latest)
        self._update_summary()

    def choose_target(self, name: str) -> None:
        """Export `name` (a panel's objectName, or WHOLE_WINDOW) if it is shown."""
        index = self.targetInput.findData(name)
        if index >= 0:
            self.targetInput.setCurrentIndex(index)

    def plan(self) -> RecordingPlan:
        """The dialog's choices; AnimationError when they make no animation."""
        fps = self.fpsInput.value()
        return RecordingPlan(fps=fps, frames=max(1, round(fps * self.secondsInput.value())),
                             first_step=self.firstStepInput.value(),
                             last_step=self.lastStepInput.value())

    def animation_format(self) -> AnimationFormat:
        return self.formatInput.currentData()

    @Slot()
    def _update_summary(self) -> None:
        if self.rendering():
            return
        if not self._window.scrubber.rewindable():
            self._say(lambda: translate(
                "AnimationDialog", "Pause the run, or let it finish, to export it: an "
                "animation shows the steps the run has taken."))
            self.exportButton.setEnabled(False)
            return
        try:
            plan = self.plan()
        except AnimationError as error:  # core's words: English (docs/ARCHITECTURE.md §14)
            self._say(lambda problem=error: translate(
                "AnimationDialog", "Cannot export: {problem}.").format(
                problem=shown_problem(problem)))
            self.exportButton.setEnabled(False)
            return
        self._say(lambda: describe_shown(plan))
        self.exportButton.setEnabled(True)

    # ----- exporting ---------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        """Ask where to save (without a nested event loop), then export there."""
        fmt = self.animation_format()
        name = f"{(self.targetInput.currentData() or WHOLE_WINDOW).replace(' ', '-')}{fmt.value}"
        dialog = QFileDialog(self, translate("AnimationDialog", "Export animation"), name,
                             f"{format_name(fmt)} (*{fmt.value})")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(fmt.value.lstrip("."))
        dialog.fileSelected.connect(self.export_to)
        self._file_dialog = dialog
        dialog.open()

    @Slot(str)
    def export_to(self, path: str) -> AnimationRecorder | None:
        """Start rendering into `path` (its ending chooses the format); None if refused, with
        the reason shown in the dialog."""
        if not path or self.rendering():
            return None
        target = self.targets().get(self.targetInput.currentData(), self._window)
        try:
            recorder = AnimationRecorder(self._window, target, self.plan(), path)
            recorder.progressed.connect(self._on_progress)
            recorder.finished.connect(self._on_finished)
            recorder.failed.connect(self._on_failed)
            recorder.cancelled.connect(self._on_cancelled)
            self.recorder = recorder
            self._set_rendering(True, recorder.total)
            recorder.start()
        except AnimationError as error:
            self.recorder = None
            self._set_rendering(False)
            self._say(lambda problem=error: translate(
                "AnimationDialog", "Cannot export: {problem}").format(
                problem=shown_problem(problem)))
            return None
        return recorder

    def rendering(self) -> bool:
        return self.recorder is not None and self.recorder.state not in ENDED

    @Slot()
    def _cancel_or_close(self) -> None:
        if self.rendering():
            self.recorder.cancel()
        else:
            self.close()

    def closeEvent(self, event) -> None:
        if self.rendering():  # closing the dialog stops the export: no half-written file
            self.recorder.cancel()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape, as closing
        if self.rendering():
            self.recorder.cancel()
        super().reject()

    def _set_rendering(self, on: bool, total: int = 1) -> None:
        for widget in (self.targetInput, self.formatInput, self.fpsInput, self.secondsInput,
                       self.firstStepInput, self.lastStepInput, self.exportButton):
            widget.setEnabled(not on)
        self.cancelButton.setText(translate("AnimationDialog", "Cancel") if on
                                  else translate("AnimationDialog", "Close"))
        self.progressBar.setVisible(on)
        self.progressBar.setRange(0, total)
        self.progressBar.setValue(0)
        self._progress = (0, total)
        self._show_progress_format()
        if on:
            self._say(lambda: translate("AnimationDialog",
                                        "Rendering each frame from the run's timeline..."))
        self.adjustSize()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progressBar.setValue(done)
        self._progress = (done, total)
        self._show_progress_format()

    def _show_progress_format(self) -> None:
        done, total = self._progress
        self.progressBar.setFormat(translate("AnimationDialog", "frame {done} of {total}")
                                   .format(done=done, total=total))

    @Slot(str)
    def _on_finished(self, path: str) -> None:
        self._set_rendering(False)
        self._update_summary()
        self._window.statusBar().showMessage(translate(
            "AnimationDialog", "Saved the animation to {path} ({size} MB)").format(
            path=path, size=f"{Path(path).stat().st_size / 1e6:.1f}"), 8000)
        self.close()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._set_rendering(False)
        self._update_summary()
        error = self.recorder.error if self.recorder is not None else None
        self._say(lambda: translate("AnimationDialog", "Not saved: {problem}").format(
            problem=message if error is None else shown_problem(error)))

    @Slot()
    def _on_cancelled(self) -> None:
        self._set_rendering(False)
        self._update_summary()
        self._say(lambda: translate("AnimationDialog", "Cancelled: no file was written."))
