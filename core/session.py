"""One training run without Qt: the engine, its run state, pacing, model read-outs, the record of
live changes and the timeline. The window's worker thread drives it (gui/worker.py); tests drive
it step by step with a fake clock and no threads.

Commands arrive through `WorkerCommands` (a lock and an Event: a loop busy training never runs
queued calls) and are read between chunks; reports leave through a `SessionListener`, at most
one batch of per-step metrics every ~30 ms, as numpy copies.
"""

from __future__ import annotations

import bisect
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

import numpy as np

from core.config import TrainingConfig
from core.errors import UserError
from core.timeline import ModelAtStep, Timeline

EMIT_INTERVAL_S = 0.03  # one batch per ~frame: a report per step floods the GUI's queue
CHUNK_TARGET_S = 0.015  # a chunk short enough that commands are read within a frame
MAX_CHUNK_VALUES = 4_000_000  # chunk logits are (steps x N): keep that buffer ~16 MB
# A reproducible run's chunk size: where chunks end changes the last bits of a float32 Gram
# run (docs/ARCHITECTURE.md §10), so screenshots and recordings must not let timing choose it.
REPRODUCIBLE_CHUNK = 256
IDLE_WAIT_S = 0.05
SNAPSHOT_SHARE = 0.1  # of the worker's time, at most, spent reading the model's state out
SLOW_MOTION_SPEED = 30.0  # steps/s: at or below it every step is its own batch, read exactly
# Settings that need a new engine (its tensors or its stepper), not just a reset.
DATA_FIELDS = ("dataset", "data_path", "samples", "features", "noise", "seed", "val_fraction",
               "standardise", "device", "dtype", "batch_size", "transforms")


class RunState(StrEnum):
    """Where the run is (the values are what reports and logs print)."""

    LOADING = "loading"
    REPLAYING = "replaying"  # re-training a lesson's recorded run, step by step
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    DIVERGED = "diverged"
    ERROR = "error"

    @property
    def busy(self) -> bool:
        """Building or replaying: no command but Stop is taken."""
        return self in (RunState.LOADING, RunState.REPLAYING)

    @property
    def can_train(self) -> bool:
        """Start and Step may go on from here."""
        return self in (RunState.IDLE, RunState.PAUSED, RunState.ERROR)

    @property
    def ended(self) -> bool:
        """The run is over: its iterations reached, or it diverged."""
        return self in (RunState.FINISHED, RunState.DIVERGED)


@dataclass
class EngineInfo:
    """What the window needs to know about a freshly (re)built engine."""

    run_id: int
    config: TrainingConfig
    train_X: np.ndarray
    train_y: np.ndarray
    val_X: np.ndarray | None
    val_y: np.ndarray | None
    dataset_label: str
    device: str
    method: str
    threads: int
    notice: str | None
    cuda_available: bool
    val_sample_size: int | None = None  # held-out samples each step's metrics cover
    feature_names: tuple[str, ...] | None = None
    picture_shape: tuple[int, int] | None = None  # (rows, columns) of pixel data


@dataclass
class TrainingBatch:
    """Per-step metrics since the last batch, and the model's state at its end (while a run on
    a large data set goes on, as it was at the last ModelSnapshots reading)."""

    run_id: int
    first_step: int
    cost: np.ndarray
    train_accuracy: np.ndarray
    val_cost: np.ndarray | None
    val_accuracy: np.ndarray | None
    step: int
    logits: np.ndarray
    val_logits: np.ndarray | None
    weights: np.ndarray
    bias: float
    steps_per_second: float
    path: np.ndarray | None = None  # (len(cost), 2): each step's (w1, w2), where recorded


