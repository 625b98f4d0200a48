"""A TrainingSession in a child process, out of the reach of the window's GIL.

PySide6 keeps the GIL while Qt paints, so a session in a thread of the window's process cannot
issue a torch operation while a frame is drawn (docs/ARCHITECTURE.md §4, §15). Here the session
runs in a child process started with "spawn" (no fork of a process holding Qt and torch), and
`SessionProcess` offers the parent what `TrainingSession` offers: `commands.update(**changes)`
(each call sent in order to the child's own mailbox), `run()` (here: relay the child's reports
to the listener until the session stops) and `advance_ends()` (a mirror the child keeps up to
date). Each listener call in the child comes back as a picklable message and is made on the
parent's listener, in the thread that called run().

A child that crashes or is killed is reported (`error`, then the state `error`) and replaced by
a fresh one, which waits for a reset. A child that does not stop within STOP_WAIT_S of a stop is
terminated; a child whose parent is gone stops by itself (its command pipe ends).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from dataclasses import replace
from enum import Enum, StrEnum

from core.session import SNAPSHOT_SHARE, RunState, TrainingSession

POLL_S = 0.05  # the relay's wait for a report (the wait releases the GIL); stop is seen by then
STOP_WAIT_S = 1.0  # a child still busy (importing torch, building data) past this is terminated
JOIN_WAIT_S = 1.0  # for a terminated or crashed child to be reaped
ORPHAN_WAIT_S = 1.0  # a child whose parent is gone leaves at once after this, stopped or not


class SessionHost(StrEnum):
    """Where the window's training session runs."""

    THREAD = "thread"  # a QThread of the window's process (shares its GIL)
    PROCESS = "process"  # a child process (core/session_process.py)


class _Message(Enum):
    """What the child sends its parent."""

    REPORT = 1  # (REPORT, listener method's name, args): a SessionListener call
    ENDS = 2  # (ENDS, start, values): the timeline's advance ends from `start` on are `values`
    FAILED = 3  # (FAILED, message): the child is failing outside the session's own handling
    STOPPED = 4  # the session's loop ended on a stop command
    # (SAME_READING, batch): a batch whose model reading (logits, held-out logits,
    # weights) is the one the last batch carried; sent without it, given those same arrays
    SAME_READING = 5


