"""A run's per-step metrics as CSV for spreadsheets and slides, written with the shortest text
that reads back to the same number, and read back (for checks) refusing malformed files."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from core.history import MetricHistory

BASE_COLUMNS = ("step", "cost", "train_accuracy")
VAL_COLUMNS = ("val_cost", "val_accuracy")
MARKER_COLUMN = "marker"
_DTYPES = {"cost": np.float64, "train_accuracy": np.float32,
           "val_cost": np.float64, "val_accuracy": np.float32}


def save_history_csv(
    history: MetricHistory, path: str | os.PathLike,
    markers: Iterable[tuple[int, str]] | None = None,
) -> None:
    """Write one row per step; with markers, a last `marker` column holds each step's notes
    (joined by "; "); markers at steps the history has not reached have no row to go in.
    OSError (missing folder, no permission) reaches the caller unchanged."""
    columns = [history.cost, history.train_accuracy]
    if history.has_val:
        columns += [history.val_cost, history.val_accuracy]
    texts = [range(len(history))] + [_shortest_text(column) for column in columns]
    header = list(BASE_COLUMNS) + (list(VAL_COLUMNS) if history.has_val else [])
    markers = list(markers or ())
    if markers:
        header.append(MARKER_COLUMN)
        texts.append(_marker_texts(markers, len(history)))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(zip(*texts, strict=True))


def _shortest_text(values: np.ndarray) -> list[str]:
    """The shortest decimal that reads back to each value in its own dtype (float32 or 64)."""
    if values.dtype == np.float64:
        return list(map(repr, values.tolist()))  # Python's repr is shortest and round-trips
    # Accuracies are k / N: few distinct values, so format each once (numpy's str of a float32
    # is its shortest round-trip form, "0.8025" rather than float64's "0.8025000095367432").
    unique, index = np.unique(values, return_inverse=True)
    return unique.astype(str)[index].tolist()


def _marker_texts(markers: list[tuple[int, str]], steps: int) -> list[str]:
    notes: list[list[str]] = [[] for _ in range(steps)]
    for step, text in markers:
        if 0 <= step < steps:
            notes[step].append(text)
    return ["; ".join(texts) for texts in notes]


def load_history_csv(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Read a file written by save_history_csv: "step" (int64), the metric columns (float64
    costs, float32 accuracies) and "marker" (text) when present. Raises ValueError naming the
    file and row for anything malformed."""
    name = Path(path).name or str(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = _read_header(reader, name)
            columns = _read_rows(reader, header, name)
    except UnicodeDecodeError:
        raise ValueError(f"{name}: is not a text CSV file.") from None
    except csv.Error as error:
        raise ValueError(f"{name}: row {reader.line_num}: malformed CSV ({error}).") from None
    arrays = {"step": np.arange(len(columns["step"]), dtype=np.int64)}
    for key in header[1:]:
        arrays[key] = (np.array(columns[key], dtype=str) if key == MARKER_COLUMN
                       else np.array(columns[key], dtype=np.float64).astype(_DTYPES[key]))
    return arrays


def _read_header(reader, name: str) -> list[str]:
    header = next(reader, None)
    allowed = [list(BASE_COLUMNS), list(BASE_COLUMNS + VAL_COLUMNS)]
    allowed += [columns + [MARKER_COLUMN] for columns in allowed]
    if header is None:
        raise ValueError(f"{name}: the file is empty; expected a header row.")
    if header not in allowed:
        raise ValueError(
            f"{name}: row 1: the header must be step,cost,train_accuracy"
            f"[,val_cost,val_accuracy][,marker]; found {','.join(header)[:80]!r}."
        )
    return header


def _read_rows(reader, header: list[str], name: str) -> dict[str, list]:
    columns: dict[str, list] = {key: [] for key in header}
    for fields in reader:
        if not fields:
            continue  # a blank line (a trailing one above all) carries nothing
        where = f"{name}: row {reader.line_num}"
        if len(fields) != len(header):
            raise ValueError(f"{where}: has {len(fields)} values; the header has {len(header)}.")
        expected = len(columns["step"])
        if fields[0] != str(expected):
            raise ValueError(f"{where}: step must be {expected} (steps count up from 0), "
                             f"found {fields[0][:40]!r}.")
        columns["step"].append(expected)
        for key, text in zip(header[1:], fields[1:], strict=True):
            columns[key].append(text if key == MARKER_COLUMN else _parse_float(text, key, where))
    return columns


def _parse_float(text: str, key: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {key} must be a number, found {text[:40]!r}.") from None
    if key.endswith("accuracy") and not 0.0 <= value <= 1.0:
        raise ValueError(f"{where}: {key} must lie between 0 and 1, found {text[:40]!r}.")
    return value
