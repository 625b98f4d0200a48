"""The cost landscape's numbers (core/landscape.py) and the path the engine records, against
the cost formula, scipy's optimum and a gradient-descent loop written here in numpy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import log_expit

from core.config import ConfigError, TrainingConfig
from core.history import MetricHistory
from core.landscape import MAX_GRID, cost_landscape, grid_values, landscape_extent
from core.lesson import create_engine, initial_weights, prepare_data

BLOBS = TrainingConfig(dataset="blobs", samples=200, features=2, lr=20.0, iterations=100,
                       device="cpu", dtype="float32")


def formula_cost(X, y, l2, w, b) -> float:
    """docs/ARCHITECTURE.md §2 written out plainly: mean cross-entropy + l2 |w|², no bias decay."""
    z = X @ w + b  # log h and log(1 - h) by scipy, which stays finite for any z
    return float(np.mean(-y * log_expit(z) - (1 - y) * log_expit(-z)) + l2 * w @ w)


def test_grid_values_equal_the_formula_with_the_other_weights_and_bias_held():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(150, 4)), (rng.random(150) < 0.5).astype(float)
    weights, bias, l2 = np.array([0.3, -0.2, 0.7, -1.1]), 0.4, 0.05
    w1s, w2s = np.array([-2.0, 0.0, 1.5]), np.array([-1.0, 0.5, 2.0, 3.0])
    costs = cost_landscape(X, y, l2, weights, bias, w1s, w2s)
    assert costs.shape == (4, 3)
    for i, w2 in enumerate(w2s):
        for j, w1 in enumerate(w1s):
            w = np.array([w1, w2, 0.7, -1.1])
            assert costs[i, j] == pytest.approx(formula_cost(X, y, l2, w, bias), rel=1e-12)


def test_large_logits_stay_finite_and_chunks_do_not_change_the_values(monkeypatch):
    X = np.array([[50.0, -40.0], [-30.0, 60.0], [10.0, 10.0]])
    y = np.array([0.0, 1.0, 1.0])
    w1s, w2s = np.linspace(-20, 20, 7), np.linspace(-20, 20, 5)
    whole = cost_landscape(X, y, 0.01, np.zeros(2), 0.0, w1s, w2s)
    assert np.isfinite(whole).all()  # z reaches ±2000: the naive formula gives inf
    monkeypatch.setattr("core.landscape.CHUNK_VALUES", 1)  # one grid row at a time
    np.testing.assert_allclose(cost_landscape(X, y, 0.01, np.zeros(2), 0.0, w1s, w2s), whole,
                               rtol=1e-13)
    with pytest.raises(ValueError):
        cost_landscape(X, y, 0.01, np.zeros(2), 0.0, np.zeros(MAX_GRID + 1), np.zeros(MAX_GRID))


def test_the_minimum_of_a_fine_grid_is_near_scipys_optimum_of_the_same_cost():
    train, _ = prepare_data(BLOBS)
    X, y, l2 = train.X, train.y, BLOBS.l2

    def cost(p):
        return formula_cost(X, y, l2, p[:2], p[2])

    best = minimize(cost, np.zeros(3), method="BFGS", options={"gtol": 1e-10}).x
    extent = (best[0] - 0.5, best[0] + 0.5, best[1] - 0.5, best[1] + 0.5)
    w1s, w2s = grid_values(extent, MAX_GRID)
    costs = cost_landscape(X, y, l2, best[:2], best[2], w1s, w2s)
    i, j = np.unravel_index(np.argmin(costs), costs.shape)
    spacing = 1.0 / (MAX_GRID - 1)
    assert abs(w1s[j] - best[0]) <= spacing and abs(w2s[i] - best[1]) <= spacing


def test_the_extent_holds_every_point_with_a_margin_and_equal_spans():
    points = np.array([[0.0, -1.0], [33.0, 34.5], [1.2, 1.3], [np.nan, 5.0]])
    x0, x1, y0, y1 = landscape_extent(points)
    assert x0 < 0.0 and x1 > 33.0 and y0 < -1.0 and y1 > 34.5
    assert x1 - x0 == pytest.approx(y1 - y0)


def numpy_descent(X, y, w, b, lr, l2, steps) -> np.ndarray:
    """The notebook's full-batch update in float64; (steps + 1, 2) of (w1, w2)."""
    path = [w[:2].copy()]
    for _ in range(steps):
        r = 1.0 / (1.0 + np.exp(-(X @ w + b))) - y
        w, b = w - lr * (X.T @ r / len(y) + 2 * l2 * w), b - lr * r.mean()
        path.append(w[:2].copy())
    return np.array(path)


