"""The decision threshold and the ROC tab on the real window (gui/threshold.py,
gui/plots/roc_plot.py), the chance line of the cost panel, and the threshold's way in through
lesson files and the command line. Expected numbers come from numpy written here, on the logits
of an independent engine."""

from __future__ import annotations

import json
import math

import numpy as np
import pyqtgraph as pg
import pytest

import main as lab
from core.config import TrainingConfig
from core.lesson import create_engine, prepare_data
from core.lesson_file import LessonFileError, load_lesson
from core.session import RunState
from gui.plots import LossPlot
from gui.plots.roc_plot import CurveKind
from gui.theme import theme_by_name
from tests.conftest import WINDOW_WAIT_MS, train_to_end
from tests.plot_fixtures import show

BLOBS = TrainingConfig(dataset="blobs", samples=200, features=2, lr=0.5, iterations=300,
                       device="cpu", dtype="float64", noise=2.0, val_fraction=0.3)


def engine_at(config: TrainingConfig, step: int):
    """An independent engine stopped at `step` (full-batch steps do not depend on chunks)."""
    engine = create_engine(config, threads=1)
    engine.run_chunk(step)
    return engine


def numpy_counts(z: np.ndarray, y: np.ndarray, t: float) -> dict:
    """TP, FP, TN, FN with the rule p > t written from the probabilities."""
    called, positive = 1.0 / (1.0 + np.exp(-z)) > t, y > 0.5
    return {"tp": int(np.sum(called & positive)), "fp": int(np.sum(called & ~positive)),
            "tn": int(np.sum(~called & ~positive)), "fn": int(np.sum(~called & positive))}


def pair_auc(z: np.ndarray, y: np.ndarray) -> float:
    """The share of (class 1, class 0) pairs ranked right, ties one half."""
    diff = z[y > 0.5][:, None] - z[y < 0.5][None, :]
    return float((np.sum(diff > 0) + 0.5 * np.sum(diff == 0)) / diff.size)


def finished_window(make_window, qtbot, config=BLOBS):
    window = make_window(config)
    train_to_end(window, qtbot)
    return window


def counts_of(window) -> dict:
    counts = window.predictionsPlot.counts()
    return {key: counts[key] for key in ("tp", "fp", "tn", "fn")}


