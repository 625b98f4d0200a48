"""core.history: growable per-step metric storage (docs/ARCHITECTURE.md §7: <= 40 bytes per
step)."""

import numpy as np
import pytest

from core.engine import ChunkMetrics
from core.history import MetricHistory


def chunk(first: int, length: int, with_val: bool) -> ChunkMetrics:
    """Metrics whose values encode their step, so any misplaced entry shows."""
    steps = np.arange(first, first + length, dtype=np.float64)
    metrics = ChunkMetrics(first, 1.0 / (1.0 + steps), (steps % 97 / 96).astype(np.float32))
    if with_val:
        metrics.val_cost = 2.0 + steps
        metrics.val_accuracy = (steps % 89 / 88).astype(np.float32)
    return metrics


def expected(length: int):
    steps = np.arange(length, dtype=np.float64)
    return (1.0 / (1.0 + steps), (steps % 97 / 96).astype(np.float32), 2.0 + steps,
            (steps % 89 / 88).astype(np.float32))


@pytest.mark.parametrize("with_val", [False, True])
def test_append_grows_and_keeps_every_step(with_val):
    history = MetricHistory(with_val)
    assert len(history) == 0 and len(history.cost) == 0
    sizes = [1, 0, 5, 1000, 1, 3000, 17, 10_000]  # crosses the initial capacity several times
    for size in sizes:
        history.append(chunk(len(history), size, with_val))
    total = sum(sizes)
    assert len(history) == total
    cost, accuracy, val_cost, val_accuracy = expected(total)
    np.testing.assert_array_equal(history.cost, cost)
    np.testing.assert_array_equal(history.train_accuracy, accuracy)
    assert history.cost.dtype == np.float64 and history.train_accuracy.dtype == np.float32
    if with_val:
        np.testing.assert_array_equal(history.val_cost, val_cost)
        np.testing.assert_array_equal(history.val_accuracy, val_accuracy)
    else:
        assert history.val_cost is None and history.val_accuracy is None


def test_truncate_then_append_continues_from_there():
    history = MetricHistory(True)
    history.append(chunk(0, 2500, True))
    history.truncate(1200)
    assert len(history) == 1200 and len(history.val_cost) == 1200
    history.truncate(5000)  # never grows
    assert len(history) == 1200
    with pytest.raises(ValueError):
        history.append(chunk(2500, 10, True))
    history.append(chunk(1200, 800, True))
    cost, accuracy, val_cost, val_accuracy = expected(2000)
    np.testing.assert_array_equal(history.cost, cost)
    np.testing.assert_array_equal(history.val_accuracy, val_accuracy)
    history.truncate(0)
    assert len(history) == 0
    history.append(chunk(0, 3, True))
    np.testing.assert_array_equal(history.val_cost, val_cost[:3])


def test_views_are_read_only():
    history = MetricHistory(True)
    history.append(chunk(0, 10, True))
    for view in (history.cost, history.train_accuracy, history.val_cost, history.val_accuracy):
        assert not view.flags.writeable
        with pytest.raises(ValueError):
            view[0] = 123
    assert history.cost[0] == 1.0


@pytest.mark.parametrize(("first", "with_val"), [(1, False), (9, True), (11, True)])
def test_a_chunk_that_does_not_start_where_the_history_ends_is_refused(first, with_val):
    history = MetricHistory(with_val)
    history.append(chunk(0, 10, with_val))
    with pytest.raises(ValueError, match="step"):
        history.append(chunk(first, 5, with_val))
    assert len(history) == 10


@pytest.mark.parametrize(("with_val", "limit"), [(True, 40), (False, 20)])
def test_a_million_steps_cost_at_most_40_bytes_each(with_val, limit):
    history = MetricHistory(with_val)
    rng = np.random.default_rng(0)
    worst = 0.0
    while len(history) < 1_000_000:
        size = min(int(rng.integers(1, 5000)), 1_000_000 - len(history))
        history.append(chunk(len(history), size, with_val))
        if len(history) >= 100_000:  # past the fixed start-up buffers, at every length
            worst = max(worst, history.nbytes / len(history))
    assert len(history) == 1_000_000
    assert history.nbytes / len(history) <= limit
    assert worst <= limit
    # nbytes counts the real buffers: at least the filled part.
    assert history.nbytes >= (24 if with_val else 12) * len(history)
    assert history.cost[999_999] == pytest.approx(1e-6)


def test_from_arrays_rebuilds_a_history_with_and_without_a_split():
    cost, accuracy = np.array([3.0, 2.0, 1.5]), np.array([0.5, 0.75, 1.0], np.float32)
    plain = MetricHistory.from_arrays({"cost": cost, "train_accuracy": accuracy})
    assert not plain.has_val and len(plain) == 3
    np.testing.assert_array_equal(plain.cost, cost)
    split = MetricHistory.from_arrays({"cost": cost, "train_accuracy": accuracy,
                                       "val_cost": cost + 1, "val_accuracy": accuracy / 2})
    np.testing.assert_array_equal(split.val_cost, cost + 1)
    np.testing.assert_array_equal(split.val_accuracy, accuracy / 2)
    np.testing.assert_array_equal(split.copy().train_accuracy, accuracy)
