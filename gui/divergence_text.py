"""The window's words for a divergence (core.engine.Divergence): what happened, and what its
buttons allow then (docs/ARCHITECTURE.md §16). Core's own message advises the command line."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gui.i18n import translate

if TYPE_CHECKING:  # core.engine imports torch, which the worker imports, not the window
    from core.engine import Divergence


def divergence_text(divergence: Divergence) -> str:
    """The dialog's message, translated. After a divergence Start stays disabled until the
    learning rate (or L2) changes, and then reads Resume; Reset is always there."""
    step = f"{divergence.step:,}"
    if divergence.grown_from is not None:
        factor = divergence.last_finite_cost / divergence.grown_from
        return translate(
            "DivergenceText", "Training diverged at step {step}: the cost grew from {start} to "
            "{cost} ({factor} times larger). Each step overshoots the minimum further, so the "
            "weights keep growing.\n\nLower the learning rate (try a tenth of it), then press "
            "Resume to go on from here, or Reset to start again.").format(
            step=step, start=f"{divergence.grown_from:.4g}",
            cost=f"{divergence.last_finite_cost:.4g}", factor=f"{factor:,.0f}")
    if not math.isfinite(divergence.last_finite_cost):
        return translate(
            "DivergenceText", "Training stopped at step {step}: with the current settings the "
            "cost of the current weights is not a finite number (their L2 penalty overflows)."
            "\n\nLower the L2 strength, then press Resume, or press Reset to start again."
        ).format(step=step)
    return translate(
        "DivergenceText", "Training diverged at step {step}: the cost is no longer a finite "
        "number (last finite cost {cost} at step {previous}).\n\nLower the learning rate (or "
        "the L2 strength), then press Resume to go on from here, or Reset to start again."
    ).format(step=step, cost=f"{divergence.last_finite_cost:.6g}",
             previous=f"{divergence.step - 1:,}")
