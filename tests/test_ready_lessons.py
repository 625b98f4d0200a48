"""The ready lessons of resources/lessons: each has a title and a text that say what its run
shows, and its run shows it (headless and in the window, with numbers computed here
independently: a numpy run of docs/ARCHITECTURE.md §2's update); `--lesson NAME`."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.config import TrainingConfig
from core.lesson import initial_weights, prepare_data
from core.lesson_focus import lesson_focus
from core.ready_lessons import READY_LESSONS, load_ready_lesson
from core.session import RunState

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "resources" / "lessons"
WAIT_MS = 60000
SUGGESTED_L2 = 0.01  # what the regularisation lesson's text asks for


def run_main(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def headless_report(tmp_path, *args: str) -> dict:
    report = tmp_path / "report.json"
    done = run_main("--headless", "--print-every", "1000000", "--device", "cpu", "--report",
                    str(report), *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(report.read_text())


def numpy_run(config: TrainingConfig, l2: float) -> tuple[float, float]:
    """Training and held-out accuracy after `config.iterations` full-batch steps of the
    documented update (docs/ARCHITECTURE.md §2) in float64, from the lesson's start."""
    train, val = prepare_data(config)
    X, y = train.X, train.y
    w, b = initial_weights(X.shape[1], config), 0.0
    for _ in range(config.iterations):
        h = 1 / (1 + np.exp(-(X @ w + b)))
        w, b = w - config.lr * (X.T @ (h - y) / len(y) + 2 * l2 * w), b - config.lr * np.mean(h - y)
    return (float(np.mean((X @ w + b > 0) == (y == 1))),
            float(np.mean((val.X @ w + b > 0) == (val.y == 1))))


# ---------------------------------------------------------------- the files


def test_the_folder_holds_exactly_the_ready_lessons():
    assert sorted(path.stem for path in LESSONS.glob("*.json")) == sorted(READY_LESSONS)


@pytest.mark.parametrize("name", READY_LESSONS)
def test_every_lesson_has_a_title_and_a_text_and_starts_from_its_settings(name):
    lesson = load_ready_lesson(name)
    assert lesson.title and lesson.title.strip() and len(lesson.title) <= 60
    assert lesson.text and len(lesson.text.split()) <= 90  # short: what to do, what to look at
    assert "Press Start" in lesson.text
    assert len(lesson.history["cost"]) == 0 and lesson.pins == []  # settings only
    # No look of its own (the teacher's stays); the threshold lesson sets its subject only,
    # and each names the panels it is about, kept at big fonts (core/lesson_focus.py).
    assert set(lesson.settings) <= {"threshold", "model_view", "focus"}
    assert lesson_focus(lesson.settings)


@pytest.mark.parametrize(("name", "phrase"), [
    ("notebook", "this 100 % is memorisation"),
    ("notebook", "random labels"),
    ("overfitting", "held-out accuracy stays near 50 %"),
    ("templates", "starts from zero weights"),
    ("regularisation", "set L2 strength to 0.01"),
    ("divergence", "diverged"),
    ("xor", "a linear model cannot separate XOR"),
])
def test_the_lesson_text_says_what_the_lesson_is_about(name, phrase):
    assert phrase in load_ready_lesson(name).text


# ---------------------------------------------------------------- headless


def test_notebook_lesson_memorises_random_labels(tmp_path):
    report = headless_report(tmp_path, "--lesson", "notebook")
    assert report["config"] == TrainingConfig().to_dict()  # the notebook's settings
    assert report["iterations"] == 10001 and report["train_accuracy"] == 1.0
    assert report["final_cost"] == pytest.approx(0.13, abs=0.01)  # "about 0.13"


