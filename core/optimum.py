"""The exact minimum of the lesson's cost (docs/ARCHITECTURE.md §2) from an independent optimiser,
so the loss view can show how far gradient descent still is from it. Needs scipy; without it,
None."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

import numpy as np

MAX_ITERATIONS = 20_000
# Stop on slow progress only where rounding stalls it: the loss view plots cost - optimum on a
# log axis, so the optimum must be exact to the last digits a float64 run can reach.
FTOL = 10 * np.finfo(np.float64).eps
# With l2 == 0 and separable classes every finite w is beaten by 2 w. The exact test is a linear
# programme, affordable only on small data and run under a time limit; past either, a cost this
# small or weights this long say the solver is chasing an optimum at infinity.
LP_MAX_VALUES = 2_000_000
LP_TIME_LIMIT_S = 0.5
SEPARABLE_COST = 1e-9
SEPARABLE_WEIGHT_NORM = 1e6


@dataclass(frozen=True)
class Optimum:
    """The best parameters found; `converged` is False when no finite optimum exists."""

    cost: float
    weights: np.ndarray
    bias: float
    iterations: int
    converged: bool


def optimum_available() -> bool:
    """Whether scipy's optimiser can be imported (checked without importing it, so it is cheap)."""
    try:
        return importlib.util.find_spec("scipy.optimize") is not None
    except (ImportError, ValueError):  # ValueError: a module entry without a spec
        return False


def cost_and_gradient(theta: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float):
    """Cost of parameters theta = (w, b) and its gradient; softplus(z) - y z never overflows."""
    w, b = theta[:-1], theta[-1]
    z = X @ w + b
    cost = np.mean(np.logaddexp(0.0, z) - y * z) + l2 * (w @ w)
    residual = _sigmoid(z) - y
    gradient = np.empty_like(theta)
    gradient[:-1] = X.T @ residual / len(y) + 2.0 * l2 * w
    gradient[-1] = residual.mean()
    return float(cost), gradient


def reference_optimum(
    X: np.ndarray, y: np.ndarray, l2: float, tol: float = 1e-12
) -> Optimum | None:
    """Minimise the cost over (w, b) with L-BFGS-B in float64; None when scipy is missing.

    The solver stops once no gradient component exceeds `tol` or progress stalls at rounding."""
    try:
        from scipy.optimize import minimize
    except ImportError:
        return None
    X, y, l2 = _checked(X, y, l2)
    start = np.zeros(X.shape[1] + 1)
    result = minimize(
        cost_and_gradient, start, args=(X, y, l2), method="L-BFGS-B", jac=True,
        options={"ftol": FTOL, "gtol": tol, "maxiter": MAX_ITERATIONS, "maxcor": 20},
    )
    cost, gradient = cost_and_gradient(result.x, X, y, l2)
    _, start_gradient = cost_and_gradient(start, X, y, l2)
    w, b = result.x[:-1].copy(), float(result.x[-1])
    converged = _is_converged(result.success, gradient, start_gradient, tol)
    if l2 == 0 and converged:
        converged = not _no_finite_optimum(X, y, w, b, cost)
    return Optimum(cost, w, b, int(result.nit), converged)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of -|z| only: never overflows, and keeps full relative precision on both tails.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _checked(X, y, l2) -> tuple[np.ndarray, np.ndarray, float]:
    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] == 0:
        raise ValueError(f"need X (N, D) and y (N,) with N >= 1, got {X.shape} and {y.shape}")
    l2 = float(l2)
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a finite number >= 0, got {l2}")
    return X, y, l2


def _is_converged(success: bool, gradient, start_gradient, tol: float) -> bool:
    # L-BFGS-B often ends in a failed line search once rounding hides further progress; the
    # gradient, small against where it started, is the real test of a stationary point.
    scale = max(1.0, float(np.max(np.abs(start_gradient))))
    return bool(success) or float(np.max(np.abs(gradient))) <= np.sqrt(tol) * scale


def _no_finite_optimum(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, cost: float) -> bool:
    """Whether the unregularised cost has no minimiser: the classes are (quasi-)separable."""
    margins = (2.0 * y - 1.0) * (X @ w + b)
    if margins.min() > 0:
        return True  # w itself separates the classes: a certificate, no guess
    separable = _separable_by_lp(X, y)
    if separable is not None:
        return separable
    return cost < SEPARABLE_COST or float(np.linalg.norm(w)) > SEPARABLE_WEIGHT_NORM


def _separable_by_lp(X: np.ndarray, y: np.ndarray) -> bool | None:
    """Is there a direction (w, b) along which no margin shrinks and some grow? None: unknown.

    Such a direction (complete or quasi-complete separation) lowers the cost forever; without
    one the minimiser is finite (Albert & Anderson, 1984)."""
    if X.shape[0] * (X.shape[1] + 1) > LP_MAX_VALUES:
        return None
    from scipy.optimize import linprog

    A = (2.0 * y - 1.0)[:, None] * np.hstack([X, np.ones((len(y), 1))])
    # Scaling columns keeps HiGHS's absolute tolerances meaningful and cannot change feasibility.
    scale = np.abs(A).max(axis=0)
    A /= np.where(scale > 0, scale, 1.0)
    result = linprog(
        np.zeros(A.shape[1]), A_ub=-A, b_ub=np.zeros(len(y)), A_eq=A.sum(axis=0)[None],
        b_eq=[1.0], bounds=(None, None), method="highs",
        options={"time_limit": LP_TIME_LIMIT_S},
    )
    return {0: True, 2: False}.get(result.status)  # 0 feasible, 2 infeasible; else undecided
