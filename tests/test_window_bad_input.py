"""Bad input through the real window (docs/ARCHITECTURE.md §8): refused data files, out-of-range
typing in the numeric fields, and a corrupted settings store. Nothing may be lost and the window
must go on training afterwards."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from core.config import TrainingConfig
from core.session import RunState
from core.settings_table import SETTINGS
from gui.main_window import MainWindow
from tests.conftest import dispose_window
from tests.test_datasets import BAD_FILES

SMALL = TrainingConfig(samples=60, features=10, iterations=40, device="cpu", dtype="float64")
WAIT_MS = 20000


@pytest.fixture
def windows(qtbot):
    """Windows made by a test; each is closed and deleted at the end."""
    made: list[MainWindow] = []
    yield made
    for window in made:
        dispose_window(window)


def construct(windows: list[MainWindow], *args, **kwargs) -> MainWindow:
    """MainWindow(*args, **kwargs); if the constructor raises, the half-built window is deleted
    at once and the test fails with the error."""
    failure = None
    try:
        window = MainWindow(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - reported below as the test's failure
        failure = f"MainWindow() raised {error.__class__.__name__}: {error}"
        traceback = error.__traceback__
        while traceback is not None:
            half_built = traceback.tb_frame.f_locals.get("self")
            if isinstance(half_built, MainWindow):
                windows.append(half_built)
                break
            traceback = traceback.tb_next
        del error, traceback, half_built
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    windows.append(window)
    return window


@pytest.fixture
def make_window(qtbot, windows):
    def make(config: TrainingConfig | None = SMALL) -> MainWindow:
        window = construct(windows, config, threads=1)
        window.show()
        qtbot.waitUntil(lambda: window.state in (RunState.IDLE, RunState.ERROR), timeout=WAIT_MS)
        return window

    return make


def problem_dialog(window: MainWindow) -> QMessageBox | None:
    return window.findChild(QMessageBox, "problemDialog")


def train_to_end(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.FINISHED, window.state


def snapshot(window: MainWindow) -> tuple[np.ndarray, np.ndarray]:
    return window.history.cost.copy(), window.history.train_accuracy.copy()


def assert_history_is(window: MainWindow, cost: np.ndarray, accuracy: np.ndarray) -> None:
    assert len(window.history) == len(cost)
    np.testing.assert_array_equal(window.history.cost, cost)
    np.testing.assert_array_equal(window.history.train_accuracy, accuracy)


def train_further(window: MainWindow, qtbot, iterations: int) -> None:
    """Raise the iteration count (applied live) and run on to it: the lesson goes on."""
    window.controls.iterationsInput.setValue(iterations)
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.FINISHED and len(window.history) == iterations


# ---------------------------------------------------------------- refused data files


@pytest.mark.parametrize(
    "make, filename, phrase", [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_a_refused_file_changes_nothing_and_training_goes_on(
        make_window, qtbot, tmp_path, make, filename, phrase):
    window = make_window()
    train_to_end(window, qtbot)
    cost, accuracy = snapshot(window)
    config, shown = window.engine_info.config, window.controls.config()
    run_id = window.engine_info.run_id
    path = make(tmp_path)

    assert window.files.open_data_file(str(path)) is False

    dialog = problem_dialog(window)
    assert dialog is not None and dialog.isVisible()
    assert filename in dialog.text()
    assert re.search(phrase, dialog.text()), dialog.text()
    qtbot.wait(100)  # anything the refusal wrongly sent to the worker would arrive by now
    assert window.engine_info.config == config and window.engine_info.run_id == run_id
    assert window.controls.config() == shown
    assert window.controls.datasetInput.currentText() == "seed"
    assert window.state is RunState.FINISHED
    assert_history_is(window, cost, accuracy)
    dialog.accept()
    train_further(window, qtbot, 2 * SMALL.iterations)
    np.testing.assert_array_equal(window.history.cost[: len(cost)], cost)


def test_refusals_in_a_row_leave_one_dialog_per_problem_and_the_lesson(make_window, qtbot,
                                                                        tmp_path):
    window = make_window()
    for _ in range(5):
        window.controls.stepButton.click()
        qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.history) == 5, timeout=WAIT_MS)
    cost, accuracy = snapshot(window)
    for index, (_, make, _, _) in enumerate(BAD_FILES[:8]):
        folder = tmp_path / str(index)
        folder.mkdir()
        assert window.files.open_data_file(str(make(folder))) is False
    texts = [box.text() for box in window.findChildren(QMessageBox, "problemDialog")]
    assert len(texts) == 8
    assert all(case[2] in text for case, text in zip(BAD_FILES[:8], texts, strict=True))
    assert window.state is RunState.PAUSED
    assert_history_is(window, cost, accuracy)
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.FINISHED, timeout=WAIT_MS)
    np.testing.assert_array_equal(window.history.cost[:5], cost)


# ---------------------------------------------------------------- numeric fields

# Text typed into each field, then Enter: out of range, non-finite, not numbers, empty.
TYPED = {
    "lr": ["1e9", "-1", "0", "nan", "inf", "-inf", "1e400", "1e-300", "1e-7", "abc", "",
           "--1", "1e4", "0.5", "99999", "1e-6", "0.000000999"],
    "l2": ["5", "-1", "1.5", "nan", "inf", "1e9", "", "0.25", "-0", "1.0001", "1"],
    "iterations": ["0", "-5", "999999999999", "1e9", "nan", "", "3.5", "100000001", "7"],
    "samples": ["0", "1", "-3", "5000000", "nan", "", "1e9", "99"],
    "val_fraction": ["0.95", "1", "-0.1", "nan", "inf", "", "5", "0.9"],
    "batch_size": ["-1", "99999999", "1e3", "nan", "", "full", "2.5", "16"],
}
# Acceptable text, which the field must take as typed.
TAKEN_AS_TYPED = {"lr": {"1e4", "0.5", "1e-6"}, "l2": {"0.25", "1"}, "iterations": {"7"},
                  "samples": {"99"}, "val_fraction": {"0.9"}, "batch_size": {"16"}}
LIMITS = {name: (SETTINGS[name].low, SETTINGS[name].high) for name in TYPED}


def field_widget(window: MainWindow, name: str):
    c = window.controls
    return {"lr": c.learningRateInput.entry, "l2": c.l2Input, "iterations": c.iterationsInput,
            "samples": c.samplesInput, "val_fraction": c.valFractionInput,
            "batch_size": c.batchSizeInput}[name]


def type_into(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClick(spin, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def assert_in_range(config: TrainingConfig) -> None:
    for name, (low, high) in LIMITS.items():
        value = getattr(config, name)
        assert math.isfinite(value) and low <= value <= high, f"{name} = {value!r}"


@pytest.mark.parametrize("name", list(TYPED))
def test_typing_out_of_range_never_reaches_the_configuration(make_window, qtbot, name):
    window = make_window(SMALL.replace(iterations=100_000))
    spin = field_widget(window, name)
    low, high = LIMITS[name]
    for text in TYPED[name]:
        type_into(qtbot, spin, text)
        config = window.controls.config()  # raises ConfigError if a field holds a bad value
        assert_in_range(config)
        value = getattr(config, name)
        assert math.isfinite(spin.value()) and low <= spin.value() <= high, (text, spin.value())
        if text in TAKEN_AS_TYPED[name]:
            assert value == pytest.approx(float(text), rel=1e-12), (text, value)
    qtbot.wait(50)
    assert_in_range(window.config)  # the live lesson: lr, L2 and iterations apply at once
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state in (RunState.IDLE, RunState.ERROR), timeout=WAIT_MS)
    assert window.state is RunState.IDLE
    applied = window.engine_info.config
    assert_in_range(applied)
    assert applied == window.controls.config()
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.iterationsInput.setValue(30)
        window.controls.startButton.click()
    assert np.all(np.isfinite(window.history.cost))


def test_fields_in_range_whose_combination_is_impossible_keep_the_lesson(make_window, qtbot):
    window = make_window()
    train_to_end(window, qtbot)
    cost, accuracy = snapshot(window)
    before = window.engine_info.config
    type_into(qtbot, window.controls.samplesInput, "2")
    type_into(qtbot, window.controls.valFractionInput, "0.9")  # no sample left to train on
    assert window.controls.config().samples == 2
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: problem_dialog(window) is not None, timeout=WAIT_MS)
    dialog = problem_dialog(window)
    assert "training set empty" in dialog.text()
    qtbot.waitUntil(lambda: window.state is RunState.ERROR, timeout=WAIT_MS)
    assert window.engine_info.config == before
    assert window.controls.config() == before  # the fields show the lesson that goes on
    assert_history_is(window, cost, accuracy)
    dialog.accept()
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    train_to_end(window, qtbot)
    np.testing.assert_array_equal(window.history.cost, cost)  # same lesson, same run


# ---------------------------------------------------------------- corrupted settings

HUGE_INT = "1" + "0" * 400
CORRUPTED = [
    ("not-json", "lesson/config", "{not json"),
    ("wrong-type", "lesson/config", '{"lr": "fast"}'),
    ("bool-for-int", "lesson/config", '{"samples": true}'),
    ("float-for-int", "lesson/config", '{"iterations": 1e20}'),
    ("huge-float", "lesson/config", '{"lr": 1e999}'),
    ("huge-int", "lesson/config", '{"samples": ' + HUGE_INT + "}"),
    ("negative", "lesson/config", '{"l2": -1}'),
    ("unknown-key", "lesson/config", '{"lr": 0.1, "colour": "red"}'),
    ("json-null", "lesson/config", "null"),
    ("json-list", "lesson/config", "[1, 2, 3]"),
    ("int-value", "lesson/config", 42),
    ("binary-config", "lesson/config", QByteArray(b"\x00\xff\xfe{\x80")),
    # Valid as a configuration, but no lesson can be built from it.
    ("unknown-preset", "lesson/config", '{"dataset": "no-such-preset"}'),
    ("impossible-size", "lesson/config", '{"samples": 10000000, "features": 1000000}'),
    ("deleted-data-file", "lesson/config",
     '{"dataset": "gone.csv", "data_path": "/nonexistent/folder/gone.csv"}'),
    ("binary-geometry", "window/geometry", QByteArray(bytes(range(256)) * 3)),
    ("text-geometry", "window/geometry", "not a geometry"),
    ("int-geometry", "window/geometry", 12345),
    ("unknown-theme", "view/theme", "neon"),
    ("list-theme", "view/theme", ["presentation"]),
    ("text-font-scale", "view/font_scale", "huge"),
    ("huge-font-scale", "view/font_scale", 1e9),
    ("unknown-focus", "view/focus", "EVERYTHING"),
    ("list-focus", "view/focus", ["COST"]),
    ("text-flag", "view/log_scale", "maybe"),
]


@pytest.mark.parametrize("key, value", [case[1:] for case in CORRUPTED],
                         ids=[case[0] for case in CORRUPTED])
def test_corrupted_settings_open_with_defaults_and_train(qtbot, windows, key, value):
    store = QSettings()
    store.setValue(key, value)
    store.sync()
    window = construct(windows, threads=1)  # restores the (corrupted) last session
    window.show()
    # An unbuildable stored lesson shows its error first, then the default lesson loads.
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.engine_info is not None,
                    timeout=WAIT_MS)
    defaults = TrainingConfig()
    assert window.engine_info.config == defaults
    assert window.controls.config() == defaults
    assert window.width() >= 600 and window.height() >= 400
    # A garbled view setting opens the default look.
    assert (window.view.theme_name, window.view.font_scale) == ("default", 1.0)
    assert window.actions["focus_overview"].isChecked()
    assert not window.controls.logScaleInput.isChecked()
    window.controls.iterationsInput.setValue(50)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.FINISHED and len(window.history) == 50
    assert np.all(np.isfinite(window.history.cost))


def test_a_valid_stored_geometry_is_still_restored(qtbot, windows):
    """The control for the corrupted-geometry cases: refusing garbage must not refuse this."""
    first = construct(windows, SMALL, threads=1)
    first.show()
    qtbot.waitUntil(lambda: first.state is RunState.IDLE, timeout=WAIT_MS)
    # The offscreen screen is 800 x 800: a height below that, and above the window's minimum,
    # survives restoreGeometry's fitting to the screen (and differs from the default 940).
    height = max(first.minimumSizeHint().height() + 10, 520)
    assert height < 780
    first.resize(first.width(), height)
    qtbot.waitUntil(lambda: first.height() == height, timeout=WAIT_MS)
    first.close()  # saves the geometry
    assert isinstance(QSettings().value("window/geometry"), (QByteArray, bytes))
    restored = construct(windows, threads=1)
    assert restored.height() == height, "the stored geometry was not restored"