def test_the_recorded_path_is_every_steps_weights_at_lr_20():
    engine = create_engine(BLOBS, threads=1)
    train = engine.train_data
    expected = numpy_descent(train.X, train.y, initial_weights(2, BLOBS), 0.0, BLOBS.lr,
                             BLOBS.l2, 60)
    history = MetricHistory(has_val=False)
    for size in (7, 25, 29):  # chunk ends must not matter
        history.append(engine.run_chunk(size))
    assert history.path(62) is None  # steps 0..60 are recorded
    reached = engine.parameters()[0][:2]  # step 61's: the next chunk's first row
    history.append(engine.run_chunk(1))
    path = history.path(62)
    assert path.shape == (62, 2)
    np.testing.assert_allclose(path[:61], expected, rtol=2e-4, atol=2e-4)  # float32 engine
    np.testing.assert_allclose(path[61], reached, rtol=1e-5, atol=1e-4)
    steps = np.diff(path[:8], axis=0)
    assert np.abs(steps).max() > 5  # lr 20: long strides each step, not smoothed chunk ends
    history.truncate(30)
    assert history.path(30).shape == (30, 2) and history.path(31) is None


def test_the_path_is_kept_for_its_first_steps_only(monkeypatch):
    """A run may have 100 million steps: its path (16 bytes a step) stops at PATH_MAX_STEPS,
    while the curves go on."""
    import core.history

    monkeypatch.setattr(core.history, "PATH_MAX_STEPS", 40)
    engine = create_engine(BLOBS, threads=1)
    history = MetricHistory(has_val=False)
    for size in (25, 25, 25):  # the second chunk crosses the limit, the third starts past it
        history.append(engine.run_chunk(size))
    assert len(history) == 75 and history.path_length() == 40
    assert history.path(40).shape == (40, 2) and history.path(41) is None
    fresh = create_engine(BLOBS, threads=1)
    first = MetricHistory(has_val=False)
    first.append(fresh.run_chunk(40))
    np.testing.assert_array_equal(history.path(40), first.path(40))


def test_path_points_equal_the_engines_parameters_after_k_steps_for_each_stepper():
    for batch_size in (0, 32):
        config = BLOBS.replace(batch_size=batch_size)
        engine = create_engine(config, threads=1)
        reached = [engine.parameters()[0][:2]]
        for _ in range(6):
            engine.run_chunk(1)
            reached.append(engine.parameters()[0][:2])
        engine.reset()
        path = engine.run_chunk(7).path
        np.testing.assert_allclose(path, np.array(reached), rtol=1e-5, atol=1e-4)


def test_no_path_for_many_features():
    config = TrainingConfig(samples=50, features=40, iterations=10, device="cpu")
    assert create_engine(config, threads=1).run_chunk(3).path is None


def test_start_weights_replace_the_rules_first_two_and_are_validated():
    config = BLOBS.replace(start_weights=[2.5, -3])
    assert config.start_weights == (2.5, -3.0)
    w0 = initial_weights(4, config)
    assert w0[:2].tolist() == [2.5, -3.0]
    np.testing.assert_array_equal(w0[2:], initial_weights(4, BLOBS)[2:])
    engine = create_engine(config, threads=1)
    assert engine.parameters()[0].tolist() == [2.5, -3.0]
    for bad in ([1.0], [1.0, float("nan")], [1.0, 1e9], "1,2", [True, 1.0]):
        with pytest.raises(ConfigError, match="start_weights"):
            BLOBS.replace(start_weights=bad)
