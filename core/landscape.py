"""The cost landscape over the first two weights: the training cost of docs/ARCHITECTURE.md §2
on a grid of (w1, w2), the bias and any other weights held where the run has them (a 2-D slice
through the current iterate), for the view that draws it with the path of the iterates."""

from __future__ import annotations

import numpy as np

MAX_GRID = 160  # points per side at most: 25 600 costs, each a pass over the samples
DEFAULT_GRID = 100  # drawn smoothed; its cost per redraw: docs/ARCHITECTURE.md §16
CHUNK_VALUES = 1_000_000  # grid points x samples evaluated at once: 8 MB of float64 logits
# The engine records every step's (w1, w2) when the data has at most this many features
# (recovered from the step's logits, core/engine.py); the seed's 784 have no landscape to draw.
PATH_MAX_FEATURES = 16
EXTENT_MARGIN = 0.15  # share of the path's span added on every side
MIN_HALF_SPAN = 0.5  # a path that has not moved yet still gets a readable neighbourhood

Extent = tuple[float, float, float, float]  # (w1_min, w1_max, w2_min, w2_max)


def cost_landscape(X: np.ndarray, y: np.ndarray, l2: float, weights: np.ndarray, bias: float,
                   w1_values: np.ndarray, w2_values: np.ndarray) -> np.ndarray:
    """cost(w1, w2) with w = (w1, w2, weights[2:]) and the given bias, as an array whose
    [i, j] is at (w1_values[j], w2_values[i]) (row i the i-th w2 from the bottom).

    cost = mean(softplus(z) - y z) + l2 (w1² + w2² + |weights[2:]|²), z = X w + b: the bias
    is not regularised (docs/ARCHITECTURE.md §2). Chunked over grid rows, so memory stays
    near CHUNK_VALUES float64s whatever the number of samples.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).ravel()
    weights = np.asarray(weights, dtype=np.float64).ravel()
    w1_values = np.asarray(w1_values, dtype=np.float64).ravel()
    w2_values = np.asarray(w2_values, dtype=np.float64).ravel()
    if X.ndim != 2 or X.shape[1] < 2 or len(weights) != X.shape[1] or len(y) != len(X):
        raise ValueError(f"need (N, D >= 2) data with D weights and N labels; got X "
                         f"{X.shape}, {len(weights)} weights, {len(y)} labels")
    if len(w1_values) * len(w2_values) > MAX_GRID**2:
        raise ValueError(f"a grid of at most {MAX_GRID} x {MAX_GRID} points")
    n = len(y)
    x1, x2 = X[:, 0], X[:, 1]
    rest = X[:, 2:] @ weights[2:] + float(bias)  # the fixed part of every z
    # The linear term y·z is linear in (w1, w2): its mean needs no pass over the grid.
    yz = np.add.outer(w2_values * (y @ x2), w1_values * (y @ x1)) + y @ rest
    penalty = l2 * (np.add.outer(w2_values**2, w1_values**2) + weights[2:] @ weights[2:])
    softplus = np.empty((len(w2_values), len(w1_values)))
    rows_per_chunk = max(1, CHUNK_VALUES // max(1, len(w1_values) * n))
    base = np.multiply.outer(w1_values, x1) + rest  # (n1, N): z less its w2 part
    for start in range(0, len(w2_values), rows_per_chunk):
        rows = w2_values[start:start + rows_per_chunk]
        z = base + np.multiply.outer(rows, x2)[:, None, :]  # (rows, n1, N)
        softplus[start:start + len(rows)] = _softplus_sums(z)
    return (softplus - yz) / n + penalty


def _softplus_sums(z: np.ndarray) -> np.ndarray:
    """sum over the last axis of softplus(z) = max(z, 0) + log1p(exp(-|z|)), which never
    overflows; in place on `z` (three times faster than np.logaddexp(0, z), which numpy does
    not vectorise)."""
    positive = np.maximum(z, 0.0).sum(axis=-1)
    np.abs(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    np.log1p(z, out=z)
    return positive + z.sum(axis=-1)


def grid_values(extent: Extent, size: int = DEFAULT_GRID) -> tuple[np.ndarray, np.ndarray]:
    """`size` evenly spaced w1 and w2 values spanning `extent`, ends included."""
    size = int(min(max(size, 2), MAX_GRID))
    return (np.linspace(extent[0], extent[1], size), np.linspace(extent[2], extent[3], size))


def landscape_extent(points: np.ndarray, margin: float = EXTENT_MARGIN) -> Extent:
    """(w1_min, w1_max, w2_min, w2_max) around (K, 2) `points` (the path, the optimum, the
    chosen start) with `margin` of their span on every side; non-finite points are ignored."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = (low + high) / 2, (high - low) / 2
    # Equal spans on both axes: circles stay circles, so the gradient's direction (normal
    # to the contours) looks normal to them, as the lesson says.
    half = max(float(half.max()) * (1 + 2 * margin), MIN_HALF_SPAN)
    return (float(centre[0] - half), float(centre[0] + half),
            float(centre[1] - half), float(centre[1] + half))


