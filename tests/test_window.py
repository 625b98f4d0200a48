"""The live window driven through its real controls, with the real worker thread and engine."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from core.config import TrainingConfig
from core.session import RunState
from gui.plot_panels import MODEL_VIEWS

SMALL = TrainingConfig(samples=60, features=20, iterations=300, device="cpu", dtype="float64")
WAIT_MS = 20000


def reference_costs(X, y, w, b, lr, l2, steps, switch_at=None, new_lr=None):
    """The notebook's update in plain numpy float64, cost recorded before each update."""
    costs = []
    for step in range(steps):
        if switch_at is not None and step == switch_at:
            lr = new_lr
        z = X @ w + b
        costs.append(np.mean(np.logaddexp(0, z) - y * z) + l2 * w @ w)
        r = 1 / (1 + np.exp(-z)) - y
        w, b = w - lr * (X.T @ r / len(y) + 2 * l2 * w), b - lr * r.mean()
    return np.array(costs), w, b


def initial_weights(window):
    """w0 of the run, read back through the first batch the window received (step 0)."""
    return window.latest_batch.weights.copy(), window.latest_batch.bias


def test_panels_and_controls_carry_the_documented_object_names(make_window):
    window = make_window(SMALL)
    names = ["startButton", "pauseButton", "stepButton", "resetButton", "learningRateInput",
             "l2Input", "iterationsInput", "speedInput", "datasetInput", "deviceInput",
             "sigmoidPlot", "lossPlot", "accuracyPlot", "samplesPlot", "predictionsPlot"]
    from PySide6.QtWidgets import QWidget

    missing = [name for name in names if window.findChild(QWidget, name) is None]
    assert missing == []


def test_start_runs_to_the_end_and_fills_the_loss_curve(make_window, qtbot):
    window = make_window(SMALL)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        qtbot.mouseClick(window.controls.startButton, Qt.MouseButton.LeftButton)
    assert window.state is RunState.FINISHED
    assert len(window.history) == SMALL.iterations
    x, y = window.lossPlot.curve_data("train")
    assert len(x) == SMALL.iterations and np.array_equal(y, window.history.cost)
    assert not window.controls.startButton.isEnabled()
    assert window.controls.resetButton.isEnabled()


def test_history_matches_an_independent_numpy_run(make_window, qtbot):
    window = make_window(SMALL)
    w0, b0 = initial_weights(window)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    info = window.engine_info
    expected, w, b = reference_costs(info.train_X, info.train_y, w0, b0, SMALL.lr, SMALL.l2,
                                     SMALL.iterations)
    np.testing.assert_allclose(window.history.cost, expected, rtol=1e-10)
    np.testing.assert_allclose(window.latest_batch.weights, w, rtol=1e-8, atol=1e-10)


def test_pause_stops_stepping_step_adds_one_and_reset_clears(make_window, qtbot):
    window = make_window(SMALL.replace(iterations=100000), speed_index=2)  # 100 steps/s
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: len(window.history) >= 5, timeout=WAIT_MS)
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    qtbot.wait(50)
    paused_at = window.latest_batch.step
    qtbot.wait(300)
    assert window.latest_batch.step == paused_at, "training went on while paused"
    assert window.controls.startButton.text() == "Resume"
    window.controls.stepButton.click()
    qtbot.waitUntil(lambda: window.latest_batch.step == paused_at + 1, timeout=WAIT_MS)
    assert len(window.history) == paused_at + 1
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.latest_batch.step > paused_at + 3, timeout=WAIT_MS)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.latest_batch is not None
                    and window.latest_batch.step == 0, timeout=WAIT_MS)
    assert len(window.history) == 0


def test_keyboard_space_starts_and_pauses(make_window, qtbot):
    window = make_window(SMALL.replace(iterations=100000), speed_index=3)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)


@pytest.mark.parametrize("key", [Qt.Key.Key_Right, Qt.Key.Key_S], ids=["Right", "S"])
def test_right_arrow_and_s_take_one_step(make_window, qtbot, key):
    # README and the Step tooltip promise "S or Right"; the Right arrow did nothing.
    window = make_window(SMALL)
    window.controls.stepButton.setFocus()  # where the focus is after clicking Step
    for expected in (1, 2):
        qtbot.keyClick(window.controls.stepButton, key)
        qtbot.waitUntil(lambda n=expected: window.state is RunState.PAUSED
                        and len(window.history) == n, timeout=WAIT_MS)
    action = window.actions["step"]
    assert action.isVisible() and action.isEnabled()
    # Right belongs to the scrubber (gui/scrubber.py), which steps at the latest step.
    assert window.actions["rewind_forward"].shortcut().toString() == "Right"


