"""The run as a timeline: the model exactly as the live run had it at any earlier step, rebuilt
from a checkpoint of the engine's own state by replaying forward with the engine's steppers.

Full-batch steps are deterministic and a mini-batch's samples follow from its step, so a replay
from the same state under the same settings reaches the same bits, with one condition: the Gram
stepper re-bases its state at the end of every advance, so the replay advances by the same
lengths the live run did (they are recorded; a seek inside an advance stops there, as a pause at
that step would have). Live lr / L2 changes are re-applied at the steps they were made.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass

import numpy as np

# A seek replays at most about this many steps from the nearest checkpoint (more only when one
# live chunk was longer, or once the memory budget has thinned the checkpoints out). A seed step
# takes ~0.03-0.1 ms on a CPU: 256 of them keep a seek near 10 ms, and a 1 000 000-step run's
# checkpoints (~5 KB each in float32, ~10 KB in float64) under the budget.
MAX_REPLAY_STEPS = 256
# What the checkpoints and the record of advances may take; past it every other checkpoint is
# dropped (the spacing doubles), so memory stays bounded however long a run goes on.
MEMORY_BUDGET_BYTES = 48 * 2**20


@dataclass(frozen=True)
class ModelAtStep:
    """The model as the run had it at `step` (before update `step`), as host copies."""

    step: int
    weights: np.ndarray
    bias: float
    logits: np.ndarray
    val_logits: np.ndarray | None


class Timeline:
    """Checkpoints, advance lengths and settings changes of the current run of one engine."""

    def __init__(self, max_replay: int = MAX_REPLAY_STEPS,
                 budget_bytes: int = MEMORY_BUDGET_BYTES) -> None:
        self._max_replay = max_replay
        self._budget = budget_bytes
        self._checkpoints: list = []  # EngineCheckpoint, by step
        self._checkpoint_steps: list[int] = []
        self._ends = array("q")  # the step at which each advance of the run ended
        self._settings: list[tuple[int, float, float]] = []  # (from step, lr, l2)
        self._spacing = max_replay
        self._first_step = 0

    # ----- recording the live run ---------------------------------------------------------

    def start(self, engine) -> None:
        """A new run begins at the engine's current step (after a reset or a new engine)."""
        self._checkpoints, self._checkpoint_steps = [engine.checkpoint()], [engine.step]
        self._ends = array("q")
        self._settings = [(engine.step, engine.config.lr, engine.config.l2)]
        self._spacing = self._max_replay
        self._first_step = engine.step

    def after_chunk(self, engine) -> None:
        """Record the advances of the chunk the engine just ran; checkpoint when a seek would
        otherwise have to replay more than the spacing."""
        if not engine.last_advances:
            return
        end = self._ends[-1] if self._ends else self._first_step
        for steps in engine.last_advances:
            end += steps
            self._ends.append(end)
        chunk = sum(engine.last_advances)
        # Checkpoints can only be taken at the end of a chunk: the next one is taken now if
        # waiting for one more chunk as long as this one would pass the spacing.
        if engine.step - self._checkpoint_steps[-1] + chunk > self._spacing:
            self._checkpoints.append(engine.checkpoint())
            self._checkpoint_steps.append(engine.step)
            if self.nbytes > self._budget:
                self._thin_out()

    def settings_changed(self, engine) -> None:
        """The live lr / L2 changed at the engine's current step."""
        entry = (engine.step, engine.config.lr, engine.config.l2)
        if self._settings and self._settings[-1][0] == engine.step:
            self._settings[-1] = entry
        elif self._settings[-1][1:] != entry[1:]:
            self._settings.append(entry)

    @property
    def nbytes(self) -> int:
        """Memory held: the checkpoints' tensors and the record of advances."""
        return sum(checkpoint.nbytes for checkpoint in self._checkpoints) + self.record_nbytes

    @property
    def record_nbytes(self) -> int:
        """Memory held by the record of where advances ended (grows with the run's chunks)."""
        return self._ends.itemsize * len(self._ends)

    def advance_ends(self) -> list[int]:
        """The steps at which the run's advances ended: a replay that must match a Gram run bit
        for bit (a lesson replayed elsewhere) ends its chunks at these steps."""
        return self._ends.tolist()

    @property
    def checkpoint_steps(self) -> list[int]:
        return list(self._checkpoint_steps)

    def _thin_out(self) -> None:
        self._checkpoints = self._checkpoints[::2]
        self._checkpoint_steps = self._checkpoint_steps[::2]
        self._spacing *= 2

    # ----- going back ----------------------------------------------------------------------

    def model_at(self, engine, step: int) -> ModelAtStep:
        """The model at `step` (between the run's first step and the engine's current one),
        bit for bit as the live run had it; the live engine is left exactly as it was."""
        if not self._first_step <= step <= engine.step:
            raise ValueError(f"step {step} is outside the run ({self._first_step} to "
                             f"{engine.step})")
        if step == engine.step:
            return _read(engine)
        live = engine.checkpoint()
        try:
            self._go_to(engine, step)
            return _read(engine)
        finally:
            engine.restore(live)

    def truncate(self, engine, step: int) -> None:
        """Cut the run back to `step`, for a new branch from there: the engine is left exactly
        as the live run had it at `step` (with the lr / L2 it had then), and the checkpoints,
        advances and settings after it are dropped. A Gram run's next chunk then starts at
        `step`, as it would after a pause there: a fresh run that paused at the same steps
        reaches the same bits."""
        if not self._first_step <= step <= engine.step:
            raise ValueError(f"step {step} is outside the run ({self._first_step} to "
                             f"{engine.step})")
        if step == engine.step:
            return  # nothing after it to drop
        kept = bisect.bisect_right(self._settings, step, key=lambda entry: entry[0])
        dropped_changes = kept < len(self._settings)
        del self._settings[kept:]
        began, lr, l2 = self._settings[-1]
        reference = None
        if dropped_changes:
            # The lr / L2 of `step`, and the divergence threshold of the live run at `step`:
            # the cost where they began (a replay of the branch's record measures from there).
            engine.set_hyperparameters(lr=lr, l2=l2)
            self._go_to(engine, began)
            reference = engine.current_cost()
        index = self._go_to(engine, step)
        del self._checkpoints[index + 1:], self._checkpoint_steps[index + 1:]
        del self._ends[bisect.bisect_right(self._ends, step):]
        if step > (self._ends[-1] if self._ends else self._first_step):
            self._ends.append(step)  # the advance the replay stopped inside ends here now
        if reference is not None:
            engine.set_runaway_reference(reference)
        engine.divergence = None  # a divergence after `step` is gone with its steps

    def _go_to(self, engine, step: int) -> int:
        """Put the engine at `step` from the nearest checkpoint; returns that one's index."""
        index = bisect.bisect_right(self._checkpoint_steps, step) - 1
        engine.restore(self._checkpoints[index])
        self._replay(engine, step)
        return index

    def _replay(self, engine, step: int) -> None:
        position = bisect.bisect_right(self._ends, engine.step)
        while engine.step < step:
            end = min(self._ends[position], step)
            lr, l2 = self._settings_at(engine.step)
            engine.replay(end - engine.step, lr, l2)
            position += 1

    def _settings_at(self, step: int) -> tuple[float, float]:
        index = bisect.bisect_right(self._settings, step, key=lambda entry: entry[0]) - 1
        return self._settings[index][1:]


def _read(engine) -> ModelAtStep:
    weights, bias = engine.parameters()
    return ModelAtStep(engine.step, weights, bias, engine.logits(), engine.val_logits())
