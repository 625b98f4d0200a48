"""The command line's hostile inputs and promises, mostly in-process through main(argv): empty
and unwritable paths refused before any work, --help with defaults, --headless --open training
a lesson's run, screenshots that neither read nor write the user's settings, refused lessons
and failed runs that exit 2 and write nothing. Every refusal: status 2, one line naming the
option or file, no traceback, no output file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import main as lab
from core.config import TrainingConfig
from core.datasets import Dataset
from core.lesson_file import (
    REPLAY_SETTING,
    Lesson,
    LessonFileError,
    replay_plan,
    replay_record,
    save_lesson,
)

ROOT = Path(__file__).resolve().parents[1]
PROG = "logistic-regression-lab: error: "


def refused(capsys, argv: list[str], *words: str) -> str:
    """Run main(argv); assert exit 2 and one error line holding `words`; return it."""
    assert lab.main(argv) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert "Traceback" not in captured.err
    assert len(lines) == 1, lines
    assert lines[0].startswith(PROG), lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "iter " not in captured.out  # refused before any training
    return lines[0]


# ---------------------------------------------------------------- --help, empty strings, paths


def test_help_shows_the_defaults(capsys):
    with pytest.raises(SystemExit) as done:
        lab.main(["--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    defaults = TrainingConfig()
    for option, value in (("learning rate", defaults.lr), ("L2 strength", defaults.l2),
                          ("training steps", defaults.iterations), ("--print-every", 1000)):
        assert f"(default: {value})" in text, option
    assert "(default: seed)" in text and "(default: float32)" in text
    # The CSV header rule, as core.datasets applies it.
    assert "a header when its last field is a name, not a number or empty" in text


@pytest.mark.parametrize("option", ["--screenshot", "--data", "--report", "--open"])
@pytest.mark.parametrize("mode", [[], ["--headless"]])
def test_an_empty_path_is_refused_by_name(capsys, option, mode):
    refused(capsys, [*mode, option, ""], f"{option}: the path is empty")


@pytest.mark.parametrize("case", ["no-folder", "a-folder", "not-png", "read-only"])
def test_a_screenshot_path_that_cannot_be_written_is_refused_before_the_window(
        capsys, tmp_path, monkeypatch, case):
    target = {"no-folder": tmp_path / "none" / "out.png", "a-folder": tmp_path,
              "not-png": tmp_path / "out.jpg", "read-only": tmp_path / "locked" / "out.png"}[case]
    if case == "read-only":
        target.parent.mkdir()
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode: (
            False if Path(path) == target.parent else real_access(path, mode)))
    import gui.app

    monkeypatch.setattr(gui.app, "run_app", lambda *a, **k: pytest.fail("window opened"))
    refused(capsys, ["--screenshot", str(target)], "--screenshot", str(target))
    assert list(tmp_path.rglob("*.png")) == list(tmp_path.rglob("*.jpg")) == []


@pytest.mark.parametrize("case", ["no-folder", "a-folder"])
def test_a_report_path_that_cannot_be_written_is_refused_before_training(capsys, tmp_path,
                                                                        case):
    target = tmp_path / "none" / "r.json" if case == "no-folder" else tmp_path
    refused(capsys, ["--headless", "--iterations", "5", "--report", str(target)], "--report")


# ---------------------------------------------------------------- --headless --open


def lesson_with_changes(tmp_path: Path, changes=None, **config) -> tuple[Path, Dataset]:
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 * rng.standard_normal(40) > 0).astype(float)
    data = Dataset("tiny.csv", X, y, source="/gone/tiny.csv")
    config = TrainingConfig(dataset="tiny.csv", data_path="/gone/tiny.csv", samples=40,
                            features=3, lr=0.5, l2=0.01, iterations=30, init="zeros",
                            device="cpu", dtype="float64").replace(**config)
    changes = [(5, {"lr": 2.0}), (12, {"l2": 0.1}), (20, {"lr": 0.05})] if changes is None \
        else changes
    final = config
    for _, values in changes:
        final = final.replace(**values)
    history = {"cost": np.zeros(final.iterations), "train_accuracy": np.zeros(final.iterations),
               "val_cost": None, "val_accuracy": None}
    lesson = Lesson(final, history, embedded_data=data,
                    settings={REPLAY_SETTING: replay_record(
                        {"lr": config.lr, "l2": config.l2}, changes)})
    path = tmp_path / "lesson.json"
    save_lesson(lesson, path)
    return path, data


def numpy_run(X, y, lr, l2, iterations, changes) -> float:
    """The documented update rule with the recorded changes; the final parameters' cost."""
    w, b = np.zeros(X.shape[1]), 0.0
    changes = dict(changes)
    for step in range(iterations):
        lr = changes.get(step, {}).get("lr", lr)
        l2 = changes.get(step, {}).get("l2", l2)
        h = 1 / (1 + np.exp(-(X @ w + b)))
        w, b = w - lr * (X.T @ (h - y) / len(y) + 2 * l2 * w), b - lr * np.mean(h - y)
    z = X @ w + b
    return float(np.mean(np.logaddexp(0, z) - y * z) + l2 * w @ w)