def test_live_learning_rate_change_applies_from_the_next_step(make_window, qtbot):
    window = make_window(SMALL)
    w0, b0 = initial_weights(window)
    for _ in range(10):
        window.controls.stepButton.click()
        qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(window.history) == 10, timeout=WAIT_MS)
    window.controls.learningRateInput.setValue(1.0)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    info = window.engine_info
    expected, _, _ = reference_costs(info.train_X, info.train_y, w0, b0, SMALL.lr, SMALL.l2,
                                     SMALL.iterations, switch_at=10, new_lr=1.0)
    np.testing.assert_allclose(window.history.cost, expected, rtol=1e-10)
    assert window.lossPlot.markers() == [(10.0, "lr 0.1 → 1")]


def test_divergence_shows_a_message_and_keeps_the_finite_state(make_window, qtbot):
    window = make_window(SMALL.replace(lr=1e4, iterations=1000, dtype="float32"))
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.DIVERGED
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None and "diverged at step" in dialog.text()
    assert "Lower the learning rate" in dialog.text()
    assert 0 < len(window.history) < 1000
    assert np.all(np.isfinite(window.history.cost))
    assert np.all(np.isfinite(window.latest_batch.weights))
    x, _ = window.samplesPlot.train_positions()
    assert np.all(np.isfinite(x))
    dialog.accept()
    # The window stays responsive: lowering lr and resetting trains again.
    window.controls.learningRateInput.setValue(0.1)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.FINISHED and len(window.history) == 1000


def test_a_finite_runaway_is_called_divergence_not_finished(make_window, qtbot):
    # blobs at lr 100 (issue 11): the cost climbed to ~8e8 and the window said "Finished".
    window = make_window(TrainingConfig(dataset="blobs", lr=100.0, iterations=400, device="cpu"))
    assert not window.controls.logScaleInput.isChecked()
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.DIVERGED
    cost = window.history.cost
    assert np.all(np.isfinite(cost)) and cost[-1] > 1000 * cost[0]
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert dialog is not None and "learning rate" in dialog.text()
    # The status bar carries a short, whole sentence, not the dialog's text cut off.
    step = len(cost) - 1
    assert window.statusBar().currentMessage() == (
        f"Diverged at step {step:,}: lower the learning rate, then Reset")
    assert window.controls.logScaleInput.isChecked() and window.lossPlot.log_scale()
    assert window.status.progress.text() == "diverged"


def test_after_a_divergence_the_dialog_names_the_buttons_that_work_and_the_plots_agree(
        make_window, qtbot):
    # A new-user trial of the divergence lesson: the dialog said "press Reset or Start" while
    # Start was disabled; the cost plot's step axis ended at the last step while the accuracy
    # plot's ran on (so a later lr marker showed on one panel only); the cost legend named an
    # optimum whose line was below the log axis.
    window = make_window(TrainingConfig(dataset="blobs", lr=100.0, iterations=400, device="cpu"))
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.DIVERGED
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert "Lower the learning rate (try a tenth of it), then press Resume" in dialog.text()
    assert "Reset" in dialog.text() and "Start" not in dialog.text()
    assert not window.controls.startButton.isEnabled()
    dialog.accept()

    loss, accuracy = window.lossPlot, window.accuracyPlot
    assert loss.log_scale()

    def same_steps() -> bool:
        return np.allclose(loss.viewRange()[0], accuracy.viewRange()[0])

    qtbot.waitUntil(same_steps, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: loss.reference() is not None, timeout=WAIT_MS)
    assert loss.reference_text()  # named in the legend: so its line must be on the axis
    low, high = loss.viewRange()[1]  # log10 units on the log axis
    qtbot.waitUntil(lambda: low <= np.log10(loss.reference()) <= high, timeout=WAIT_MS)

    # Lowering the learning rate is what enables the button, which then reads Resume.
    window.controls.learningRateInput.setValue(10.0)
    qtbot.waitUntil(window.controls.startButton.isEnabled, timeout=WAIT_MS)
    assert window.controls.startButton.text() == "Resume"
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert loss.markers() == accuracy.markers() and len(loss.markers()) == 1
    marker_step = loss.markers()[0][0]
    qtbot.waitUntil(same_steps, timeout=WAIT_MS)
    assert loss.viewRange()[0][0] <= marker_step <= loss.viewRange()[0][1]


