"""The record of one run's learning rate and L2: their values at the start and every live change
since, with its step. It is what a lesson file needs to replay the run exactly
(docs/ARCHITECTURE.md §10) and how a pinned run is named."""

from __future__ import annotations

from dataclasses import dataclass, field

SETTING_NAMES = {"lr": "lr", "l2": "L2"}  # the recorded settings, in the order they are named
MAX_VALUES = 4  # values named per setting; a longer history keeps its first and last ones


@dataclass
class RunRecord:
    """lr / L2 at step 0 and each live change as (step, {name: new value})."""

    start: dict = field(default_factory=dict)
    changes: list[tuple[int, dict]] = field(default_factory=list)

    @classmethod
    def starting(cls, config) -> RunRecord:
        """A fresh record for a run built from `config` (a TrainingConfig)."""
        return cls({name: getattr(config, name) for name in SETTING_NAMES})

    def record(self, step: int, changes: dict) -> None:
        """Changes applied at `step`, as the worker reports them: {name: (old, new)}."""
        self.changes.append((step, {name: new for name, (_, new) in changes.items()}))

    def truncate(self, step: int) -> None:
        """The run was cut back to `step` (a branch): later changes never happened."""
        self.changes = [(at, change) for at, change in self.changes if at <= step]

    def label(self) -> str:
        """E.g. 'lr 0.1→1@200→0.01@500, L2 0.01' (see `run_label`)."""
        return run_label(self.start, self.changes)


def run_label(start: dict, changes: list[tuple[int, dict]]) -> str:
    """E.g. 'lr 0.1→1@200→0.01@500, L2 0.01' for a run started at lr 0.1, L2 0.01 whose
    learning rate went to 1 at step 200 and to 0.01 at step 500."""
    return ", ".join(_setting_history(key, name, start, changes)
                     for key, name in SETTING_NAMES.items() if key in start)


def _setting_history(key: str, name: str, start: dict, changes) -> str:
    values, current = [f"{start[key]:g}"], start[key]
    for step, changed in changes:
        if key in changed and changed[key] != current:
            current = changed[key]
            values.append(f"{current:g}@{step}")
    if len(values) > MAX_VALUES:  # the first change, then the last one: the story in short
        skipped = len(values) - 3
        values = [*values[:2], f"…({skipped} more)", values[-1]]
    return f"{name} " + "→".join(values)