def test_headless_open_trains_the_lessons_run_with_its_live_changes(tmp_path, capsys):
    path, data = lesson_with_changes(tmp_path)
    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--open", str(path), "--print-every", "10",
                     "--report", str(report)]) == 0
    result = json.loads(report.read_text())
    expected = numpy_run(data.X, data.y, 0.5, 0.01, 30,
                         [(5, {"lr": 2.0}), (12, {"l2": 0.1}), (20, {"lr": 0.05})])
    assert result["iterations"] == 30
    assert result["final_cost"] == pytest.approx(expected, rel=1e-10)
    assert (result["config"]["lr"], result["config"]["l2"]) == (0.05, 0.1)
    # Not the seed preset, whatever the other options say.
    assert result["config"]["dataset"] == "tiny.csv"
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("iter")]
    assert [int(line.split()[1].rstrip(",")) for line in lines] == [0, 10, 20]


def test_headless_open_without_changes_trains_the_final_settings(tmp_path):
    path, data = lesson_with_changes(tmp_path, changes=[])
    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--open", str(path), "--report", str(report)]) == 0
    expected = numpy_run(data.X, data.y, 0.5, 0.01, 30, [])
    assert json.loads(report.read_text())["final_cost"] == pytest.approx(expected, rel=1e-10)


def test_headless_open_names_the_typed_options_the_lesson_file_replaces(tmp_path, capsys):
    path, data = lesson_with_changes(tmp_path)
    report = tmp_path / "report.json"
    # --l2 differs from the lesson's (0.1 at its end), --lr 0.05 is the lesson's own.
    assert lab.main(["--headless", "--open", str(path), "--l2", "0.5", "--lr", "0.05",
                     "--standardise", "--report", str(report)]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines()
             if line.startswith("note: the lesson")]
    assert notes == ["note: the lesson file lesson.json sets --l2 0.1, --standardise off; "
                     "your --l2 0.5, --standardise on are not used"]
    expected = numpy_run(data.X, data.y, 0.5, 0.01, 30,
                         [(5, {"lr": 2.0}), (12, {"l2": 0.1}), (20, {"lr": 0.05})])
    assert json.loads(report.read_text())["final_cost"] == pytest.approx(expected, rel=1e-10)


def bad_lessons(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good, _ = lesson_with_changes(tmp_path)
    document = json.loads(good.read_text())

    def variant(name: str, change) -> Path:
        spoilt = json.loads(json.dumps(document))
        change(spoilt)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(spoilt))
        return path

    not_json = tmp_path / "not-json.json"
    not_json.write_text("{nope")
    return {
        "missing": (tmp_path / "missing.json", "missing.json"),
        "folder": (tmp_path, tmp_path.name),
        "not-json": (not_json, "not-json.json"),
        "bad-lr": (variant("bad-lr", lambda d: d["config"].update(lr=-1)), "bad-lr.json"),
        "bad-replay-start": (variant("bad-start", lambda d: d["settings"].update(
            replay=json.dumps({"start": {"lr": -5}, "changes": []}))), "bad-start.json"),
        "bad-replay-change": (variant("bad-change", lambda d: d["settings"].update(
            replay=json.dumps({"start": {}, "changes": [[3, {"l2": "x"}]]}))),
            "bad-change.json"),
    }


@pytest.mark.parametrize("case", ["missing", "folder", "not-json", "bad-lr", "bad-replay-start",
                                  "bad-replay-change"])