class SessionListener(Protocol):
    """Everything a session reports; each call comes from the thread running the session."""

    def engine_ready(self, info: EngineInfo) -> None: ...
    def batch(self, batch: TrainingBatch) -> None: ...
    def state_changed(self, state: RunState) -> None: ...
    def hyperparameters_applied(self, step: int, changes: dict) -> None: ...
    def diverged(self, divergence) -> None: ...  # a core.engine.Divergence
    def error(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def model_at_step(self, model: ModelAtStep) -> None: ...
    def truncated(self, step: int) -> None: ...  # the steps after `step` were dropped


@dataclass
class _Pending:
    """Commands written by the GUI thread, taken as a whole by the session's thread."""

    running: bool = False
    single_steps: int = 0
    reset: TrainingConfig | None = None
    reset_data: object = None  # a Dataset standing in for the config's file or preset
    hyperparameters: dict = field(default_factory=dict)
    speed: float | None = None  # steps per second; None = as fast as possible
    stop: bool = False
    replay: list | None = None  # [(step, {"lr": ...}), ...] then the final step, after a reset
    replay_ends: list | None = None  # steps where the replayed run's chunks ended, if known
    cancel_replay: bool = False  # stop a replay where it is
    seek: int | None = None  # a step whose model is asked for
    branch: int | None = None  # continue from this earlier step, dropping the later ones


@dataclass
class _Replay:
    """A lesson's recorded run being re-trained: what is left of its plan."""

    plan: list  # [(step, {"lr": ...}), ...] left to reach, the last one the final step
    ends: list  # steps where the recorded run's chunks ended (may be empty)


class WorkerCommands:
    """Thread-safe mailbox from the window to the session's loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending = _Pending()
        self.wake = threading.Event()

    def update(self, **changes) -> None:
        with self._lock:
            for name, value in changes.items():
                if name == "hyperparameters":
                    self._pending.hyperparameters.update(value)
                elif name == "single_steps":
                    self._pending.single_steps += value
                else:
                    setattr(self._pending, name, value)
        self.wake.set()

    def take(self) -> _Pending:
        """A copy of the state, with one-shot commands (steps, reset, changes) consumed."""
        with self._lock:
            taken = _Pending(**vars(self._pending))
            taken.hyperparameters = dict(self._pending.hyperparameters)
            self._pending.single_steps = 0
            self._pending.reset = None
            self._pending.reset_data = None
            self._pending.replay = None
            self._pending.replay_ends = None
            self._pending.cancel_replay = False
            self._pending.seek = None
            self._pending.branch = None
            self._pending.hyperparameters = {}
            return taken

    def stop_running(self) -> None:
        with self._lock:
            self._pending.running = False

    def wait(self, timeout: float) -> None:
        """Sleep until a command arrives or `timeout` seconds have passed."""
        self.wake.wait(timeout)
        self.wake.clear()


class ModelSnapshots:
    """The model's state as the window draws it (every sample's logit, w and b), read out of
    the engine no more often than keeps that to `share` of the session's time: with
    mini-batches on a large data set, N logits cost more than hundreds of steps."""

    def __init__(self, clock=time.perf_counter, share: float = SNAPSHOT_SHARE) -> None:
        self._clock = clock
        self._share = share
        self._latest: tuple | None = None  # logits, val_logits, weights, bias
        self._taken_at = 0.0
        self._cost = 0.0

    def of(self, engine, fresh: bool) -> tuple:
        """The engine's state now when `fresh` or when reading it is due, else the last one."""
        now = self._clock()
        if fresh or self._latest is None or now - self._taken_at >= self._cost / self._share:
            weights, bias = engine.parameters()
            self._latest = (engine.logits(), engine.val_logits(), weights, bias)
            self._taken_at = self._clock()
            self._cost = self._taken_at - now
        return self._latest


