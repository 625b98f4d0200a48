"""The min / max envelope of a growing series, updated from its new values only.

A training curve of a million steps must redraw in a few milliseconds 30 times a second, while
it grows. pyqtgraph's peak downsampling goes over every value on every frame; this keeps the
minimum and maximum of consecutive buckets of values instead, appends buckets as values arrive
and merges neighbours when there are too many, so a frame costs the new values plus a few
thousand buckets, whatever the curve's length.
"""

from __future__ import annotations

import math

import numpy as np

MAX_BUCKETS = 4096  # two points per bucket: enough for a curve across a 4K screen
# On a log step axis: about a pixel per bucket on a 4K screen showing six decades.
LOG_BUCKETS_PER_DECADE = 600


class PeakEnvelope:
    """Envelope of one growing series.

    Each call to `update` passes the whole series so far; it continues the previous one
    (values are only appended). A series that does not (a new run) starts the envelope afresh.
    """

    def __init__(self, max_buckets: int = MAX_BUCKETS):
        self._max_buckets = max_buckets
        self.reset()

    def reset(self) -> None:
        self._bucket = 1  # values per bucket, a power of two
        self._low, self._high = np.empty(0), np.empty(0)  # of each complete bucket
        self._covered = 0  # values summarised by the complete buckets
        self._first: float | None = None  # the series' first value, to notice a new series

    def update(self, x: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw for `values` at `x`: the values themselves while they are few, else
        each bucket's minimum and maximum at the bucket's first x."""
        n = len(values)
        if n < self._covered or (n and self._first is not None and
                                 not _same(values[0], self._first)):
            self.reset()
        self._first = float(values[0]) if n else None
        if n <= self._max_buckets and not len(self._low):
            return x, values
        if not len(self._low):  # the first summary: the bucket size that fits at once
            self._bucket = 1 << math.ceil(math.log2(n / self._max_buckets))
        self._add_complete_buckets(values)
        low, high = self._low, self._high
        if self._covered < n:  # the last, partial bucket
            tail = values[self._covered:]
            low, high = np.append(low, np.fmin.reduce(tail)), np.append(high, np.fmax.reduce(tail))
        starts = x[::self._bucket][:len(low)]
        return np.repeat(starts, 2), np.column_stack([low, high]).ravel()

    def _add_complete_buckets(self, values: np.ndarray) -> None:
        size = self._bucket
        count = (len(values) - self._covered) // size
        if count:
            new = values[self._covered:self._covered + count * size].reshape(count, size)
            # fmin / fmax skip NaN (a value that is not finite is not drawn anyway); a bucket of
            # NaN only stays NaN: a gap in the curve.
            self._low = np.append(self._low, np.fmin.reduce(new, axis=1))
            self._high = np.append(self._high, np.fmax.reduce(new, axis=1))
            self._covered += count * size
        if len(self._low) > self._max_buckets:
            self._merge_pairs()
            self._add_complete_buckets(values)  # the values of a bucket left without a pair

    def _merge_pairs(self) -> None:
        pairs = len(self._low) // 2
        self._low = np.fmin(self._low[0:2 * pairs:2], self._low[1:2 * pairs:2])
        self._high = np.fmax(self._high[0:2 * pairs:2], self._high[1:2 * pairs:2])
        self._covered = 2 * pairs * self._bucket  # an odd last bucket is summed up again
        self._bucket *= 2


def _same(a: float, b: float) -> bool:
    return a == b or (np.isnan(a) and np.isnan(b))


class LogStepEnvelope:
    """Envelope of one growing series for a log step axis: buckets as wide as a fraction of a
    pixel wherever the axis is, i.e. one step each at first and growing with the step.

    PeakEnvelope's buckets are equally wide in steps: on a log axis its first bucket of a long
    run spans several decades and the early curve, where a log axis matters, is lost. Step 0
    has no place on a log axis and is left out.
    """

    def __init__(self, per_decade: int = LOG_BUCKETS_PER_DECADE):
        self._ratio = 10.0 ** (1.0 / per_decade)
        self._edges = np.array([1, 2], dtype=np.int64)
        self.reset()

    def reset(self) -> None:
        self._low, self._high = np.empty(0), np.empty(0)  # of each complete bucket
        self._complete = 0  # complete buckets
        self._covered = 1  # values summarised by them (from step 1 on)
        self._first: float | None = None

    def update(self, x: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) to draw: each bucket's minimum and maximum at the bucket's first x."""
        n = len(values)
        if n < self._covered or (n and self._first is not None and
                                 not _same(values[0], self._first)):
            self.reset()
        self._first = float(values[0]) if n else None
        if n < 2:
            return np.empty(0), np.empty(0)
        edges = self._edges_past(n)
        complete = int(np.searchsorted(edges, n, side="right")) - 1
        if complete > self._complete:
            start, stop = int(edges[self._complete]), int(edges[complete])
            offsets = edges[self._complete:complete] - start
            chunk = values[start:stop]
            self._low = np.append(self._low, np.fmin.reduceat(chunk, offsets))
            self._high = np.append(self._high, np.fmax.reduceat(chunk, offsets))
            self._complete, self._covered = complete, stop
        low, high, starts = self._low, self._high, edges[:complete]
        if self._covered < n:  # the last, partial bucket
            tail = values[self._covered:]
            low, high = np.append(low, np.fmin.reduce(tail)), np.append(high, np.fmax.reduce(tail))
            starts = np.append(starts, self._covered)
        return np.repeat(x[starts], 2), np.column_stack([low, high]).ravel()

    def _edges_past(self, n: int) -> np.ndarray:
        """Bucket edges (first steps of buckets, from 1) up to one past step n."""
        if self._edges[-1] <= n:
            count = math.ceil(math.log(2.0 * n + 2) / math.log(self._ratio)) + 1
            edges = np.floor(self._ratio ** np.arange(count)).astype(np.int64)
            self._edges = np.unique(edges[edges >= 1])
        return self._edges