def test_headless_open_refuses_a_bad_lesson_naming_it(tmp_path, capsys, case):
    path, name = bad_lessons(tmp_path)[case]
    report = tmp_path / "report.json"
    refused(capsys, ["--headless", "--open", str(path), "--report", str(report)], name)
    assert not report.exists()


@pytest.mark.parametrize("start, changes", [
    ({"lr": -5}, []), ({"lr": float("nan")}, []), ({"l2": 1e9}, []),
    ({}, [[3, {"lr": 0}]]), ({}, [[3, {"iterations": 0}]]), ({}, [[float("inf"), {}]]),
])
def test_a_replay_record_with_a_value_out_of_range_is_a_lesson_file_error(start, changes):
    stored = json.dumps({"start": start, "changes": changes})
    with pytest.raises(LessonFileError, match="record of live changes"):
        replay_plan({REPLAY_SETTING: stored})


# ---------------------------------------------------------------- screenshots in-process


@pytest.fixture
def user_store(qapp, tmp_path):
    """The user's settings as a previous session left them, in the app's own store."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from gui.app import APPLICATION, ORGANISATION

    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "user"))
    settings = QSettings()
    last = TrainingConfig(dataset="xor", lr=3.0, iterations=7)
    for key, value in (("view/log_scale", True), ("view/identity", True),
                       ("view/theme", "presentation"), ("view/font_scale", 2.0),
                       ("lesson/config", json.dumps(last.to_dict())),
                       ("window/geometry", b"\x01\xd9\xd0\xcb\x00\x03\x00\x00" + bytes(40))):
        settings.setValue(key, value)
    settings.sync()
    path = Path(settings.fileName())
    assert path.is_file()
    yield path
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "after"))


def test_a_screenshot_neither_reads_nor_writes_the_users_settings(qapp, user_store, tmp_path,
                                                                  monkeypatch, capsys):
    import gui.export

    before = user_store.read_bytes()
    seen = {}
    real_export = gui.export.export_png

    def spy(widget, path, scale=1.0, caption=None):
        window = widget.window()
        seen.update(log=window.controls.logScaleInput.isChecked(),
                    tanh=window.controls.identityInput.isChecked(),
                    theme=window.view.theme_name, fonts=window.view.font_scale,
                    config=window.engine_info.config, store=window.settings.store.fileName())
        return real_export(widget, path, scale, caption)

    monkeypatch.setattr(gui.export, "export_png", spy)
    out = tmp_path / "shot.png"
    assert lab.main(["--screenshot", str(out), "--preset", "blobs", "--iterations", "5"]) == 0
    assert out.is_file()
    assert (seen["log"], seen["tanh"], seen["theme"], seen["fonts"]) == (False, False,
                                                                        "default", 1.0)
    assert (seen["config"].dataset, seen["config"].lr) == ("blobs", 0.1)
    assert Path(seen["store"]).parent != user_store.parent
    assert not Path(seen["store"]).exists()  # the throwaway store is removed afterwards
    assert user_store.read_bytes() == before
    assert "propagateSizeHints" not in capsys.readouterr().err


def test_only_the_known_offscreen_messages_are_silenced(qapp, qtlog):
    from PySide6.QtCore import qWarning

    from gui.app import quiet_offscreen_noise

    with quiet_offscreen_noise():
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("something else went wrong")
    messages = [record.message for record in qtlog.records]
    assert "something else went wrong" in messages
    assert not [m for m in messages if "propagateSizeHints" in m]


@pytest.mark.parametrize("case", ["missing", "folder", "not-json", "bad-lr", "bad-replay-start"])
def test_a_refused_lesson_with_a_screenshot_exits_2_and_writes_nothing(qapp, tmp_path, capsys,
                                                                       case):
    path, name = bad_lessons(tmp_path)[case]
    out = tmp_path / "out.png"
    line = refused(capsys, ["--open", str(path), "--screenshot", str(out)], name)
    assert "lesson cannot be opened" in line
    assert not out.exists()


def test_a_lesson_whose_data_is_gone_writes_no_screenshot(qapp, tmp_path, capsys):
    path, _ = lesson_with_changes(tmp_path)
    document = json.loads(path.read_text())
    document["embedded_data"] = None  # only the path /gone/tiny.csv is left
    path.write_text(json.dumps(document))
    out = tmp_path / "out.png"
    # Refused when the lesson is opened, naming the lesson and its data file.
    refused(capsys, ["--open", str(path), "--screenshot", str(out)], "lesson cannot be opened",
            "lesson.json refers to data tiny.csv")
    assert not out.exists()


def lessons_wrong_inside(tmp_path: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Lesson files whose problem is a value inside them, each with the words its refusal must
    hold: the lesson file's name first, then what in it is wrong."""
    good, _ = lesson_with_changes(tmp_path)
    document = json.loads(good.read_text())
    document["embedded_data"] = None
    bad_preset = json.loads(json.dumps(document))
    bad_preset["config"].update(dataset="nope", data_path=None)
    gone_data = json.loads(json.dumps(document))
    gone_data["config"].update(dataset="x.csv", data_path="/nonexistent/x.csv")
    written = {}
    for name, spoilt, words in (
            ("bad.json", bad_preset, ("bad.json: config.dataset: unknown preset", "nope")),
            ("gone-data.json", gone_data, ("gone-data.json refers to data x.csv",
                                           "/nonexistent/x.csv"))):
        (tmp_path / name).write_text(json.dumps(spoilt))
        written[name] = (tmp_path / name, words)
    return written


