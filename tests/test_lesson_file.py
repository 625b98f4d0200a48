"""Lesson files re-open exactly, and every kind of bad file is refused with a message that names
the file; a pickle is never unpickled."""

import copy
import json
import os
import pickle
from types import SimpleNamespace

import numpy as np
import pytest

from core.config import TrainingConfig
from core.datasets import Dataset
from core.history import MetricHistory
from core.lesson_file import (
    HISTORY_KEYS,
    LESSON_FORMAT,
    LESSON_VERSION,
    LOCKABLE,
    MAX_LESSON_BYTES,
    Lesson,
    LessonFileError,
    _encode,
    history_arrays,
    load_lesson,
    save_lesson,
    should_embed,
)

# Values whose text form is easy to get wrong: thirds, the smallest subnormal, the largest
# double, negative zero, and numbers json would print in exponent form.
AWKWARD = np.array([1 / 3, 5e-324, 1.7976931348623157e308, -0.0, 0.1 + 0.2, 1e22, 2.5e-7,
                    0.12798669973696092, 19.295896123456789])


def curves(steps: int, has_val: bool, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    cost = np.r_[AWKWARD, rng.random(steps - len(AWKWARD)) * 20][:steps]
    accuracy = (rng.integers(0, 401, steps) / 400).astype(np.float32)  # k / N, as recorded
    result = {"cost": cost, "train_accuracy": accuracy, "val_cost": None, "val_accuracy": None}
    if has_val:
        result["val_cost"] = rng.standard_normal(steps) ** 2
        result["val_accuracy"] = (rng.integers(0, 101, steps) / 100).astype(np.float32)
    return result


def make_lesson(has_val=True, data=True) -> Lesson:
    config = TrainingConfig(dataset="my data", data_path="/tmp/my data.csv", lr=0.0123456789,
                            l2=1e-5, iterations=250, seed=42, val_fraction=0.2 if has_val else 0.0,
                            standardise=True, dtype="float64", init="zeros", noise=1 / 3)
    rng = np.random.default_rng(7)
    embedded = Dataset("my data.csv", rng.standard_normal((30, 3)) / 7,
                       np.r_[np.zeros(15), np.ones(15)], source="/tmp/my data.csv")
    pin_with_val = {"label": "lr 0.1 ☃", **{k: v for k, v in curves(40, True, 1).items()}}
    pin_without = {"label": "", "cost": curves(12, False, 2)["cost"],
                   "train_accuracy": curves(12, False, 2)["train_accuracy"]}
    return Lesson(
        config=config,
        history=curves(250, has_val),
        pins=[pin_with_val, pin_without],
        markers=[(0, "start"), (120, "lr → 0.05, \"quoted\""), (120, "second at same step")],
        embedded_data=embedded if data else None,
        settings={"theme": "dark", "font_scale": 1.25, "identity": True, "log_scale": False,
                  "speed": 5000, "speed_max": None, "big": 10**30},
    )


def assert_curves_equal(actual: dict, expected: dict) -> None:
    for key in set(actual) | set(expected):
        got, value = actual.get(key), expected.get(key)
        if key == "label" or value is None:
            assert got == value, key
        else:
            assert got.dtype == value.dtype, key
            np.testing.assert_array_equal(got, value)  # NaN == NaN here, nothing else
            assert np.array_equal(np.signbit(got), np.signbit(value)), key  # -0.0 stays -0.0


def assert_lessons_equal(actual: Lesson, expected: Lesson) -> None:
    assert actual.config == expected.config
    assert actual.config.to_dict() == expected.config.to_dict()
    assert list(actual.history) == list(HISTORY_KEYS)
    assert_curves_equal(actual.history, expected.history)
    assert len(actual.pins) == len(expected.pins)
    for pin, original in zip(actual.pins, expected.pins, strict=True):
        assert_curves_equal(pin, original)
    assert actual.markers == expected.markers
    assert all(type(step) is int for step, _ in actual.markers)
    assert actual.settings == expected.settings
    assert [type(v) for v in actual.settings.values()] == [
        type(v) for v in expected.settings.values()]
    if expected.embedded_data is None:
        assert actual.embedded_data is None
    else:
        got, want = actual.embedded_data, expected.embedded_data
        assert (got.name, got.source) == (want.name, want.source)
        np.testing.assert_array_equal(got.X, want.X)
        np.testing.assert_array_equal(got.y, want.y)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("has_val", [True, False], ids=["held-out", "no held-out"])
@pytest.mark.parametrize("data", [True, False], ids=["embedded", "referenced"])
def test_round_trip_is_exact(tmp_path, has_val, data):
    lesson = make_lesson(has_val, data)
    path = tmp_path / "lesson.json"
    save_lesson(lesson, path)
    assert_lessons_equal(load_lesson(path), lesson)


def test_saving_twice_gives_the_same_file(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    save_lesson(make_lesson(), first)
    save_lesson(load_lesson(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_non_finite_values_are_written_as_strict_json_and_read_back(tmp_path):
    lesson = make_lesson(has_val=True)
    lesson.history["val_cost"][[3, 4, 5]] = [np.nan, np.inf, -np.inf]
    lesson.pins[0]["cost"][0] = np.inf
    path = tmp_path / "lesson.json"
    save_lesson(lesson, path)
    text = path.read_text(encoding="utf-8")
    json.loads(text, parse_constant=pytest.fail)  # standard JSON: no bare NaN / Infinity
    assert_lessons_equal(load_lesson(path), lesson)


def test_file_is_tagged_with_format_and_version(tmp_path):
    path = tmp_path / "lesson.json"
    save_lesson(make_lesson(), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    # Without a note or locks the file is what version 1 Labs read, so they keep opening it.
    assert document["format"] == LESSON_FORMAT and document["version"] == 1
    assert document["config"]["lr"] == 0.0123456789
    assert not {"title", "text", "locked", "locked_reason"} & set(document)


def test_a_lesson_with_a_note_and_locks_round_trips_as_version_2(tmp_path):
    lesson = make_lesson()
    lesson.title, lesson.text = "Find a learning rate ☃", "Press Start.\n\nThen look at the cost."
    lesson.locked, lesson.locked_reason = ("dataset", "l2"), "only the learning rate"
    path = tmp_path / "exercise.json"
    save_lesson(lesson, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == LESSON_VERSION == 2
    assert document["locked"] == ["dataset", "l2"]
    loaded = load_lesson(path)
    assert_lessons_equal(loaded, lesson)
    assert (loaded.title, loaded.text) == (lesson.title, lesson.text)
    assert (loaded.locked, loaded.locked_reason) == (("dataset", "l2"), "only the learning rate")
    assert loaded.has_note and not make_lesson().has_note


def test_a_version_1_file_without_the_new_keys_still_opens(tmp_path):
    document = valid_document()
    assert document["version"] == 1  # written before the note existed, byte for byte alike
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = load_lesson(path)
    assert (loaded.title, loaded.text, loaded.locked, loaded.locked_reason) == (None, None, (),
                                                                                None)


def test_every_setting_with_a_control_can_be_locked():
    from core.settings_table import SETTINGS

    assert set(LOCKABLE) == set(SETTINGS) - {"data_path"}


def test_minimal_lesson_and_empty_history(tmp_path):
    lesson = Lesson(TrainingConfig(), {"cost": np.empty(0), "train_accuracy": np.empty(0)})
    path = tmp_path / "lesson.json"
    save_lesson(lesson, path)
    loaded = load_lesson(path)
    assert loaded.config == TrainingConfig()
    assert loaded.history["cost"].dtype == np.float64 and len(loaded.history["cost"]) == 0
    assert loaded.history["train_accuracy"].dtype == np.float32
    assert loaded.history["val_cost"] is None and loaded.history["val_accuracy"] is None
    assert (loaded.pins, loaded.markers, loaded.embedded_data, loaded.settings) == ([], [], None,
                                                                                   {})


def test_numpy_scalars_are_saved_as_plain_numbers(tmp_path):
    lesson = make_lesson()
    lesson.settings = {"speed": np.int64(300), "scale": np.float64(1.5), "on": np.bool_(True)}
    lesson.markers = [(np.int64(3), "x")]
    path = tmp_path / "lesson.json"
    save_lesson(lesson, path)
    loaded = load_lesson(path)
    assert loaded.settings == {"speed": 300, "scale": 1.5, "on": True}
    assert type(loaded.settings["speed"]) is int and type(loaded.settings["on"]) is bool
    assert loaded.markers == [(3, "x")]


def test_history_arrays_come_from_a_metric_history():
    history = MetricHistory(has_val=True)
    chunk = SimpleNamespace(first_step=0, cost=np.array([2.0, 1.0]),
                            train_accuracy=np.array([0.5, 0.75], np.float32),
                            val_cost=np.array([3.0, 2.5]),
                            val_accuracy=np.array([0.25, 0.5], np.float32))
    history.append(chunk)
    arrays = history_arrays(history)
    assert list(arrays) == ["cost", "train_accuracy", "val_cost", "val_accuracy"]
    np.testing.assert_array_equal(arrays["val_accuracy"], [0.25, 0.5])


def test_should_embed_small_user_files_only():
    small = Dataset("f.csv", np.zeros((100, 2000)), np.r_[np.zeros(50), np.ones(50)])
    large = Dataset("f.csv", np.zeros((101, 2000)), np.r_[np.zeros(50), np.ones(51)])
    from_file = TrainingConfig(dataset="f.csv", data_path="/data/f.csv")
    assert should_embed(from_file, small)  # 200 000 values: the limit itself
    assert not should_embed(from_file, large)
    assert not should_embed(TrainingConfig(), small)  # presets are rebuilt from the config


# ---------------------------------------------------------------- saving errors


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(LessonFileError, match=r"^lesson\.json: .*does not exist"):
        save_lesson(make_lesson(), tmp_path / "no such folder" / "lesson.json")


def test_save_onto_a_folder(tmp_path):
    (tmp_path / "lesson.json").mkdir()
    with pytest.raises(LessonFileError, match=r"^lesson\.json: is a folder"):
        save_lesson(make_lesson(), tmp_path / "lesson.json")


def test_a_failed_write_keeps_the_previous_lesson(tmp_path, monkeypatch):
    path = tmp_path / "lesson.json"
    save_lesson(make_lesson(), path)
    before = path.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(LessonFileError, match=r"^lesson\.json: cannot be saved \(No space left"):
        save_lesson(make_lesson(has_val=False), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["lesson.json"]  # the temporary file was removed


def bad_settings(lesson):
    lesson.settings["recent"] = ["a", "b"]


def nan_setting(lesson):
    lesson.settings["speed"] = float("inf")


def unknown_pin_key(lesson):
    lesson.pins[0]["colour"] = "red"


def ragged_history(lesson):
    lesson.history["cost"] = lesson.history["cost"][:-1]


def bad_marker(lesson):
    lesson.markers.append((-1, "before the start"))


def int_setting_key(lesson):
    lesson.settings[3] = "x"


@pytest.mark.parametrize(
    "spoil, phrase",
    [(bad_settings, "settings['recent'] must be text"), (nan_setting, "finite number"),
     (unknown_pin_key, "unknown key"), (ragged_history, "different lengths"),
     (bad_marker, "markers[3]"), (int_setting_key, "must be text")],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_save_refuses_what_would_not_reopen_and_keeps_the_old_file(tmp_path, spoil, phrase):
    path = tmp_path / "lesson.json"
    save_lesson(make_lesson(), path)
    before = path.read_bytes()
    lesson = make_lesson()
    spoil(lesson)
    with pytest.raises(LessonFileError) as error:
        save_lesson(lesson, path)
    assert str(error.value).startswith("lesson.json: cannot save the lesson: ")
    assert phrase in str(error.value)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["lesson.json"]  # no temporary file left behind


def test_save_refuses_a_lesson_too_large_to_reopen(tmp_path, monkeypatch):
    monkeypatch.setattr("core.lesson_file.MAX_LESSON_BYTES", 10_000)
    with pytest.raises(LessonFileError, match=r"^big\.json: the lesson would take .*Remove some"):
        save_lesson(make_lesson(), tmp_path / "big.json")
    assert not (tmp_path / "big.json").exists()


# ---------------------------------------------------------------- loading errors


def valid_document() -> dict:
    # The writer's own document, so that each case spoils exactly one part of a valid file.
    return copy.deepcopy(_encode(make_lesson()))


def spoiled(change):
    def make():
        document = valid_document()
        change(document)
        return json.dumps(document).encode()

    return make


def delete(*keys):
    def change(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


def set_value(value, *keys):
    def change(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def text(content: str):
    return lambda: content.encode()


def truncated():
    return json.dumps(valid_document()).encode()[:5000]


BAD_FILES = {  # name: (file bytes, a phrase the message must contain)
    "empty": (lambda: b"", "empty"),
    "not json": (text("this is not json"), "not valid JSON"),
    "truncated": (truncated, "not valid JSON"),
    "bare NaN token": (text('{"format": NaN}'), "not valid JSON"),
    "deep nesting": (text("[" * 100_000 + "]" * 100_000), "not valid JSON"),
    "binary": (lambda: bytes(range(256)), "binary data"),
    "list": (text("[1, 2, 3]"), "the file must be a JSON object"),
    "string": (text('"lesson"'), "must be a JSON object"),
    "wrong format": (spoiled(set_value("notebook", "format")), "format is \"notebook\""),
    "no format": (spoiled(delete("format")), "no format"),
    "newer version": (spoiled(set_value(LESSON_VERSION + 1, "version")),
                      "newer version of the Lab"),
    "older version": (spoiled(set_value(0, "version")), "unsupported lesson version 0"),
    "version as text": (spoiled(set_value("1", "version")), "unsupported lesson version \"1\""),
    "version true": (spoiled(set_value(True, "version")), "unsupported lesson version true"),
    "no version": (spoiled(delete("version")), "lacks key 'version'"),
    "no config": (spoiled(delete("config")), "lacks key(s) 'config'"),
    "no history": (spoiled(delete("history")), "lacks key(s) 'history'"),
    "no pins": (spoiled(delete("pins")), "lacks key(s) 'pins'"),
    "no cost": (spoiled(delete("history", "cost")), "history lacks key(s) 'cost'"),
    "unknown key": (spoiled(set_value(1, "extra")), "unknown key(s) 'extra'"),
    "lr as text": (spoiled(set_value("fast", "config", "lr")), "learning rate must be a number"),
    "lr negative": (spoiled(set_value(-0.1, "config", "lr")), "learning rate must be between"),
    "samples float": (spoiled(set_value(4.5, "config", "samples")), "samples must be a whole"),
    "iterations huge": (spoiled(set_value(10**12, "config", "iterations")), "iterations must"),
    "lr 1e400": (spoiled(set_value(10**400, "config", "lr")), "too large"),
    "unknown device": (spoiled(set_value("tpu", "config", "device")), "device must be one of"),
    "config unknown": (spoiled(set_value(1, "config", "colour")), "unknown setting"),
    "config list": (spoiled(set_value([], "config")), "config: settings must be a mapping"),
    "history list": (spoiled(set_value([], "history")), "history must be a JSON object"),
    "cost text": (spoiled(set_value("abc", "history", "cost", 0)), "history.cost[0] must be a"),
    "cost bool": (spoiled(set_value(True, "history", "cost", 1)), "history.cost[1] must be a"),
    "cost null": (spoiled(set_value(None, "history", "cost", 2)), "history.cost[2] must be a"),
    "cost nested": (spoiled(set_value([1.0], "history", "cost", 2)), "history.cost[2] must"),
    "cost big int": (spoiled(set_value(10**400, "history", "cost", 2)), "too large"),
    "cost string": (spoiled(set_value("1,2", "history", "cost")), "must be a list"),
    "lengths differ": (spoiled(lambda d: d["history"]["cost"].pop()), "different lengths"),
    "one val curve": (spoiled(set_value(None, "history", "val_cost")), "only one of val_cost"),
    "accuracy > 1": (spoiled(set_value(1.5, "history", "train_accuracy", 0)), "between 0 and 1"),
    "accuracy nan": (spoiled(set_value("nan", "history", "val_accuracy", 0)), "between 0 and 1"),
    "pins object": (spoiled(set_value({}, "pins")), "pins must be a list"),
    "pin not object": (spoiled(set_value(3, "pins", 0)), "pins[0] must be a JSON object"),
    "pin label": (spoiled(set_value(7, "pins", 1, "label")), "pins[1].label must be text"),
    "pin no label": (spoiled(delete("pins", 1, "label")), "pins[1] lacks key(s) 'label'"),
    "pin unknown": (spoiled(set_value(1, "pins", 0, "colour")), "pins[0] has unknown key"),
    "pin lengths": (spoiled(lambda d: d["pins"][0]["val_cost"].pop()), "different lengths"),
    "markers object": (spoiled(set_value({}, "markers")), "markers must be a list"),
    "marker short": (spoiled(set_value([3], "markers", 0)), "markers[0] must be a pair"),
    "marker negative": (spoiled(set_value([-1, "x"], "markers", 0)), "markers[0] must be"),
    "marker float": (spoiled(set_value([1.5, "x"], "markers", 0)), "markers[0] must be"),
    "marker text": (spoiled(set_value([1, 2], "markers", 0)), "markers[0] must be"),
    "data list": (spoiled(set_value([], "embedded_data")), "embedded_data must be a JSON"),
    "data no y": (spoiled(delete("embedded_data", "y")), "embedded_data lacks key(s) 'y'"),
    "data name": (spoiled(set_value(1, "embedded_data", "name")), "name must be text"),
    "data ragged": (spoiled(lambda d: d["embedded_data"]["X"][3].pop()), "different lengths"),
    "data label 2": (spoiled(set_value(2.0, "embedded_data", "y", 0)), "labels must be 0 or 1"),
    "data nan": (spoiled(set_value("nan", "embedded_data", "X", 0, 0)), "NaN or infinite"),
    "data rows": (spoiled(lambda d: d["embedded_data"]["y"].pop()), "rows but y has"),
    "data text": (spoiled(set_value("1", "embedded_data", "X", 0, 0)), "X[0][0] must be a"),
    "data no rows": (spoiled(set_value([], "embedded_data", "X")), "embedded_data:"),
    "data one class": (spoiled(lambda d: d["embedded_data"].update(y=[0.0] * 30)),
                       "both classes"),
    "settings list": (spoiled(set_value([], "settings")), "settings must be a JSON object"),
    "setting nested": (spoiled(set_value({"a": 1}, "settings", "theme")), "settings['theme']"),
    # The lesson note and an exercise's locks (version 2).
    "title number": (spoiled(set_value(3, "title")), "title must be text, got a number"),
    "title list": (spoiled(set_value(["a"], "title")), "title must be text, got a list"),
    "title null": (spoiled(set_value(None, "title")), "title must be text, got null"),
    "title empty": (spoiled(set_value("", "title")), "title is empty"),
    "title blank": (spoiled(set_value("   ", "title")), "title is empty"),
    "title two lines": (spoiled(set_value("a\nb", "title")), "title must be one line"),
    "title too long": (spoiled(set_value("x" * 121, "title")), "title has 121 characters"),
    "text empty": (spoiled(set_value("", "text")), "text is empty"),
    "text object": (spoiled(set_value({}, "text")), "text must be text, got an object"),
    "text too long": (spoiled(set_value("x" * 3001, "text")), "more than the 3,000 allowed"),
    "locked text": (spoiled(set_value("lr", "locked")), "locked must be a list"),
    "locked unknown": (spoiled(set_value(["lr", "colour"], "locked")),
                       "locked[1] names no control that can be locked: \"colour\""),
    "locked empty name": (spoiled(set_value([""], "locked")), "locked[0] names no control"),
    "locked data path": (spoiled(set_value(["data_path"], "locked")), "comes with 'dataset'"),
    "locked number": (spoiled(set_value([1], "locked")), "locked[0] must be a setting name"),
    "locked twice": (spoiled(set_value(["lr", "l2", "lr"], "locked")), "names \"lr\" twice"),
    "reason empty": (spoiled(lambda d: d.update(locked=["lr"], locked_reason="")),
                     "locked_reason is empty"),
    "reason without locks": (spoiled(set_value("why", "locked_reason")),
                             "locked_reason is given but locked names no control"),
    "focus unknown panel": (spoiled(set_value("model, weights", "settings", "focus")),
                            "settings['focus']: no panel 'weights'; name some of: samples"),
    "focus number": (spoiled(set_value(3, "settings", "focus")),
                     "settings['focus']: the panels a lesson needs must be text"),
    "focus twice": (spoiled(set_value("model,model", "settings", "focus")),
                    "names a panel twice"),
}


def test_a_lesson_focus_round_trips_and_files_without_one_have_none(tmp_path):
    from core.lesson_focus import FOCUS_SETTING, LessonPanel, focus_setting, lesson_focus

    path = tmp_path / "lesson.json"
    lesson = make_lesson()
    assert FOCUS_SETTING not in lesson.settings and lesson_focus(lesson.settings) == ()
    lesson.settings[FOCUS_SETTING] = focus_setting((LessonPanel.MODEL, LessonPanel.PREDICTIONS))
    save_lesson(lesson, path)
    assert lesson_focus(load_lesson(path).settings) == (LessonPanel.MODEL,
                                                        LessonPanel.PREDICTIONS)


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused(tmp_path, case):
    content, phrase = BAD_FILES[case]
    path = tmp_path / "lesson.json"
    path.write_bytes(content())
    with pytest.raises(LessonFileError) as error:
        load_lesson(path)
    message = str(error.value)
    assert message.startswith("lesson.json: "), message
    assert phrase in message, message
    assert "\n" not in message and "Traceback" not in message


def test_the_valid_document_used_above_loads(tmp_path):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(valid_document()), encoding="utf-8")
    assert_lessons_equal(load_lesson(path), make_lesson())


def test_missing_file(tmp_path):
    with pytest.raises(LessonFileError, match=r"^nothing\.json: file not found"):
        load_lesson(tmp_path / "nothing.json")


def test_folder(tmp_path):
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(LessonFileError, match=r"^folder\.json: is a folder"):
        load_lesson(tmp_path / "folder.json")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_LESSON_BYTES + 1)  # sparse: no disk space is used

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(LessonFileError, match=r"^huge\.json: is 200 MB; .*larger than 200 MB"):
        load_lesson(path)


class Exploit:
    """Unpickling this would create a file: proof that the loader ran code."""

    def __init__(self, target):
        self.target = str(target)

    def __reduce__(self):
        return (open, (self.target, "w"))


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_pickle_payload_is_refused_and_never_unpickled(tmp_path, monkeypatch, protocol):
    witness = tmp_path / "unpickled"
    path = tmp_path / "lesson.json"
    path.write_bytes(pickle.dumps({"lesson": Exploit(witness)}, protocol=protocol))

    def forbidden(*args, **kwargs):
        raise AssertionError("pickle was used")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, forbidden)
    with pytest.raises(LessonFileError) as error:
        load_lesson(path)
    assert str(error.value).startswith("lesson.json: is not a lesson file")
    if protocol >= 2:
        assert "pickle" in str(error.value)
    assert not witness.exists()


def test_replay_record_round_trips_and_a_damaged_one_is_refused():
    from core.lesson_file import REPLAY_SETTING, replay_plan, replay_record

    changes = [(20, {"lr": 0.5}), (40, {"l2": 0.0, "iterations": 500})]
    record = replay_record({"lr": 0.1, "l2": 0.01}, changes)
    assert replay_plan({REPLAY_SETTING: record}) == ({"lr": 0.1, "l2": 0.01}, changes)
    assert replay_plan({}) == ({}, [])
    for damaged in ("{not json", '{"start": 3, "changes": []}', '{"start": {}}',
                    '{"start": {}, "changes": [["x", {}]]}'):
        with pytest.raises(LessonFileError, match="record of live changes is damaged"):
            replay_plan({REPLAY_SETTING: damaged})
