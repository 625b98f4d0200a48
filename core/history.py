"""Metric history of a run: growable numpy buffers with amortised O(1) appends.

Costs are float64 (the gap-to-optimum view needs their last digits), accuracies float32 (they are
k / N); with 1.5x growth a run costs at most 36 bytes per step with a held-out split, 18 without.
Data with 2 to 16 features adds each step's (w1, w2), the cost landscape's path: 24 bytes per
step more, for its first PATH_MAX_STEPS steps only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # a window builds histories before torch (imported by the engine) has loaded
    from core.engine import ChunkMetrics

GROWTH = 1.5
# The landscape's path is kept for this many steps at most (24 MB with growth): a run may have
# 100 million steps, and drawing more points than the landscape has pixels shows nothing more.
PATH_MAX_STEPS = 1_000_000


class _GrowableArray:
    """A numpy array that grows by GROWTH when full, as pyqtgraph's scrollingPlots example does."""

    def __init__(self, dtype, capacity: int = 1024):
        self._data = np.empty(capacity, dtype=dtype)
        self._size = 0

    def extend(self, values: np.ndarray) -> None:
        needed = self._size + len(values)
        if needed > len(self._data):
            grown = np.empty(max(needed, int(len(self._data) * GROWTH)), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown
        self._data[self._size : needed] = values
        self._size = needed

    def truncate(self, size: int) -> None:
        self._size = min(self._size, size)

    def view(self) -> np.ndarray:
        """The filled part, read-only so that a plot cannot corrupt the history."""
        view = self._data[: self._size]
        view.flags.writeable = False
        return view

    @property
    def nbytes(self) -> int:
        return self._data.nbytes


class MetricHistory:
    """Everything recorded per step in one run; step i's entry is at index i."""

    def __init__(self, has_val: bool):
        self.has_val = has_val
        self._cost = _GrowableArray(np.float64)
        self._train_accuracy = _GrowableArray(np.float32)
        self._val_cost = _GrowableArray(np.float64) if has_val else None
        self._val_accuracy = _GrowableArray(np.float32) if has_val else None
        # Each step's (w1, w2) where the engine records them (the cost landscape's path);
        # kept like a curve, so that a branch truncates it with the others.
        self._path = (_GrowableArray(np.float64), _GrowableArray(np.float64))

    def __len__(self) -> int:
        return len(self._cost.view())

    def append(self, chunk: ChunkMetrics) -> None:
        if chunk.first_step != len(self):
            raise ValueError(f"chunk starts at step {chunk.first_step}, history has {len(self)}")
        self._cost.extend(chunk.cost)
        self._train_accuracy.extend(chunk.train_accuracy)
        if self.has_val:
            self._val_cost.extend(chunk.val_cost)
            self._val_accuracy.extend(chunk.val_accuracy)
        path = getattr(chunk, "path", None)
        if path is not None and self.path_length() == chunk.first_step:
            for array, column in zip(self._path, path[:PATH_MAX_STEPS - chunk.first_step].T,
                                     strict=True):
                array.extend(column)

    @classmethod
    def from_arrays(cls, arrays: dict) -> MetricHistory:
        """A history holding given curves (a pinned run's, a lesson file's): keys "cost",
        "train_accuracy" and, for a held-out split, "val_cost" and "val_accuracy"."""
        history = cls(has_val=arrays.get("val_cost") is not None)
        history._cost.extend(arrays["cost"])
        history._train_accuracy.extend(arrays["train_accuracy"])
        if history.has_val:
            history._val_cost.extend(arrays["val_cost"])
            history._val_accuracy.extend(arrays["val_accuracy"])
        return history

    def copy(self) -> MetricHistory:
        """An independent snapshot (a pinned run keeps it while the live run goes on)."""
        snapshot = MetricHistory(self.has_val)
        for mine, theirs in zip(self._arrays(), snapshot._arrays(), strict=True):
            theirs.extend(mine.view())
        return snapshot

    def truncate(self, steps: int) -> None:
        for array in (*self._arrays(), *self._path):
            array.truncate(steps)

    @property
    def cost(self) -> np.ndarray:
        return self._cost.view()

    @property
    def train_accuracy(self) -> np.ndarray:
        return self._train_accuracy.view()

    @property
    def val_cost(self) -> np.ndarray | None:
        return self._val_cost.view() if self.has_val else None

    @property
    def val_accuracy(self) -> np.ndarray | None:
        return self._val_accuracy.view() if self.has_val else None

    def path(self, steps: int) -> np.ndarray | None:
        """(steps, 2): (w1, w2) of steps 0 .. steps - 1, or None where the run did not record
        them all (many features; past PATH_MAX_STEPS; a lesson file's curves)."""
        if self.path_length() < steps:
            return None
        return self.path_rows(0, steps)

    def path_length(self) -> int:
        """How many steps' (w1, w2) are recorded, from step 0 on."""
        return len(self._path[0].view())

    def path_rows(self, first: int, end: int) -> np.ndarray:
        """(end - first, 2): the recorded (w1, w2) of steps first .. end - 1 (a copy)."""
        w1, w2 = (array.view() for array in self._path)
        return np.column_stack([w1[first:end], w2[first:end]])

    @property
    def nbytes(self) -> int:
        return sum(array.nbytes for array in (*self._arrays(), *self._path))

    def _arrays(self):
        return [a for a in (self._cost, self._train_accuracy, self._val_cost, self._val_accuracy)
                if a is not None]
