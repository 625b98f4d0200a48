"""Finds the exact optimum of the current objective off the GUI thread (scipy L-BFGS, < 1 s).

The answer is the loss plot's dashed reference line; with scipy missing the feature hides.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import QObject, Signal

from core.optimum import optimum_available, reference_optimum


class OptimumFinder(QObject):
    """One background thread; each answer is tagged so that a stale one can be ignored."""

    found = Signal(object, object)  # tag, Optimum (None: scipy is missing)
    failed = Signal(object, str)  # tag, message

    def __init__(self, parent=None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="optimum")
        self._shut_down = False
        self._latest: Future | None = None

    @staticmethod
    def available() -> bool:
        return optimum_available()

    def request(self, tag, X: np.ndarray, y: np.ndarray, l2: float) -> None:
        """Start a search; `found(tag, optimum)` arrives later in the GUI thread."""
        if self._shut_down:
            return  # the window closed; a signal the worker sent before it stopped came late
        future = self._latest = self._executor.submit(reference_optimum, X, y, l2)
        future.add_done_callback(lambda done: self._deliver(tag, done))

    def _deliver(self, tag, future: Future) -> None:
        # Runs in the executor's thread: the signals are queued to the window's thread.
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self.failed.emit(tag, f"{error.__class__.__name__}: {error}")
        else:
            self.found.emit(tag, future.result())

    def shutdown(self) -> None:
        self._shut_down = True
        self._executor.shutdown(wait=True, cancel_futures=True)
