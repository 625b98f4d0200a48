"""Which samples the user picked in the sample views, and what the inspector says about them
(docs/ARCHITECTURE.md §16: "Linked samples and the sample inspector").

Qt-free: the window's selection object (gui/sample_selection.py) holds a `SampleSelection`,
the views find the samples under a click or inside a dragged rectangle with the functions here,
and the inspector draws the numbers `sample_numbers` computes from the logits of the step shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np


class SampleSet(Enum):
    """The set a selected sample belongs to: indices count within their own set."""

    TRAINING = "training"
    HELD_OUT = "held-out"


class SelectMode(Enum):
    """What a click or a dragged rectangle does to the selection."""

    REPLACE = "replace"  # a plain click or drag
    ADD = "add"  # with Shift held
    # With Ctrl (Cmd on a Mac) held: each picked sample leaves the selection if it was in it
    # and joins it if not, as Ctrl-click and a Ctrl rubber band do in file managers (Explorer,
    # Finder, Dolphin) and Qt's item views.
    TOGGLE = "toggle"


def _indices(values) -> np.ndarray:
    """Sorted, distinct int64 indices."""
    return np.unique(np.asarray(values, dtype=np.int64).ravel())


@dataclass(frozen=True)
class SampleSelection:
    """Selected training and held-out samples, by index within their set (sorted, distinct)."""

    training: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    held_out: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @classmethod
    def of(cls, training=(), held_out=()) -> SampleSelection:
        return cls(_indices(training), _indices(held_out))

    def indices(self, sample_set: SampleSet) -> np.ndarray:
        return self.training if sample_set is SampleSet.TRAINING else self.held_out

    def __len__(self) -> int:
        return len(self.training) + len(self.held_out)

    def is_empty(self) -> bool:
        return len(self) == 0

    def combined(self, picked: SampleSelection, mode: SelectMode) -> SampleSelection:
        """This selection after `picked` was clicked or dragged over in `mode`."""
        if mode is SelectMode.REPLACE:
            return picked
        if mode is SelectMode.TOGGLE:
            return SampleSelection(np.setxor1d(self.training, picked.training),
                                   np.setxor1d(self.held_out, picked.held_out))
        return SampleSelection.of(np.concatenate([self.training, picked.training]),
                                  np.concatenate([self.held_out, picked.held_out]))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SampleSelection)
                and np.array_equal(self.training, other.training)
                and np.array_equal(self.held_out, other.held_out))

    __hash__ = None  # mutable arrays inside: equal selections need not hash alike


# ----- what the inspector shows ----------------------------------------------------------


def probabilities(z: np.ndarray) -> np.ndarray:
    """s(z) = 1 / (1 + e^-z), without overflow for any finite z."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def cost_terms(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each sample's term of the cost, -y log s(z) - (1 - y) log(1 - s(z)), computed as
    softplus(z) - y z (docs/ARCHITECTURE.md §2): the naive form gives inf once |z| > ~37 in
    float64 (~17 in float32)."""
    z = np.asarray(z, dtype=np.float64)
    return np.logaddexp(0.0, z) - np.asarray(y, dtype=np.float64) * z


@dataclass(frozen=True)
class SampleNumbers:
    """Per selected sample of one set: its index, label y, logit z, p = s(z), cost term and
    its pull on the bias p - y (the sample's share of the bias gradient, times N)."""

    sample_set: SampleSet
    index: np.ndarray
    label: np.ndarray
    z: np.ndarray
    p: np.ndarray
    cost: np.ndarray
    pull: np.ndarray

    def __len__(self) -> int:
        return len(self.index)


def sample_numbers(sample_set: SampleSet, indices: np.ndarray, logits: np.ndarray,
                   labels: np.ndarray) -> SampleNumbers:
    """The inspector's numbers for samples `indices` of a set whose logits (of the step shown)
    and labels are given."""
    index = np.asarray(indices, dtype=np.int64)
    z = np.asarray(logits, dtype=np.float64)[index]
    y = (np.asarray(labels)[index] > 0.5).astype(np.float64)
    p = probabilities(z)
    return SampleNumbers(sample_set, index, y, z, p, cost_terms(z, y), p - y)


@dataclass(frozen=True)
class NumbersSummary:
    """The means over a selection too large to list, of both sets together."""

    count: int
    label: float
    z: float
    p: float
    cost: float
    pull: float


def summary(parts: list[SampleNumbers]) -> NumbersSummary:
    """Means of every column over `parts` (NaN for an empty selection)."""
    count = sum(len(part) for part in parts)

    def mean(name: str) -> float:
        if count == 0:
            return float("nan")
        return float(np.concatenate([getattr(part, name) for part in parts]).mean())

    return NumbersSummary(count, *(mean(name) for name in ("label", "z", "p", "cost", "pull")))


def mean_features(X: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The features of the one sample `indices` names, or the mean over several."""
    return np.asarray(X, dtype=np.float64)[np.asarray(indices, dtype=np.int64)].mean(axis=0)


# ----- finding samples under the mouse ---------------------------------------------------


def nearest_point(x: np.ndarray, y: np.ndarray, at: tuple[float, float],
                  pixel: tuple[float, float], radius_px: float) -> int | None:
    """Index of the point (x_i, y_i) nearest to `at` on screen, if within `radius_px` pixels;
    `pixel` is the view's size of one pixel along x and y (NaN coordinates: not drawn)."""
    if len(x) == 0:
        return None
    dx = (np.asarray(x, dtype=np.float64) - at[0]) / abs(pixel[0])
    dy = (np.asarray(y, dtype=np.float64) - at[1]) / abs(pixel[1])
    distance = np.hypot(dx, dy)
    distance[~np.isfinite(distance)] = np.inf
    best = int(np.argmin(distance))
    return best if distance[best] <= radius_px else None


def points_in_rect(x: np.ndarray, y: np.ndarray,
                   rect: tuple[float, float, float, float]) -> np.ndarray:
    """Indices of the points inside `rect` = (x0, x1, y0, y1), in either order of its ends."""
    x0, x1 = sorted(rect[:2])
    y0, y1 = sorted(rect[2:])
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))


def columns_in_range(n: int, x0: float, x1: float) -> np.ndarray:
    """Samples of a strip of `n` columns (sample i spans [i, i + 1]) that [x0, x1] touches."""
    low, high = sorted((x0, x1))
    first = max(0, int(np.floor(low)))
    last = min(n - 1, int(np.ceil(high)) - 1)
    return np.arange(first, max(first, last + 1), dtype=np.int64) if last >= first else \
        np.empty(0, dtype=np.int64)


# ----- the command line ------------------------------------------------------------------


def parse_indices(text: str) -> tuple[int, ...]:
    """'3,17' -> (3, 17): sample indices as --select takes them; ValueError saying what is
    wrong for anything but comma-separated whole numbers of 0 or more."""
    parts = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in parts):
        raise ValueError("give sample indices separated by commas, e.g. 3,17")
    for part in parts:
        if not part.isdecimal():
            raise ValueError(f"{part!r} is not a sample index (a whole number, 0 or more)")
    return tuple(dict.fromkeys(int(part) for part in parts))


def out_of_range(indices: tuple[int, ...], n: int) -> str | None:
    """Why `indices` do not all name one of `n` training samples, or None when they do."""
    bad = [i for i in indices if not 0 <= i < n]
    if not bad:
        return None
    listed = ", ".join(str(i) for i in bad)
    return f"{listed}: the training set has {n} samples (indices 0 to {n - 1})"
