"""core.engine against an independent float64 numpy re-implementation of the notebook's update
(docs/ARCHITECTURE.md §2) and against scipy's L-BFGS optimum of the same objective."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy.optimize import minimize
from scipy.special import expit

import core.engine as engine_module
from core.config import ConfigError, TrainingConfig
from core.datasets import Dataset, make_preset
from core.engine import EngineError, TrainingEngine
from core.history import MetricHistory
from core.lesson import create_engine

BOTH_STEPPERS = pytest.mark.parametrize("gram", [True, False], ids=["gram", "primal"])


# ---------------------------------------------------------------- independent reference


def reference_run(X, y, w0, b0, steps, lr, l2, X_val=None, y_val=None, dtype=np.float64,
                  changes=None):
    """The notebook's loop in numpy: cost and accuracy of the parameters *before* each update.

    `changes` maps a step to {"lr": .., "l2": ..} taking effect from that step on (its cost
    included). Returns per-step arrays plus the state and cost after the last update; non-finite
    values propagate silently so that divergence can be located.
    """
    X, y = X.astype(dtype), y.astype(dtype)
    if X_val is not None:
        X_val, y_val = X_val.astype(dtype), y_val.astype(dtype)
    w, b = w0.astype(dtype), dtype(b0)
    n = len(y)
    out = {"cost": [], "acc": [], "val_cost": [], "val_acc": [], "w": [], "b": []}

    def cost_of(z, labels):
        return np.mean(np.logaddexp(0, z) - labels * z) + dtype(l2) * (w @ w)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i in range(steps + 1):
            if changes and i in changes:
                lr = changes[i].get("lr", lr)
                l2 = changes[i].get("l2", l2)
            z = X @ w + b
            out["cost"].append(cost_of(z, y))
            out["acc"].append(np.mean((z > 0) == (y == 1)))
            if X_val is not None:
                zv = X_val @ w + b
                out["val_cost"].append(cost_of(zv, y_val))
                out["val_acc"].append(np.mean((zv > 0) == (y_val == 1)))
            out["w"].append(w)
            out["b"].append(b)
            if i == steps:
                break
            r = expit(z) - y
            w = w - dtype(lr) * (X.T @ r / dtype(n) + dtype(2 * l2) * w)
            b = b - dtype(lr) * np.mean(r)
    result = {k: np.array(v, dtype=np.float64) for k, v in out.items()}
    result["final_cost"] = result["cost"][-1]
    result["final_w"], result["final_b"] = result["w"][-1], result["b"][-1]
    for key in ("cost", "acc", "val_cost", "val_acc"):
        result[key] = result[key][:-1]
    return result


def objective(theta, X, y, l2):
    """cost and gradient of docs/ARCHITECTURE.md §2 in float64 numpy, for scipy."""
    w, b = theta[:-1], theta[-1]
    z = X @ w + b
    cost = np.mean(np.logaddexp(0, z) - y * z) + l2 * (w @ w)
    r = expit(z) - y
    grad = np.concatenate([X.T @ r / len(y) + 2 * l2 * w, [np.mean(r)]])
    return cost, grad


# ---------------------------------------------------------------- fixtures


def random_dataset(n, d, seed, scale=1.0, name="test"):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, d))
    y = rng.integers(0, 2, size=n).astype(np.float64)
    y[:2] = [0.0, 1.0]
    return Dataset(name, X, y)


def make_engine(train, val=None, gram=None, **settings):
    config = TrainingConfig(**{"dtype": "float64", "device": "cpu", **settings})
    return TrainingEngine(config, train, val, threads=1, gram=gram)


def start_state(engine):
    assert engine.step == 0
    w0, b0 = engine.parameters()
    return w0, b0


def run_all(engine, chunk):
    """Train to the end in chunks of `chunk`, collecting the history as the window does."""
    history = MetricHistory(engine.val_data is not None)
    firsts = []
    while not engine.finished:
        metrics = engine.run_chunk(chunk)
        firsts.append(metrics.first_step)
        history.append(metrics)
    return history, firsts


def assert_matches_reference(history_cost, history_acc, ref, rtol=1e-10):
    np.testing.assert_allclose(history_cost, ref["cost"], rtol=rtol, atol=0)
    np.testing.assert_allclose(history_acc, ref["acc"], rtol=0, atol=1e-6)


# ---------------------------------------------------------------- (1) exact iterates


@BOTH_STEPPERS
@pytest.mark.parametrize("with_val", [False, True], ids=["no-split", "held-out"])
def test_steppers_match_the_notebook_update(gram, with_val):
    train = random_dataset(50, 80, seed=1)
    val = random_dataset(20, 80, seed=2) if with_val else None
    engine = make_engine(train, val, gram=gram, lr=0.1, l2=0.01, iterations=300)
    assert engine.method == ("gram" if gram else "primal")
    w0, b0 = start_state(engine)
    assert b0 == 0.0 and np.all(np.isfinite(w0)) and 0.5 < np.std(w0) < 1.5  # w0 ~ N(0, 1)
    ref = reference_run(train.X, train.y, w0, b0, 300, 0.1, 0.01,
                        val.X if val else None, val.y if val else None)
    history, _ = run_all(engine, 128)
    assert len(history) == engine.step == 300
    assert_matches_reference(history.cost, history.train_accuracy, ref)
    if with_val:
        np.testing.assert_allclose(history.val_cost, ref["val_cost"], rtol=1e-10)
        np.testing.assert_allclose(history.val_accuracy, ref["val_acc"], atol=1e-6)
        assert engine.val_accuracy() == pytest.approx(
            np.mean(((val.X @ ref["final_w"] + ref["final_b"]) > 0) == (val.y == 1)))
    else:
        assert history.val_cost is None and engine.val_accuracy() is None
    w, b = engine.parameters()
    np.testing.assert_allclose(w, ref["final_w"], rtol=0, atol=1e-10 * np.abs(ref["final_w"]).max())
    assert b == pytest.approx(ref["final_b"], rel=1e-10, abs=1e-13)
    assert engine.current_cost() == pytest.approx(ref["final_cost"], rel=1e-10)
    np.testing.assert_allclose(engine.logits(), train.X @ ref["final_w"] + ref["final_b"],
                               rtol=1e-9, atol=1e-9)


@BOTH_STEPPERS
def test_float32_steppers_follow_the_reference_closely(gram):
    train = random_dataset(60, 100, seed=3)
    engine = make_engine(train, gram=gram, dtype="float32", lr=0.1, l2=0.01, iterations=200)
    w0, b0 = start_state(engine)
    ref = reference_run(train.X, train.y, w0, b0, 200, 0.1, 0.01)
    history, _ = run_all(engine, 200)
    np.testing.assert_allclose(history.cost, ref["cost"], rtol=2e-4)


# ---------------------------------------------------------------- (2) the optimum


@BOTH_STEPPERS
@pytest.mark.parametrize(("n", "d", "lr", "steps"), [(60, 10, 1.0, 4000), (40, 100, 0.5, 4000)],
                         ids=["60x10", "40x100"])
def test_training_reaches_the_scipy_optimum(gram, n, d, lr, steps):
    l2 = 0.05
    train = random_dataset(n, d, seed=4)
    engine = make_engine(train, gram=gram, lr=lr, l2=l2, iterations=steps)
    w0, b0 = start_state(engine)
    history, _ = run_all(engine, 4096)
    assert engine.finished and engine.divergence is None

    theta0 = np.concatenate([w0, [b0]])
    best = minimize(objective, theta0, args=(train.X, train.y, l2), jac=True, method="L-BFGS-B",
                    options={"ftol": 1e-16, "gtol": 1e-12, "maxiter": 20000, "maxcor": 30})
    _, grad = objective(best.x, train.X, train.y, l2)
    assert np.abs(grad).max() < 1e-9  # scipy really found the minimum
    assert engine.current_cost() == pytest.approx(best.fun, rel=1e-7)
    assert engine.current_cost() >= best.fun - 1e-12  # nothing goes below the minimum
    w, b = engine.parameters()
    np.testing.assert_allclose(np.append(w, b), best.x, rtol=0, atol=1e-4)
    assert np.all(np.diff(history.cost) <= 1e-12)  # a small enough step never goes uphill


# ---------------------------------------------------------------- (3) the notebook preset


def test_seed_preset_reproduces_the_notebook_run():
    engine = create_engine(TrainingConfig(device="cpu"), threads=1)
    assert engine.config.iterations == 10001
    assert (engine.X.shape[0], engine.X.shape[1]) == (400, 784)
    history, _ = run_all(engine, 4096)
    assert len(history) == 10001
    assert 15 < history.cost[0] < 25  # "iter 0, error 19.295896" on the notebook's draw
    assert engine.train_accuracy() == 1.0
    assert 0.12 < engine.current_cost() < 0.14  # the notebook settles at 0.124845
    # The printout's shape: steep at first, then flat.
    assert history.cost[1000] < 0.3 and abs(history.cost[10000] - history.cost[5000]) < 1e-3


# ---------------------------------------------------------------- (4) chunking


@BOTH_STEPPERS
def test_chunk_size_does_not_change_the_run(gram):
    train = random_dataset(30, 50, seed=5)
    # Neither 1000 nor 7 divides it (a partial last chunk); 2001 rather than the notebook's
    # 10001 steps, whose 10001 chunks of 1 took 8 s: both stay within one of the sample-space
    # stepper's stretches here (~11 000 steps at this lr and l2), so nothing is lost.
    steps = 2001
    histories = {}
    for chunk in (1000, 7, 1):
        engine = make_engine(train, gram=gram, lr=0.2, l2=0.01, iterations=steps)
        w0, b0 = start_state(engine)
        history, firsts = run_all(engine, chunk)
        assert firsts == list(range(0, steps, chunk))  # contiguous, never past the end
        assert engine.step == steps == len(history) and engine.finished
        after = engine.run_chunk(chunk)
        assert len(after) == 0 and after.first_step == steps and engine.step == steps
        histories[chunk] = (history.cost.copy(), history.train_accuracy.copy(),
                            engine.parameters())
    ref = reference_run(train.X, train.y, w0, b0, steps, 0.2, 0.01)
    for cost, acc, (w, b) in histories.values():
        assert_matches_reference(cost, acc, ref, rtol=1e-9)
        np.testing.assert_allclose(cost, histories[1000][0], rtol=1e-12)
        np.testing.assert_allclose(w, ref["final_w"], rtol=0, atol=1e-9)
        assert b == pytest.approx(ref["final_b"], rel=1e-9, abs=1e-12)


def test_run_chunk_stops_at_iterations_and_handles_zero():
    engine = make_engine(random_dataset(20, 5, seed=6), lr=0.1, iterations=25)
    assert len(engine.run_chunk(0)) == 0 and engine.step == 0
    assert len(engine.run_chunk(10)) == 10
    last = engine.run_chunk(100)
    assert (last.first_step, len(last), engine.step, engine.finished) == (10, 15, 25, True)
    engine.set_hyperparameters(iterations=30)
    assert not engine.finished
    assert len(engine.run_chunk(100)) == 5 and engine.finished


# ---------------------------------------------------------------- (5) live changes


@BOTH_STEPPERS
@pytest.mark.parametrize("change", [{"lr": 0.5}, {"l2": 0.2}, {"lr": 0.02, "l2": 0.0}],
                         ids=["lr", "l2", "both"])
def test_changes_between_chunks_take_effect_at_that_step(gram, change):
    train = random_dataset(40, 60, seed=7, scale=0.5)
    engine = make_engine(train, gram=gram, lr=0.1, l2=0.01, iterations=300)
    w0, b0 = start_state(engine)
    history = MetricHistory(False)
    history.append(engine.run_chunk(120))
    engine.set_hyperparameters(**change)
    for key, value in change.items():
        assert getattr(engine.config, key) == value
    while not engine.finished:
        history.append(engine.run_chunk(64))
    ref = reference_run(train.X, train.y, w0, b0, 300, 0.1, 0.01, changes={120: change})
    assert_matches_reference(history.cost, history.train_accuracy, ref)
    unchanged = reference_run(train.X, train.y, w0, b0, 300, 0.1, 0.01)
    assert not np.allclose(history.cost[121:], unchanged["cost"][121:], rtol=1e-6)


@pytest.mark.parametrize(
    "change",
    [{"lr": -1.0}, {"lr": 0.0}, {"lr": math.nan}, {"lr": math.inf}, {"l2": -0.01},
     {"l2": math.nan}, {"iterations": 0}, {"iterations": 2.5}, {"lr": "fast"}],
)
def test_invalid_live_changes_are_refused_and_change_nothing(change):
    engine = make_engine(random_dataset(20, 5, seed=8), lr=0.1, l2=0.01, iterations=50)
    engine.run_chunk(10)
    before = engine.config
    with pytest.raises(ConfigError):
        engine.set_hyperparameters(**change)
    assert engine.config == before and engine.step == 10
    assert len(engine.run_chunk(10)) == 10


# ---------------------------------------------------------------- (6) divergence


@BOTH_STEPPERS
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_divergence_is_caught_where_the_cost_stops_being_finite(gram, dtype, monkeypatch):
    # Such a run passes the runaway limit first; without it the non-finite guard must hold.
    monkeypatch.setattr(engine_module, "RUNAWAY_GROWTH", math.inf)
    train = random_dataset(60, 100, seed=9)
    engine = make_engine(train, gram=gram, dtype=dtype, lr=1e4, l2=0.01, iterations=1000)
    w0, b0 = start_state(engine)
    ref = reference_run(train.X, train.y, w0, b0, 1000, 1e4, 0.01, dtype=getattr(np, dtype))
    first_bad = int(np.flatnonzero(~np.isfinite(ref["cost"]))[0])
    assert first_bad > 2  # the run does train a few steps first

    history, _ = run_all(engine, 256)  # must not raise
    divergence = engine.divergence
    assert divergence is not None and engine.finished
    assert divergence.step == first_bad
    assert engine.step == len(history) == first_bad - 1
    assert str(first_bad) in divergence.description
    assert divergence.command_line_message().endswith("Run again with a smaller --lr (or --l2).")
    assert math.isfinite(divergence.last_finite_cost)
    assert divergence.last_finite_cost == pytest.approx(ref["cost"][first_bad - 1], rel=1e-3)
    w, b = engine.parameters()
    assert np.all(np.isfinite(w)) and math.isfinite(b)
    rel = 1e-3 if dtype == "float32" else 1e-8
    np.testing.assert_allclose(w, ref["w"][first_bad - 1], rtol=0,
                               atol=rel * np.abs(ref["w"][first_bad - 1]).max())
    assert np.all(np.isfinite(history.cost))
    assert engine.current_cost() == pytest.approx(divergence.last_finite_cost, rel=1e-5)
    assert len(engine.run_chunk(10)) == 0  # stopped until the user acts

    engine.set_hyperparameters(lr=1e-3)
    assert engine.divergence is None and not engine.finished
    more = engine.run_chunk(20)
    assert len(more) == 20 and more.first_step == first_bad - 1
    assert np.all(np.isfinite(more.cost)) and engine.divergence is None
    assert engine.step == first_bad + 19


def first_runaway_step(costs, since=0):
    """The documented rule, independently: the first step whose cost passes 1000 times the
    cost where the settings began (at least ln 2)."""
    limit = 1000 * max(costs[since], math.log(2))
    over = np.flatnonzero(np.asarray(costs[since:]) > limit)
    return since + int(over[0]) if over.size else None


@BOTH_STEPPERS
def test_a_cost_that_runs_away_while_finite_is_called_divergence(gram):
    # blobs at lr 100 (issue 11): the cost climbs to ~1e8 and stays finite; it must not end
    # as "Finished".
    data = make_preset("blobs", samples=200)
    engine = make_engine(data, gram=gram, lr=100.0, l2=0.01, iterations=500)
    w0, b0 = start_state(engine)
    ref = reference_run(data.X, data.y, w0, b0, 500, 100.0, 0.01)
    assert np.all(np.isfinite(ref["cost"])) and ref["cost"].max() > 1e6
    runaway = first_runaway_step(ref["cost"])
    assert runaway is not None and runaway > 0

    history, _ = run_all(engine, 7)
    divergence = engine.divergence
    assert divergence is not None and engine.finished
    assert divergence.step == runaway
    assert divergence.grown_from == pytest.approx(ref["cost"][0], rel=1e-10)
    assert divergence.last_finite_cost == pytest.approx(ref["cost"][runaway], rel=1e-10)
    assert len(history) == runaway + 1  # the step that passed the limit is drawn
    np.testing.assert_allclose(history.cost, ref["cost"][:runaway + 1], rtol=1e-10)
    assert engine.step == runaway + 1
    np.testing.assert_allclose(engine.parameters()[0], ref["w"][runaway + 1], rtol=1e-10)
    # Each cost as the numpy run has it; the advice is the command line's, never the window's
    # buttons (which a headless run does not have).
    assert (f"grew from {ref['cost'][0]:.4g} to {ref['cost'][runaway]:.4g}"
            in divergence.description)
    assert "press" not in divergence.command_line_message().lower()
    assert divergence.command_line_message() == (
        f"{divergence.description} Run again with a smaller --lr (try a tenth of it).")
    assert divergence.command_line_message("--lesson divergence").endswith(
        "The lesson sets the learning rate: open it in the window (--lesson divergence, "
        "without --headless or --screenshot) and lower it there.")


@BOTH_STEPPERS
def test_a_runaway_before_the_first_non_finite_cost_in_a_chunk_is_what_stops_the_run(gram):
    # seed at lr 1e4: the cost is 1.8e6 at step 1 and inf at step 8; one chunk holds both, and
    # the run was reported as "no longer a finite number at step 8".
    train = random_dataset(60, 100, seed=9)
    engine = make_engine(train, gram=gram, lr=1e4, iterations=1000)
    w0, b0 = start_state(engine)
    ref = reference_run(train.X, train.y, w0, b0, 1000, 1e4, 0.01)
    first_bad = int(np.flatnonzero(~np.isfinite(ref["cost"]))[0])
    runaway = first_runaway_step(ref["cost"][:first_bad])
    assert runaway is not None and runaway < first_bad
    engine.run_chunk(first_bad + 1)  # one chunk holds both
    assert engine.divergence.step == runaway and engine.divergence.grown_from is not None


def test_a_lower_learning_rate_after_a_runaway_continues_from_its_own_cost():
    data = make_preset("blobs", samples=200)
    engine = make_engine(data, lr=100.0, iterations=500)
    run_all(engine, 50)
    stopped_at = engine.step
    engine.set_hyperparameters(lr=0.1)
    assert not engine.finished
    more = engine.run_chunk(100)
    assert len(more) == 100 and engine.divergence is None  # falling from a huge cost is fine
    assert more.cost[-1] < more.cost[0]
    assert more.first_step == stopped_at


def test_a_good_learning_rate_never_trips_the_runaway_limit():
    train = random_dataset(100, 20, seed=3)
    engine = make_engine(train, lr=1.0, iterations=2000, batch_size=8)  # noisy mini-batches
    run_all(engine, 128)
    assert engine.divergence is None and engine.step == 2000


# ---------------------------------------------------------------- (7) reset and init


@BOTH_STEPPERS
def test_reset_returns_to_the_same_start(gram):
    engine = make_engine(random_dataset(30, 40, seed=10), gram=gram, lr=0.1, iterations=100)
    first = engine.run_chunk(50)
    start_cost = engine.current_cost()
    engine.reset()
    assert engine.step == 0 and engine.divergence is None
    assert engine.current_cost() == pytest.approx(first.cost[0], rel=1e-13)
    again = engine.run_chunk(50)
    assert again.first_step == 0
    np.testing.assert_array_equal(again.cost, first.cost)
    assert engine.current_cost() == start_cost


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_zero_init_starts_at_log_two(dtype):
    engine = make_engine(random_dataset(30, 40, seed=11), dtype=dtype, init="zeros", lr=0.1)
    w, b = engine.parameters()
    assert not w.any() and b == 0.0
    tolerance = 5e-7 if dtype == "float32" else 1e-15  # a mean of 30 rounded float32 terms
    assert engine.current_cost() == pytest.approx(math.log(2), rel=tolerance)
    assert engine.run_chunk(1).cost[0] == pytest.approx(math.log(2), rel=tolerance)


# ---------------------------------------------------------------- (8) Gram re-basing


@pytest.mark.parametrize(("lr", "l2"), [(1.0, 0.45), (1.0, 0.75), (0.5, 1.5)],
                         ids=["decay-0.1", "decay--0.5", "decay--0.5-lr-0.5"])
def test_gram_stepper_survives_fast_decay(lr, l2):
    # |1 - 2 lr l2|^500 underflows float64 (1e-500): the stepper must re-base along the way.
    train = random_dataset(40, 100, seed=12, scale=0.1)
    engine = make_engine(train, gram=True, lr=lr, l2=l2, iterations=500)
    assert engine.method == "gram"
    w0, b0 = start_state(engine)
    history, _ = run_all(engine, 500)
    ref = reference_run(train.X, train.y, w0, b0, 500, lr, l2)
    assert_matches_reference(history.cost, history.train_accuracy, ref)
    w, _ = engine.parameters()
    np.testing.assert_allclose(w, ref["final_w"], rtol=0, atol=1e-10)


def test_gram_falls_back_to_primal_when_the_decay_is_zero():
    train = random_dataset(40, 100, seed=13, scale=0.1)
    engine = make_engine(train, gram=True, lr=1.0, l2=0.5, iterations=300)
    assert engine.method == "primal"  # c = 1 - 2 lr l2 = 0: no sample-space form
    w0, b0 = start_state(engine)
    history = MetricHistory(False)
    history.append(engine.run_chunk(150))
    engine.set_hyperparameters(l2=0.1)  # c != 0 again: back to the Gram path
    assert engine.method == "gram"
    history.append(engine.run_chunk(150))
    ref = reference_run(train.X, train.y, w0, b0, 300, 1.0, 0.5, changes={150: {"l2": 0.1}})
    assert_matches_reference(history.cost, history.train_accuracy, ref)


def test_gram_is_chosen_automatically_for_wide_data_only():
    assert make_engine(random_dataset(40, 100, seed=14)).method == "gram"
    assert make_engine(random_dataset(100, 10, seed=14)).method == "primal"


# ---------------------------------------------------------------- (9) unusable data


@pytest.mark.parametrize("scale", [1e38, 1e39])
def test_engine_error_when_the_starting_cost_is_not_finite(scale):
    train = random_dataset(40, 100, seed=15, scale=scale)
    # Independent check of the premise: in float32 the starting logits overflow.
    w0 = np.random.default_rng(0).standard_normal(100).astype(np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        z = train.X.astype(np.float32) @ w0
    assert not np.all(np.isfinite(z))
    with pytest.raises(EngineError, match="not a finite number") as refused:
        make_engine(train, dtype="float32")
    assert "use float64" in str(refused.value)


def test_the_advice_for_huge_features_never_offers_the_precision_already_in_use():
    # "too large for float64 ... or use float64" (issue 11)
    train = random_dataset(40, 100, seed=15, scale=1e307)
    w0 = np.random.default_rng([0, 1]).standard_normal(100)  # the engine's start for seed 0
    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.all(np.isfinite(train.X @ w0))  # the premise, independently
    with pytest.raises(EngineError, match="too large for float64") as refused:
        make_engine(train, dtype="float64")
    assert "use float64" not in str(refused.value)
    assert "zero weights" in str(refused.value)


@BOTH_STEPPERS
def test_huge_features_in_float32_diverge_cleanly(gram):
    # 1e30 features: the starting cost is finite (~1e31) in float32, but G = X X^T and the first
    # update overflow. The run must report a divergence with a finite last cost, not NaN.
    train = random_dataset(40, 100, seed=16, scale=1e30)
    engine = make_engine(train, gram=gram, dtype="float32", lr=0.1, iterations=100)
    start = engine.current_cost()
    assert math.isfinite(start) and start > 1e29
    metrics = engine.run_chunk(100)
    assert engine.divergence is not None
    assert engine.divergence.step == 1
    assert engine.divergence.last_finite_cost == pytest.approx(start, rel=1e-5)
    assert len(metrics) == 0 and engine.step == 0
    assert engine.current_cost() == pytest.approx(start, rel=1e-5)


def test_a_live_l2_change_that_overflows_the_penalty_stops_with_advice():
    # Weights this large have a finite cost at L2 = 0.01 in float32, but L2 = 1000 makes the
    # penalty (1000 * ||w||^2 > 3.4e38) overflow: the kept state itself has no finite cost.
    train = random_dataset(40, 10, seed=5)
    engine = make_engine(train, dtype="float32", l2=0.01, iterations=100)
    big = torch.full((10,), 1e18)  # ||w||^2 = 1e37
    engine._active.set_state(big, torch.zeros(()))
    assert math.isfinite(engine.current_cost())
    engine.set_hyperparameters(l2=1000.0)
    metrics = engine.run_chunk(10)
    assert len(metrics) == 0 and engine.step == 0
    divergence = engine.divergence
    assert divergence.step == 0 and math.isnan(divergence.last_finite_cost)
    assert "L2 penalty overflows" in divergence.description
    assert "inf" not in divergence.description
    assert divergence.command_line_message().endswith("Run again with a smaller --l2.")
    engine.set_hyperparameters(l2=0.01)  # the advice works: training goes on
    assert len(engine.run_chunk(10)) == 10
