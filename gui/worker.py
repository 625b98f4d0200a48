"""The bridge between the window and core's training session: a QObject living in a QThread that
runs the session's loop and turns its reports into signals. Commands go into the session's
thread-safe mailbox (its loop is busy training and never runs queued slot calls); results come
back as signals carrying numpy copies.

The session runs in that thread, or (SESSION_HOST PROCESS) in a child process whose reports the
thread relays (core/session_process.py): there drawing does not hold the GIL its steps need.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal, Slot

from core.config import TrainingConfig
from core.session import (  # noqa: F401 - re-exported: the window and tests import them here
    DATA_FIELDS,
    EMIT_INTERVAL_S,
    SNAPSHOT_SHARE,
    EngineInfo,
    ModelSnapshots,
    RunState,
    TrainingBatch,
    TrainingSession,
    WorkerCommands,
)
from core.session_process import SessionHost, SessionProcess
from core.timeline import ModelAtStep

# Where a new worker's session runs; read when the worker is made (as SNAPSHOT_SHARE is), so
# that the application, a benchmark or a test may choose. LRLAB_SESSION_HOST=process|thread
# sets it from outside (a benchmark's A/B runs, a test run with the child process).
SESSION_HOST = SessionHost(os.environ.get("LRLAB_SESSION_HOST", SessionHost.THREAD))


class TrainingWorker(QObject):
    """Runs a TrainingSession in its own thread; talks to the window by signals."""

    engineReady = Signal(object)  # EngineInfo
    batchReady = Signal(object)  # TrainingBatch
    stateChanged = Signal(object)  # core.session.RunState
    hyperparametersApplied = Signal(int, dict)  # step, {"lr": (old, new), ...}
    diverged = Signal(object)  # core.engine.Divergence: where, why, and what to do
    errorOccurred = Signal(str)
    warningRaised = Signal(str)
    modelAtStep = Signal(object)  # core.timeline.ModelAtStep, the answer to request_seek
    truncated = Signal(int)  # the run was cut back to this step (request_branch)
    stopped = Signal()

    def __init__(self, threads: int | None = None, reproducible: bool = False,
                 host: SessionHost | None = None) -> None:
        """`host`: where the session runs, SESSION_HOST when None."""
        super().__init__()
        # The share is read here, not where the session is defined, so that a test may lower
        # this module's SNAPSHOT_SHARE before it makes a window.
        self.host = host or SESSION_HOST
        session = SessionProcess if self.host is SessionHost.PROCESS else TrainingSession
        self._session = session(_Relay(self), threads=threads, snapshot_share=SNAPSHOT_SHARE,
                                reproducible=reproducible)
        self.commands = self._session.commands

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
                       data=None, chunk_ends: list | None = None) -> None:
        """Reset to `config`, then train to `final_step` applying each (step, changes) on the
        way: full-batch training is deterministic, so a saved lesson comes back exactly (bit
        for bit on the Gram stepper when its `chunk_ends` are given)."""
        self.commands.update(reset=config, reset_data=data, running=False,
                             replay=[*changes, (final_step, {})], replay_ends=chunk_ends)

    def request_cancel_replay(self) -> None:
        """Stop a replay where it is: the run stays at that step, paused."""
        self.commands.update(cancel_replay=True)

    def request_hyperparameters(self, **values) -> None:
        self.commands.update(hyperparameters=values)

    def request_speed(self, steps_per_second: float | None) -> None:
        self.commands.update(speed=steps_per_second)

    def request_seek(self, step: int) -> None:
        """Ask for the model as the run had it at `step`; modelAtStep answers (the live run is
        left exactly as it was)."""
        self.commands.update(seek=step)

    def advance_ends(self) -> list[int]:
        """Where the current run's chunks ended, for a lesson file (a replay that ends its
        chunks there brings a Gram run back bit for bit)."""
        return self._session.advance_ends()

    def request_branch(self, step: int) -> None:
        """Cut the run back to `step`: a Start or Step sent after this continues from there."""
        self.commands.update(branch=step)

    def request_stop(self) -> None:
        self.commands.update(stop=True, running=False)

    # ----- the worker thread -------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """The session's loop (or the relay of a child's), until asked to stop."""
        self._session.run()
        self.stopped.emit()


class _Relay:
    """The session's listener: each report becomes the worker's signal (emitted from the worker
    thread; Qt queues it to the window's thread)."""

    def __init__(self, worker: TrainingWorker) -> None:
        self._worker = worker

    def engine_ready(self, info: EngineInfo) -> None:
        self._worker.engineReady.emit(info)

    def batch(self, batch: TrainingBatch) -> None:
        self._worker.batchReady.emit(batch)

    def state_changed(self, state: RunState) -> None:
        self._worker.stateChanged.emit(state)

    def hyperparameters_applied(self, step: int, changes: dict) -> None:
        self._worker.hyperparametersApplied.emit(step, changes)

    def diverged(self, divergence) -> None:
        self._worker.diverged.emit(divergence)

    def error(self, message: str) -> None:
        self._worker.errorOccurred.emit(message)

    def warning(self, message: str) -> None:
        self._worker.warningRaised.emit(message)

    def model_at_step(self, model: ModelAtStep) -> None:
        self._worker.modelAtStep.emit(model)

    def truncated(self, step: int) -> None:
        self._worker.truncated.emit(step)