@pytest.mark.parametrize("case", ["bad.json", "gone-data.json"])
def test_headless_open_names_the_lesson_whose_values_are_wrong(tmp_path, capsys, case):
    path, words = lessons_wrong_inside(tmp_path)[case]
    report = tmp_path / "report.json"
    refused(capsys, ["--headless", "--open", str(path), "--report", str(report)], *words)
    assert not report.exists()


@pytest.mark.parametrize("case", ["bad.json", "gone-data.json"])
def test_a_screenshot_of_a_lesson_whose_values_are_wrong_names_it(qapp, tmp_path, capsys, case):
    path, words = lessons_wrong_inside(tmp_path)[case]
    out = tmp_path / "out.png"
    line = refused(capsys, ["--open", str(path), "--screenshot", str(out)], *words)
    assert "lesson cannot be opened" in line
    assert not out.exists()


@pytest.mark.parametrize("case", ["bad.json", "gone-data.json"])
def test_the_window_names_the_lesson_whose_values_are_wrong(make_window, tmp_path, case):
    from PySide6.QtWidgets import QMessageBox

    from core.session import RunState

    path, words = lessons_wrong_inside(tmp_path)[case]
    config = TrainingConfig(samples=30, features=4, iterations=10, device="cpu")
    window = make_window(config)
    assert not window.files.open_lesson(str(path))
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None
    text = " ".join(dialog.text().split())
    for word in words:
        assert word in text, (word, text)
    assert window.engine_info.config == config and window.state is RunState.IDLE


def test_a_cuda_request_without_cuda_writes_no_screenshot(qapp, tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the request is valid here")
    out = tmp_path / "out.png"
    refused(capsys, ["--screenshot", str(out), "--device", "cuda", "--iterations", "5"],
            "CUDA")
    assert not out.exists()


@pytest.mark.parametrize(("panel", "words"), [
    ("decisionPlot", "drawn only for 2-D data"),
    ("landscapePlot", "drawn only for data with two features"),  # it exited 0, empty
    ("weightsPlot", "drawn only for data that is not 2-D")])
def test_a_panel_not_drawn_for_the_data_is_refused(qapp, tmp_path, capsys, panel, words):
    out = tmp_path / "out.png"
    features = "2" if panel == "weightsPlot" else "5"
    refused(capsys, ["--screenshot", str(out), "--samples", "20", "--features", features,
                     "--iterations", "3", "--panel", panel], f"--panel {panel}: this panel is "
            f"{words}")
    assert not out.exists()


# ---------------------------------------------------------------- a real process


def test_a_refused_lesson_with_a_screenshot_in_a_real_process_does_not_abort(tmp_path):
    """The one subprocess: an abort (SIGABRT, "QThread: Destroyed while thread is still
    running") only shows in a process of its own."""
    path, name = bad_lessons(tmp_path)["bad-replay-start"]
    out = tmp_path / "out.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "main.py", "--open", str(path), "--screenshot",
                           str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and lines[0].startswith(PROG), lines
    assert "Traceback" not in done.stderr and "QThread" not in done.stderr
    assert not out.exists()
    assert not (tmp_path / "config").exists()  # not even an empty settings store
