"""Rendering an animation from the run's timeline (docs/ARCHITECTURE.md §12).

The recorder rewinds the window step by step with the scrubber (gui/scrubber.py: a seek asks
the worker for the model at that step, core/timeline.py) and, once the views show the step,
renders the chosen widget into an image (gui/export.py: render_image), never grabbing the
screen: the frames are the same on every machine, and equal to `--screenshot --at-step` of
their step. It is a small state machine driven by the scrubber's signals and zero-delay timers;
it never runs a nested event loop. Files are written by core/animation.py.

Its own refusals are `RecorderError`s: English as text (--record prints them), and in the
window's language where the dialog shows them (docs/ARCHITECTURE.md §14); the file writer's
errors stay English, as the other export errors do.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from core.animation import AnimationError, AnimationWriter, RecordingPlan
from gui.export import render_image
from gui.i18n import translate


class RecorderState(Enum):
    READY = "ready"
    SEEKING = "seeking"  # a step was asked for; its model has not been drawn yet
    RENDERING = "rendering"  # its model is drawn; the frame is rendered at the next turn
    FINISHED = "finished"
    CANCELLED = "cancelled"
    FAILED = "failed"


ENDED = (RecorderState.FINISHED, RecorderState.CANCELLED, RecorderState.FAILED)


class RecorderError(AnimationError):
    """A refusal of the recorder's own: `source` (an English text marked for lupdate in
    context "AnimationRecorder") with its `values`; str() is the English, shown() the text in
    the language of the moment."""

    def __init__(self, source: str, **values) -> None:
        super().__init__(source.format(**values))
        self.source, self.values = source, values

    def shown(self) -> str:
        return translate("AnimationRecorder", self.source).format(**self.values)


def shown_problem(error: Exception) -> str:
    """What the window shows of an export's `error`: a RecorderError in its language, any
    other (the file writer's, core's) as it is."""
    return error.shown() if isinstance(error, RecorderError) else str(error)


def image_to_rgb(image: QImage) -> np.ndarray:
    """An H x W x 3 uint8 copy of `image`'s pixels."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    rows = np.frombuffer(rgb.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return rows[:, :width * 3].reshape(height, width, 3).copy()


class AnimationRecorder(QObject):
    """Renders `plan` of `window` (a MainWindow whose run is paused or ended) into `path`:
    `target` is the window or one of its panels. Emits `progressed(done, total)` after each
    rendered step, then one of `finished(path)`, `failed(message)`, `cancelled()`; afterwards
    the window shows the step it showed before. After a failure, `error` is why."""

    progressed = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, window, target: QWidget, plan: RecordingPlan, path: str,
                 scale: float = 1.0) -> None:
        super().__init__(window)
        self._window, self._target, self._plan = window, target, plan
        self._path, self._scale = path, scale
        self._scrubber = window.scrubber
        self._held = plan.held_steps()  # (step, frames) in order: one render each
        self._index = 0
        self._writer: AnimationWriter | None = None
        self._return_to = self._scrubber.shown_step()
        self.state = RecorderState.READY
        self.error: AnimationError | None = None

    @property
    def total(self) -> int:
        """How many steps are rendered (fewer than the frames when steps are held)."""
        return len(self._held)

    def start(self) -> None:
        """Begin; a file that cannot be made raises AnimationError (nothing is then written)."""
        if not self._scrubber.rewindable():
            raise RecorderError(QT_TRANSLATE_NOOP(
                "AnimationRecorder", "pause the run (or let it end) first: an animation shows "
                "the steps the run has taken"))
        if self._plan.last_step > self._scrubber.latest_step():
            raise RecorderError(QT_TRANSLATE_NOOP(
                "AnimationRecorder", "the run has taken {taken} steps; the animation asks for "
                "step {asked}"), taken=f"{self._scrubber.latest_step():,}",
                asked=f"{self._plan.last_step:,}")
        self._writer = AnimationWriter(self._path, self._plan.fps)
        self._scrubber.shownStepChanged.connect(self._on_step_shown)
        self._scrubber.rewindableChanged.connect(self._on_rewindable)
        self._seek_next()

    @Slot()
    def cancel(self) -> None:
        """Stop now; no file is left behind."""
        if self.state not in ENDED:
            self._end(RecorderState.CANCELLED)
            self.cancelled.emit()

    def _seek_next(self) -> None:
        self.state = RecorderState.SEEKING
        # A seek to the latest step is answered at once, inside this call.
        self._scrubber.seek(self._held[self._index][0])

    @Slot(int)
    def _on_step_shown(self, step: int) -> None:
        if self.state is not RecorderState.SEEKING:
            return
        wanted = self._held[self._index][0]
        if step != wanted:  # someone moved the cursor meanwhile: ask again
            self._scrubber.seek(wanted)
            return
        self.state = RecorderState.RENDERING
        # At the next turn of the event loop, as a screenshot does after its seek: layouts the
        # new step changed (tick labels, legends) are applied by then.
        QTimer.singleShot(0, self._render)

    @Slot()
    def _render(self) -> None:
        if self.state is not RecorderState.RENDERING:
            return
        step, frames = self._held[self._index]
        if self._scrubber.shown_step() != step:  # moved between the answer and this turn
            self._seek_next()
            return
        window = self._window
        window.redraw_now()
        window.samplesPlot.reset_view()  # the logit range of this step, as a screenshot's
        try:
            self._writer.add(image_to_rgb(render_image(self._target, self._scale)), frames)
        except AnimationError as error:
            self._fail(error)
            return
        self._index += 1
        self.progressed.emit(self._index, self.total)
        if self._index < self.total:
            self._seek_next()
            return
        try:
            path = self._writer.close()
        except AnimationError as error:
            self._fail(error)
            return
        self._end(RecorderState.FINISHED)
        self.finished.emit(str(path))

    @Slot(bool)
    def _on_rewindable(self, rewindable: bool) -> None:
        if not rewindable and self.state not in ENDED:
            self._fail(RecorderError(QT_TRANSLATE_NOOP(
                "AnimationRecorder", "the run was started or reset while the animation was "
                "rendered; nothing was saved")))

    def _fail(self, error: AnimationError) -> None:
        self.error = error
        self._end(RecorderState.FAILED)
        self.failed.emit(str(error))  # English: --record prints it

    def _end(self, state: RecorderState) -> None:
        self.state = state
        if state is not RecorderState.FINISHED and self._writer is not None:
            self._writer.discard()
        for signal, slot in ((self._scrubber.shownStepChanged, self._on_step_shown),
                             (self._scrubber.rewindableChanged, self._on_rewindable)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):  # never connected: start() refused
                pass
        if self._scrubber.rewindable():
            self._scrubber.seek(self._return_to)