def test_the_threshold_entry_and_the_line_move_counts_rings_and_boundary(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    engine = engine_at(BLOBS, 300)
    z, y = engine.logits(), window.engine_info.train_y
    window.controls.thresholdInput.setValue(0.8)
    assert window.plots.threshold.value == pytest.approx(0.8)
    assert counts_of(window) == numpy_counts(z, y, 0.8)
    assert counts_of(window) != numpy_counts(z, y, 0.5)  # the threshold made a difference
    rates = window.predictionsPlot.rates()
    c = numpy_counts(z, y, 0.8)
    assert rates["precision"] == pytest.approx(c["tp"] / (c["tp"] + c["fp"]))
    assert rates["recall"] == pytest.approx(c["tp"] / (c["tp"] + c["fn"]))
    assert "precision" in window.predictionsPlot.summary_text()
    wrong = int(np.sum((1.0 / (1.0 + np.exp(-z)) > 0.8) != (y > 0.5)))
    assert window.samplesPlot.misclassified_count() == wrong
    assert window.decisionPlot.misclassified_count() == wrong
    # The boundary is the contour p = 0.8: w·x + b = ln 4 at both ends of the drawn line.
    w, b = engine.parameters()
    for end in window.decisionPlot.boundary_segment():
        assert float(end @ w + b) == pytest.approx(math.log(4.0), abs=1e-6)
    # Held-out counts follow too.
    window.predictionsPlot.set_shown_set("held-out")
    assert counts_of(window) == numpy_counts(engine.val_logits(), window.engine_info.val_y, 0.8)
    # Dragging the line on the samples panel: the entry, the line and the counts agree.
    window.predictionsPlot.set_shown_set("training")
    line = window.samplesPlot.threshold_line()
    line.setValue(0.3)
    line.sigDragged.emit(line)
    assert window.controls.thresholdInput.value() == pytest.approx(0.3)
    assert counts_of(window) == numpy_counts(z, y, 0.3)


def test_the_roc_tab_shows_the_pair_count_auc_and_the_operating_point(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    engine = engine_at(BLOBS, 300)
    info = window.engine_info
    window.plots.bring_forward("rocPlot")  # drawn at once when brought forward
    roc = window.plots.rocPlot
    assert roc.isVisible()
    assert roc.area() == pytest.approx(pair_auc(engine.logits(), info.train_y), abs=1e-9)
    assert roc.area(held_out=True) == pytest.approx(
        pair_auc(engine.val_logits(), info.val_y), abs=1e-9)
    window.controls.thresholdInput.setValue(0.8)
    c = numpy_counts(engine.logits(), info.train_y, 0.8)
    assert roc.operating_point() == pytest.approx(
        (c["fp"] / (c["fp"] + c["tn"]), c["tp"] / (c["tp"] + c["fn"])))
    assert any("AUC" in text for text in roc.legend_texts())
    roc.set_kind(CurveKind.PRECISION_RECALL)
    assert roc.operating_point() == pytest.approx(
        (c["tp"] / (c["tp"] + c["fn"]), c["tp"] / (c["tp"] + c["fp"])))
    assert any("AP" in text for text in roc.legend_texts())


def test_a_rewound_step_shows_that_steps_roc_and_counts(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    window.plots.bring_forward("rocPlot")
    window.controls.thresholdInput.setValue(0.8)
    window.scrubber.seek(3)
    qtbot.waitUntil(lambda: window.scrubber.shown_step() == 3 and window.scrubber.rewound(),
                    timeout=WINDOW_WAIT_MS)
    engine = engine_at(BLOBS, 3)
    z, y = engine.logits(), window.engine_info.train_y
    qtbot.waitUntil(lambda: counts_of(window) == numpy_counts(z, y, 0.8), timeout=WINDOW_WAIT_MS)
    assert window.plots.rocPlot.area() == pytest.approx(pair_auc(z, y), abs=1e-9)
    assert pair_auc(z, y) != pytest.approx(pair_auc(engine_at(BLOBS, 300).logits(), y))
    # A new threshold while rewound: still that step's logits.
    window.controls.thresholdInput.setValue(0.6)
    assert counts_of(window) == numpy_counts(z, y, 0.6)


# ----- the cost panel's chance line -----


@pytest.mark.parametrize("log_axis", [False, True])
def test_the_chance_line_is_at_ln_2_on_linear_and_log_axes(qtbot, log_axis):
    plot = show(qtbot, LossPlot())
    steps = np.arange(100, dtype=np.float64)
    plot.set_history(steps, 0.2 + 2.0 * np.exp(-steps / 10))
    plot.set_log_scale(log_axis)
    line = plot.chance_line()
    assert line.isVisible() and line in plot.plotItem.items
    expected = math.log10(math.log(2)) if log_axis else math.log(2)
    assert line.value() == pytest.approx(expected, abs=1e-12)
    # Named in the legend, not by a text on the line (it sat under the legend, and at 2x
    # fonts was cut off at the top of the plot).
    assert plot.chance_text() == "chance (p = 0.5 for all): ln 2 ≈ 0.693"
    assert plot.chance_text() in plot.legend_texts()
    assert not [item for item in line.childItems() if isinstance(item, pg.TextItem)]


@pytest.mark.parametrize("theme", ["default", "presentation"])
def test_the_chance_entry_stays_in_the_legend_off_the_axis_and_leaves_in_gap_view(qtbot, theme):
    plot = show(qtbot, LossPlot(theme=theme_by_name(theme, 2.0)), 760, 600)
    steps = np.arange(200, dtype=np.float64)
    plot.set_history(steps, 0.05 + 0.3 * np.exp(-steps / 10))  # the axis ends below ln 2
    plot.set_reference(0.05)
    qtbot.waitUntil(lambda: plot.viewRange()[1][1] < math.log(2), timeout=5000)
    # In full, or short where only the short form lets the legend keep larger text (2x
    # presentation fonts): a larger legend beats a longer entry (tests/test_legends.py).
    entry = plot.chance_text()
    assert entry in ("chance (p = 0.5 for all): ln 2 ≈ 0.693", "chance: ln 2 ≈ 0.693")
    assert plot.legend_texts() == ["training cost", entry, "optimum 0.05"]
    legend = plot._legend
    assert legend.isVisible()
    view = plot.getPlotItem().vb
    assert view.mapRectToScene(view.boundingRect()).contains(
        legend.mapRectToScene(legend.boundingRect()))  # fitted inside the plot at 2x fonts
    plot.set_gap_view(True)
    assert plot.chance_text() == "" and entry not in plot.legend_texts()
    assert not plot.chance_line().isVisible()
    plot.set_gap_view(False)
    assert plot.legend_texts()[-2:] == [entry, "optimum 0.05"]


# ----- lesson files and the command line -----


def lesson_with(tmp_path, settings: dict):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps({
        "format": "logistic-regression-lab/lesson", "version": 2,
        "config": {"dataset": "blobs", "samples": 50, "features": 2, "iterations": 10},
        "history": {"cost": [], "train_accuracy": []}, "pins": [], "markers": [],
        "embedded_data": None, "settings": settings}))
    return path


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.2, "0.8", True, None])
def test_a_lesson_with_a_bad_threshold_is_refused_naming_the_file(tmp_path, bad):
    path = lesson_with(tmp_path, {"threshold": bad})
    with pytest.raises(LessonFileError) as error:
        load_lesson(path)
    assert "lesson.json" in str(error.value) and "threshold" in str(error.value)


