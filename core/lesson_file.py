"""Lesson files: settings, curves, pins, markers, small user data and view settings as JSON that
re-opens exactly. Never pickle: a lesson file from a stranger must not be able to run code."""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

from core.classification import DEFAULT_THRESHOLD
from core.config import ConfigError, TrainingConfig
from core.datasets import DataError, Dataset, check_preset, load_data_file
from core.errors import UserError
from core.history import MetricHistory
from core.lesson_focus import FOCUS_SETTING, parse_focus
from core.settings_table import SETTINGS

LESSON_FORMAT = "logistic-regression-lab/lesson"
# Version 2 added the lesson note and locks (title, text, locked, locked_reason). A lesson
# without them is still written as version 1, so that older Labs keep opening it; one with
# them is written as 2, so that an older Lab says "update the Lab" rather than calling the
# new keys damage.
LESSON_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_LESSON_BYTES = 200 * 1024**2
MAX_EMBEDDED_VALUES = 200_000  # N * D of user data small enough to travel inside the lesson
HISTORY_KEYS = ("cost", "train_accuracy", "val_cost", "val_accuracy")
PIN_KEYS = ("label",) + HISTORY_KEYS
_DTYPES = {"cost": np.float64, "train_accuracy": np.float32,
           "val_cost": np.float64, "val_accuracy": np.float32}  # as MetricHistory stores them
_TOP_KEYS = ("format", "version", "config", "history", "pins", "markers", "embedded_data",
             "settings")
NOTE_KEYS = ("title", "text", "locked", "locked_reason")  # optional: version 2
# Controls an exercise may lock, by their settings' names (core/settings_table.py); the data
# file has no control of its own: it comes with the dataset's, so locking "dataset" locks it.
LOCKABLE = tuple(name for name in SETTINGS if name != "data_path")
MAX_TITLE_CHARS = 120
MAX_TEXT_CHARS = 3000
MAX_REASON_CHARS = 300
# JSON has no NaN or infinity; these strings stand for them inside number arrays, so a diverged
# curve re-opens bit for bit instead of being refused or silently altered.
_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_DAMAGED = "The file is damaged or was edited by hand; open another lesson or re-save it."


# Lesson.settings key: the decision threshold, p > t calls a sample class 1 (a view setting;
# training does not use it: core/classification.py).
THRESHOLD_SETTING = "threshold"


class LessonFileError(UserError, ValueError):
    """A lesson file that cannot be read or written; the message starts with the file's name."""


@dataclass(eq=False)  # eq=False: arrays have no single truth value for ==
class Lesson:
    """Everything needed to re-open a lesson as it was saved."""

    config: TrainingConfig
    history: dict[str, np.ndarray | None]
    pins: list[dict] = field(default_factory=list)
    markers: list[tuple[int, str]] = field(default_factory=list)
    embedded_data: Dataset | None = None
    settings: dict = field(default_factory=dict)
    # The lesson note (gui/lesson_note.py): what to do and what to look at.
    title: str | None = None
    text: str | None = None
    # An exercise's locked controls, by setting name (LOCKABLE), and why they are locked.
    locked: tuple[str, ...] = ()
    locked_reason: str | None = None

    @property
    def has_note(self) -> bool:
        """Whether the lesson has anything for the lesson note to show."""
        return bool(self.title or self.text or self.locked)


class _Problem(Exception):
    """What is wrong inside a lesson, and what to do; the caller adds the file's name."""

    def __init__(self, problem: str, advice: str = _DAMAGED):
        super().__init__(f"{problem}. {advice}")


# ---------------------------------------------------------------- helpers for callers


def history_arrays(history: MetricHistory) -> dict[str, np.ndarray | None]:
    """A run's recorded curves in the form `Lesson.history` takes."""
    return {key: getattr(history, key) for key in HISTORY_KEYS}


def should_embed(config: TrainingConfig, data: Dataset) -> bool:
    """Whether a lesson should carry its data: a user file small enough to travel with it.
    Presets are rebuilt from the config; large files are referenced by config.data_path."""
    return bool(config.data_path) and data.n_samples * data.n_features <= MAX_EMBEDDED_VALUES


# ---------------------------------------------------------------- saving