class SessionProcess:
    """The parent's side of a TrainingSession in a child process (see the module's docstring):
    the same constructor arguments, `commands`, `run()` and `advance_ends()`."""

    def __init__(self, listener, threads: int | None = None,
                 snapshot_share: float = SNAPSHOT_SHARE, reproducible: bool = False) -> None:
        self._listener = listener
        self._options = (threads, snapshot_share, reproducible)
        self._context = multiprocessing.get_context("spawn")
        self._process = None
        self._reports = None  # the parent's end of the reports pipe
        self._ends: list[int] = []
        self._ends_lock = threading.Lock()
        self._last_words: str | None = None
        self._reading: tuple | None = None  # the arrays of the last model reading relayed
        self.commands = RemoteCommands()
        self._connect()  # commands are queued in the pipe until the child, started by run(), reads

    # ----- any thread --------------------------------------------------------------------

    def advance_ends(self) -> list[int]:
        """Where the child's run's chunks ended, as of the last report relayed."""
        with self._ends_lock:
            return list(self._ends)

    @property
    def pid(self) -> int | None:
        """The child's process id (None before run() started it)."""
        return None if self._process is None else self._process.pid

    # ----- the relaying thread -----------------------------------------------------------

    def run(self) -> None:
        """Start the child, then relay its reports until it stops (a stop command, or a child
        that does not stop in time and is terminated)."""
        self._start()
        stop_deadline = None
        while True:
            if stop_deadline is None and self.commands.stopping.is_set():
                stop_deadline = time.monotonic() + STOP_WAIT_S
            for message in self.commands.take_failures():
                self._listener.error(message)
            try:
                message = self._reports.recv() if self._reports.poll(POLL_S) else None
            except (EOFError, OSError):  # the child is gone: its end of the pipe closed
                if stop_deadline is not None:
                    self._end()
                    return
                self._report_crash()
                self._connect()
                self._start()
                continue
            except Exception as error:  # noqa: BLE001 - a message that does not unpickle
                self._listener.error(f"{error.__class__.__name__}: {error}")
                continue
            if message is None:
                if stop_deadline is not None and time.monotonic() > stop_deadline:
                    self._end()
                    return
            elif message[0] is _Message.STOPPED:
                self._end()
                return
            else:
                try:
                    self._relay(message)
                except Exception as error:  # noqa: BLE001 - the relay must go on: told instead
                    self._listener.error(f"{error.__class__.__name__}: {error}")

    def _relay(self, message: tuple) -> None:
        kind = message[0]
        if kind is _Message.REPORT:
            _, name, args = message
            if name == "batch":
                batch = args[0]
                self._reading = (batch.logits, batch.val_logits, batch.weights)
            getattr(self._listener, name)(*args)
        elif kind is _Message.SAME_READING:
            # The same array objects again: the window skips redrawing views that show them
            # already (gui/frame_scheduler.py), as it does with a session in a thread.
            logits, val_logits, weights = self._reading
            self._listener.batch(replace(message[1], logits=logits, val_logits=val_logits,
                                         weights=weights))
        elif kind is _Message.ENDS:
            _, start, values = message
            with self._ends_lock:
                self._ends[start:] = values
        elif kind is _Message.FAILED:
            self._last_words = message[1]

    def _connect(self) -> None:
        """New pipes for a new child: commands sent from now on go to it."""
        self._reports, self._child_reports = self._context.Pipe(duplex=False)
        self._child_commands, parent_commands = self._context.Pipe(duplex=False)
        self.commands.connect(parent_commands)
        with self._ends_lock:
            self._ends = []

    def _start(self) -> None:
        self._last_words = None
        self._process = self._context.Process(
            target=_child_main, args=(self._child_commands, self._child_reports, *self._options),
            name="training-session", daemon=True)
        self._process.start()
        # The child holds its ends now: closing ours makes its death an end of file here, and
        # the parent's death one there.
        self._child_commands.close()
        self._child_reports.close()

    def _end(self) -> None:
        process = self._process
        process.join(JOIN_WAIT_S)
        if process.is_alive():
            process.terminate()
            process.join(JOIN_WAIT_S)
        self._reports.close()
        self.commands.close()

    def _report_crash(self) -> None:
        process = self._process
        process.join(JOIN_WAIT_S)
        code = process.exitcode
        why = self._last_words or (
            f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}")
        self._listener.error(
            f"Training stopped: its process ended unexpectedly ({why}). "
            "Press Reset to start the lesson again.")
        self._listener.state_changed(RunState.ERROR)


