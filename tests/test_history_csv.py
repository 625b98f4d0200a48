"""History CSV export: every number reads back bit for bit, and malformed files are refused with
the file's name and row."""

import csv
from types import SimpleNamespace

import numpy as np
import pytest

from core.history import MetricHistory
from core.history_csv import load_history_csv, save_history_csv

COSTS = np.array([19.295896123456789, 1 / 3, 5e-324, 1.7976931348623157e308, -0.0, 1e22,
                  0.12798669973696092, np.inf, np.nan, 2.5e-7])


def make_history(has_val: bool, steps: int = 500, seed: int = 0) -> MetricHistory:
    rng = np.random.default_rng(seed)
    cost = np.r_[COSTS, rng.random(steps - len(COSTS)) * 20]
    history = MetricHistory(has_val)
    for first in range(0, steps, 128):  # several chunks, as the engine sends them
        rows = slice(first, min(first + 128, steps))
        n = rows.stop - rows.start
        history.append(SimpleNamespace(
            first_step=first, cost=cost[rows],
            train_accuracy=(rng.integers(0, 401, n) / 400).astype(np.float32),
            val_cost=rng.random(n) if has_val else None,
            val_accuracy=(rng.integers(0, 101, n) / 101).astype(np.float32) if has_val else None,
        ))
    return history


def assert_same(loaded: dict, history: MetricHistory) -> None:
    keys = ["cost", "train_accuracy"] + (["val_cost", "val_accuracy"] if history.has_val else [])
    np.testing.assert_array_equal(loaded["step"], np.arange(len(history)))
    for key in keys:
        expected = getattr(history, key)
        assert loaded[key].dtype == expected.dtype, key
        np.testing.assert_array_equal(loaded[key], expected)  # NaN matches NaN, nothing else
        assert np.array_equal(np.signbit(loaded[key]), np.signbit(expected)), key


@pytest.mark.parametrize("has_val", [True, False], ids=["held-out", "no held-out"])
def test_round_trip_is_exact(tmp_path, has_val):
    history = make_history(has_val)
    path = tmp_path / "history.csv"
    save_history_csv(history, path)
    loaded = load_history_csv(path)
    assert_same(loaded, history)
    expected = ["step", "cost", "train_accuracy"] + (["val_cost", "val_accuracy"] * has_val)
    assert set(loaded) == set(expected)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(expected)


def test_rows_are_plain_and_short(tmp_path):
    history = MetricHistory(has_val=False)
    history.append(SimpleNamespace(first_step=0, cost=np.array([0.1, 19.295896]),
                                   train_accuracy=np.array([0.8025, 1.0], np.float32),
                                   val_cost=None, val_accuracy=None))
    path = tmp_path / "history.csv"
    save_history_csv(history, path)
    # float32 accuracies keep their own shortest form, not float64's 0.8025000095367432
    assert path.read_text(encoding="utf-8") == (
        "step,cost,train_accuracy\n0,0.1,0.8025\n1,19.295896,1.0\n")


def test_every_float32_reads_back_exactly(tmp_path):
    rng = np.random.default_rng(3)
    accuracy = np.r_[rng.random(100_000), np.arange(10_001) / 10_000].astype(np.float32)
    history = MetricHistory(has_val=False)
    history.append(SimpleNamespace(first_step=0, cost=np.zeros(len(accuracy)),
                                   train_accuracy=accuracy, val_cost=None, val_accuracy=None))
    path = tmp_path / "history.csv"
    save_history_csv(history, path)
    np.testing.assert_array_equal(load_history_csv(path)["train_accuracy"], accuracy)


def test_markers_go_in_a_last_column(tmp_path):
    history = make_history(has_val=True, steps=20)
    markers = [(0, "start"), (5, 'lr → 0.05, "quoted"'), (5, "again"), (19, "last"),
               (20, "not reached yet"), (-1, "before the start")]
    path = tmp_path / "history.csv"
    save_history_csv(history, path, markers)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-1] == "marker"
    assert [row[-1] for row in rows[1:]] == (
        ["start"] + [""] * 4 + ['lr → 0.05, "quoted"; again'] + [""] * 13 + ["last"])
    loaded = load_history_csv(path)
    assert_same(loaded, history)
    assert loaded["marker"][5] == 'lr → 0.05, "quoted"; again'


def test_empty_history(tmp_path):
    path = tmp_path / "history.csv"
    save_history_csv(MetricHistory(has_val=False), path)
    loaded = load_history_csv(path)
    assert len(loaded["step"]) == 0 and loaded["cost"].dtype == np.float64


GOOD = "step,cost,train_accuracy\n0,1.5,0.5\n1,1.25,0.75\n"
BAD_FILES = {  # name: (file text, row, a phrase the message must contain)
    "empty": ("", None, "empty"),
    "no header": ("0,1.5,0.5\n", 1, "header must be"),
    "unknown column": ("step,cost,accuracy\n0,1,1\n", 1, "header must be"),
    "half a held-out pair": ("step,cost,train_accuracy,val_cost\n0,1,1,1\n", 1, "header must"),
    "short row": (GOOD + "2,1.0\n", 4, "has 2 values; the header has 3"),
    "long row": (GOOD + "2,1.0,0.5,9\n", 4, "has 4 values"),
    "text cost": (GOOD + "2,fast,0.5\n", 4, "cost must be a number"),
    "empty cost": (GOOD + "2,,0.5\n", 4, "cost must be a number"),
    "accuracy > 1": (GOOD + "2,1.0,1.5\n", 4, "between 0 and 1"),
    "accuracy nan": (GOOD + "2,1.0,nan\n", 4, "between 0 and 1"),
    "step skipped": (GOOD + "3,1.0,0.5\n", 4, "step must be 2"),
    "step repeated": (GOOD + "1,1.0,0.5\n", 4, "step must be 2"),
    "step not a number": (GOOD + "two,1.0,0.5\n", 4, "step must be 2"),
    "starts at 1": ("step,cost,train_accuracy\n1,1.5,0.5\n", 2, "step must be 0"),
    "open quote": (GOOD + '2,"1.0,0.5\n', 4, "has 2 values"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused(tmp_path, case):
    text, row, phrase = BAD_FILES[case]
    path = tmp_path / "run.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_history_csv(path)
    message = str(error.value)
    assert message.startswith("run.csv: "), message
    assert phrase in message, message
    if row is not None:
        assert f"row {row}:" in message, message


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "run.csv"
    path.write_bytes(b"step,cost,train_accuracy\n\xff\xfe\x00")
    with pytest.raises(ValueError, match=r"^run\.csv: is not a text CSV file"):
        load_history_csv(path)


def test_good_file_used_above_loads(tmp_path):
    path = tmp_path / "run.csv"
    path.write_text(GOOD, encoding="utf-8")
    loaded = load_history_csv(path)
    np.testing.assert_array_equal(loaded["cost"], [1.5, 1.25])
    np.testing.assert_array_equal(loaded["train_accuracy"], np.array([0.5, 0.75], np.float32))
