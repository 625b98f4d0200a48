"""Mini-batch training against an independent float64 numpy loop over the documented batch
order (core/minibatch.py: a fresh permutation per epoch from the seed, batches of exactly B)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit

from core.config import TrainingConfig
from core.engine import TrainingEngine, initial_weights
from core.lesson import prepare_data

CONFIG = TrainingConfig(samples=103, features=30, iterations=60, batch_size=16, dtype="float64",
                        device="cpu", lr=0.5, l2=0.01, val_fraction=0.2, seed=4)


def make_engine(config: TrainingConfig = CONFIG) -> TrainingEngine:
    return TrainingEngine(config, *prepare_data(config))


def reference(config: TrainingConfig, steps: int, val_rows=slice(None)):
    """Costs / accuracies of each step's batch before its update, held-out ones (on `val_rows`
    of the held-out set), final (w, b)."""
    train, val = prepare_data(config)
    Xv, yv = val.X[val_rows], val.y[val_rows]
    X, y, B, n = train.X, train.y, config.batch_size, train.n_samples
    w, b = initial_weights(train.n_features, config), 0.0
    lr, l2 = config.lr, config.l2
    out = {"cost": [], "acc": [], "val_cost": []}
    for step in range(steps):
        epoch, index = divmod(step, n // B)
        rows = np.random.default_rng([config.seed, 2, epoch]).permutation(n)[index * B:][:B]
        Xb, yb = X[rows], y[rows]
        z = Xb @ w + b
        out["cost"].append(np.mean(np.logaddexp(0, z) - yb * z) + l2 * w @ w)
        out["acc"].append(np.mean((z > 0) == (yb == 1)))
        zv = Xv @ w + b
        out["val_cost"].append(np.mean(np.logaddexp(0, zv) - yv * zv) + l2 * w @ w)
        r = expit(z) - yb
        w, b = w - lr * (Xb.T @ r / B + 2 * l2 * w), b - lr * r.mean()
    return {k: np.array(v) for k, v in out.items()}, w, b


def run(engine: TrainingEngine, chunk: int):
    chunks = []
    while not engine.finished:
        chunks.append(engine.run_chunk(chunk))
    return {"cost": np.concatenate([c.cost for c in chunks]),
            "acc": np.concatenate([c.train_accuracy for c in chunks]),
            "val_cost": np.concatenate([c.val_cost for c in chunks])}


@pytest.mark.parametrize("chunk", [1, 7, 60])
def test_mini_batch_steps_match_numpy_whatever_the_chunks(chunk):
    engine = make_engine()
    assert engine.method == "mini-batch" and engine.batch_size == 16
    got = run(engine, chunk)
    expected, w, b = reference(CONFIG, CONFIG.iterations)
    np.testing.assert_allclose(got["cost"], expected["cost"], rtol=1e-12)
    np.testing.assert_allclose(got["val_cost"], expected["val_cost"], rtol=1e-12)
    np.testing.assert_array_equal(got["acc"], expected["acc"].astype(np.float32))
    w_engine, b_engine = engine.parameters()
    np.testing.assert_allclose(w_engine, w, rtol=1e-11, atol=1e-14)
    assert b_engine == pytest.approx(b, rel=1e-11)


def test_every_epoch_visits_each_sample_at_most_once_in_a_new_order():
    train, _ = prepare_data(CONFIG)
    n, batch = train.n_samples, CONFIG.batch_size
    orders = [np.random.default_rng([CONFIG.seed, 2, epoch]).permutation(n) for epoch in (0, 1)]
    assert not np.array_equal(orders[0], orders[1])
    engine = make_engine(CONFIG.replace(iterations=2 * (n // batch)))
    run(engine, 5)  # two whole epochs: same results as the documented order (test above)
    assert engine.step == 2 * (n // batch)


def test_a_reset_replays_the_same_batches():
    engine = make_engine()
    first = run(engine, 9)
    engine.reset()
    np.testing.assert_array_equal(run(engine, 13)["cost"], first["cost"])


def test_divergence_rolls_back_to_the_last_finite_batch_cost(monkeypatch):
    # Such a run passes the runaway limit first (tested in test_engine.py); without it the
    # non-finite guard must roll mini-batches back too.
    monkeypatch.setattr("core.engine.RUNAWAY_GROWTH", math.inf)
    config = CONFIG.replace(lr=1e4, dtype="float32", iterations=400)
    engine = make_engine(config)
    got = run(engine, 50)
    assert engine.divergence is not None
    assert np.all(np.isfinite(got["cost"])) and len(got["cost"]) == engine.step
    assert engine.divergence.step == engine.step + 1
    assert np.isfinite(engine.current_cost())


def test_a_batch_as_large_as_the_data_is_the_full_batch():
    train_samples = prepare_data(CONFIG)[0].n_samples
    for size in (train_samples, train_samples + 1, 0):
        engine = make_engine(CONFIG.replace(batch_size=size))
        assert engine.batch_size == 0 and engine.method in ("primal", "gram")



LARGE_HELD_OUT = CONFIG.replace(samples=1500, features=5, val_fraction=0.5, iterations=40)


def test_steps_measure_a_large_held_out_set_on_an_even_sample_and_the_totals_on_all_of_it():
    engine = make_engine(LARGE_HELD_OUT)
    val = prepare_data(LARGE_HELD_OUT)[1]
    assert val.n_samples == 750 and engine.val_sample_size == 256
    # The documented sample: 256 rows spread evenly from the first to the last held-out one.
    rows = np.round(np.linspace(0, val.n_samples - 1, 256)).astype(int)
    assert len(set(rows)) == 256
    got = run(engine, 9)
    expected, w, b = reference(LARGE_HELD_OUT, LARGE_HELD_OUT.iterations, rows)
    np.testing.assert_allclose(got["val_cost"], expected["val_cost"], rtol=1e-12)
    whole = reference(LARGE_HELD_OUT, LARGE_HELD_OUT.iterations)[0]["val_cost"]
    assert not np.allclose(got["val_cost"], whole, rtol=1e-6)  # a sample, not the whole set
    # The run's totals (reports, the window at rest) still cover every held-out sample.
    z = val.X @ w + b
    l2 = LARGE_HELD_OUT.l2
    assert engine.val_cost() == pytest.approx(
        np.mean(np.logaddexp(0, z) - val.y * z) + l2 * w @ w, rel=1e-12)
    assert engine.val_accuracy() == pytest.approx(np.mean((z > 0) == (val.y == 1)))


def test_the_held_out_sample_spreads_over_a_set_ordered_by_class():
    from core.minibatch import held_out_sample

    labels = np.repeat([0.0, 1.0], [3000, 1000])  # sorted by class, as some files are
    picked = labels[held_out_sample(len(labels), batch_size=64).numpy()]
    assert len(picked) == 256 and picked.mean() == pytest.approx(0.25, abs=0.01)
    assert len(held_out_sample(100, batch_size=64)) == 100  # a small set: all of it
    assert len(held_out_sample(10_000, batch_size=1000)) == 1000  # as many as a batch
