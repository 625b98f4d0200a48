"""Which corner of a plot a legend covers the fewest drawn points in (no Qt: pixel geometry).

A legend inside a plot hid the data that was the point of it (a diverging cost's climb, an
accuracy's drop to 0 %). The plot maps its curves to view pixels; this module samples each
curve along its segments and counts the samples under the legend's rectangle in each corner.
"""

from __future__ import annotations

from enum import Enum

import numpy as np

# Pixels between samples along a curve's segment: a steep segment between two far vertices
# crosses a legend that no vertex lies under.
TRACE_SPACING = 4.0
MAX_SAMPLES_PER_SEGMENT = 64
DENSE_VERTICES = 2000  # curves with more vertices than this are sampled at their vertices


class Corner(Enum):
    """A corner of the plot's view, as (right, bottom)."""

    TOP_RIGHT = (True, False)
    TOP_LEFT = (False, False)
    BOTTOM_RIGHT = (True, True)
    BOTTOM_LEFT = (False, True)

    def offset(self, margin: float) -> tuple[float, float]:
        """pyqtgraph's LegendItem offset for this corner: negative measures from right/bottom."""
        right, bottom = self.value
        return (-margin if right else margin, -margin if bottom else margin)

    def box(self, view: tuple[float, float], legend: tuple[float, float], margin: float
            ) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in view pixels of a `legend`-sized box in this corner."""
        right, bottom = self.value
        left = view[0] - margin - legend[0] if right else margin
        top = view[1] - margin - legend[1] if bottom else margin
        return (left, top, left + legend[0], top + legend[1])


def trace(x: np.ndarray, y: np.ndarray, spacing: float = TRACE_SPACING
          ) -> tuple[np.ndarray, np.ndarray]:
    """Points along the polyline (x, y) in pixels, at most `spacing` apart on each segment
    between two finite vertices (dense curves: their finite vertices)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    finite = np.isfinite(x) & np.isfinite(y)
    if len(x) < 2 or len(x) > DENSE_VERTICES:
        return x[finite], y[finite]
    usable = finite[:-1] & finite[1:]
    x0, y0, dx, dy = x[:-1][usable], y[:-1][usable], np.diff(x)[usable], np.diff(y)[usable]
    counts = np.clip(np.ceil(np.hypot(dx, dy) / spacing), 1, MAX_SAMPLES_PER_SEGMENT)
    counts = counts.astype(np.int64)
    segment = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    fraction = (np.arange(counts.sum()) - starts[segment]) / counts[segment]
    xs = np.concatenate([x0[segment] + fraction * dx[segment], x[finite][-1:]])
    ys = np.concatenate([y0[segment] + fraction * dy[segment], y[finite][-1:]])
    return xs, ys


def covered(points: list[tuple[np.ndarray, np.ndarray]],
            box: tuple[float, float, float, float]) -> int:
    """How many of the points lie inside `box` (left, top, right, bottom)."""
    left, top, right, bottom = box
    return int(sum(np.count_nonzero((x >= left) & (x <= right) & (y >= top) & (y <= bottom))
                   for x, y in points))


def least_covered_corner(points: list[tuple[np.ndarray, np.ndarray]],
                         view: tuple[float, float], legend: tuple[float, float],
                         margin: float, preferred: Corner) -> tuple[Corner, int]:
    """The corner whose legend box covers the fewest `points` (pixel arrays), and how many it
    covers; `preferred` where it ties, then the others in Corner's order."""
    order = [preferred, *(corner for corner in Corner if corner is not preferred)]
    counts = [covered(points, corner.box(view, legend, margin)) for corner in order]
    best = int(np.argmin(counts))  # the first of the lowest: the preferred corner on a tie
    return order[best], counts[best]
