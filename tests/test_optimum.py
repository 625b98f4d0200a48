"""The reference optimum: its objective and gradient are right, and it agrees with an
independent solver (Newton's method written here in numpy) on convex problems."""

import sys

import numpy as np
import pytest
import torch

from core.datasets import make_preset
from core.optimum import Optimum, cost_and_gradient, optimum_available, reference_optimum


def torch_cost(theta: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float) -> torch.Tensor:
    """docs/ARCHITECTURE.md §2's cost written with torch's own stable cross-entropy, for
    autograd."""
    t = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    z = torch.as_tensor(X) @ t[:-1] + t[-1]
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.as_tensor(y))
    return t, loss + l2 * (t[:-1] ** 2).sum()


def newton_optimum(X: np.ndarray, y: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Damped Newton's method on (w, b): an independent way to the same strictly convex minimum."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    penalty = np.diag(np.r_[np.full(d, 2.0 * l2), 0.0])
    theta = np.zeros(d + 1)
    for _ in range(100):
        cost, gradient = cost_and_gradient(theta, X, y, l2)
        p = 1.0 / (1.0 + np.exp(-(A @ theta)))
        hessian = A.T @ (A * (p * (1 - p))[:, None]) / n + penalty
        step = np.linalg.solve(hessian, gradient)
        t = 1.0
        while cost_and_gradient(theta - t * step, X, y, l2)[0] > cost - 0.25 * t * gradient @ step:
            t /= 2
            if t < 1e-12:
                break
        theta = theta - t * step
        if np.abs(gradient).max() < 1e-13:
            break
    return cost_and_gradient(theta, X, y, l2)[0], theta


CONVEX_CASES = [  # (preset, samples, features, l2): each has a unique finite minimiser
    ("seed", 400, 784, 0.01),  # the notebook's problem
    ("seed", 300, 20, 0.0),  # N >> D: random labels cannot be separated
    ("seed", 120, 60, 1e-3),
    ("overlap", 400, 2, 0.0),
    ("overlap", 400, 2, 0.5),
    ("xor", 200, 2, 0.0),
    ("blobs", 400, 2, 0.01),
]


def preset(name, samples, features, seed=0):
    data = make_preset(name, samples, features, seed)
    return data.X, data.y


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_torch_autograd(l2):
    X, y = preset("seed", 50, 7, seed=3)
    theta = np.random.default_rng(1).standard_normal(8) * 3  # |z| up to ~30: stability matters
    cost, gradient = cost_and_gradient(theta, X, y, l2)
    t, loss = torch_cost(theta, X, y, l2)
    loss.backward()
    assert cost == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(gradient, t.grad.numpy(), rtol=1e-11, atol=1e-14)


def test_gradient_matches_finite_differences():
    X, y = preset("overlap", 40, 2, seed=5)
    theta, l2, h = np.array([0.7, -1.3, 0.2]), 0.05, 1e-6
    _, gradient = cost_and_gradient(theta, X, y, l2)
    for j in range(3):
        e = np.eye(3)[j] * h
        slope = (cost_and_gradient(theta + e, X, y, l2)[0]
                 - cost_and_gradient(theta - e, X, y, l2)[0]) / (2 * h)
        assert gradient[j] == pytest.approx(slope, rel=1e-7, abs=1e-10)


def test_cost_is_finite_where_the_naive_formula_overflows():
    X, y = np.array([[1.0], [-1.0]]), np.array([0.0, 1.0])
    cost, gradient = cost_and_gradient(np.array([800.0, 0.0]), X, y, 0.0)
    assert cost == pytest.approx(800.0)  # softplus(800) - 0 and softplus(-800) + 800
    assert np.all(np.isfinite(gradient))


@pytest.mark.parametrize("case", CONVEX_CASES, ids=lambda c: f"{c[0]}-{c[1]}x{c[2]}-l2={c[3]}")
def test_matches_newtons_method(case):
    name, samples, features, l2 = case
    X, y = preset(name, samples, features)
    optimum = reference_optimum(X, y, l2)
    newton_cost, newton_theta = newton_optimum(X, y, l2)
    assert optimum.converged
    assert optimum.cost == pytest.approx(newton_cost, rel=1e-7)
    assert optimum.cost <= newton_cost * (1 + 1e-10)  # not merely close: as low as Newton's
    np.testing.assert_allclose(optimum.weights, newton_theta[:-1], rtol=1e-4, atol=1e-5)
    assert optimum.bias == pytest.approx(newton_theta[-1], rel=1e-4, abs=1e-5)


@pytest.mark.parametrize("case", CONVEX_CASES, ids=lambda c: f"{c[0]}-{c[1]}x{c[2]}-l2={c[3]}")
def test_gradient_vanishes_at_the_optimum(case):
    name, samples, features, l2 = case
    X, y = preset(name, samples, features)
    optimum = reference_optimum(X, y, l2)
    theta = np.r_[optimum.weights, optimum.bias]
    _, gradient = cost_and_gradient(theta, X, y, l2)
    assert np.abs(gradient).max() < 1e-7
    assert optimum.cost == cost_and_gradient(theta, X, y, l2)[0]


def test_result_types():
    X, y = preset("overlap", 100, 2)
    optimum = reference_optimum(X, y, 0.01)
    assert isinstance(optimum, Optimum)
    assert type(optimum.cost) is float and type(optimum.bias) is float
    assert type(optimum.iterations) is int and optimum.iterations > 0
    assert optimum.weights.shape == (2,) and optimum.weights.dtype == np.float64
    with pytest.raises(AttributeError):
        optimum.cost = 0.0  # frozen


@pytest.mark.parametrize(
    "case",
    [("seed", 400, 784), ("seed", 30, 40), ("blobs", 200, 2)],  # N < D, or well-apart clusters
    ids=["seed-400x784", "seed-30x40", "blobs"],
)
def test_separable_without_l2_has_no_finite_optimum(case):
    X, y = preset(*case)
    if case[0] == "blobs":
        X = X * 3  # spread the clusters apart so that they are certainly separable
    optimum = reference_optimum(X, y, 0.0)
    assert not optimum.converged
    assert optimum.cost < 1e-6  # the best found still heads for the infimum, 0
    assert np.all((X @ optimum.weights + optimum.bias > 0) == (y == 1))


def test_quasi_separable_without_l2_has_no_finite_optimum():
    # Two tied points of opposite class on the boundary, the rest separated: the cost tends to
    # 2 log 2 / 6 as w grows, a gradient-only test would call this converged.
    X, y = np.array([[-2.0], [-1.0], [0.0], [0.0], [1.0], [2.0]]), np.array([0, 0, 0, 1, 1, 1.0])
    optimum = reference_optimum(X, y, 0.0)
    assert not optimum.converged
    assert optimum.cost == pytest.approx(2 * np.log(2) / 6, rel=1e-8)
    assert reference_optimum(X, y, 0.01).converged  # any L2 makes the optimum finite


def test_separable_with_l2_converges():
    X, y = preset("seed", 400, 784)
    optimum = reference_optimum(X, y, 0.01)
    assert optimum.converged
    assert 0.0 < optimum.cost < 0.69


@pytest.mark.parametrize(
    "X, y, l2",
    [(np.ones(3), np.ones(3), 0.0), (np.ones((3, 2)), np.ones(2), 0.0),
     (np.ones((3, 2)), np.ones(3), -1.0), (np.ones((3, 2)), np.ones(3), np.nan)],
    ids=["1-D X", "length mismatch", "negative l2", "NaN l2"],
)
def test_bad_input_is_refused(X, y, l2):
    with pytest.raises(ValueError):
        reference_optimum(X, y, l2)


def test_without_scipy_the_feature_is_off(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)  # `import` now raises ImportError
    X, y = preset("overlap", 20, 2)
    assert not optimum_available()
    assert reference_optimum(X, y, 0.01) is None


def test_available_with_scipy():
    assert optimum_available()