def test_an_engine_error_reaches_the_window_as_a_message(make_window, qtbot, monkeypatch):
    from core.engine import TrainingEngine

    def broken(self, steps):
        raise RuntimeError("simulated failure inside the engine")

    window = make_window(SMALL)
    monkeypatch.setattr(TrainingEngine, "run_chunk", broken)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert window.state is RunState.ERROR
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert "simulated failure inside the engine" in dialog.text()
    monkeypatch.undo()
    window.controls.startButton.click()  # the app is alive and trains again
    qtbot.waitUntil(lambda: window.state is RunState.FINISHED, timeout=WAIT_MS)


def test_closing_mid_run_stops_the_worker_thread(make_window, qtbot):
    window = make_window(SMALL.replace(iterations=10_000_000))
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING, timeout=WAIT_MS)
    window.close()
    assert not window.worker_thread.isRunning()


def test_samples_view_positions_are_the_model_logits(make_window, qtbot):
    window = make_window(SMALL.replace(val_fraction=0.25))
    for _ in range(3):
        window.controls.stepButton.click()
    qtbot.waitUntil(lambda: window.latest_batch.step == 3, timeout=WAIT_MS)
    window.redraw_now()
    batch, info = window.latest_batch, window.engine_info
    z = info.train_X @ batch.weights + batch.bias
    x, y = window.samplesPlot.train_positions()
    np.testing.assert_allclose(x, z, rtol=1e-9, atol=1e-9)
    assert np.all(np.abs(y - info.train_y) <= 0.06 + 1e-12)
    counts = window.predictionsPlot.counts()
    assert counts["tp"] + counts["tn"] == int(np.sum((z > 0) == (info.train_y == 1)))


def test_a_refused_file_keeps_the_current_lesson(make_window, qtbot, tmp_path):
    window = make_window(SMALL)
    bad = tmp_path / "broken.csv"
    bad.write_text("1,2,0\n3,abc,1\n")
    assert window.files.open_data_file(str(bad)) is False
    dialog = window.findChild(QMessageBox, "problemDialog")
    assert "broken.csv" in dialog.text() and "abc" in dialog.text()
    assert window.engine_info.config.dataset == "seed"
    assert window.state is RunState.IDLE


def test_settings_are_restored_in_the_next_session(make_window, qtbot):
    window = make_window(SMALL.replace(lr=0.37))
    window.close()
    restored = make_window(None)  # no configuration: the last session's is restored
    assert restored.controls.learningRateInput.value() == pytest.approx(0.37)
    assert restored.controls.samplesInput.value() == SMALL.samples
    assert restored.engine_info.config == SMALL.replace(lr=0.37)


def test_stepping_onto_the_last_iteration_finishes_the_run(make_window, qtbot):
    window = make_window(SMALL.replace(iterations=3))
    for expected in (1, 2):
        window.controls.stepButton.click()
        qtbot.waitUntil(lambda n=expected: len(window.history) == n, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.stepButton.click()
    qtbot.wait(100)  # a late "paused" would arrive now
    assert window.state is RunState.FINISHED and len(window.history) == 3
    assert not window.controls.stepButton.isEnabled()


def test_model_views_take_turns_while_training_runs_and_all_catch_up_on_pause(
        make_window, qtbot, monkeypatch):
    window = make_window(SMALL.replace(iterations=10_000_000), speed_index=4)  # 10 000 steps/s
    refreshed = []
    show_model = window.plots.show_model
    monkeypatch.setattr(window.plots, "show_model", lambda *args: (
        refreshed.append((window.state, args[-1])), show_model(*args)))
    window.controls.startButton.click()

    def turns():  # frames whose step axis jumped skip their turn: they refresh no view
        return [views for state, views in refreshed if state is RunState.RUNNING and views]

    qtbot.waitUntil(lambda: len(turns()) >= 6, timeout=WAIT_MS)
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=WAIT_MS)
    shown = [views[0] for views in turns()]
    assert all(len(views) == 1 for views in turns())  # one view a frame while running...
    for view, following in pairwise(shown):  # ...each in turn, none ever skipped
        assert MODEL_VIEWS.index(following) == (MODEL_VIEWS.index(view) + 1) % len(MODEL_VIEWS)
    qtbot.waitUntil(lambda: refreshed[-1] == (RunState.PAUSED, MODEL_VIEWS), timeout=WAIT_MS)
    batch, info = window.latest_batch, window.engine_info
    x, _ = window.samplesPlot.train_positions()
    np.testing.assert_allclose(x, info.train_X @ batch.weights + batch.bias, atol=1e-9)