def test_templates_lesson_draws_the_difference_between_3s_and_8s(tmp_path):
    """Its weights picture shows where 8s have ink that 3s lack: the weights of a numpy run of
    the lesson follow the difference of the class means, which a random start would hide."""
    lesson = load_ready_lesson("templates")
    report = headless_report(tmp_path, "--lesson", "templates")
    assert report["val_accuracy"] == pytest.approx(0.96, abs=0.02)  # "about 96 %"
    train, _ = prepare_data(lesson.config)
    X, y = train.X, train.y
    ink_difference = X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)  # 8s minus 3s

    def weights_from(config) -> np.ndarray:
        w, b = initial_weights(X.shape[1], config), 0.0
        for _ in range(config.iterations):
            h = 1 / (1 + np.exp(-(X @ w + b)))
            w, b = w - config.lr * (X.T @ (h - y) / len(y) + 2 * config.l2 * w), \
                b - config.lr * np.mean(h - y)
        return w

    assert np.corrcoef(weights_from(lesson.config), ink_difference)[0, 1] > 0.75
    random_start = lesson.config.replace(init="randn")
    assert np.corrcoef(weights_from(random_start), ink_difference)[0, 1] < 0.4


def test_overfitting_lesson_is_perfect_on_training_and_chance_on_held_out(tmp_path):
    report = headless_report(tmp_path, "--lesson", "overfitting")
    assert report["train_accuracy"] == 1.0
    assert 0.4 <= report["val_accuracy"] <= 0.6  # 100 held-out coin tosses


def test_divergence_lesson_diverges_and_the_suggested_rates_do_not(tmp_path):
    report = headless_report(tmp_path, "--lesson", "divergence")
    assert report["diverged"] is True and report["divergence_step"] < 10
    config = load_ready_lesson("divergence").config
    for lr in ("10", "1"):  # "try 10, then 1"
        calm = headless_report(tmp_path, "--preset", config.dataset, "--lr", lr,
                               "--iterations", str(config.iterations))
        assert calm["diverged"] is False and calm["train_accuracy"] == 1.0


def test_xor_lesson_stays_at_chance(tmp_path):
    report = headless_report(tmp_path, "--lesson", "xor")
    assert report["train_accuracy"] == pytest.approx(0.5, abs=0.05)
    assert report["final_cost"] == pytest.approx(math.log(2), abs=1e-3)  # "0.693 (ln 2)"


def test_regularisation_lesson_gains_held_out_accuracy_measured_independently(tmp_path):
    lesson = load_ready_lesson("regularisation")
    config = lesson.config.replace(device="cpu")
    assert config.l2 == 0 and config.init == "randn" and config.val_fraction == 0.9
    train_plain, held_out_plain = numpy_run(config, l2=0.0)
    train_l2, held_out_l2 = numpy_run(config, l2=SUGGESTED_L2)
    # 100 training pictures fitted either way; 900 held out gain ~7 points with L2 (~67 more
    # pictures right): the random start's noise fades only under L2.
    assert train_plain == train_l2 == 1.0
    assert held_out_l2 - held_out_plain >= 0.05
    assert f"about {round(held_out_plain * 100)} %" in lesson.text  # 87
    assert f"about {round(held_out_l2 * 100)} %" in lesson.text  # 94
    # The app reaches the same numbers (float32: within a few of 900 pictures).
    plain = headless_report(tmp_path, "--lesson", "regularisation")
    regularised_file = tmp_path / "regularised.json"
    document = json.loads((LESSONS / "regularisation.json").read_text(encoding="utf-8"))
    document["config"]["l2"] = SUGGESTED_L2
    regularised_file.write_text(json.dumps(document), encoding="utf-8")
    regularised = headless_report(tmp_path, "--open", str(regularised_file))
    assert plain["val_accuracy"] == pytest.approx(held_out_plain, abs=4 / 900)
    assert regularised["val_accuracy"] == pytest.approx(held_out_l2, abs=4 / 900)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("name", ["nosuch", "", "Notebook"])
def test_an_unknown_lesson_exits_2_with_one_line_listing_the_names(tmp_path, name):
    out = tmp_path / "x.png"
    for mode in (["--headless"], ["--screenshot", str(out)]):
        done = run_main(*mode, "--lesson", name, timeout=60)
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "--lesson" in lines[0] and "no such lesson" in lines[0]
        assert ", ".join(READY_LESSONS) in lines[0]
        assert not out.exists() and done.stdout == ""


