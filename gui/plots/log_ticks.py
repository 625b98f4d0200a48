"""Ticks of a log axis that always carries numbers, however short its range.

pyqtgraph labels log axes at powers of ten (and, crowded or not, at 2..9 between them), so a
cost that stays between 0.6 and 0.7 got grid lines and no number at all. Here the finest set of
labels whose neighbours keep apart wins: 1..9, 1-2-5 or 1 per decade, every 2nd, 5th, 10th ...
decade over long ranges, and, within a decade, evenly spaced values (0.62, 0.64, ...).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
MANTISSA_SETS = ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 5), (1,))  # finest first
ROUND_STEPS = (1, 2, 5)
MIN_GRID_GAP = 8.0  # px between grid lines, or they fill the plot like a band
PLAIN_EXPONENTS = range(-3, 4)  # 0.001 .. 9999 are written out, others as m·10ⁿ

Tick = tuple[float, str]  # position in log10 units, label
Fits = Callable[[list[float], list[str]], bool]  # do labels at these positions keep apart?


def power_label(mantissa: float, exponent: int) -> str:
    """mantissa x 10^exponent as text: '0.05', '2000', '10⁵', '2·10⁻⁴', '1.5·10⁶'."""
    if exponent in PLAIN_EXPONENTS:
        decimals = max(0, -exponent + _decimals(mantissa))
        return f"{mantissa * 10.0 ** exponent:.{decimals}f}"
    power = "10" + str(exponent).translate(SUPERSCRIPT)
    return power if mantissa == 1 else f"{mantissa:g}·{power}"


def value_label(value: float) -> str:
    """A positive tick value as text, in the style of power_label."""
    exponent = math.floor(math.log10(value) + 1e-9)
    return power_label(round(value / 10.0 ** exponent, 6), exponent)


def _decimals(mantissa: float) -> int:
    """Digits after the point that `mantissa` (1 <= m < 10, few digits) needs."""
    text = f"{mantissa:g}"
    return len(text.split(".")[1]) if "." in text else 0


def log_ticks(lo: float, hi: float, size: float, fits: Fits
              ) -> tuple[list[Tick], list[float]]:
    """Labelled ticks and unlabelled grid positions for a log axis over [lo, hi] (log10 units,
    lo < hi) `size` pixels long. `fits` says whether labels at given positions keep apart."""
    single: list[Tick] = []
    for labelled, grid in _candidates(lo, hi):
        if len(labelled) >= 2 and fits([p for p, _ in labelled], [t for _, t in labelled]):
            every = sorted([p for p, _ in labelled] + grid)
            if any(b - a < MIN_GRID_GAP * (hi - lo) / size for a, b in pairwise(every)):
                grid = []
            return labelled, grid
        if len(labelled) == 1 and not single:
            single = labelled
    # Not even two labels fit (a short axis at big fonts): one round number still says where
    # the curve is.
    return single, []


def _candidates(lo: float, hi: float):
    """(labelled, grid) choices, finest first."""
    # Within a decade or so: evenly spaced values, from a few per decade to many.
    if hi - lo < 1.5:
        yield from _linear(lo, hi)
    nine = _mantissa_ticks(lo, hi, MANTISSA_SETS[0])
    for mantissas in MANTISSA_SETS:
        labelled = _mantissa_ticks(lo, hi, mantissas)
        if len(labelled) > 12 * (hi - lo) + 12:
            continue  # far too many to ever fit: skip building their labels
        shown = {round(p, 9) for p, _ in labelled}
        yield labelled, [p for p, _ in nine if round(p, 9) not in shown]
    decades = [float(e) for e in range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1)]
    every = 2
    while True:  # every 2nd, 5th, 20th, 50th ... decade, down to one label
        for step in (every, every * 5 // 2):
            labelled = [(d, power_label(1, int(d))) for d in decades if int(d) % step == 0]
            yield labelled, [d for d in decades if int(d) % step]
            if len(labelled) <= 1:
                return
        every *= 10


def _mantissa_ticks(lo: float, hi: float, mantissas) -> list[Tick]:
    ticks = []
    for exponent in range(math.floor(lo) - 1, math.ceil(hi) + 1):
        for m in mantissas:
            position = exponent + math.log10(m)
            if lo - 1e-9 <= position <= hi + 1e-9:
                ticks.append((position, power_label(m, exponent)))
    return ticks


def _linear(lo: float, hi: float):
    """Evenly spaced values between 10^lo and 10^hi, coarse steps last."""
    low, high = 10.0 ** lo, 10.0 ** hi
    top = math.floor(math.log10(high - low) + 1e-9)
    # Up to steps longer than the range: one of them leaves a single label for a short axis.
    steps = [m * 10.0 ** e for e in range(top - 3, top + 2) for m in ROUND_STEPS]
    for finer, step in pairwise([None, *steps]):
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if last - first > 60:
            continue
        labelled = [(math.log10(k * step), value_label(k * step))
                    for k in range(max(first, 1), last + 1)]
        grid = []
        if finer is not None:
            shown = {round(p, 9) for p, _ in labelled}
            grid = [p for k in range(max(math.ceil(low / finer), 1), math.floor(high / finer) + 1)
                    if round(p := math.log10(k * finer), 9) not in shown]
        yield labelled, grid
