"""The bridge between the window and core's engine: a QObject living in a QThread.

The worker's loop is busy most of the time, so it never relies on queued slot calls: the window
writes commands into `WorkerCommands` (a lock and an Event, DESIGN.md §4) and the loop reads them
between chunks. Results go back in one batch signal at most every ~30 ms, as numpy copies.
"""

from __future__ import annotations

import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from core.config import TrainingConfig

EMIT_INTERVAL_S = 0.03  # one batch per ~frame: a signal per step floods the GUI's queue
CHUNK_TARGET_S = 0.015  # a chunk short enough that commands are read within a frame
MAX_CHUNK_VALUES = 4_000_000  # chunk logits are (steps x N): keep that buffer ~16 MB
IDLE_WAIT_S = 0.05
SNAPSHOT_SHARE = 0.1  # of the worker's time, at most, spent reading the model's state out
# Fields that change the data or its shape: they need a new engine, not just a reset.
# Settings that need a new engine (its tensors or its stepper), not just a reset.
DATA_FIELDS = ("dataset", "data_path", "samples", "features", "noise", "seed", "val_fraction",
               "standardise", "device", "dtype", "batch_size")


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


@dataclass
class _Pending:
    """Commands written by the GUI thread, taken as a whole by the worker thread."""

    running: bool = False
    single_steps: int = 0
    reset: TrainingConfig | None = None
    reset_data: object = None  # a Dataset standing in for the config's file or preset
    hyperparameters: dict = field(default_factory=dict)
    speed: float | None = None  # steps per second; None = as fast as possible
    stop: bool = False
    replay: list | None = None  # [(step, {"lr": ...}), ...] then the final step, after a reset


class ModelSnapshots:
    """The model's state as the window draws it (every sample's logit, w and b), read out of
    the engine no more often than keeps that to SNAPSHOT_SHARE of the worker's time: with
    mini-batches on a large data set, N logits cost more than hundreds of steps."""

    def __init__(self, clock=time.perf_counter) -> None:
        self._clock = clock
        self._latest: tuple | None = None  # logits, val_logits, weights, bias
        self._taken_at = 0.0
        self._cost = 0.0

    def of(self, engine, fresh: bool) -> tuple:
        """The engine's state now when `fresh` or when reading it is due, else the last one."""
        now = self._clock()
        if fresh or self._latest is None or now - self._taken_at >= self._cost / SNAPSHOT_SHARE:
            weights, bias = engine.parameters()
            self._latest = (engine.logits(), engine.val_logits(), weights, bias)
            self._taken_at = self._clock()
            self._cost = self._taken_at - now
        return self._latest


class WorkerCommands:
    """Thread-safe mailbox from the window to the worker's loop."""

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
            self._pending.hyperparameters = {}
            return taken

    def stop_running(self) -> None:
        with self._lock:
            self._pending.running = False