def test_lesson_and_open_together_are_refused(tmp_path):
    done = run_main("--headless", "--lesson", "xor", "--open", str(tmp_path / "a.json"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "--lesson and --open" in done.stderr


def test_screenshot_of_a_lesson(tmp_path):
    out = tmp_path / "xor.png"
    done = run_main("--screenshot", str(out), "--lesson", "xor", "--device", "cpu")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


# ---------------------------------------------------------------- in the window


def test_every_lesson_opens_from_the_lessons_menu(make_window, qtbot):
    window = make_window(TrainingConfig(samples=30, features=5, iterations=10, device="cpu"))
    note = window.lesson_note
    assert not note.isVisible() and not window.actions["close_lesson"].isEnabled()
    for name in READY_LESSONS:
        lesson = load_ready_lesson(name)
        action = window.actions[f"lesson_{name}"]
        assert action.text() == lesson.title
        action.trigger()
        qtbot.waitUntil(lambda lesson=lesson: window.state is RunState.IDLE
                        and window.engine_info.config == lesson.config, timeout=WAIT_MS)
        assert len(window.history) <= 1  # nothing replayed: ready to Start
        assert window.controls.config() == lesson.config
        assert note.isVisible() and note.is_expanded()
        assert note.title() == lesson.title and note.text.text() == lesson.text
        assert note.locks.isVisible() == bool(lesson.locked)
        assert window.controls.locked == frozenset(lesson.locked)
        assert window.actions["close_lesson"].isEnabled()
    window.actions["close_lesson"].trigger()
    assert not note.isVisible() and window.controls.locked == frozenset()


def test_the_regularisation_lesson_in_the_window_as_its_text_says(make_window, qtbot):
    """Start, pin, L2 0.01, Reset, Start: held-out accuracy rises as the numpy run says, and
    the controls the lesson locks stay locked through Reset."""
    window = make_window(TrainingConfig(samples=30, features=5, iterations=10, device="cpu"))
    assert window.files.open_ready_lesson("regularisation")
    config = load_ready_lesson("regularisation").config
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.engine_info.config == config,
                    timeout=WAIT_MS)

    def held_out_accuracy_after_a_run() -> float:
        with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
            window.controls.startButton.click()
        assert window.state is RunState.FINISHED
        predicted = window.latest_batch.val_logits > 0
        return float(np.mean(predicted == (window.engine_info.val_y == 1)))

    plain = held_out_accuracy_after_a_run()
    window.actions["pin"].trigger()
    assert window.controls.l2Input.isEnabled()
    window.controls.l2Input.setValue(SUGGESTED_L2)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and len(window.history) <= 1,
                    timeout=WAIT_MS)
    assert not window.controls.learningRateInput.isEnabled()  # Reset keeps the locks
    assert not window.controls.datasetInput.isEnabled()
    regularised = held_out_accuracy_after_a_run()
    expected_plain = numpy_run(config.replace(device="cpu"), 0.0)[1]
    expected_l2 = numpy_run(config.replace(device="cpu"), SUGGESTED_L2)[1]
    assert plain == pytest.approx(expected_plain, abs=4 / 900)
    assert regularised == pytest.approx(expected_l2, abs=4 / 900)
    assert regularised - plain >= 0.05


def test_the_note_folds_and_keeps_its_share_of_the_height_at_big_fonts(make_window, qtbot):
    from PySide6.QtCore import Qt

    from gui.lesson_note import MAX_HEIGHT_SHARE

    window = make_window(TrainingConfig(samples=30, features=5, iterations=10, device="cpu"))
    window.resize(1600, 1000)
    assert window.files.open_ready_lesson("regularisation")  # the longest text, and locks
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    note = window.lesson_note
    base = note.text.font().pointSizeF()
    window.view.set_font_scale(2.0)
    qtbot.wait(50)  # the layout settles
    assert note.text.font().pointSizeF() == pytest.approx(2 * base)
    assert note.heading.font().pointSizeF() == pytest.approx(2 * base)  # bold, not pinned at 1x
    room = note.parentWidget().height()
    assert note.body.height() <= MAX_HEIGHT_SHARE * room + 8
    assert note.body.height() >= 2 * note.fontMetrics().lineSpacing()
    shown_plots = window.plots.height()
    note.toggle.click()  # fold: the title line alone, the room back to the plots
    qtbot.waitUntil(lambda: window.plots.height() > shown_plots, timeout=WAIT_MS)
    assert not note.body.isVisible() and note.isVisible()
    assert note.title() == load_ready_lesson("regularisation").title
    assert note.toggle.text() == "▸" and note.heading.text() == note.title()
    qtbot.mouseClick(note.heading, Qt.MouseButton.LeftButton)  # the title unfolds it too
    assert note.body.isVisible() and note.toggle.text() == "▾"


