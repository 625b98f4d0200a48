"""The exact optimum of the current objective on the cost plot: the dashed reference line and
the gap view (cost minus optimum). Searched again whenever the data or L2 change; an answer
for older data or another L2 is dropped."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from gui.i18n import translate
from gui.optimum_finder import OptimumFinder


class ReferenceOptimum(QObject):
    """Keeps `window`'s cost plot (a MainWindow's) showing the optimum of its lesson."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self.optimum = None
        self._awaited = None  # the tag of the search whose answer has not reached this thread
        self._finder = OptimumFinder(self)
        self._finder.found.connect(self._on_found)
        self._finder.failed.connect(self._on_failed)

    def request(self) -> None:
        """Search for the optimum of the window's current data and L2."""
        window = self._window
        self.optimum, self._awaited = None, None
        window.lossPlot.set_reference(None)
        info = window.engine_info
        if info is None or not OptimumFinder.available():
            window.actions["gap_view"].setEnabled(False)
            return
        self._awaited = self._tag()
        self._finder.request(self._awaited, info.train_X, info.train_y, window.config.l2)

    def pending(self) -> bool:
        """Whether the answer to the last search has yet to be drawn. (Not the finder's
        `busy()`: between the search's end and its queued signal's arrival a screenshot took
        the picture without the optimum line.)"""
        return self._awaited is not None

    @Slot(bool)
    def set_gap_view(self, on: bool) -> None:
        """Cost minus the exact optimum, on a log axis (needs the optimum)."""
        self._window.lossPlot.set_gap_view(on)
        if on and self.optimum is None:
            self._window.status.message(translate(
                "ReferenceOptimum", "The gap view appears once the optimum is known."))

    def shutdown(self) -> None:
        self._finder.shutdown()

    def _tag(self):
        info = self._window.engine_info
        return None if info is None else (info.run_id, self._window.config.l2)

    @Slot(object, object)
    def _on_found(self, tag, optimum) -> None:
        if tag is None or tag != self._tag():
            return  # an answer for older data or another L2
        self._awaited = None
        self.optimum = optimum
        if optimum is None:
            return
        if optimum.converged:
            self._window.lossPlot.set_reference(optimum.cost)
        else:
            self._window.status.message(translate(
                "ReferenceOptimum", "No finite optimum: the data are separable and L2 is 0, "
                "so the cost keeps falling towards 0 as the weights grow."), 10000)

    @Slot(object, str)
    def _on_failed(self, tag, message: str) -> None:
        if tag == self._awaited:
            self._awaited = None
        self._window.status.message(translate(
            "ReferenceOptimum", "Could not compute the optimum: {message}").format(
            message=message), 8000)
