"""core/session_process.py: a TrainingSession in a real child process (spawned), driven through
the parent's proxy as the window's worker drives it; its reports relayed to a listener in a
thread of this process. Expected models come from the numpy re-implementation of the update
(tests/test_engine.py), never from the session. No wall-clock bounds: each wait polls for a
condition with a generous limit."""

from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np
import pytest

from core.config import TrainingConfig
from core.engine import initial_weights
from core.lesson import prepare_data
from core.session import RunState, TrainingSession
from core.session_process import SessionHost, SessionProcess
from tests.test_engine import reference_run

BLOBS = TrainingConfig(dataset="blobs", samples=120, features=2, iterations=40, lr=0.5,
                       l2=0.01, device="cpu", dtype="float64")
LONG = BLOBS.replace(iterations=10_000_000)
WAIT_S = 60.0  # a child imports torch first: generous, never a bound on speed


class Recorder:
    """A SessionListener keeping every report, in order, from the relaying thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self._lock = threading.Lock()

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args):
            with self._lock:
                self.calls.append((name, args if len(args) != 1 else args[0]))
        return record

    def of(self, kind: str) -> list:
        with self._lock:
            return [value for name, value in self.calls if name == kind]

    @property
    def states(self) -> list[RunState]:
        return self.of("state_changed")


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.01)


class Child:
    """A SessionProcess relayed by a thread, as gui/worker.py runs it."""

    def __init__(self, **options) -> None:
        self.listener = Recorder()
        self.session = SessionProcess(self.listener, threads=1, **options)
        self.thread = threading.Thread(target=self.session.run, daemon=True)
        self.thread.start()

    def command(self, **changes) -> None:
        self.session.commands.update(**changes)

    def reset(self, config: TrainingConfig) -> None:
        ready = len(self.listener.of("engine_ready"))
        self.command(reset=config, running=False)
        wait_until(lambda: len(self.listener.of("engine_ready")) > ready
                   and self.listener.states[-1:] == [RunState.IDLE], "the reset")

    def stop(self) -> None:
        self.command(stop=True, running=False)
        self.thread.join(WAIT_S)
        assert not self.thread.is_alive()


@pytest.fixture
def child():
    made = Child()
    yield made
    if made.thread.is_alive():
        made.stop()


def reference(config: TrainingConfig, steps: int, changes=None) -> dict:
    train, _ = prepare_data(config)
    w0 = initial_weights(train.n_features, config)
    return reference_run(train.X, train.y, w0, 0.0, steps, config.lr, config.l2,
                         changes=changes)


def test_a_run_in_the_child_reports_its_engine_batches_and_states(child):
    child.reset(BLOBS)
    info = child.listener.of("engine_ready")[0]
    assert info.train_X.shape == (120, 2) and info.threads == 1
    assert child.session.pid != os.getpid()
    child.command(running=True)
    wait_until(lambda: child.listener.states[-1:] == [RunState.FINISHED], "the end of the run")
    assert child.listener.states == [RunState.IDLE, RunState.RUNNING, RunState.FINISHED]
    assert all(type(state) is RunState for state in child.listener.states)
    batches = child.listener.of("batch")
    assert batches[0].step == 0 and batches[-1].step == 40
    expected = reference(BLOBS, 40)
    cost = np.concatenate([batch.cost for batch in batches])
    np.testing.assert_allclose(cost, expected["cost"], rtol=1e-12)
    np.testing.assert_allclose(batches[-1].weights, expected["final_w"], rtol=1e-12)
    assert batches[-1].bias == pytest.approx(expected["final_b"], rel=1e-12)
    ends = child.session.advance_ends()
    assert ends == sorted(ends) and ends[-1] == 40


def test_pause_step_seek_branch_and_live_changes_reach_the_child(child):
    child.reset(LONG)
    child.command(running=True)
    wait_until(lambda: child.listener.of("batch")[-1].step > 100, "a running start")
    child.command(running=False)
    wait_until(lambda: child.listener.states[-1:] == [RunState.PAUSED], "the pause")
    paused_at = child.listener.of("batch")[-1].step
    child.command(running=False, single_steps=1)
    wait_until(lambda: child.listener.of("batch")[-1].step == paused_at + 1, "one step")
    child.command(hyperparameters={"lr": 0.2})
    wait_until(lambda: bool(child.listener.of("hyperparameters_applied")), "the lr change")
    assert child.listener.of("hyperparameters_applied") == [(paused_at + 1, {"lr": (0.5, 0.2)})]

    child.command(seek=37)
    wait_until(lambda: bool(child.listener.of("model_at_step")), "the seek's answer")
    model = child.listener.of("model_at_step")[0]
    expected = reference(LONG, 37)
    assert model.step == 37
    np.testing.assert_allclose(model.weights, expected["final_w"], rtol=1e-12)
    assert child.listener.of("batch")[-1].step == paused_at + 1  # the live run is left as it was

    child.command(branch=30)
    wait_until(lambda: child.listener.of("truncated") == [30]
               and child.listener.of("batch")[-1].step == 30, "the branch")
    ends = child.session.advance_ends()
    assert ends[-1] == 30 and all(end <= 30 for end in ends)
    child.command(single_steps=2)
    wait_until(lambda: child.listener.of("batch")[-1].step == 32, "two steps after the branch")
    # From step 30 on the lr in force (0.2) applies: the branch keeps the live settings.
    branched = reference(LONG, 32, changes={30: {"lr": 0.2}})
    np.testing.assert_allclose(child.listener.of("batch")[-1].weights, branched["final_w"],
                               rtol=1e-12)


def test_a_model_reading_not_renewed_arrives_as_the_same_arrays():
    """As if reading the model were very slow: the batches of a run carry the reading taken at
    the reset; in this process they must be the same array objects (the window skips redrawing
    views that show them already), and a pause's batch a fresh, exact reading."""
    made = Child(snapshot_share=1e-12)
    made.reset(LONG)
    made.command(running=True)
    wait_until(lambda: made.listener.of("batch")[-1].step > 200, "a run")
    made.command(running=False)
    wait_until(lambda: made.listener.states[-1:] == [RunState.PAUSED], "the pause")
    made.stop()
    batches = made.listener.of("batch")
    kept = [batch for batch in batches[1:-1] if batch.logits is batches[0].logits]
    assert kept and all(batch.step > 0 and batch.weights is batches[0].weights for batch in kept)
    X = made.listener.of("engine_ready")[0].train_X
    np.testing.assert_allclose(kept[0].logits, X @ reference(LONG, 0)["final_w"], rtol=1e-12)
    last = batches[-1]
    assert last.logits is not batches[0].logits
    np.testing.assert_allclose(last.logits, X @ last.weights + last.bias, rtol=1e-12)
    np.testing.assert_allclose(last.weights, reference(LONG, last.step)["final_w"], rtol=1e-9)


