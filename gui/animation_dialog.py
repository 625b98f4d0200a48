"""File > Export animation...: which panel, which format, frame rate, length and steps, then a
progress bar with Cancel while the frames render (docs/ARCHITECTURE.md §12).

The dialog is not modal and runs no nested event loop: the file is chosen with a QFileDialog
opened with open(), and the rendering is gui/animation_recorder.py's signal-driven recorder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
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
    describe,
    ffmpeg_executable,
)
from gui.animation_recorder import ENDED, AnimationRecorder
from gui.export_dialog import WHOLE_WINDOW

FORMAT_NAMES = {AnimationFormat.GIF: "GIF", AnimationFormat.WEBP: "WebP",
                AnimationFormat.APNG: "Animated PNG", AnimationFormat.MP4: "MP4 (ffmpeg)"}
NOT_REWINDABLE = ("Pause the run, or let it finish, to export it: an animation shows the steps "
                  "the run has taken.")


def open_animation_dialog(window) -> AnimationDialog:
    """Show the window's animation dialog (one per window), brought up to date."""
    dialog = window.findChild(AnimationDialog, "animationDialog")
    if dialog is None:
        dialog = AnimationDialog(window)
    dialog.refresh()
    dialog.show()
    dialog.raise_()
    return dialog


class AnimationDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("animationDialog")
        self.setWindowTitle("Export animation")
        self.setModal(False)
        # The window's font (View > Font size) reaches this separate window too.
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation)
        self._window = window
        self.recorder: AnimationRecorder | None = None
        self._file_dialog: QFileDialog | None = None
        self.targetInput = QComboBox(objectName="animationTargetInput")
        self.formatInput = QComboBox(objectName="animationFormatInput")
        for fmt, name in FORMAT_NAMES.items():
            self.formatInput.addItem(name, fmt)
        if ffmpeg_executable() is None:  # listed, but not chosen: say what is missing
            item = self.formatInput.model().item(self.formatInput.count() - 1)
            item.setEnabled(False)
            item.setToolTip("Needs ffmpeg: pip install imageio-ffmpeg, or ffmpeg on PATH")
        self.fpsInput = QSpinBox(objectName="animationFpsInput", minimum=1, maximum=MAX_FPS,
                                 suffix=" frames/s", value=DEFAULT_FPS)
        self.secondsInput = QDoubleSpinBox(objectName="animationSecondsInput", decimals=1,
                                           minimum=0.1, maximum=MAX_SECONDS, singleStep=1.0,
                                           suffix=" s", value=DEFAULT_SECONDS)
        self.firstStepInput = QSpinBox(objectName="animationFirstStepInput")
        self.lastStepInput = QSpinBox(objectName="animationLastStepInput")
        steps = QHBoxLayout()
        steps.addWidget(self.firstStepInput)
        steps.addWidget(QLabel("to"))
        steps.addWidget(self.lastStepInput)
        self.summaryLabel = QLabel(objectName="animationSummary", wordWrap=True)
        self.progressBar = QProgressBar(objectName="animationProgress", textVisible=True)
        self.progressBar.hide()
        form = QFormLayout(self)
        form.addRow("Export", self.targetInput)
        form.addRow("Format", self.formatInput)
        form.addRow("Frame rate", self.fpsInput)
        form.addRow("Length", self.secondsInput)
        form.addRow("Steps", steps)
        form.addRow(self.summaryLabel)
        form.addRow(self.progressBar)
        self._buttons = QDialogButtonBox()
        self.exportButton = QPushButton("Export...", objectName="animationExportButton")
        self.cancelButton = QPushButton("Close", objectName="animationCancelButton")
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
        chosen = self.targetInput.currentText()
        self.targetInput.clear()
        self.targetInput.addItems(list(self.targets()))
        if self.targetInput.findText(chosen) >= 0:
            self.targetInput.setCurrentText(chosen)
        latest = self._window.scrubber.latest_step()
        following_end = self.lastStepInput.value() in (0, self.lastStepInput.maximum())
        for box in (self.firstStepInput, self.lastStepInput):
            box.setRange(0, latest)
        if following_end:
            self.lastStepInput.setValue(latest)
        self._update_summary()

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
        problem = None if self._window.scrubber.rewindable() else NOT_REWINDABLE
        if problem is None:
            try:
                text = describe(self.plan())
            except AnimationError as error:
                problem = f"Cannot export: {error}."
        self.summaryLabel.setText(problem or text)
        self.exportButton.setEnabled(problem is None)

    # ----- exporting ---------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        """Ask where to save (without a nested event loop), then export there."""
        fmt = self.animation_format()
        name = f"{self.targetInput.currentText().replace(' ', '-')}{fmt.value}"
        dialog = QFileDialog(self, "Export animation", name,
                             f"{FORMAT_NAMES[fmt]} (*{fmt.value})")
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
        target = self.targets().get(self.targetInput.currentText(), self._window)
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
            self.summaryLabel.setText(f"Cannot export: {error}")
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
        self.cancelButton.setText("Cancel" if on else "Close")
        self.progressBar.setVisible(on)
        self.progressBar.setRange(0, total)
        self.progressBar.setValue(0)
        if on:
            self.summaryLabel.setText("Rendering each frame from the run's timeline...")
        self.adjustSize()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progressBar.setValue(done)
        self.progressBar.setFormat(f"frame {done} of {total}")

    @Slot(str)
    def _on_finished(self, path: str) -> None:
        self._set_rendering(False)
        self._update_summary()
        self._window.statusBar().showMessage(
            f"Saved the animation to {path} ({Path(path).stat().st_size / 1e6:.1f} MB)", 8000)
        self.close()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._set_rendering(False)
        self._update_summary()
        self.summaryLabel.setText(f"Not saved: {message}")

    @Slot()
    def _on_cancelled(self) -> None:
        self._set_rendering(False)
        self._update_summary()
        self.summaryLabel.setText("Cancelled: no file was written.")