def test_batch_size_control_trains_on_mini_batches_after_a_reset(make_window, qtbot):
    window = make_window(SMALL)
    assert window.controls.batchSizeInput.specialValueText() == "full batch"
    window.controls.batchSizeInput.setValue(8)
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.engine_info.config.batch_size == 8
                    and window.state is RunState.IDLE, timeout=WAIT_MS)
    assert any("mini-batch" in label.text() for label in window.statusBar().findChildren(QLabel))
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert len(window.history) == SMALL.iterations
    costs = window.history.cost
    assert np.all(np.isfinite(costs)) and costs[-50:].mean() < costs[:50].mean()
    assert np.any(np.diff(costs) > 0)  # each step is measured on its own batch: a noisy curve


def curve_names(loss_plot) -> list[str]:
    """The cost panel's legend entries that name curves."""
    lines = tuple(text for text in ("optimum", loss_plot.chance_text()) if text)
    return [text for text in loss_plot.legend_texts() if not text.startswith(lines)]


def test_held_out_curves_say_when_mini_batch_steps_measure_a_sample_of_the_held_out_set(
        make_window, qtbot):
    large = SMALL.replace(samples=1200, features=4, val_fraction=0.5, batch_size=16,
                          iterations=40)
    window = make_window(large)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    # (The optimum's and the chance line's entries are not about the curves.)
    curves = curve_names(window.lossPlot)
    assert curves == ["training cost", "held-out cost (256 of 600)"]
    assert window.accuracyPlot.legend_texts()[-1] == "held-out accuracy (256 of 600)"
    # Full batches measure the whole held-out set, and the legend says nothing more.
    window.controls.batchSizeInput.setValue(0)
    qtbot.mouseClick(window.controls.resetButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state is RunState.IDLE
                    and window.engine_info.val_sample_size == 600, timeout=WAIT_MS)
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    assert curve_names(window.lossPlot) == ["training cost", "held-out cost"]


def test_views_already_showing_the_latest_model_reading_are_not_redrawn(
        make_window, qtbot, monkeypatch):
    # As if reading the model out were very slow: while running, the worker reads it only for
    # forced batches, so every batch of the run carries the reading taken at the start.
    monkeypatch.setattr("gui.worker.SNAPSHOT_SHARE", 1e-12)
    window = make_window(SMALL.replace(iterations=10_000_000), speed_index=4)
    refreshed = []
    show_model = window.plots.show_model
    monkeypatch.setattr(window.plots, "show_model", lambda *args: (
        refreshed.append((window.state, args[-1])), show_model(*args)))
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.frames.frames_drawn > 30 and window.latest_batch.step > 500,
                    timeout=WAIT_MS)
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: bool(refreshed) and refreshed[-1] == (RunState.PAUSED, MODEL_VIEWS),
                    timeout=WAIT_MS)
    while_running = [view for state, views in refreshed if state is RunState.RUNNING
                     for view in views]
    assert len(while_running) == len(set(while_running)) <= len(MODEL_VIEWS)
    batch, info = window.latest_batch, window.engine_info
    x, _ = window.samplesPlot.train_positions()  # on pause: the exact state, read afresh
    np.testing.assert_allclose(x, info.train_X @ batch.weights + batch.bias, atol=1e-9)


@pytest.mark.parametrize(("speed_index", "every_frame"), [(1, MODEL_VIEWS), (5, None)],
                         ids=["10 steps/s", "max"])
