"""The worker's model read-outs (gui/worker.py, ModelSnapshots) with a real engine and a
controlled clock: how often all N logits are read while a run goes, and that a forced read is
exact."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import TrainingConfig
from core.lesson import create_engine
from gui.worker import EMIT_INTERVAL_S, SNAPSHOT_SHARE, ModelSnapshots

CONFIG = TrainingConfig(samples=200, features=10, iterations=50, batch_size=8, val_fraction=0.2,
                        device="cpu", dtype="float64")
READ_SECONDS = 0.05  # what reading the model's state "costs" on the test clock


class SlowReads:
    """A real engine whose logits() advances the test clock, as a large data set's would."""

    def __init__(self, engine, clock: list[float], read_seconds: float = READ_SECONDS):
        self._engine, self._clock, self._read_seconds = engine, clock, read_seconds
        self.reads = 0

    def logits(self):
        self.reads += 1
        self._clock[0] += self._read_seconds
        return self._engine.logits()

    def __getattr__(self, name):
        return getattr(self._engine, name)


@pytest.fixture
def slow_engine():
    clock = [0.0]
    return SlowReads(create_engine(CONFIG), clock), clock


def test_reads_of_a_slow_model_state_are_spaced_to_a_tenth_of_the_time(slow_engine):
    engine, clock = slow_engine
    snapshots = ModelSnapshots(clock=lambda: clock[0])
    first = snapshots.of(engine, fresh=False)
    assert engine.reads == 1
    spacing = READ_SECONDS / SNAPSHOT_SHARE
    clock[0] += 0.9 * spacing
    engine.run_chunk(5)
    assert snapshots.of(engine, fresh=False) is first and engine.reads == 1  # not due yet
    clock[0] += 0.2 * spacing
    second = snapshots.of(engine, fresh=False)
    assert engine.reads == 2 and second is not first
    np.testing.assert_array_equal(second[0], engine.logits())


def test_a_forced_read_is_always_the_state_now(slow_engine):
    engine, clock = slow_engine
    snapshots = ModelSnapshots(clock=lambda: clock[0])
    snapshots.of(engine, fresh=False)
    engine.run_chunk(7)
    logits, val_logits, weights, bias = snapshots.of(engine, fresh=True)
    assert engine.reads == 2
    w, b = engine.parameters()
    np.testing.assert_array_equal(weights, w)
    assert bias == b
    np.testing.assert_allclose(logits, engine.train_data.X @ w + b, rtol=1e-12)
    np.testing.assert_allclose(val_logits, engine.val_data.X @ w + b, rtol=1e-12)


def test_a_cheap_model_state_is_read_for_every_batch():
    clock = [0.0]
    engine = SlowReads(create_engine(CONFIG), clock, read_seconds=0.001)
    snapshots = ModelSnapshots(clock=lambda: clock[0])
    for batch in range(1, 4):
        engine.run_chunk(1)
        snapshots.of(engine, fresh=False)
        assert engine.reads == batch
        clock[0] += 0.75 * EMIT_INTERVAL_S  # the shortest gap between two batches
