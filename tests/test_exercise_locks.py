"""Locked exercises on the real window: File > Save lesson as exercise... (non-modal dialogs)
writes a lesson whose controls open locked, with the lesson note saying which and why; locks
survive Reset and go with another lesson or Lessons > Close lesson; bad lesson files change
nothing."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from core.config import TrainingConfig
from core.lesson_file import LOCKABLE, load_lesson
from core.session import RunState
from gui.controls import SETTING_INPUTS

WAIT_MS = 30000
SMALL = TrainingConfig(samples=60, features=16, iterations=200, device="cpu", dtype="float64")


def control(window, name: str):
    return getattr(window.controls, SETTING_INPUTS[name])


def wait_idle_with(window, qtbot, config: TrainingConfig) -> None:
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.engine_info.config == config,
                    timeout=WAIT_MS)


def save_exercise_with_the_dialog(window, qtbot, path, locked, reason="", title="",
                                  text="", include_run=False) -> None:
    """What a teacher does: File > Save lesson as exercise..., tick, type, Save..., a name."""
    window.actions["save_exercise"].trigger()
    dialog = window.findChild(QDialog, "exerciseDialog")
    assert dialog is not None and dialog.isVisible()  # open(): this test goes on meanwhile
    for name, box in dialog.lock_boxes.items():
        box.setChecked(name in locked)
    dialog.reasonInput.setText(reason)
    dialog.titleInput.setText(title)
    dialog.textInput.setPlainText(text)
    dialog.includeRunInput.setChecked(include_run)
    dialog.accept()
    files = window.findChild(QFileDialog, "exerciseFileDialog")
    assert files is not None and files.isVisible()
    files.selectFile(str(path))
    files.accept()
    qtbot.waitUntil(lambda: path.exists(), timeout=WAIT_MS)


def test_the_divergence_exercise_locks_all_but_the_learning_rate(make_window, qtbot):
    window = make_window(SMALL)
    assert window.files.open_ready_lesson("divergence")
    lesson_config = window.controls.config()
    wait_idle_with(window, qtbot, lesson_config)
    locked = set(LOCKABLE) - {"lr"}
    assert window.controls.locked == locked
    for name in LOCKABLE:
        widget = control(window, name)
        assert widget.isEnabled() == (name == "lr"), name
        tip = widget.toolTip()
        assert tip.startswith("Locked by this exercise: the learning rate alone is under "
                              "study here") == (name in locked), (name, tip)
    # The menu's way round the dataset lock: File > Open data file.
    assert not window.actions["open_data"].isEnabled()
    locks = window.lesson_note.locks
    assert locks.isVisible()
    assert locks.text() == ("Locked by this exercise: every setting but Learning rate. Why: the "
                            "learning rate alone is under study here.")
    # Reset keeps them locked; so does a run.
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.DIVERGED
    window.findChild(QMessageBox, "problemDialog").accept()
    window.controls.learningRateInput.setValue(1.0)
    window.controls.resetButton.click()
    wait_idle_with(window, qtbot, lesson_config.replace(lr=1.0))
    assert window.controls.locked == locked
    assert not any(control(window, name).isEnabled() for name in locked)
    assert not window.actions["open_data"].isEnabled()
    # Close lesson unlocks; the data's own rules stay (blobs is 2-D: features fixed at 2).
    window.actions["close_lesson"].trigger()
    assert window.controls.locked == frozenset()
    assert window.actions["open_data"].isEnabled() and not window.lesson_note.isVisible()
    assert not window.controls.featuresInput.isEnabled()
    assert window.controls.samplesInput.isEnabled() and window.controls.noiseInput.isEnabled()
    assert not window.controls.l2Input.toolTip().startswith("Locked")


def test_opening_another_lesson_replaces_the_locks(make_window, qtbot):
    window = make_window(SMALL)
    assert window.files.open_ready_lesson("divergence")
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    assert window.files.open_ready_lesson("xor")  # no locks of its own
    wait_idle_with(window, qtbot, window.controls.config())
    assert window.controls.locked == frozenset()
    assert window.controls.l2Input.isEnabled() and window.controls.datasetInput.isEnabled()
    assert not window.lesson_note.locks.isVisible()


def test_a_saved_exercise_round_trips_and_opens_locked(make_window, qtbot, tmp_path):
    teacher = make_window(SMALL)
    teacher.controls.learningRateInput.setValue(0.5)  # a live change: the exercise's start
    qtbot.waitUntil(lambda: teacher.config.lr == 0.5, timeout=WAIT_MS)
    for _ in range(3):
        teacher.controls.stepButton.click()
    qtbot.waitUntil(lambda: len(teacher.history) == 3, timeout=WAIT_MS)
    path = tmp_path / "exercise.json"
    save_exercise_with_the_dialog(
        teacher, qtbot, path, locked={"dataset", "l2", "seed"}, reason="  only lr today ",
        title="Find a learning rate", text="Press Start.\nThen change the learning rate.")
    assert teacher.controls.locked == frozenset()  # the teacher's own window stays free
    lesson = load_lesson(path)
    assert lesson.locked == ("l2", "dataset", "seed")  # in the settings table's order
    assert lesson.locked_reason == "only lr today"
    assert (lesson.title, lesson.text) == ("Find a learning rate",
                                           "Press Start.\nThen change the learning rate.")
    assert lesson.config == teacher.config and lesson.config.lr == 0.5
    assert len(lesson.history["cost"]) == 0 and lesson.settings == {}  # students start at 0

    student = make_window(SMALL.replace(samples=30))
    assert student.files.open_lesson(str(path))
    wait_idle_with(student, qtbot, lesson.config)
    assert len(student.history) <= 1
    assert student.controls.locked == {"l2", "dataset", "seed"}
    assert not student.controls.l2Input.isEnabled()
    assert student.controls.learningRateInput.isEnabled()
    note = student.lesson_note
    assert note.isVisible() and note.title() == "Find a learning rate"
    assert note.locks.text() == ("Locked by this exercise: L2 strength, Dataset and Seed. Why: "
                                 "only lr today.")
    assert student.controls.seedInput.toolTip().startswith(
        "Locked by this exercise: only lr today")
    # The student saves their work: it stays the exercise.
    again = tmp_path / "student.json"
    assert student.files.save_lesson(str(again))
    reopened = load_lesson(again)
    assert (reopened.locked, reopened.locked_reason, reopened.title) == (
        lesson.locked, lesson.locked_reason, lesson.title)
    # The dialog starts from the open exercise's choices.
    student.actions["save_exercise"].trigger()
    dialog = student.findChild(QDialog, "exerciseDialog")
    assert {name for name, box in dialog.lock_boxes.items() if box.isChecked()} == \
        {"l2", "dataset", "seed"}
    assert dialog.titleInput.text() == "Find a learning rate"
    dialog.reject()


def test_an_exercise_may_carry_its_run(make_window, qtbot, tmp_path):
    teacher = make_window(SMALL)
    with qtbot.waitSignal(teacher.trainingFinished, timeout=WAIT_MS):
        teacher.controls.startButton.click()
    path = tmp_path / "with-run.json"
    save_exercise_with_the_dialog(teacher, qtbot, path, locked={"lr"}, include_run=True)
    lesson = load_lesson(path)
    np.testing.assert_array_equal(lesson.history["cost"], teacher.history.cost)
    assert lesson.locked == ("lr",) and lesson.locked_reason is None and lesson.title is None
    student = make_window(SMALL)
    assert student.files.open_lesson(str(path))
    qtbot.waitUntil(lambda: student.state is RunState.FINISHED, timeout=WAIT_MS)
    np.testing.assert_array_equal(student.history.cost, teacher.history.cost)
    assert not student.controls.learningRateInput.isEnabled()
    assert student.lesson_note.isVisible()  # no title: the file's name stands in
    assert student.lesson_note.title() == "with-run"
    assert student.controls.learningRateInput.toolTip().startswith("Locked by this exercise.")


def test_choosing_a_dataset_leaves_locked_settings_alone(qtbot):
    from gui.controls import ControlPanel

    panel = ControlPanel(SMALL)
    qtbot.addWidget(panel)
    panel.set_locked({"standardise", "val_fraction"}, "Locked by this exercise.")
    for name in ("breast-cancer", "overfit"):  # each would tick or set one of them
        box = panel.datasetInput
        box.setCurrentIndex(box.findData(name))
        box.activated.emit(box.currentIndex())
        assert not panel.standardiseInput.isChecked()
        assert panel.valFractionInput.value() == 0
    assert panel.config().standardise is False and panel.config().val_fraction == 0


BAD_NOTES = {  # a valid exercise spoiled in one key: a phrase the message must contain
    "title number": ({"title": 7}, "title must be text, got a number"),
    "title empty": ({"title": ""}, "title is empty"),
    "text blank": ({"text": "  \n "}, "text is empty"),
    "locked unknown": ({"locked": ["lr", "speed"]}, "locked[1] names no control"),
    "locked empty name": ({"locked": [""]}, "locked[0] names no control"),
    "reason empty": ({"locked_reason": ""}, "locked_reason is empty"),
}


@pytest.mark.parametrize("case", list(BAD_NOTES))
def test_a_bad_note_or_lock_is_refused_and_changes_nothing(make_window, qtbot, tmp_path, case):
    window = make_window(SMALL)
    assert window.files.open_ready_lesson("divergence")
    config = window.controls.config()
    wait_idle_with(window, qtbot, config)
    title = window.lesson_note.title()
    document = valid_exercise()
    change, phrase = BAD_NOTES[case]
    document.update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert not window.files.open_lesson(str(path))
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None
    assert dialog.text().startswith("bad.json: ") and phrase in dialog.text(), dialog.text()
    assert window.state is RunState.IDLE and window.engine_info.config == config
    assert window.controls.config() == config
    assert window.controls.locked == set(LOCKABLE) - {"lr"}  # the exercise's, as they were
    assert window.lesson_note.title() == title


def valid_exercise() -> dict:
    return {
        "format": "logistic-regression-lab/lesson", "version": 2,
        "title": "An exercise", "text": "Press Start.",
        "locked": ["l2"], "locked_reason": "why",
        "config": {"samples": 40, "features": 3, "device": "cpu"},
        "history": {"cost": [], "train_accuracy": []}, "pins": [], "markers": [],
        "embedded_data": None, "settings": {}}


def test_the_valid_exercise_above_opens_locked(make_window, qtbot, tmp_path):
    window = make_window(SMALL)
    path = tmp_path / "good.json"
    path.write_text(json.dumps(valid_exercise()), encoding="utf-8")
    assert window.files.open_lesson(str(path))
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.config.samples == 40,
                    timeout=WAIT_MS)
    assert window.controls.locked == {"l2"} and not window.controls.l2Input.isEnabled()
