"""View ranges that move in a few round jumps instead of every frame.

Each change of a view range repaints its axis (about 2 ms of text drawing per axis offscreen),
so live plots grow their range to the next round number and keep it for a while.
"""

from __future__ import annotations

import math

ROUND_MANTISSAS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def round_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 x 10^k that is >= value (value > 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in ROUND_MANTISSAS:
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)


def steady_extent(current: float, needed: float, shrink_below: float = 0.5) -> float:
    """A round extent holding `needed`; kept while it stays large enough and not much too big."""
    if shrink_below * current <= needed <= current:
        return current
    return round_ceiling(needed)
