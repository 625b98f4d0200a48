"""The decision threshold t: which samples are called class 1 (s(z) > t), a view setting that
training never uses (core/classification.py, docs/ARCHITECTURE.md §16).

`Threshold` holds the value; the views read it. `ThresholdControl` keeps its two editors, the
View group's spin box and the line on the samples panel, in step with it, and redraws the model
views at the step shown whenever it moves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from core.classification import DEFAULT_THRESHOLD
from gui.i18n import translate

THRESHOLD_RANGE = (0.001, 0.999)  # what the spin box and the line reach; files: 0 < t < 1
DRAG_RESOLUTION = 0.01  # a dragged line stops at round values, the spin box's steps


class Threshold(QObject):
    """The decision threshold, a probability strictly between 0 and 1."""

    thresholdChanged = Signal(float)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._value = DEFAULT_THRESHOLD

    @property
    def value(self) -> float:
        return self._value

    def set(self, value: float) -> None:
        """Move the threshold (ValueError outside (0, 1): callers validate what users type)."""
        value = float(value)
        if not 0.0 < value < 1.0:
            raise ValueError(f"the threshold must be between 0 and 1, got {value!r}")
        if value != self._value:
            self._value = value
            self.thresholdChanged.emit(value)


class ThresholdControl(QObject):
    """Wires a MainWindow's threshold to its spin box, its draggable line and its redraws."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.threshold: Threshold = window.plots.threshold
        spin = window.controls.thresholdInput
        spin.setValue(self.threshold.value)
        spin.valueChanged.connect(self._on_typed)
        window.samplesPlot.thresholdDragged.connect(self._on_dragged)
        self.threshold.thresholdChanged.connect(self._on_changed)

    @Slot(float)
    def _on_typed(self, value: float) -> None:
        self.threshold.set(value)

    @Slot(float)
    def _on_dragged(self, value: float) -> None:
        low, high = THRESHOLD_RANGE
        snapped = round(value / DRAG_RESOLUTION) * DRAG_RESOLUTION
        self.threshold.set(min(max(round(snapped, 3), low), high))

    @Slot(float)
    def _on_changed(self, value: float) -> None:
        window = self._window
        spin = window.controls.thresholdInput
        if abs(spin.value() - value) > 1e-9:
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        window.frames.draw_now()  # the model views at the step the scrubber shows
        window.status.message(translate(
            "ThresholdControl", "Threshold {value:g}: samples with p > {value:g} are called "
            "class 1 (training is unchanged)").format(value=value), 4000)