def save_lesson(lesson: Lesson, path: str | os.PathLike) -> None:
    """Write `lesson` as JSON, replacing `path` only once the whole file is written."""
    path = Path(path)
    name = path.name or str(path)
    try:
        document = _encode(lesson)
        _decode(document)  # what would not re-open must not be written
    except _Problem as problem:
        raise LessonFileError(f"{name}: cannot save the lesson: {problem}") from None
    text = json.dumps(document, allow_nan=False, separators=(",", ":"))
    if len(text) > MAX_LESSON_BYTES:  # ASCII only (json escapes the rest): chars == bytes
        raise LessonFileError(
            f"{name}: the lesson would take {len(text) / 1024**2:.0f} MB, more than the "
            f"{MAX_LESSON_BYTES / 1024**2:.0f} MB a lesson may have. Remove some pins or reset "
            "the run, then save again."
        )
    _write_atomically(path, name, text)


def _encode(lesson: Lesson) -> dict:
    if not isinstance(lesson.config, TrainingConfig):
        raise _Problem("config must be a TrainingConfig", "This is a bug in the caller.")
    note = {"title": lesson.title, "text": lesson.text,
            "locked": list(lesson.locked) if isinstance(lesson.locked, (list, tuple))
            else lesson.locked, "locked_reason": lesson.locked_reason}
    note = {key: value for key, value in note.items() if value not in (None, [])}
    return {
        "format": LESSON_FORMAT,
        "version": LESSON_VERSION if note else 1,
        **note,
        "config": lesson.config.to_dict(),
        "history": _encode_curves(lesson.history, "history", HISTORY_KEYS),
        "pins": [_encode_curves(pin, f"pins[{i}]", PIN_KEYS) for i, pin in enumerate(lesson.pins)],
        # Malformed entries pass through unchanged so that the decoder's check names them.
        "markers": [[_plain(v) for v in m] if isinstance(m, (tuple, list)) else m
                    for m in lesson.markers],
        "embedded_data": _encode_data(lesson.embedded_data),
        "settings": {key: _plain(value) for key, value in lesson.settings.items()},
    }