def test_a_bad_threshold_lesson_in_the_command_line_exits_2_with_one_line(tmp_path, capsys):
    path = lesson_with(tmp_path, {"threshold": 2})
    assert lab.main(["--headless", "--open", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "lesson.json" in err
    assert "Traceback" not in err


def test_a_lessons_threshold_is_saved_and_opened_again(make_window, qtbot, tmp_path):
    window = make_window(TrainingConfig(dataset="blobs", samples=50, iterations=10,
                                        device="cpu"))
    window.controls.thresholdInput.setValue(0.7)
    path = tmp_path / "saved.json"
    assert window.files.save_lesson(str(path))
    assert load_lesson(path).settings["threshold"] == pytest.approx(0.7)
    window.controls.thresholdInput.setValue(0.5)
    assert window.files.open_lesson(str(path))
    assert window.plots.threshold.value == pytest.approx(0.7)
    assert window.controls.thresholdInput.value() == pytest.approx(0.7)


@pytest.mark.parametrize("value", ["0", "1", "-0.5", "abc", "", "nan", "inf"])
def test_a_bad_threshold_option_exits_2_with_one_line(capsys, value):
    assert lab.main(["--threshold", value, "--headless"]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "--threshold" in lines[0] and "Traceback" not in err


def test_a_threshold_with_headless_training_is_refused_not_ignored(capsys, tmp_path):
    """Headless training calls no samples class 1 or 0: a threshold there would be silently
    dropped (its report has none)."""
    report = tmp_path / "r.json"
    assert lab.main(["--headless", "--threshold", "0.3", "--report", str(report)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].count("--threshold") == 1 and "Traceback" not in err
    assert not report.exists()


def test_a_screenshot_with_a_threshold_uses_it(tmp_path, qapp, monkeypatch):
    from gui import app

    seen = {}
    original = app._save

    def save(qapp_, window, args, outcome):
        seen["threshold"] = window.plots.threshold.value
        seen["counts"] = window.predictionsPlot.counts()
        original(qapp_, window, args, outcome)

    monkeypatch.setattr(app, "_save", save)
    shot = tmp_path / "t.png"
    assert lab.run(["--screenshot", str(shot), "--preset", "blobs", "--iterations", "50",
                    "--device", "cpu", "--threshold", "0.8"]) == 0
    assert shot.exists() and seen["threshold"] == pytest.approx(0.8)


# ----- the ready lesson -----


def test_the_threshold_lesson_trades_recall_for_precision_as_its_text_says():
    from core.ready_lessons import load_ready_lesson

    lesson = load_ready_lesson("threshold")
    assert "Lower the threshold to 0.1" in lesson.text
    config = lesson.config.replace(device="cpu")
    _, val = prepare_data(config)
    engine = engine_at(config, config.iterations)
    z = engine.val_logits()
    at_half, at_tenth = numpy_counts(z, val.y, 0.5), numpy_counts(z, val.y, 0.1)
    assert at_half["fn"] > 0 and at_tenth["fn"] < at_half["fn"]  # fewer missed tumours
    assert at_tenth["fp"] > at_half["fp"]  # more false alarms

    def precision(c):
        return c["tp"] / (c["tp"] + c["fp"])

    def recall(c):
        return c["tp"] / (c["tp"] + c["fn"])

    assert recall(at_tenth) > recall(at_half) and precision(at_tenth) < precision(at_half)


def test_the_threshold_lesson_opens_with_the_roc_tab_in_front(make_window, qtbot):
    window = make_window(TrainingConfig(samples=30, features=5, iterations=10, device="cpu"))
    window.controls.thresholdInput.setValue(0.3)
    window.actions["lesson_threshold"].trigger()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE
                    and window.engine_info.config.dataset == "breast-cancer",
                    timeout=WINDOW_WAIT_MS)
    assert window.plots.model_slot.currentWidget() is window.plots.rocPlot
    assert window.plots.threshold.value == 0.5