def test_slow_motion_redraws_every_view_for_every_step(make_window, qtbot, monkeypatch,
                                                      speed_index, every_frame):
    # At 1 and 10 steps/s the samples view changed only at steps 1, 4, 7, ...: the views
    # took turns as at full speed.
    window = make_window(SMALL.replace(iterations=10_000_000), speed_index=speed_index)
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING and len(window.history) >= 2,
                    timeout=WAIT_MS)
    drawn = []
    monkeypatch.setattr(window.plots, "show_model", lambda *args: drawn.append(args[-1]))
    for _ in range(3):  # frames drawn by hand, each as if a new step had arrived
        window.frames._views_showing.clear()
        window.frames.mark_dirty()
        window.frames.draw()
    window.controls.pauseButton.click()
    if every_frame is not None:
        assert drawn == [every_frame] * 3
    else:  # at full speed the views take turns, one a frame
        assert all(len(views) <= 1 for views in drawn)


def test_big_fonts_widen_the_controls_column_so_that_no_button_is_cut_off(make_window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    window = make_window(SMALL)
    window.resize(1600, 1000)
    window.view.set_font_scale(2.0)
    qtbot.wait(50)  # the splitter lays the wider column out
    viewport = window.findChild(QScrollArea).viewport()
    controls = window.controls
    for button in (controls.startButton, controls.pauseButton, controls.stepButton,
                   controls.resetButton):
        right = button.mapTo(viewport, QPoint(button.width(), 0)).x()
        assert right <= viewport.width(), button.objectName()
    window.view.set_font_scale(1.0)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_big_fonts_and_long_status_texts_keep_the_window_its_asked_size(make_window, qtbot,
                                                                       language):
    """Slides need a predictable size: the status bar's labels, each its whole text wide,
    widened a 1600 x 1000 window (and so --screenshot) to 1713 ... 2840 pixels at 2x and 3x."""
    from gui.i18n import Language, set_language

    window = make_window(SMALL)
    window.resize(1600, 1000)
    try:
        window.view.set_language(Language(language))
        for scale in (1.0, 1.5, 2.0, 3.0):
            window.view.set_font_scale(scale)
            window.status.show_note("Reset applies: learning rate 0.5, 2,000 iterations, "
                                    "L2 0.01, mini-batches of 32, standardised features")
            window.status.show_progress("step 2,000 of 2,000 (rewound)", 2000, 2000, 123456.0)
            window.resize(1600, 1000)
            qtbot.wait(20)
            assert window.minimumSizeHint().width() <= 1600, scale
            assert window.size().toTuple() == (1600, 1000), scale
        label = window.status.stateLabel  # cut short with an ellipsis at 3x, not mid-letter
        assert label.shown_text() != label.text() and label.shown_text().endswith("…")
    finally:
        set_language(Language.EN)
        window.view.set_font_scale(1.0)


def test_at_3x_fonts_the_state_and_step_stay_readable_and_the_data_label_gives_way(
        make_window, qtbot):
    window = make_window(SMALL)
    window.resize(1600, 1000)
    status = window.status
    try:
        window.view.set_font_scale(3.0)
        status.show_note("Finished")
        status.show_progress("step 10,001 / 10,001", 10001, 10001, None)
        status.deviceLabel.setText("breast-cancer (train): 398 samples x 30 features  |  "
                                   "cpu (primal, 1 thread)")
        qtbot.wait(20)
        assert status.stateLabel.shown_text() == "Finished"
        assert status.stepLabel.shown_text() == "step 10,001 / 10,001"
        assert status.panelsLabel.shown_text() == "1 of 6 panels"
        assert status.deviceLabel.shown_text().endswith("…")
        assert window.size().toTuple() == (1600, 1000)
    finally:
        window.view.set_font_scale(1.0)


@pytest.mark.parametrize(("action", "getter"), [
    ("open_data", "getOpenFileName"), ("open_lesson", "getOpenFileName"),
    ("save_lesson", "getSaveFileName"), ("export_csv", "getSaveFileName")])
def test_file_menu_commands_ask_for_a_file(make_window, monkeypatch, action, getter):
    """QAction.triggered passes `checked` (False), which these commands took for a path they
    had been given: the menu item and its shortcut did nothing, silently."""
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, getter,
                        lambda *args, **kwargs: asked.append(args) or ("", ""))
    window = make_window(SMALL)
    window.actions[action].trigger()
    assert len(asked) == 1  # the dialog was asked for; cancelled, nothing else happens