def _finite_range(costs: np.ndarray) -> tuple[float, float] | None:
    """The lowest and highest finite cost; None where there is none."""
    finite = costs[np.isfinite(costs)]
    return None if finite.size == 0 else (float(finite.min()), float(finite.max()))


def contour_levels(costs: np.ndarray, count: int = 12) -> np.ndarray:
    """`count` levels from just above the lowest cost to the highest, log-spaced in the
    height above the lowest: the valley floor gets as many lines as the steep walls."""
    span = _finite_range(costs)
    if span is None or span[1] <= span[0]:
        return np.empty(0)
    low, high = span
    return low + (high - low) * np.geomspace(1e-3, 1.0, count)


def log_heights(costs: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
    """log10 of the height above the lowest cost (+1e-3 of the range): what the image shows,
    so that the colours, like the contours, resolve the valley floor. Of `values` on the same
    scale where given (the colour bar's labels), else of `costs` themselves."""
    values = costs if values is None else np.asarray(values, dtype=np.float64)
    span = _finite_range(costs)
    if span is None:
        return np.zeros_like(values)
    low, high = span
    floor = max(1e-3 * (high - low), 1e-12)
    return np.log10(np.where(np.isfinite(values), values - low, high - low) + floor)


# The slice is drawn again when the fixed part of z (bias, other weights) moved by more than
# this many logit units on some sample: less changes the picture by less than a line's width.
SLICE_TOLERANCE = 0.02


def slice_shift(X: np.ndarray, old: np.ndarray, new: np.ndarray) -> float:
    """An upper bound of max_i |change in the fixed part of z_i| between two slices, each
    given as (bias, weights[2:]...): |Δb| + Σ_j |Δw_j| max_i |x_ij|."""
    delta = np.abs(np.asarray(new, dtype=np.float64) - np.asarray(old, dtype=np.float64))
    if delta.shape != (X.shape[1] - 1,):
        return np.inf
    reach = np.abs(X[:, 2:]).max(axis=0) if X.shape[1] > 2 and len(X) else np.zeros(0)
    return float(delta[0] + delta[1:] @ reach)


def colour_bar_values(costs: np.ndarray, count: int = 6) -> list[float]:
    """Cost values to name on the colour bar, lowest first: the lowest and the highest cost
    (the bar's two ends), and up to `count` - 2 between them, log-spaced in the height above
    the lowest as the colours are and rounded to two significant figures."""
    span = _finite_range(costs)
    if span is None:
        return []
    low, high = span
    if high <= low:
        return [low]
    between = [float(f"{v:.2g}") for v in low + (high - low) * np.geomspace(1e-2, 1.0, count)[1:-1]]
    return [low] + sorted({v for v in between if low < v < high}) + [high]