def test_an_error_in_the_child_arrives_as_an_error_and_the_lesson_can_go_on(child, tmp_path):
    missing = tmp_path / "missing.csv"
    child.command(reset=BLOBS.replace(data_path=str(missing)), running=False)
    wait_until(lambda: child.listener.states[-1:] == [RunState.ERROR], "the error state")
    (message,) = child.listener.of("error")
    assert "missing.csv" in message
    child.reset(BLOBS)  # the same child goes on
    assert child.listener.of("batch")[-1].step == 0


def test_a_killed_child_is_reported_and_replaced(child):
    child.reset(LONG)
    child.command(running=True)
    wait_until(lambda: child.listener.states[-1:] == [RunState.RUNNING], "the run")
    first = child.session.pid
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: child.listener.states[-1:] == [RunState.ERROR], "the crash's report")
    (message,) = child.listener.of("error")
    assert "ended unexpectedly" in message and f"signal {signal.SIGKILL.value}" in message
    assert child.session.advance_ends() == []
    child.reset(BLOBS)  # a fresh child takes the next reset
    assert child.session.pid != first
    assert child.listener.of("batch")[-1].step == 0


def test_stop_ends_the_child_and_the_relay():
    made = Child()
    made.reset(BLOBS)
    pid = made.session.pid
    made.stop()
    assert made.session._process.exitcode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: the process is gone


def test_a_stop_before_the_child_read_anything_ends_it():
    made = Child()
    made.command(reset=BLOBS, running=False)
    made.stop()  # while the child may still be importing: stopped or terminated, never a hang
    assert not made.session._process.is_alive()


def test_a_reproducible_run_in_the_child_has_the_bits_of_one_in_a_thread():
    config = TrainingConfig(samples=60, features=200, iterations=700, device="cpu",
                            dtype="float32")  # N < 2D: the Gram stepper, chunk-dependent bits
    made = Child(reproducible=True)
    made.reset(config)
    made.command(running=True)
    wait_until(lambda: made.listener.states[-1:] == [RunState.FINISHED], "the run")
    made.stop()
    here = Recorder()
    session = TrainingSession(here, threads=1, reproducible=True)
    session.commands.update(reset=config)
    session.serve_once()
    session.commands.update(running=True)
    while here.states[-1:] != [RunState.FINISHED]:
        session.serve_once()
    np.testing.assert_array_equal(made.listener.of("batch")[-1].weights,
                                  here.of("batch")[-1].weights)
    assert made.session.advance_ends() == session.advance_ends()


def test_the_worker_in_process_mode_relays_signals_and_errors(qtbot, tmp_path):
    from PySide6.QtCore import QThread

    from gui.worker import TrainingWorker

    thread, worker = QThread(), TrainingWorker(threads=1, host=SessionHost.PROCESS)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.stopped.connect(thread.quit)
    states, errors = [], []
    # A plain callable runs in the worker's thread; lists are enough here.
    worker.stateChanged.connect(states.append)
    worker.errorOccurred.connect(errors.append)
    thread.start()
    try:
        worker.request_reset(BLOBS.replace(data_path=str(tmp_path / "absent.npz")))
        qtbot.waitUntil(lambda: states[-1:] == [RunState.ERROR], timeout=int(WAIT_S * 1000))
        worker.request_reset(BLOBS)
        qtbot.waitUntil(lambda: states[-1:] == [RunState.IDLE], timeout=int(WAIT_S * 1000))
        worker.request_start()
        qtbot.waitUntil(lambda: states[-1:] == [RunState.FINISHED], timeout=int(WAIT_S * 1000))
    finally:
        worker.request_stop()
        qtbot.waitUntil(lambda: not thread.isRunning(), timeout=int(WAIT_S * 1000))
    assert len(errors) == 1 and "absent.npz" in errors[0]
    assert worker.advance_ends()[-1] == 40