class RemoteCommands:
    """The parent's side of the child's mailbox: `update(**changes)` as `WorkerCommands` has it,
    each call sent to the child in order, where its own mailbox merges them. A thread of its
    own pickles and sends, so that the caller (the GUI thread) never waits for a child that is
    still starting or for a large Dataset to pass through the pipe."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._failures: queue.SimpleQueue = queue.SimpleQueue()
        self._connection = None
        self._lock = threading.Lock()
        threading.Thread(target=self._send_all, name="session-commands", daemon=True).start()

    def update(self, **changes) -> None:
        if changes.get("stop"):
            self.stopping.set()
        self._outbox.put(changes)

    def connect(self, connection) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
            self._connection = connection

    def close(self) -> None:
        self._outbox.put(None)

    def take_failures(self) -> list[str]:
        """Commands that could not be sent (a value that does not pickle), as messages."""
        failures = []
        while not self._failures.empty():
            failures.append(self._failures.get())
        return failures

    def _send_all(self) -> None:
        while (changes := self._outbox.get()) is not None:
            with self._lock:
                connection = self._connection
                try:
                    connection.send(changes)
                except (OSError, EOFError):
                    pass  # the child is gone; the relay reports it, and its successor waits
                except Exception as error:  # noqa: BLE001 - pickling: told to the user
                    self._failures.put(f"{error.__class__.__name__}: {error}")
        with self._lock:
            self._connection.close()


# ----- the child -------------------------------------------------------------------------


class _Reports:
    """The child's SessionListener: each call becomes a message to the parent, after the
    timeline's advance ends that changed since the last message."""

    def __init__(self, connection) -> None:
        self._connection = connection
        self.session: TrainingSession | None = None
        self._sent_ends: list[int] = []
        self._reading = None  # the logits array of the last batch sent

    def send(self, *message) -> None:
        try:
            self._connection.send(message)
        except (OSError, EOFError):  # the parent is gone: nothing to train for
            os._exit(0)

    def _report(self, name: str, *args, rewritten: bool = False) -> None:
        self._sync_ends(rewritten)
        self.send(_Message.REPORT, name, args)

    def _sync_ends(self, rewritten: bool) -> None:
        """A reset and a branch rewrite the ends; chunks only append to them."""
        ends, sent = self.session.timeline.advance_ends(), self._sent_ends
        if rewritten or len(ends) < len(sent) or (sent and ends[len(sent) - 1] != sent[-1]):
            start = 0
        elif len(ends) == len(sent):
            return
        else:
            start = len(sent)
        self._sent_ends = ends
        self.send(_Message.ENDS, start, ends[start:])

    def engine_ready(self, info) -> None:
        self._report("engine_ready", info, rewritten=True)

    def batch(self, batch) -> None:
        """A model reading that ModelSnapshots did not renew is not sent again (N logits)."""
        if batch.logits is self._reading:
            self._sync_ends(False)
            self.send(_Message.SAME_READING, replace(batch, logits=None, val_logits=None,
                                                     weights=None))
            return
        self._reading = batch.logits
        self._report("batch", batch)

    def state_changed(self, state) -> None:
        self._report("state_changed", state)

    def hyperparameters_applied(self, step: int, changes: dict) -> None:
        self._report("hyperparameters_applied", step, changes)

    def diverged(self, divergence) -> None:
        self._report("diverged", divergence)

    def error(self, message: str) -> None:
        self._report("error", message)

    def warning(self, message: str) -> None:
        self._report("warning", message)

    def model_at_step(self, model) -> None:
        self._report("model_at_step", model)

    def truncated(self, step: int) -> None:
        self._report("truncated", step, rewritten=True)


def _child_main(commands, reports, threads, snapshot_share, reproducible) -> None:
    """The child process: a TrainingSession whose mailbox a thread fills from the pipe."""
    listener = _Reports(reports)
    try:
        session = TrainingSession(listener, threads=threads, snapshot_share=snapshot_share,
                                  reproducible=reproducible)
        listener.session = session
        threading.Thread(target=_receive, args=(commands, session), name="session-mailbox",
                         daemon=True).start()
        session.run()
    except BaseException as error:  # noqa: BLE001 - outside the session's own handling
        listener.send(_Message.FAILED, f"{error.__class__.__name__}: {error}")
        os._exit(1)
    listener.send(_Message.STOPPED)
    # Now, not after the interpreter's teardown of torch (seconds): all was sent.
    os._exit(0)


def _receive(commands, session: TrainingSession) -> None:
    """Fill the session's mailbox from the parent's pipe; when the parent is gone, stop (and
    leave, if the session is too busy to stop within ORPHAN_WAIT_S)."""
    try:
        while True:
            session.commands.update(**commands.recv())
    except (EOFError, OSError):
        session.commands.update(stop=True, running=False)
        time.sleep(ORPHAN_WAIT_S)
        os._exit(0)