def _encode_curves(curves: dict, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(curves, dict):
        raise _Problem(f"{where} must be a dict, got {type(curves).__name__}",
                       "This is a bug in the caller.")
    unknown = set(curves) - set(keys)
    if unknown:
        raise _Problem(f"{where} has unknown key(s) {', '.join(sorted(map(repr, unknown)))}",
                       f"Use only {', '.join(keys)}.")
    encoded = {}
    for key in keys:
        value = curves.get(key)
        if key == "label":
            encoded[key] = value
        elif value is not None:
            encoded[key] = _encode_array(value, f"{where}.{key}")
        elif where == "history":
            encoded[key] = None  # the history always lists all four curves
    return encoded


def _encode_array(values, where: str) -> list:
    try:
        array = np.asarray(values, dtype=np.float64)  # float32 -> float64 is exact
    except (TypeError, ValueError):
        raise _Problem(f"{where} must hold numbers", "This is a bug in the caller.") from None
    if array.ndim != 1:
        raise _Problem(f"{where} must be one-dimensional", "This is a bug in the caller.")
    encoded = array.tolist()  # Python floats: json writes their repr, which reads back exactly
    if not np.isfinite(array).all():
        encoded = [v if math.isfinite(v) else _non_finite_token(v) for v in encoded]
    return encoded


def _non_finite_token(value: float) -> str:
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def _encode_data(data: Dataset | None) -> dict | None:
    if data is None:
        return None
    return {"name": data.name, "source": data.source, "X": data.X.tolist(), "y": data.y.tolist()}


def _plain(value):
    # numpy scalars (a spin box's np.int64) are written as the Python numbers they equal.
    return value.item() if isinstance(value, np.generic) else value


def _write_atomically(path: Path, name: str, text: str) -> None:
    if path.is_dir():
        raise LessonFileError(f"{name}: is a folder. Choose a file name for the lesson.")
    folder = path.parent
    if not folder.is_dir():
        raise LessonFileError(
            f"{name}: the folder {os.path.abspath(folder)} does not exist. "
            "Choose an existing folder or create it first."
        )
    temporary = None
    try:
        # A temporary file beside the target, renamed over it when complete: a full disk or a
        # crash mid-write leaves the previous lesson intact.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        os.chmod(temporary, mode)  # mkstemp makes owner-only files; keep the usual mode
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise LessonFileError(
            f"{name}: cannot be saved ({error.strerror or error}). "
            "Choose another folder or file name."
        ) from None


# ---------------------------------------------------------------- loading


def load_lesson(path: str | os.PathLike) -> Lesson:
    """Read and check a lesson file; any problem raises LessonFileError naming the file."""
    path = Path(path)
    name = path.name or str(path)
    document = _parse_json(_read_text(path, name), name)
    try:
        return _decode(document)
    except _Problem as problem:
        raise LessonFileError(f"{name}: {problem}") from None


def _read_text(path: Path, name: str) -> str:
    try:
        _check_file(path, name)
        with open(path, "rb") as stream:
            data = stream.read(MAX_LESSON_BYTES + 1)  # + 1 detects a file that grew since stat
    except OSError as error:
        raise LessonFileError(f"{name}: cannot be read ({error.strerror or error}).") from None
    if len(data) > MAX_LESSON_BYTES:
        raise LessonFileError(f"{name}: is larger than {MAX_LESSON_BYTES / 1024**2:.0f} MB.")
    if data.startswith(b"\x80"):  # the opcode every binary pickle starts with
        raise LessonFileError(
            f"{name}: is not a lesson file: it looks like a Python pickle, which is never opened "
            "because loading one can run any code. Open a .json lesson saved by the Lab."
        )
    try:
        return data.decode("utf-8-sig")  # -sig: tolerate an editor's byte-order mark
    except UnicodeDecodeError:
        raise LessonFileError(
            f"{name}: is not a lesson file: it is binary data, not JSON text. "
            "Open a .json lesson saved by the Lab."
        ) from None


def _check_file(path: Path, name: str) -> None:
    """Everything that can be refused before reading a byte: absence, folders, size."""
    if not path.exists():
        raise LessonFileError(
            f"{name}: file not found (looked for {os.path.abspath(path)}). Check the path."
        )
    if path.is_dir():
        raise LessonFileError(f"{name}: is a folder, not a lesson file. Choose a .json file.")
    size = path.stat().st_size
    if size > MAX_LESSON_BYTES:
        raise LessonFileError(
            f"{name}: is {size / 1024**2:.0f} MB; lesson files larger than "
            f"{MAX_LESSON_BYTES / 1024**2:.0f} MB are refused. Is this really a lesson file?"
        )
    if size == 0:
        raise LessonFileError(f"{name}: the file is empty. Open a lesson saved by the Lab.")


def _parse_json(text: str, name: str):
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise LessonFileError(
            f"{name}: is not a lesson file: not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}). The file is damaged or truncated; open another lesson."
        ) from None
    except (ValueError, RecursionError) as error:  # NaN tokens, 5000-digit ints, deep nesting
        raise LessonFileError(f"{name}: is not a lesson file: not valid JSON ({error}).") from None


def _refuse_constant(token: str):
    raise ValueError(f"{token} is not a JSON number")


def _decode(document) -> Lesson:
    document = _mapping(document, "the file")
    _check_format(document)
    _check_keys(document, _TOP_KEYS + NOTE_KEYS, _TOP_KEYS, "the file")
    locked = _decode_locked(document.get("locked", []))
    reason = _optional_text(document, "locked_reason", MAX_REASON_CHARS, one_line=True)
    if reason is not None and not locked:
        raise _Problem("locked_reason is given but locked names no control",
                       "Add the controls to lock to 'locked' or remove 'locked_reason'.")
    lesson = Lesson(
        config=_decode_config(document["config"]),
        history=_decode_history(document["history"]),
        pins=_decode_pins(document["pins"]),
        markers=_decode_markers(document["markers"]),
        embedded_data=_decode_data(document["embedded_data"]),
        settings=_decode_settings(document["settings"]),
        title=_optional_text(document, "title", MAX_TITLE_CHARS, one_line=True),
        text=_optional_text(document, "text", MAX_TEXT_CHARS, one_line=False),
        locked=locked,
        locked_reason=reason,
    )
    _check_preset(lesson)
    return lesson


def _check_preset(lesson: Lesson) -> None:
    """A lesson without data of its own names a preset: refused here, naming the key, rather
    than when its run starts (a message without the file's name)."""
    if lesson.embedded_data is not None or lesson.config.data_path:
        return
    try:
        check_preset(lesson.config.dataset)
    except DataError as error:
        raise _Problem(f"config.dataset: {str(error).rstrip('.')}",
                       "Correct the value in the file or start a new lesson.") from None


def lesson_data(lesson: Lesson, name: str) -> Dataset | None:
    """The data a lesson (file `name`) trains on unless it is a preset: its embedded copy, else
    its data file, read (None for a preset); a file that cannot be read raises LessonFileError
    naming the lesson as well as the data file, so that the user knows where the path came
    from."""
    if lesson.embedded_data is not None or not lesson.config.data_path:
        return lesson.embedded_data
    try:
        return load_data_file(lesson.config.data_path)
    except DataError as error:
        raise LessonFileError(f"{name} refers to data {error}") from None


def _check_format(document: dict) -> None:
    if document.get("format") != LESSON_FORMAT:
        found = "no format"
        if "format" in document:
            found = f"its format is {_shown(document['format'])}"
        raise _Problem(f"is not a Logistic Regression Lab lesson file ({found})",
                       "Open a lesson saved by the Lab.")
    if "version" not in document:
        raise _Problem("lacks key 'version'")
    version = document["version"]
    reads = f"this Lab reads versions {READABLE_VERSIONS[0]} to {LESSON_VERSION}"
    if type(version) is int and version > LESSON_VERSION:
        raise _Problem(f"was saved by a newer version of the Lab (lesson version {version}; "
                       f"{reads})", "Update the Lab to open it.")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise _Problem(f"has an unsupported lesson version {_shown(version)} ({reads})",
                       "Open it with the version of the Lab that saved it.")


def _optional_text(document: dict, key: str, limit: int, one_line: bool) -> str | None:
    """The text under `key`, None when absent; wrong types, blank text, line breaks in a
    one-line field and text over `limit` characters are refused, naming the key."""
    if key not in document:
        return None
    value = document[key]
    advice = f"Correct '{key}' in the file or remove it."
    if not isinstance(value, str):
        raise _Problem(f"{key} must be text, got {_kind(value)}", advice)
    if not value.strip():
        raise _Problem(f"{key} is empty", advice)
    if one_line and ("\n" in value or "\r" in value):
        raise _Problem(f"{key} must be one line", advice)
    if len(value) > limit:
        raise _Problem(f"{key} has {len(value):,} characters, more than the {limit:,} allowed",
                       advice)
    return value


def _decode_locked(values) -> tuple[str, ...]:
    """Setting names from LOCKABLE, each once."""
    advice = f"Name controls by their settings: {', '.join(LOCKABLE)}."
    if not isinstance(values, list):
        raise _Problem(f"locked must be a list of setting names, got {_kind(values)}", advice)
    for i, name in enumerate(values):
        if not isinstance(name, str):
            raise _Problem(f"locked[{i}] must be a setting name, got {_shown(name)}", advice)
        if name not in LOCKABLE:
            hint = " (a data file comes with 'dataset')" if name == "data_path" else ""
            raise _Problem(f"locked[{i}] names no control that can be locked: "
                           f"{_shown(name)}{hint}", advice)
        if name in values[:i]:
            raise _Problem(f"locked names {_shown(name)} twice", "Name each control once.")
    return tuple(values)


def _decode_config(values) -> TrainingConfig:
    try:
        # Keys the file lacks take their defaults, so v1 files stay readable when settings grow.
        return TrainingConfig.from_dict(values)
    except ConfigError as error:
        raise _Problem(f"config: {error}",
                       "Correct the value in the file or start a new lesson.") from None


def _decode_history(values) -> dict[str, np.ndarray | None]:
    values = _mapping(values, "history")
    _check_keys(values, HISTORY_KEYS, ("cost", "train_accuracy"), "history")
    history = _decode_curves(values, "history")
    return {key: history.get(key) for key in HISTORY_KEYS}


def _decode_pins(values) -> list[dict]:
    decoded = []
    for i, pin in enumerate(_sequence(values, "pins")):
        pin = _mapping(pin, f"pins[{i}]")
        _check_keys(pin, PIN_KEYS, ("label", "cost", "train_accuracy"), f"pins[{i}]")
        if not isinstance(pin["label"], str):
            raise _Problem(f"pins[{i}].label must be text, got {_kind(pin['label'])}")
        decoded.append({"label": pin["label"], **_decode_curves(pin, f"pins[{i}]")})
    return decoded


def _decode_curves(values: dict, where: str) -> dict[str, np.ndarray]:
    """Number arrays of one length; the held-out pair both present or both absent (or null)."""
    curves = {key: _array(values[key], f"{where}.{key}")
              for key in HISTORY_KEYS if values.get(key) is not None}
    if ("val_cost" in curves) != ("val_accuracy" in curves):
        raise _Problem(f"{where} has only one of val_cost and val_accuracy")
    lengths = {key: len(curve) for key, curve in curves.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{key} {n}" for key, n in lengths.items())
        raise _Problem(f"{where} arrays have different lengths ({shown})")
    for key in ("train_accuracy", "val_accuracy"):
        if key in curves and not np.all((curves[key] >= 0) & (curves[key] <= 1)):
            raise _Problem(f"{where}.{key} must lie between 0 and 1")
    return {key: curve.astype(_DTYPES[key]) for key, curve in curves.items()}


def _decode_markers(values) -> list[tuple[int, str]]:
    markers = []
    for i, marker in enumerate(_sequence(values, "markers")):
        if not (isinstance(marker, list) and len(marker) == 2):
            raise _Problem(f"markers[{i}] must be a pair [step, text], got {_shown(marker)}")
        step, text = marker
        if type(step) is not int or step < 0 or not isinstance(text, str):
            raise _Problem(f"markers[{i}] must be [step >= 0, text], got {_shown(marker)}")
        markers.append((step, text))
    return markers


def _decode_data(values) -> Dataset | None:
    if values is None:
        return None
    values = _mapping(values, "embedded_data")
    _check_keys(values, ("name", "source", "X", "y"), ("name", "source", "X", "y"),
                "embedded_data")
    name, source = values["name"], values["source"]
    if not isinstance(name, str) or not (source is None or isinstance(source, str)):
        raise _Problem("embedded_data.name must be text and embedded_data.source text or null")
    rows = [_array(row, f"embedded_data.X[{i}]")
            for i, row in enumerate(_sequence(values["X"], "embedded_data.X"))]
    if len({len(row) for row in rows}) > 1:
        raise _Problem("embedded_data.X has rows of different lengths")
    try:
        data = Dataset(name, np.array(rows), _array(values["y"], "embedded_data.y"), source)
    except DataError as error:
        raise _Problem(f"embedded_data: {str(error).rstrip('.')}") from None
    if np.unique(data.y).size < 2:
        raise _Problem("embedded_data: the labels need both classes, 0 and 1")
    return data


def _decode_settings(values) -> dict:
    settings = _mapping(values, "settings")
    for key, value in settings.items():
        if not isinstance(key, str):  # json would quietly turn 1 into "1"
            raise _Problem(f"settings key {key!r} must be text")
        is_number = type(value) is int or type(value) is float and math.isfinite(value)
        if not (is_number or value is None or isinstance(value, (bool, str))):
            raise _Problem(
                f"settings[{key!r}] must be text, a finite number, true/false or null, "
                f"got {_kind(value)}"
            )
    threshold = settings.get(THRESHOLD_SETTING, DEFAULT_THRESHOLD)
    if type(threshold) not in (int, float) or not 0 < threshold < 1:
        raise _Problem(f"settings[{THRESHOLD_SETTING!r}]: the decision threshold must be a number "
                       f"between 0 and 1, both excluded (e.g. 0.8), got {_shown(threshold)}")
    try:  # optional: files without it (every file before it) have no focus
        parse_focus(settings.get(FOCUS_SETTING, ""))
    except ValueError as error:
        raise _Problem(f"settings[{FOCUS_SETTING!r}]: {error}") from None
    return dict(settings)


# ---------------------------------------------------------------- shape checks


def _kind(value) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _shown(value) -> str:
    """A value as the file spells it (true, null, "text"), cut short."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):  # when saving, a value json cannot write
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _mapping(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _Problem(f"{where} must be a JSON object, got {_kind(value)}")
    return value


def _sequence(value, where: str) -> list:
    if not isinstance(value, list):
        raise _Problem(f"{where} must be a list, got {_kind(value)}")
    return value


def _check_keys(values: dict, allowed: tuple[str, ...], required: tuple[str, ...],
                where: str) -> None:
    missing = [key for key in required if key not in values]
    if missing:
        raise _Problem(f"{where} lacks key(s) {', '.join(map(repr, missing))}")
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise _Problem(f"{where} has unknown key(s) {', '.join(map(repr, unknown))}")


def _array(values, where: str) -> np.ndarray:
    """A list of JSON numbers (and the non-finite tokens) as float64."""
    values = _sequence(values, where)
    # Fast path: what the Lab writes is all floats; anything else is checked value by value.
    if not all(type(v) is float for v in values):
        values = [_number(v, f"{where}[{i}]") for i, v in enumerate(values)]
    return np.array(values, dtype=np.float64)


def _number(value, where: str) -> float:
    if type(value) is float:
        return value
    if type(value) is int:  # not bool: true is not 1 here
        try:
            return float(value)
        except OverflowError:
            raise _Problem(f"{where} is a number too large") from None
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    raise _Problem(f"{where} must be a number, got {_shown(value)}")


# ---------------------------------------------------------------- replaying a run

REPLAY_SETTING = "replay"  # Lesson.settings key: how the run got where it is
REPLAYED_CHANGES = ("lr", "l2", "iterations")


def replay_record(start: dict, changes: list[tuple[int, dict]], ends: list[int] = ()) -> str:
    """The run's starting lr / L2, its live changes and the steps where its chunks ended, as
    one JSON string for `settings` (settings hold scalars only). Training is deterministic, so
    this brings the run back exactly: bit for bit when chunks end where they did (the Gram
    stepper re-bases its state at the end of every chunk; docs/ARCHITECTURE.md §10)."""
    return json.dumps({"start": start, "changes": changes, "ends": list(ends)})


def replay_ends(settings: dict) -> list[int]:
    """The steps where the saved run's chunks ended ([] when the lesson does not say: a
    replay then chunks as it likes, and a Gram run comes back to within rounding)."""
    stored = settings.get(REPLAY_SETTING)
    try:
        ends = json.loads(stored).get("ends", []) if stored is not None else []
        if not isinstance(ends, list):
            raise TypeError(f"a list of steps was expected, not {type(ends).__name__}")
        ends = [int(end) for end in ends]
    except (TypeError, ValueError, AttributeError, OverflowError) as error:
        raise LessonFileError(f"the lesson's record of chunk ends is damaged ({error!r}); "
                              "remove the 'replay' setting to open it") from None
    if any(end <= 0 for end in ends[:1]) or any(b <= a for a, b in pairwise(ends)):
        raise LessonFileError("the lesson's record of chunk ends is not an increasing list of "
                              "steps; remove the 'replay' setting to open it")
    return ends


def replay_plan(settings: dict) -> tuple[dict, list[tuple[int, dict]]]:
    """(start, changes) from a lesson's settings; ({}, []) when it has no record (the run is
    then replayed with the final settings). A damaged record raises LessonFileError."""
    stored = settings.get(REPLAY_SETTING)
    if stored is None:
        return {}, []
    try:
        plan = json.loads(stored)
        start = {k: float(v) for k, v in plan["start"].items() if k in ("lr", "l2")}
        changes = [(int(step), {k: v for k, v in values.items() if k in REPLAYED_CHANGES})
                   for step, values in plan["changes"]]
        # Each value as a configuration would take it: a bad one is this file's problem,
        # refused here, not a ConfigError from whoever replays the run.
        for values in (start, *(values for _, values in changes)):
            TrainingConfig().replace(**values)
    except ConfigError as error:
        raise LessonFileError(
            f"the lesson's record of live changes holds a value that cannot be used ({error}); "
            "remove the 'replay' setting to open it with its final settings"
        ) from None
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError) as error:
        raise LessonFileError(
            f"the lesson's record of live changes is damaged ({error!r}); "
            "remove the 'replay' setting to open it with its final settings"
        ) from None
    return start, changes
