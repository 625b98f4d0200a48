"""core.session.TrainingSession driven without threads or real time: a fake clock, a wait that
only moves that clock, and a listener that records every report. Expected models come from the
numpy re-implementation of the update (tests/test_engine.py) or a fresh engine, never from the
session."""

from __future__ import annotations

import numpy as np
import pytest

import core.session as session_module
from core.config import TrainingConfig
from core.engine import Divergence, initial_weights
from core.errors import UserError
from core.lesson import create_engine, prepare_data
from core.session import (
    EMIT_INTERVAL_S,
    MAX_CHUNK_VALUES,
    RunState,
    TrainingBatch,
    TrainingSession,
)
from tests.test_engine import reference_run

BLOBS = TrainingConfig(dataset="blobs", samples=120, features=2, iterations=40, lr=0.5,
                       l2=0.01, device="cpu", dtype="float64")


class FakeClock:
    def __init__(self, tick: float = 0.0) -> None:
        self.now = 100.0
        self.tick = tick  # added at every reading: a chunk, timed by two readings, takes one tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds


class Recorder:
    """A SessionListener that keeps every report, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self.calls.append((name, args if len(args) != 1 else args[0]))

    def of(self, kind: str) -> list:
        return [value for name, value in self.calls if name == kind]

    @property
    def states(self) -> list[str]:
        return self.of("state_changed")

    @property
    def batches(self) -> list[TrainingBatch]:
        return self.of("batch")


def make_session(config: TrainingConfig = BLOBS, tick: float = 0.0):
    clock, listener = FakeClock(tick), Recorder()
    session = TrainingSession(listener, threads=1, clock=clock, wait=clock.wait)
    session.commands.update(reset=config)
    session.serve_once()
    return session, listener, clock


def serve_until(session, condition, limit: int = 10_000) -> None:
    for _ in range(limit):
        if condition():
            return
        session.serve_once()
    raise AssertionError("the condition was never met")


def reference(config: TrainingConfig, steps: int, changes=None) -> dict:
    train, _ = prepare_data(config)
    w0 = initial_weights(train.n_features, config)
    return reference_run(train.X, train.y, w0, 0.0, steps, config.lr, config.l2,
                         changes=changes)


def test_a_reset_reports_the_engine_an_exact_batch_and_idle():
    session, listener, _ = make_session()
    assert [name for name, _ in listener.calls] == ["engine_ready", "batch", "state_changed"]
    assert listener.states == [RunState.IDLE] and session.state == "idle"  # a str, as before
    info, batch = listener.of("engine_ready")[0], listener.batches[0]
    assert batch.step == 0 and len(batch.cost) == 0
    ref = reference(BLOBS, 0)
    np.testing.assert_array_equal(batch.weights, ref["final_w"])
    np.testing.assert_allclose(batch.logits, info.train_X @ ref["final_w"], rtol=1e-12)


def test_start_pause_step_and_finish_go_through_their_states():
    session, listener, _ = make_session()
    session.commands.update(single_steps=1)
    session.serve_once()
    assert listener.states[-1] == RunState.PAUSED and session.engine.step == 1
    session.commands.update(running=True)
    session.serve_once()
    assert listener.states[-1] == RunState.RUNNING
    session.commands.update(running=False)
    session.serve_once()
    assert listener.states[-1] == RunState.PAUSED
    assert listener.batches[-1].step == session.engine.step  # the pause shows the state exactly
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    assert listener.states == [RunState.IDLE, RunState.PAUSED, RunState.RUNNING,
                               RunState.PAUSED, RunState.RUNNING, RunState.FINISHED]
    batches = listener.batches[1:]
    steps = np.concatenate([np.arange(b.first_step, b.first_step + len(b.cost)) for b in batches])
    np.testing.assert_array_equal(steps, np.arange(BLOBS.iterations))  # each step once, in order
    costs = np.concatenate([b.cost for b in batches])
    np.testing.assert_allclose(costs, reference(BLOBS, BLOBS.iterations)["cost"], rtol=1e-10)
    assert not session.commands.take().running  # finishing stops the run


def test_a_run_away_learning_rate_reports_divergence_before_the_state():
    session, listener, _ = make_session(BLOBS.replace(lr=1e4, iterations=500))
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.DIVERGED)
    names = [name for name, _ in listener.calls]
    assert names[-3:] == ["batch", "diverged", "state_changed"]
    assert isinstance(listener.of("diverged")[0], Divergence)
    assert not session.commands.take().running
    # A lower rate lets the run go on: paused, not diverged any more.
    session.commands.update(hyperparameters={"lr": 0.1})
    session.serve_once()
    assert listener.states[-1] == RunState.PAUSED


def test_a_user_error_is_reported_alone_and_any_other_with_its_traceback(tmp_path):
    session, listener, _ = make_session()
    session.commands.update(reset=BLOBS.replace(data_path=str(tmp_path / "missing.csv")))
    session.serve_once()
    message = listener.of("error")[-1]
    assert "missing.csv" in message and "Traceback" not in message
    assert listener.states[-1] == RunState.ERROR
    assert session.engine.config == BLOBS  # the refused file kept the current lesson

    class Broken(Exception):
        pass

    class Odd(UserError):
        pass

    def fail(*_):
        raise Broken("boom")

    session.engine.run_chunk = fail
    session.commands.update(single_steps=1)
    session.serve_once()
    assert listener.of("error")[-1].startswith("Broken: boom") and "Traceback" in \
        listener.of("error")[-1]

    def refuse(*_):
        raise Odd("a message for the user")

    session.engine.run_chunk = refuse
    session.commands.update(single_steps=1)
    session.serve_once()
    assert listener.of("error")[-1] == "a message for the user"  # any UserError subclass


def test_a_reset_with_the_same_data_keeps_the_engine_and_a_new_one_replaces_it():
    session, listener, _ = make_session()
    engine = session.engine
    session.commands.update(reset=BLOBS.replace(lr=0.2))
    session.serve_once()
    assert session.engine is engine and engine.config.lr == 0.2 and engine.step == 0
    session.commands.update(reset=BLOBS.replace(samples=80))
    session.serve_once()
    assert session.engine is not engine and len(session.engine.y) == 80
    run_ids = [info.run_id for info in listener.of("engine_ready")]
    assert run_ids == [1, 2, 3] and listener.states[-1] == RunState.IDLE


class SlowReads:
    """A real engine whose model read-out advances the fake clock: in the window, a read that
    waits for the GIL while the GUI draws looks this slow, and reads are then spaced out."""

    def __init__(self, engine, clock: FakeClock, seconds: float) -> None:
        self._engine, self._clock, self._seconds = engine, clock, seconds

    def logits(self):
        self._clock.now += self._seconds
        return self._engine.logits()

    def __getattr__(self, name):
        return getattr(self._engine, name)


@pytest.mark.parametrize("speed", [1.0, 10.0])
def test_slow_motion_reports_every_step_as_its_own_exact_batch(speed):
    # Issue 12: at 1 and 10 steps/s the samples view changed only at steps 1, 4, 7, ...: model
    # reads that seemed slow were spaced to three steps apart. Each step must show its model.
    session, listener, clock = make_session(BLOBS.replace(iterations=12))
    session.engine = SlowReads(session.engine, clock, 0.3 / speed)
    start = clock.now
    session.commands.update(running=True, speed=speed)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    batches = listener.batches[1:]
    assert [(b.first_step, len(b.cost), b.step) for b in batches] == [
        (step, 1, step + 1) for step in range(12)]
    # Paced by the clock: the 12th step was taken once 11 / speed seconds had passed, no sooner.
    assert clock.now - start >= 11 / speed
    ref = reference(BLOBS, 12)
    train_X = listener.of("engine_ready")[0].train_X
    for batch in batches:  # each step's own model, not a reading from an earlier step
        np.testing.assert_allclose(batch.weights, ref["w"][batch.step], rtol=1e-10)
        np.testing.assert_allclose(batch.logits, train_X @ ref["w"][batch.step]
                                   + ref["b"][batch.step], rtol=1e-9, atol=1e-12)


def test_faster_than_slow_motion_batches_gather_several_steps():
    session, listener, _ = make_session(BLOBS.replace(iterations=400))
    session.commands.update(running=True, speed=1000.0)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    sizes = [len(b.cost) for b in listener.batches[1:]]
    assert sum(sizes) == 400 and max(sizes) > 1
    # A batch at most every 3/4 of the interval: 400 steps at 1000 steps/s make ~18 batches.
    assert len(sizes) <= 0.4 / (0.75 * EMIT_INTERVAL_S) + 2


def test_chunks_grow_gently_while_fast_and_shrink_at_once_when_slow():
    session, _, clock = make_session(BLOBS.replace(iterations=10**7), tick=0.0005)
    session.commands.update(running=True)
    chunks = []
    for _ in range(12):
        session.serve_once()
        chunks.append(session.chunk)
    limit = MAX_CHUNK_VALUES // len(session.engine.y)
    # Each chunk "takes" half a millisecond on the clock: far under the 15 ms target.
    assert chunks[:6] == [32, 64, 128, 256, 512, 1024]
    assert max(chunks) <= limit
    clock.tick = 1.0  # now every chunk takes a second: shrink to 15 ms worth at once
    before = session.chunk
    session.serve_once()
    assert session.chunk == int(before * session_module.CHUNK_TARGET_S / 1.0)


def test_live_changes_are_recorded_with_their_steps_and_replayed_at_them():
    session, listener, _ = make_session()
    session.commands.update(single_steps=7)
    session.serve_once()
    session.commands.update(hyperparameters={"lr": 0.1, "iterations": 40})  # 40: no change
    session.serve_once()
    session.commands.update(single_steps=5)
    session.serve_once()
    session.commands.update(hyperparameters={"l2": 0.1})
    session.serve_once()
    expected = [(7, {"lr": (0.5, 0.1)}), (12, {"l2": (0.01, 0.1)})]
    assert session.changes == expected
    assert listener.of("hyperparameters_applied") == list(expected)
    # Replaying that plan after a reset reaches the same model as the numpy reference.
    session.commands.update(reset=BLOBS, replay=[(7, {"lr": 0.1}), (12, {"l2": 0.1}), (20, {})])
    session.serve_once()
    serve_until(session, lambda: session.state != RunState.REPLAYING)
    assert session.engine.step == 20 and session.state == RunState.PAUSED
    assert session.changes == expected
    ref = reference(BLOBS, 20, changes={7: {"lr": 0.1}, 12: {"l2": 0.1}})
    w, b = session.engine.parameters()
    np.testing.assert_allclose(w, ref["final_w"], rtol=1e-10)


def test_a_seek_answers_the_model_at_that_step_and_the_run_goes_on_undisturbed():
    session, listener, _ = make_session(BLOBS.replace(iterations=300, val_fraction=0.25))
    session.commands.update(running=True)
    serve_until(session, lambda: session.engine.step >= 150)
    session.commands.update(running=False, seek=37)
    session.serve_once()
    model = listener.of("model_at_step")[-1]
    fresh = create_engine(BLOBS.replace(iterations=300, val_fraction=0.25), threads=1)
    fresh.run_chunk(37)  # full-batch primal steps do not depend on where chunks end
    w, b = fresh.parameters()
    assert model.step == 37 and model.bias == b
    np.testing.assert_array_equal(model.weights, w)
    np.testing.assert_array_equal(model.logits, fresh.logits())
    np.testing.assert_array_equal(model.val_logits, fresh.val_logits())
    session.commands.update(seek=10**9)  # past the end: the latest step
    session.serve_once()
    assert listener.of("model_at_step")[-1].step == session.engine.step
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    fresh.run_chunk(300)
    np.testing.assert_array_equal(session.engine.parameters()[0], fresh.parameters()[0])


def test_commands_stop_the_loop():
    session, _, _ = make_session()
    session.commands.update(stop=True)
    assert session.serve_once() is False
    session.run()  # returns at once: the stop stays until the loop is gone


def test_a_replay_along_the_recorded_chunk_ends_brings_a_gram_run_back_bit_for_bit():
    # The Qt-free half of a headless replay of a lesson: the window's chunks follow its clock,
    # and the Gram stepper's last bits depend on where chunks end.
    config = TrainingConfig(samples=60, features=100, lr=0.3, iterations=900, device="cpu",
                            dtype="float64")
    live, _, clock = make_session(config, tick=0.0005)
    live.commands.update(running=True)
    serve_until(live, lambda: live.engine.step >= 300)
    live.commands.update(hyperparameters={"lr": 0.05})
    live.serve_once()
    clock.tick = 0.002  # slower chunks from here: the chunk lengths change
    serve_until(live, lambda: live.state == RunState.FINISHED)
    assert live.engine.method == "gram"
    ends = live.timeline.advance_ends()
    assert len(set(np.diff(ends))) > 1 and ends[-1] == 900
    plan = [(step, {name: new for name, (_, new) in values.items()})
            for step, values in live.changes] + [(900, {})]
    again, _, _ = make_session(config)
    again.commands.update(reset=config, replay=plan, replay_ends=ends)
    again.serve_once()
    serve_until(again, lambda: again.state != RunState.REPLAYING)
    assert again.engine.step == 900 and again.changes == live.changes
    np.testing.assert_array_equal(again.engine.parameters()[0], live.engine.parameters()[0])
    np.testing.assert_array_equal(again.engine.logits(), live.engine.logits())
    assert again.engine.current_cost() == live.engine.current_cost()
    assert again.timeline.advance_ends() == ends


def test_a_replay_goes_a_chunk_at_a_time_and_a_cancel_stops_it_where_it_is():
    # Opening a 300 000-step lesson replayed every step before the window answered (93 s);
    # now each serve trains one chunk, so progress shows and a Cancel is read between chunks.
    session, listener, _ = make_session(BLOBS.replace(iterations=4000))
    session.chunk = 50
    session.commands.update(reset=BLOBS.replace(iterations=4000),
                            replay=[(100, {"lr": 0.2}), (4000, {})])
    session.serve_once()
    assert session.state == RunState.REPLAYING and 0 < session.engine.step <= 50
    serve_until(session, lambda: session.engine.step >= 300)
    assert session.state == RunState.REPLAYING
    assert session.changes == [(100, {"lr": (0.5, 0.2)})]  # applied on the way, at its step
    session.commands.update(cancel_replay=True)
    session.serve_once()
    stopped = session.engine.step
    assert session.state == RunState.PAUSED and 300 <= stopped < 4000
    session.serve_once()  # nothing more is replayed
    assert session.engine.step == stopped
    # The run stopped there is the recorded run up to that step: a numpy reference agrees.
    ref = reference(BLOBS.replace(iterations=4000), stopped, changes={100: {"lr": 0.2}})
    np.testing.assert_allclose(session.engine.parameters()[0], ref["final_w"], rtol=1e-10)
    # Start carries on from there, as after a pause.
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    assert session.engine.step == 4000


def test_a_reset_during_a_replay_drops_what_was_left_of_it():
    session, _, _ = make_session(BLOBS.replace(iterations=4000))
    session.chunk = 50
    session.commands.update(reset=BLOBS.replace(iterations=4000), replay=[(4000, {})])
    serve_until(session, lambda: session.engine.step >= 100)
    session.commands.update(reset=BLOBS.replace(iterations=4000))
    session.serve_once()
    assert session.state == RunState.IDLE and session.engine.step == 0
    session.serve_once()
    assert session.engine.step == 0


def fresh_run(config, stops: list[int], changes: dict | None = None):
    """A fresh engine whose chunks end at `stops` (as the session's 16-step chunks and a pause
    at a rewound step made them), applying `changes` {step: {"lr": ...}} between chunks;
    returns it and the costs of its steps."""
    engine, costs, changes = create_engine(config, threads=1), [], changes or {}
    for stop in stops:
        if engine.step in changes:
            engine.set_hyperparameters(**changes[engine.step])
        costs.append(engine.run_chunk(stop - engine.step).cost)
    return engine, np.concatenate(costs)


GRAM = TrainingConfig(samples=60, features=100, lr=0.3, iterations=200, device="cpu",
                      dtype="float64")


@pytest.mark.parametrize("config", [BLOBS.replace(iterations=200, val_fraction=0.25), GRAM],
                         ids=["primal", "gram"])
def test_a_branch_from_a_rewound_step_continues_as_a_fresh_run_paused_there(config):
    session, listener, _ = make_session(config)
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    assert session.engine.method == ("gram" if config is GRAM else "primal")
    assert session.timeline.advance_ends() == list(range(16, 200, 16)) + [200]
    listener.calls.clear()
    t, k = 37, 50
    session.commands.update(branch=t, single_steps=k)
    session.serve_once()
    assert listener.of("truncated") == [t]
    assert [name for name, _ in listener.calls][:2] == ["truncated", "batch"]
    at_t, after = listener.batches
    assert at_t.step == t and at_t.first_step == t and len(at_t.cost) == 0
    assert after.first_step == t and after.step == t + k
    # Stopped at t: chunks of 16, a last one cut at t (a pause there), then the k steps.
    fresh, costs = fresh_run(config, [16, 32, t, t + k])
    w, b = fresh.parameters()
    np.testing.assert_array_equal(after.weights, w)
    assert after.bias == b
    np.testing.assert_array_equal(after.logits, fresh.logits())
    np.testing.assert_array_equal(after.cost, costs[t:])
    assert session.state == RunState.PAUSED and session.engine.step == t + k
    # The timeline now holds the new branch: a step after t rewinds to it, not the old run.
    model = session.timeline.model_at(session.engine, t + 20)
    again, _ = fresh_run(config, [16, 32, t, t + 20])
    np.testing.assert_array_equal(model.weights, again.parameters()[0])


def test_a_branch_drops_the_later_changes_and_keeps_the_lr_in_force_as_a_change_there():
    config = BLOBS.replace(iterations=120)
    session, listener, _ = make_session(config)
    session.commands.update(single_steps=48)
    session.serve_once()
    session.commands.update(hyperparameters={"lr": 2.0})
    session.serve_once()
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    assert session.changes == [(48, {"lr": (0.5, 2.0)})]
    listener.calls.clear()
    session.commands.update(branch=20)
    session.serve_once()
    # The 0.5 -> 2 change at 48 is gone; 2 (the lr in force) now starts at 20.
    assert session.changes == [(20, {"lr": (0.5, 2.0)})]
    assert listener.of("hyperparameters_applied") == [(20, {"lr": (0.5, 2.0)})]
    assert session.state == RunState.PAUSED and session.engine.step == 20
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.FINISHED)
    fresh, _ = fresh_run(config, [20, 120], changes={20: {"lr": 2.0}})
    np.testing.assert_array_equal(session.engine.parameters()[0], fresh.parameters()[0])


def test_a_branch_from_a_diverged_run_goes_on_and_one_outside_the_run_does_nothing():
    session, listener, _ = make_session(BLOBS.replace(lr=500.0, iterations=400))
    session.commands.update(running=True)
    serve_until(session, lambda: session.state == RunState.DIVERGED)
    diverged_at = session.engine.step
    session.commands.update(branch=diverged_at + 5)  # past the end: ignored
    session.serve_once()
    assert listener.of("truncated") == [] and session.state == RunState.DIVERGED
    assert diverged_at >= 2
    session.commands.update(branch=1)
    session.serve_once()
    assert listener.of("truncated") == [1]
    assert session.engine.divergence is None and session.state == RunState.PAUSED
    session.commands.update(single_steps=1)  # goes on (and diverges again, further on)
    session.serve_once()
    assert session.engine.step == 2


def test_a_reproducible_session_gives_the_same_bits_whatever_the_timing():
    """Screenshots and recordings: where chunks end changes a float32 Gram run's last bits, so
    a reproducible session must not let the clock choose them (an adaptive one does)."""
    config = TrainingConfig(samples=200, features=300, iterations=3000, device="cpu")

    def final_weights(tick: float, reproducible: bool):
        clock, listener = FakeClock(tick), Recorder()
        session = TrainingSession(listener, threads=1, clock=clock, wait=clock.wait,
                                  reproducible=reproducible)
        session.commands.update(reset=config)
        session.serve_once()
        assert session.engine.method == "gram"
        session.commands.update(running=True)
        serve_until(session, lambda: session.state == RunState.FINISHED)
        return session.engine.parameters(), session.timeline.advance_ends()

    (fast, fast_ends), (slow, slow_ends) = (final_weights(tick, True) for tick in (1e-4, 0.05))
    assert fast_ends == slow_ends
    np.testing.assert_array_equal(fast[0], slow[0])
    assert fast[1] == slow[1]
    # The control: left to the clock, the chunks (and so the last bits) differ.
    (_, adaptive_fast), (_, adaptive_slow) = (final_weights(tick, False) for tick in (1e-4, 0.05))
    assert adaptive_fast != adaptive_slow