def test_a_long_title_at_3x_fonts_is_elided_and_does_not_widen_the_window(qtbot):
    from PySide6.QtGui import QFont

    from gui.lesson_note import LessonNote

    note = LessonNote()
    qtbot.addWidget(note)
    title = "A title of the longest kind a lesson may have, " * 3
    note.show_lesson(title[:120], "Press Start.", "")
    font = QFont(note.font())
    font.setPointSizeF(font.pointSizeF() * 3)
    note.setFont(font)
    note.resize(600, 300)
    qtbot.wait(10)
    assert note.minimumSizeHint().width() < 300
    assert note.heading.text().endswith("…") and note.title() == title[:120]
    assert note.heading.fontMetrics().horizontalAdvance(note.heading.text()) <= 600


def lines_of(label) -> list[tuple[float, float]]:
    """(top, bottom) of each line of a word-wrapped plain-text label as laid out now, in the
    coordinates of its parent: a QTextDocument with the label's font, width and text (no
    margin, as a selectable QLabel lays its text out)."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(label.font())
    document.setPlainText(label.text())
    document.setTextWidth(label.width())
    assert document.size().height() == pytest.approx(label.height(), abs=1)  # it is the label
    lines, block = [], document.begin()
    while block.isValid():
        top = label.y() + document.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            lines.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return lines


@pytest.mark.parametrize("name, language, scale", [
    ("threshold", "EN", 2.0), ("xor-feature", "EN", 2.0), ("regularisation", "EN", 2.0),
    ("regularisation", "ZH_CN", 2.0), ("threshold", "EN", 1.5), ("threshold", "EN", 1.0)])
def test_the_note_shows_whole_lines_and_scrolls_to_the_rest(make_window, qtbot, name, language,
                                                           scale):
    """At 2x fonts the capped note cut its last line in half; now its view ends under a whole
    line (of the locks or the text, Chinese lines being taller) and scrolls to the end."""
    from PySide6.QtWidgets import QApplication

    from gui.i18n import Language, set_language

    window = make_window(TrainingConfig(samples=30, features=5, iterations=10, device="cpu"))
    window.resize(1600, 1000)
    try:
        window.view.set_language(Language[language])
        assert window.files.open_ready_lesson(name)
        qtbot.waitUntil(lambda: window.state == "idle", timeout=WAIT_MS)
        window.view.set_font_scale(scale)
        qtbot.wait(50)  # the layout settles
        note = window.lesson_note
        bar = note.body.verticalScrollBar()
        lines = [line for label in (note.locks, note.text) if label.isVisible()
                 for line in lines_of(label)]
        assert len(lines) >= 2 and bar.value() == 0
        view_bottom = note.body.viewport().height()
        cut = [(top, bottom) for top, bottom in lines if top + 1 < view_bottom < bottom - 1]
        assert not cut, f"the view ends {view_bottom} px down, inside a line: {cut}"
        shown = [line for line in lines if line[1] <= view_bottom + 1]
        assert len(shown) >= 2  # the note says something before it scrolls
        text_end = note.text.y() + note.text.height()
        if len(shown) < len(lines):  # the rest is a scroll away, whole
            assert note.body.height() <= 0.16 * note.parentWidget().height() + 8
            assert bar.isVisible() and bar.maximum() + view_bottom >= text_end
            bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)  # a line down (Down arrow)
            assert 0 < bar.value() < bar.maximum()
            moved = [(top, bottom) for top, bottom in lines
                     if top + 1 < bar.value() + view_bottom < bottom - 1]
            assert not moved, f"a line down, the view ends inside a line: {moved}"
        else:
            assert bar.maximum() == 0
    finally:
        set_language(Language.EN)
        QApplication.processEvents()