class TrainingWorker(QObject):
    """Runs core's engine chunk by chunk in its own thread; talks to the window by signals."""

    engineReady = Signal(object)  # EngineInfo
    batchReady = Signal(object)  # TrainingBatch
    stateChanged = Signal(str)  # "idle" | "running" | "paused" | "finished" | "diverged" | "error"
    hyperparametersApplied = Signal(int, dict)  # step, {"lr": (old, new), ...}
    diverged = Signal(object)  # core.engine.Divergence: where, why, and what to do
    errorOccurred = Signal(str)
    warningRaised = Signal(str)
    stopped = Signal()

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        self.commands = WorkerCommands()
        self._threads = threads
        self._engine = None
        self._run_id = 0
        self._chunk = 16
        self._pending_chunks: list = []
        self._last_emit = 0.0
        self._snapshots = ModelSnapshots()
        self._state = "loading"
        self._speed_clock: tuple[float, int] | None = None
        self._rate = (time.perf_counter(), 0)

    # ----- called from the GUI thread ----------------------------------------------------

    def request_reset(self, config: TrainingConfig, data=None) -> None:
        self.commands.update(reset=config, reset_data=data, running=False)

    def request_start(self) -> None:
        self.commands.update(running=True)

    def request_pause(self) -> None:
        self.commands.update(running=False)

    def request_step(self, steps: int = 1) -> None:
        self.commands.update(running=False, single_steps=steps)

    def request_replay(self, config: TrainingConfig, changes: list, final_step: int,
                       data=None) -> None:
        """Reset to `config`, then train to `final_step` applying each (step, changes) on the
        way: full-batch training is deterministic, so a saved lesson comes back exactly."""
        self.commands.update(reset=config, reset_data=data, running=False,
                             replay=[*changes, (final_step, {})])

    def request_hyperparameters(self, **values) -> None:
        self.commands.update(hyperparameters=values)

    def request_speed(self, steps_per_second: float | None) -> None:
        self.commands.update(speed=steps_per_second)

    def request_stop(self) -> None:
        self.commands.update(stop=True, running=False)

    # ----- the worker thread's loop ------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """The loop: read commands, train a chunk or sleep, until asked to stop."""
        while True:
            commands = self.commands.take()
            if commands.stop:
                break
            try:
                self._serve(commands)
            except Exception as error:  # noqa: BLE001 - shown to the user, app keeps running
                self._report_error(error)
        self.stopped.emit()

    def _serve(self, commands: _Pending) -> None:
        if commands.reset is not None:
            self._reset(commands.reset, commands.reset_data)
        if self._engine is None:
            self._wait(None)
            return
        if commands.hyperparameters:
            self._apply_hyperparameters(commands.hyperparameters)
        if commands.replay:
            self._replay(commands.replay)
        elif commands.single_steps:
            self._train(commands.single_steps)
            self._flush()  # a step is shown at once, not at the next batch
            if not self._engine.finished:  # else _train already said finished / diverged
                self._set_state("paused" if self._engine.step else "idle")
        elif commands.running and not self._engine.finished:
            self._set_state("running")
            self._train_paced(commands.speed)
        else:
            self._pause()
            self._wait(None)

    def _pause(self) -> None:
        self._speed_clock = None
        if self._state == "running":
            self._flush()
            self._set_state("paused")

    def _reset(self, config: TrainingConfig, data=None) -> None:
        from core.lesson import create_engine  # torch loads here, off the GUI thread

        self._flush()
        engine = self._engine
        if engine is not None and data is None and _same_data(engine.config, config):
            engine.config = config  # same data: new lr / L2 / iterations / init, same tensors
            engine.reset()
        else:
            # Built before the old engine is dropped: a refused file keeps the current lesson.
            engine = self._engine = create_engine(config, threads=self._threads, data=data)
        self._run_id += 1
        self._state = "loading"  # so that "idle" below always reaches the window
        self._speed_clock = None
        self._pending_chunks = []
        self.engineReady.emit(self._engine_info(engine))
        self._emit_batch(force=True)
        self._set_state("idle")

    def _replay(self, plan: list) -> None:
        for step, changes in plan:
            while self._engine.step < step and not self._engine.finished:
                self._train(min(self._chunk, step - self._engine.step))
            if changes:
                self._apply_hyperparameters(changes)
        self._flush()
        if not self._engine.finished:
            self._set_state("paused" if self._engine.step else "idle")

    def _apply_hyperparameters(self, values: dict) -> None:
        engine = self._engine
        before = {name: getattr(engine.config, name) for name in values}
        engine.set_hyperparameters(**values)
        changes = {name: (before[name], value) for name, value in values.items()
                   if before[name] != value}
        if changes:
            self._flush()
            self.hyperparametersApplied.emit(engine.step, changes)
            if self._state in ("finished", "diverged") and not engine.finished:
                self._set_state("paused")

    def _train_paced(self, speed: float | None) -> None:
        if speed is None:
            self._speed_clock = None
            self._train(self._chunk)
            return
        now = time.perf_counter()
        if self._speed_clock is None:
            self._speed_clock = (now, self._engine.step)
            self._train(1)  # the first step shows at once, even at 1 step/s
            return
        started, start_step = self._speed_clock
        due = int((now - started) * speed) + 1 - (self._engine.step - start_step)
        if due > 0:
            self._train(min(due, self._chunk))
        else:
            self._wait(min(IDLE_WAIT_S, (1 - due) / speed))

    def _train(self, steps: int) -> None:
        engine = self._engine
        started = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            metrics = engine.run_chunk(steps)
        for warning in caught:
            self.warningRaised.emit(str(warning.message))
        self._adapt_chunk(len(metrics), time.perf_counter() - started)
        if len(metrics):
            self._pending_chunks.append(metrics)
        if metrics.divergence is not None:
            self._emit_batch(force=True)
            self.commands.stop_running()
            # The message first: the state change makes the window emit trainingFinished, and
            # whoever reacts to that must find the reason already shown.
            self.diverged.emit(metrics.divergence)
            self._set_state("diverged")
        elif engine.finished:
            self._emit_batch(force=True)
            self._set_state("finished")
            self.commands.stop_running()
        else:
            self._emit_batch(force=False)

    def _adapt_chunk(self, steps: int, seconds: float) -> None:
        if steps < self._chunk or seconds <= 0:
            return
        ideal = steps * CHUNK_TARGET_S / seconds
        limit = max(1, MAX_CHUNK_VALUES // max(1, len(self._engine.y)))
        # Grow gently, shrink at once: a slow chunk delays pause and the GUI's batches.
        self._chunk = int(max(1, min(limit, ideal, self._chunk * 2)))

    def _flush(self) -> None:
        if self._pending_chunks:
            self._emit_batch(force=True)

    def _emit_batch(self, force: bool) -> None:
        now = time.perf_counter()
        # 3/4 of the interval: a chunk ending a little early must not wait for the next one.
        if not force and now - self._last_emit < 0.75 * EMIT_INTERVAL_S:
            return
        self._last_emit = now
        engine = self._engine
        chunks, self._pending_chunks = self._pending_chunks, []
        # Forced batches (a pause, the end, a single step, a reset) show the state exactly.
        logits, val_logits, weights, bias = self._snapshots.of(engine, fresh=force)
        self.batchReady.emit(TrainingBatch(
            run_id=self._run_id,
            first_step=chunks[0].first_step if chunks else engine.step,
            cost=_joined(chunks, "cost", np.float64),
            train_accuracy=_joined(chunks, "train_accuracy", np.float32),
            val_cost=_joined(chunks, "val_cost", np.float64) if engine.X_val is not None else None,
            val_accuracy=(_joined(chunks, "val_accuracy", np.float32)
                          if engine.X_val is not None else None),
            step=engine.step, logits=logits, val_logits=val_logits, weights=weights, bias=bias,
            steps_per_second=self._measure_rate(now, engine.step),
        ))

    def _measure_rate(self, now: float, step: int) -> float:
        last_time, last_step = self._rate
        self._rate = (now, step)
        elapsed = now - last_time
        return (step - last_step) / elapsed if elapsed > 0 and step > last_step else 0.0

    def _wait(self, timeout: float | None) -> None:
        self.commands.wake.wait(IDLE_WAIT_S * 10 if timeout is None else timeout)
        self.commands.wake.clear()

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    def _report_error(self, error: Exception) -> None:
        self.commands.stop_running()
        user_facing = error.__class__.__name__ in ("ConfigError", "DataError", "DeviceError",
                                                   "EngineError")
        message = str(error) if user_facing else (
            f"{error.__class__.__name__}: {error}\n\n{traceback.format_exc(limit=4)}")
        self.errorOccurred.emit(message)  # before the state: see _train
        self._set_state("error")

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


def _joined(chunks: list, name: str, dtype) -> np.ndarray:
    parts = [getattr(chunk, name) for chunk in chunks]
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype)