class TrainingSession:
    """One lesson's run: serve_once() reads the commands and trains one chunk (or waits)."""

    def __init__(self, listener: SessionListener, threads: int | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 wait: Callable[[float], None] | None = None,
                 snapshot_share: float = SNAPSHOT_SHARE, reproducible: bool = False) -> None:
        """`reproducible`: chunks of REPRODUCIBLE_CHUNK steps whatever the timing (at max
        speed), so that the same command gives the same bits on any machine and any day."""
        self.commands = WorkerCommands()
        self.timeline = Timeline()
        self.changes: list[tuple[int, dict]] = []  # (step, {"lr": (old, new), ...}) of this run
        self._listener = listener
        self._threads = threads
        self._clock = clock
        self._wait_for = wait or self.commands.wait
        self.engine = None
        self._run_id = 0
        self._reproducible = reproducible
        self.chunk = REPRODUCIBLE_CHUNK if reproducible else 16
        self._pending_chunks: list = []
        self._last_emit = -EMIT_INTERVAL_S
        self._snapshots = ModelSnapshots(clock, snapshot_share)
        self.state = RunState.LOADING
        self._speed_clock: tuple[float, int] | None = None
        self._rate = (clock(), 0)
        self._replay: _Replay | None = None

    def run(self) -> None:
        """The loop: serve commands until asked to stop."""
        while self.serve_once():
            pass

    def advance_ends(self) -> list[int]:
        """Where the run's chunks ended (core/timeline.py), for a lesson file."""
        return self.timeline.advance_ends()

    def serve_once(self) -> bool:
        """Read the commands and act on them once (a chunk, a step, a wait); False on stop."""
        commands = self.commands.take()
        if commands.stop:
            return False
        try:
            self._serve(commands)
        except Exception as error:  # noqa: BLE001 - shown to the user, the app keeps running
            self._report_error(error)
        return True

    def _serve(self, commands: _Pending) -> None:
        if commands.reset is not None:
            self._reset(commands.reset, commands.reset_data)
        if self.engine is None:
            self._wait(None)
            return
        if commands.hyperparameters:
            self._apply_hyperparameters(commands.hyperparameters)
        if commands.branch is not None:
            self.branch(commands.branch)
        if commands.seek is not None:
            step = min(max(commands.seek, 0), self.engine.step)
            self._listener.model_at_step(self.timeline.model_at(self.engine, step))
        if commands.replay:
            self._replay = _Replay(list(commands.replay), commands.replay_ends or [])
            self._set_state(RunState.REPLAYING)
        if self._replay is not None:
            self._replay_chunk(cancel=commands.cancel_replay)
        elif commands.single_steps:
            self._train(commands.single_steps, force=True)  # a step is shown at once
            if not self.engine.finished:  # else _train already said finished / diverged
                self._set_state(RunState.PAUSED if self.engine.step else RunState.IDLE)
        elif commands.running and not self.engine.finished:
            self._set_state(RunState.RUNNING)
            self._train_paced(commands.speed)
        else:
            self._pause()
            self._wait(None)

    def _pause(self) -> None:
        self._speed_clock = None
        if self.state == RunState.RUNNING:
            self._flush()
            self._set_state(RunState.PAUSED)

    def _reset(self, config: TrainingConfig, data=None) -> None:
        from core.lesson import create_engine  # torch loads here, off the GUI thread

        self._flush()
        self._replay = None  # a new run: what was being replayed is gone
        engine = self.engine
        if engine is not None and data is None and _same_data(engine.config, config):
            engine.config = config  # same data: new lr / L2 / iterations / init, same tensors
            engine.reset()
        else:
            # Built before the old engine is dropped: a refused file keeps the current lesson.
            engine = self.engine = create_engine(config, threads=self._threads, data=data)
        self._run_id += 1
        self.state = RunState.LOADING  # so that "idle" below always reaches the listener
        self._speed_clock = None
        self._pending_chunks = []
        self.changes = []
        self.timeline.start(engine)
        self._listener.engine_ready(self._engine_info(engine))
        self._emit_batch(force=True)
        self._set_state(RunState.IDLE)

    def _replay_chunk(self, cancel: bool) -> None:
        """One chunk of a replay towards its plan's next (step, changes), applying the changes
        there: a saved lesson's run comes back with its live changes at their steps, a chunk
        at a time, so that the window shows progress and a Cancel stops it where it is. With
        the steps where the original run's chunks ended (Timeline.advance_ends), chunks end
        there too, and a Gram run comes back bit for bit (it re-bases its state at the end of
        every chunk)."""
        replay, engine = self._replay, self.engine
        while not cancel and replay.plan and (engine.step >= replay.plan[0][0] or engine.finished):
            _, changes = replay.plan.pop(0)
            if changes:
                self._apply_hyperparameters(changes)
        if not cancel and replay.plan:
            after = bisect.bisect_right(replay.ends, engine.step)
            stop = replay.ends[after] if after < len(replay.ends) else engine.step + self.chunk
            self._train(min(stop, replay.plan[0][0]) - engine.step)
            return
        self._replay = None
        self._flush()
        if not engine.finished:
            self._set_state(RunState.PAUSED if engine.step else RunState.IDLE)

    def branch(self, step: int) -> None:
        """Cut the run back to `step` (an earlier one) and continue from there: the engine
        goes back to the model it had at `step`, the later steps, checkpoints and changes are
        dropped (the listener hears `truncated` first, then gets the model at `step` as a
        batch). The lr / L2 in force now are kept: one changed since `step` is recorded as a
        change at `step`, so that "go back and try another lr from there" does what it says."""
        engine = self.engine
        if not 0 <= step < engine.step:
            return
        self._flush()
        live = {"lr": engine.config.lr, "l2": engine.config.l2}
        self.timeline.truncate(engine, step)
        self.changes = [(at, change) for at, change in self.changes if at <= step]
        self._listener.truncated(step)
        changed = {name: value for name, value in live.items()
                   if getattr(engine.config, name) != value}
        if changed:  # an unchanged lr must not re-take the divergence threshold either
            self._apply_hyperparameters(changed)
        self._emit_batch(force=True)
        self._set_state(RunState.PAUSED if step else RunState.IDLE)

    def _apply_hyperparameters(self, values: dict) -> None:
        engine = self.engine
        before = {name: getattr(engine.config, name) for name in values}
        engine.set_hyperparameters(**values)
        changes = {name: (before[name], value) for name, value in values.items()
                   if before[name] != value}
        if not changes:
            return
        self._flush()
        self.changes.append((engine.step, changes))
        if "lr" in changes or "l2" in changes:
            self.timeline.settings_changed(engine)
        self._listener.hyperparameters_applied(engine.step, changes)
        if self.state.ended and not engine.finished:
            self._set_state(RunState.PAUSED)

    def _train_paced(self, speed: float | None) -> None:
        if speed is None:
            self._speed_clock = None
            self._train(self.chunk)
            return
        now = self._clock()
        slow_motion = speed <= SLOW_MOTION_SPEED
        if self._speed_clock is None:
            self._speed_clock = (now, self.engine.step)
            self._train(1, force=slow_motion)  # the first step shows at once, even at 1 step/s
            return
        started, start_step = self._speed_clock
        due = int((now - started) * speed) + 1 - (self.engine.step - start_step)
        if due <= 0:
            self._wait(min(IDLE_WAIT_S, (1 - due) / speed))
        elif slow_motion:  # every step drawn: one step per batch, its model read exactly
            self._train(1, force=True)
        else:
            self._train(min(due, self.chunk))

    def _train(self, steps: int, force: bool = False) -> None:
        engine = self.engine
        started = self._clock()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            metrics = engine.run_chunk(steps)
        for warning in caught:
            self._listener.warning(str(warning.message))
        self._adapt_chunk(len(metrics), self._clock() - started)
        self.timeline.after_chunk(engine)
        if len(metrics):
            self._pending_chunks.append(metrics)
        if metrics.divergence is not None:
            self._emit_batch(force=True)
            self.commands.stop_running()
            # The message first: the state change makes the window emit trainingFinished, and
            # whoever reacts to that must find the reason already shown.
            self._listener.diverged(metrics.divergence)
            self._set_state(RunState.DIVERGED)
        elif engine.finished:
            self._emit_batch(force=True)
            self._set_state(RunState.FINISHED)
            self.commands.stop_running()
        else:
            self._emit_batch(force=force)

    def _adapt_chunk(self, steps: int, seconds: float) -> None:
        limit = max(1, MAX_CHUNK_VALUES // max(1, len(self.engine.y)))
        if self._reproducible:
            self.chunk = min(REPRODUCIBLE_CHUNK, limit)
            return
        if steps < self.chunk or seconds <= 0:
            return
        ideal = steps * CHUNK_TARGET_S / seconds
        # Grow gently, shrink at once: a slow chunk delays pause and the GUI's batches.
        self.chunk = int(max(1, min(limit, ideal, self.chunk * 2)))

    def _flush(self) -> None:
        if self._pending_chunks:
            self._emit_batch(force=True)

    def _emit_batch(self, force: bool) -> None:
        now = self._clock()
        # 3/4 of the interval: a chunk ending a little early must not wait for the next one.
        if not force and now - self._last_emit < 0.75 * EMIT_INTERVAL_S:
            return
        self._last_emit = now
        engine = self.engine
        chunks, self._pending_chunks = self._pending_chunks, []
        # Forced batches (a pause, the end, a single step, a reset) show the state exactly.
        logits, val_logits, weights, bias = self._snapshots.of(engine, fresh=force)
        has_val = engine.X_val is not None
        self._listener.batch(TrainingBatch(
            run_id=self._run_id,
            first_step=chunks[0].first_step if chunks else engine.step,
            cost=_joined(chunks, "cost", np.float64),
            train_accuracy=_joined(chunks, "train_accuracy", np.float32),
            val_cost=_joined(chunks, "val_cost", np.float64) if has_val else None,
            val_accuracy=_joined(chunks, "val_accuracy", np.float32) if has_val else None,
            step=engine.step, logits=logits, val_logits=val_logits, weights=weights, bias=bias,
            steps_per_second=self._measure_rate(now, engine.step),
            path=_joined_path(chunks),
        ))

    def _measure_rate(self, now: float, step: int) -> float:
        last_time, last_step = self._rate
        self._rate = (now, step)
        elapsed = now - last_time
        return (step - last_step) / elapsed if elapsed > 0 and step > last_step else 0.0

    def _wait(self, timeout: float | None) -> None:
        self._wait_for(IDLE_WAIT_S * 10 if timeout is None else timeout)

    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self._listener.state_changed(state)

    def _report_error(self, error: Exception) -> None:
        self.commands.stop_running()
        message = str(error) if isinstance(error, UserError) else (
            f"{error.__class__.__name__}: {error}\n\n{traceback.format_exc(limit=4)}")
        self._listener.error(message)  # before the state: see _train
        self._set_state(RunState.ERROR)

    def _engine_info(self, engine) -> EngineInfo:
        import torch

        train, val = engine.train_data, engine.val_data
        return EngineInfo(
            run_id=self._run_id, config=engine.config, train_X=train.X, train_y=train.y,
            val_X=None if val is None else val.X, val_y=None if val is None else val.y,
            dataset_label=train.describe(), device=str(engine.device), method=engine.method,
            threads=engine.threads, notice=engine.device_notice,
            cuda_available=torch.cuda.is_available(), val_sample_size=engine.val_sample_size,
            feature_names=train.feature_names, picture_shape=train.picture_shape,
        )


def _same_data(old: TrainingConfig, new: TrainingConfig) -> bool:
    return all(getattr(old, name) == getattr(new, name) for name in DATA_FIELDS)


def _joined_path(chunks: list) -> np.ndarray | None:
    paths = [chunk.path for chunk in chunks]
    return None if not paths or any(p is None for p in paths) else np.concatenate(paths)


def _joined(chunks: list, name: str, dtype) -> np.ndarray:
    parts = [getattr(chunk, name) for chunk in chunks]
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype)
