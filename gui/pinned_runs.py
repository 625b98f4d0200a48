"""Pinned runs: a run's curves kept as faded ghosts under the next runs, to compare them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from core.history import MetricHistory
from gui.i18n import translate
from gui.plots.history_plot import PIN_LABEL_PREFIX


class PinnedRuns(QObject):
    """The ghosts of one MainWindow, as (label, history) pairs, oldest first."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.pins: list[tuple[str, MetricHistory]] = []

    @Slot()
    def pin_run(self) -> None:
        """Keep this run's curves as faded ghosts under the next runs."""
        window = self._window
        if len(window.history) == 0:
            window.status.message(translate("PinnedRuns",
                                            "Nothing to pin yet: train a few steps first."))
            return
        # Named with its history: a run that went lr 0.1 -> 1 -> 0.01 is not "lr 0.01".
        settings = window.run_record.label()
        history = window.history.copy()
        self.pins.append((PIN_LABEL_PREFIX + settings, history))
        window.plots.remember_pin_markers(history, window.lossPlot.markers())
        self.show()
        window.status.message(translate(
            "PinnedRuns", "Pinned the run ({settings}). Change a setting, Reset and Start to "
            "compare.").format(settings=settings), 8000)

    @Slot()
    def clear_pins(self) -> None:
        self.replace([])

    def replace(self, pins: list[tuple[str, MetricHistory]]) -> None:
        """Pins from a lesson file (or none)."""
        self.pins = list(pins)
        self.show()

    def show(self) -> None:
        self._window.plots.show_pins(self.pins)
