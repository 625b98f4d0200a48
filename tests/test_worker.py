"""The worker's model read-outs (core.session.ModelSnapshots) with a real engine and a
controlled clock: how often all N logits are read while a run goes, and that a forced read is
exact; and gui/worker.py as the bridge from the session to Qt signals, in its own thread."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import TrainingConfig
from core.lesson import create_engine
from core.session import EMIT_INTERVAL_S, SNAPSHOT_SHARE, ModelSnapshots, RunState

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


def test_the_worker_thread_turns_session_reports_into_signals_and_answers_seeks(qtbot):
    from PySide6.QtCore import QObject, QThread, Slot

    from gui.worker import TrainingWorker

    class Receiver(QObject):
        """Slots in the GUI thread, as the window's (a plain callable connected to a worker
        signal would run in the worker's thread)."""

        def __init__(self) -> None:
            super().__init__()
            self.infos, self.states, self.batches, self.models = [], [], [], []

        @Slot(object)
        def info(self, info) -> None:
            self.infos.append(info)

        @Slot(str)
        def state(self, state) -> None:
            self.states.append(state)

        @Slot(object)
        def batch(self, batch) -> None:
            self.batches.append(batch)

        @Slot(object)
        def model(self, model) -> None:
            self.models.append(model)

    config = TrainingConfig(dataset="blobs", samples=100, features=2, iterations=60,
                            device="cpu", dtype="float64")
    thread, worker, got = QThread(), TrainingWorker(threads=1), Receiver()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.stopped.connect(thread.quit)
    worker.engineReady.connect(got.info)
    worker.stateChanged.connect(got.state)
    worker.batchReady.connect(got.batch)
    worker.modelAtStep.connect(got.model)
    thread.start()
    try:
        worker.request_reset(config)
        qtbot.waitUntil(lambda: got.states[-1:] == [RunState.IDLE], timeout=20000)
        worker.request_start()
        qtbot.waitUntil(lambda: got.states[-1:] == [RunState.FINISHED], timeout=20000)
        worker.request_seek(25)
        qtbot.waitUntil(lambda: bool(got.models), timeout=20000)
    finally:
        worker.request_stop()
        qtbot.waitUntil(lambda: not thread.isRunning(), timeout=20000)
    assert got.states == [RunState.IDLE, RunState.RUNNING, RunState.FINISHED]
    assert all(type(state) is RunState for state in got.states)  # members, not their strings
    assert got.batches[-1].step == 60
    model = got.models[0]
    fresh = create_engine(config, threads=1)
    fresh.run_chunk(25)
    assert model.step == 25 and model.bias == fresh.parameters()[1]
    np.testing.assert_array_equal(model.weights, fresh.parameters()[0])
    np.testing.assert_array_equal(model.logits, fresh.logits())
    np.testing.assert_array_equal(got.infos[0].train_X, fresh.train_data.X)
