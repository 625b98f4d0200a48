"""How a pinned run is named: its settings with the history of their live changes."""

from __future__ import annotations

SETTING_NAMES = {"lr": "lr", "l2": "L2"}  # in the order they are named
MAX_VALUES = 4  # values named per setting; a longer history keeps its first and last ones


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
