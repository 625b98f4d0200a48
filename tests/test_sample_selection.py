"""Linked samples and the sample inspector (core/sample_selection.py, gui/sample_selection.py,
gui/plots/sample_inspector.py): clicks and rectangles in the sample views select the same
samples everywhere; the inspector's numbers at a live and at a rewound step; --select."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.config import TrainingConfig
from core.lesson import create_engine
from core.sample_selection import (
    SampleSelection,
    SelectMode,
    columns_in_range,
    cost_terms,
    out_of_range,
    parse_indices,
    points_in_rect,
)
from core.session import RunState
from tests.conftest import WINDOW_WAIT_MS, train_to_end

BLOBS = TrainingConfig(dataset="blobs", samples=200, features=2, lr=0.5, iterations=120,
                       val_fraction=0.25, device="cpu", dtype="float64")
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


# ----- core, against numpy written here ---------------------------------------------------


def test_cost_terms_are_the_cross_entropy_terms_and_stay_finite_far_out():
    z = np.array([-30.0, -2.5, 0.0, 0.7, 12.0, 30.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    from scipy.special import log_expit

    # log s(z) and log(1 - s(z)) = log s(-z), each accurate where the other rounds to 0.
    expected = -y * log_expit(z) - (1 - y) * log_expit(-z)
    np.testing.assert_allclose(cost_terms(z, y), expected, rtol=1e-9)
    far = cost_terms(np.array([800.0, -800.0]), np.array([0.0, 1.0]))  # naive: inf
    np.testing.assert_allclose(far, [800.0, 800.0])


def test_points_in_a_rectangle_and_columns_of_a_strip():
    x, y = np.array([0.0, 1.0, 2.0, np.nan]), np.array([0.0, 1.0, 5.0, 1.0])
    assert points_in_rect(x, y, (2.5, -0.5, -1.0, 1.5)).tolist() == [0, 1]
    assert columns_in_range(10, 2.2, 4.1).tolist() == [2, 3, 4]
    assert columns_in_range(10, -5.0, 0.5).tolist() == [0]
    assert columns_in_range(10, 11.0, 12.0).tolist() == []


def test_picks_replace_add_or_toggle_the_selection_as_sets_do():
    before = SampleSelection.of(training=[2, 5, 9], held_out=[1])
    picked = SampleSelection.of(training=[5, 7], held_out=[1, 3])
    for mode, training, held_out in (
            (SelectMode.REPLACE, {5, 7}, {1, 3}),
            (SelectMode.ADD, {2, 5, 9} | {5, 7}, {1} | {1, 3}),
            (SelectMode.TOGGLE, {2, 5, 9} ^ {5, 7}, {1} ^ {1, 3})):
        after = before.combined(picked, mode)
        assert after.training.tolist() == sorted(training), mode
        assert after.held_out.tolist() == sorted(held_out), mode
        assert after.training.dtype == after.held_out.dtype == np.int64
    # Toggling the same samples twice gives the selection back; toggling nothing keeps it;
    # toggling a selection's own samples empties it.
    toggled = before.combined(picked, SelectMode.TOGGLE)
    assert toggled.combined(picked, SelectMode.TOGGLE) == before
    assert before.combined(SampleSelection(), SelectMode.TOGGLE) == before
    assert before.combined(before, SelectMode.TOGGLE).is_empty()


@pytest.mark.parametrize("text", ["", "3,,4", "a", "-1", "2.5", " , "])
def test_parse_indices_refuses_what_is_not_a_list_of_indices(text):
    with pytest.raises(ValueError):
        parse_indices(text)


def test_parse_indices_and_range():
    assert parse_indices(" 3, 17,3") == (3, 17)
    assert out_of_range((3, 17), 18) is None
    assert "18" in out_of_range((3, 18), 18)


# ----- the window -------------------------------------------------------------------------


def finished_window(make_window, qtbot, config=BLOBS):
    window = make_window(config)
    train_to_end(window, qtbot)
    window.activateWindow()
    return window


def viewport_point(plot, x: float, y: float) -> QPointF:
    """Where view point (x, y) of `plot` is on its viewport, in pixels."""
    vb = plot.plotItem.vb
    return QPointF(plot.mapFromScene(vb.mapViewToScene(QPointF(x, y))))


def send(plot, kind, point: QPointF, buttons, modifiers=NONE) -> None:
    viewport = plot.viewport()
    event = QMouseEvent(kind, point, QPointF(viewport.mapToGlobal(point)),
                        Qt.MouseButton.LeftButton, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def click(qtbot, plot, x: float, y: float, modifiers=NONE) -> None:
    point = viewport_point(plot, x, y)
    send(plot, QEvent.Type.MouseButtonPress, point, Qt.MouseButton.LeftButton, modifiers)
    qtbot.wait(10)
    send(plot, QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton, modifiers)


def drag(qtbot, plot, start: tuple[float, float], end: tuple[float, float],
         modifiers=NONE) -> None:
    a, b = viewport_point(plot, *start), viewport_point(plot, *end)
    held = Qt.MouseButton.LeftButton
    send(plot, QEvent.Type.MouseButtonPress, a, held, modifiers)
    for t in (0.3, 0.6, 1.0):
        qtbot.wait(10)
        send(plot, QEvent.Type.MouseMove, a + (b - a) * t, held, modifiers)
    send(plot, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton, modifiers)


def highlighted_everywhere(window) -> list:
    plots = window.plots
    return [plots.samplesPlot.highlighted(), plots.decisionPlot.highlighted(),
            plots.predictionsPlot.highlighted()]


def test_clicking_a_sample_selects_it_in_every_view(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    plot = window.samplesPlot
    x, y = plot.train_positions()
    i = 17
    click(qtbot, plot, x[i], y[i])
    qtbot.waitUntil(lambda: len(window.selection.selection()) == 1, timeout=WINDOW_WAIT_MS)
    assert window.selection.selection().training.tolist() == [i]
    for shown in highlighted_everywhere(window):
        assert shown.training.tolist() == [i] and len(shown.held_out) == 0
    assert window.plots.model_slot.currentWidget() is window.plots.sampleInspector
    assert window.plots.sampleInspector.isVisible()
    # Shift-click adds a held-out sample from the decision view; the predictions strip shows
    # the training set, so it outlines the training sample only.
    val_X = window.engine_info.val_X
    click(qtbot, window.decisionPlot, val_X[4, 0], val_X[4, 1],
          Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(window.selection.selection()) == 2, timeout=WINDOW_WAIT_MS)
    samples, decision, predictions = highlighted_everywhere(window)
    assert samples == decision == window.selection.selection()
    assert samples.held_out.tolist() == [4]
    assert predictions.training.tolist() == [i]
    # A click on a column of the strip selects that sample alone.
    click(qtbot, window.predictionsPlot, 42.5, 10.0)
    qtbot.waitUntil(lambda: window.selection.selection().training.tolist() == [42],
                    timeout=WINDOW_WAIT_MS)
    assert all(shown.training.tolist() == [42] for shown in highlighted_everywhere(window))
    # Esc clears, as a click on empty space does.
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.selection.selection().is_empty()
    assert all(shown.is_empty() for shown in highlighted_everywhere(window))
    click(qtbot, plot, x[i], y[i])
    qtbot.waitUntil(lambda: not window.selection.selection().is_empty(), timeout=WINDOW_WAIT_MS)
    click(qtbot, plot, 0.0, 0.5)  # on the threshold, away from every sample
    qtbot.waitUntil(lambda: window.selection.selection().is_empty(), timeout=WINDOW_WAIT_MS)


def test_a_rectangle_selects_the_samples_inside_it(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    info = window.engine_info
    corner, opposite = (-1.0, -1.0), (3.0, 2.5)
    drag(qtbot, window.decisionPlot, corner, opposite)
    qtbot.waitUntil(lambda: not window.selection.selection().is_empty(), timeout=WINDOW_WAIT_MS)

    def inside(X):
        return np.flatnonzero((X[:, 0] >= -1.0) & (X[:, 0] <= 3.0) & (X[:, 1] >= -1.0)
                              & (X[:, 1] <= 2.5))

    # To a pixel's worth at the edges: the rectangle went through the mouse's whole pixels.
    selected = window.selection.selection()
    expected_train, expected_val = inside(info.train_X), inside(info.val_X)
    assert len(expected_train) > 5
    assert len(set(selected.training) ^ set(expected_train)) <= 1
    assert len(set(selected.held_out) ^ set(expected_val)) <= 1
    samples, decision, _ = highlighted_everywhere(window)
    assert samples == decision == selected
    # In the predictions strip, columns 10 to 19 (sample i spans [i, i + 1]).
    drag(qtbot, window.predictionsPlot, (10.2, 3.0), (19.6, 18.0))
    qtbot.waitUntil(lambda: window.selection.selection().training.tolist() == list(range(10, 20)),
                    timeout=WINDOW_WAIT_MS)


def wait_for_selection(qtbot, window, training, held_out=()) -> None:
    """Until the window's selection is these training and held-out indices, and every view
    halos it (the strip: the training samples alone)."""
    def selected():
        selection = window.selection.selection()
        return (selection.training.tolist(), selection.held_out.tolist())

    expected = (sorted(training), sorted(held_out))
    qtbot.waitUntil(lambda: selected() == expected, timeout=WINDOW_WAIT_MS)
    samples, decision, predictions = highlighted_everywhere(window)
    assert samples == decision == window.selection.selection()
    assert predictions.training.tolist() == expected[0]


def test_ctrl_click_adds_or_removes_a_sample_and_shift_click_only_adds(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    plot = window.samplesPlot
    x, y = plot.train_positions()
    val_X = window.engine_info.val_X
    i, j = 17, 60
    click(qtbot, plot, x[i], y[i])
    wait_for_selection(qtbot, window, {i})
    click(qtbot, plot, x[j], y[j], SHIFT)
    wait_for_selection(qtbot, window, {i, j})
    click(qtbot, plot, x[i], y[i], SHIFT)  # Shift on a selected sample keeps it
    qtbot.wait(50)
    wait_for_selection(qtbot, window, {i, j})
    click(qtbot, plot, x[i], y[i], CTRL)  # Ctrl on a selected sample removes it
    wait_for_selection(qtbot, window, {j})
    assert "Ctrl-click toggles" in window.statusBar().currentMessage()
    click(qtbot, window.decisionPlot, val_X[4, 0], val_X[4, 1], CTRL)  # and adds one that is not
    wait_for_selection(qtbot, window, {j}, {4})
    click(qtbot, window.predictionsPlot, 42.5, 10.0, CTRL)  # a column of the strip
    wait_for_selection(qtbot, window, {j, 42}, {4})
    click(qtbot, window.predictionsPlot, 42.5, 10.0, CTRL)
    wait_for_selection(qtbot, window, {j}, {4})
    click(qtbot, plot, 0.0, 0.5, CTRL)  # Ctrl on empty space changes nothing
    qtbot.wait(50)
    wait_for_selection(qtbot, window, {j}, {4})
    click(qtbot, plot, x[j], y[j], CTRL)
    wait_for_selection(qtbot, window, set(), {4})
    click(qtbot, window.decisionPlot, val_X[4, 0], val_X[4, 1],
          CTRL | SHIFT)  # both keys: Shift's add, as Qt's item views extend a selection
    qtbot.wait(50)
    wait_for_selection(qtbot, window, set(), {4})
    click(qtbot, window.decisionPlot, val_X[4, 0], val_X[4, 1], CTRL)
    wait_for_selection(qtbot, window, set())
    assert window.statusBar().currentMessage() == "Sample selection cleared"


def test_a_ctrl_rectangle_toggles_each_sample_inside_and_a_shift_one_adds(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    X = window.engine_info.train_X
    plot = window.decisionPlot

    def inside(x0, x1, y0, y1):
        return set(np.flatnonzero((X[:, 0] >= x0) & (X[:, 0] <= x1) & (X[:, 1] >= y0)
                                  & (X[:, 1] <= y1)).tolist())

    def selected():
        return set(window.selection.selection().training.tolist())

    first, second = (-1.0, 3.0, -1.0, 2.5), (1.0, 5.0, 0.5, 4.0)  # overlapping
    both = inside(*first) & inside(*second)
    assert len(both) > 5 and len(inside(*second) - both) > 5
    drag(qtbot, plot, (first[0], first[2]), (first[1], first[3]))
    qtbot.waitUntil(lambda: len(selected()) > 5, timeout=WINDOW_WAIT_MS)
    plain = window.selection.selection()
    assert len(selected() ^ inside(*first)) <= 1  # to a pixel's worth at the edges
    drag(qtbot, plot, (second[0], second[2]), (second[1], second[3]), CTRL)
    qtbot.waitUntil(lambda: window.selection.selection() != plain, timeout=WINDOW_WAIT_MS)
    toggled = window.selection.selection()
    # The samples in both rectangles leave, those only in the second join: a symmetric
    # difference, not a union.
    assert len(selected() ^ (inside(*first) ^ inside(*second))) <= 2
    assert len(selected() & both) <= 2 and len(both) > 5
    samples, decision, _ = highlighted_everywhere(window)
    assert samples == decision == toggled
    # The same Ctrl rectangle again: each sample in it toggles back, and the selection is
    # what the plain rectangle made, exactly.
    drag(qtbot, plot, (second[0], second[2]), (second[1], second[3]), CTRL)
    qtbot.waitUntil(lambda: window.selection.selection() == plain, timeout=WINDOW_WAIT_MS)
    # Shift adds the second rectangle's samples and removes none.
    drag(qtbot, plot, (second[0], second[2]), (second[1], second[3]), SHIFT)
    qtbot.waitUntil(lambda: window.selection.selection() != plain, timeout=WINDOW_WAIT_MS)
    assert set(plain.training.tolist()) <= selected()
    assert len(selected() ^ (inside(*first) | inside(*second))) <= 2


def expected_numbers(X, y, w, b, index):
    z = X[index] @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    yi = (y[index] > 0.5).astype(float)
    cost = -yi * np.log(p) - (1 - yi) * np.log(1 - p)
    return z, p, cost, p - yi


def assert_inspector_shows(window, w, b, training, held_out) -> None:
    info = window.engine_info
    parts = {part.sample_set.value: part for part in window.plots.sampleInspector.numbers()}
    for name, X, y, index in (("training", info.train_X, info.train_y, training),
                              ("held-out", info.val_X, info.val_y, held_out)):
        part = parts[name]
        assert part.index.tolist() == index
        for shown, expected in zip((part.z, part.p, part.cost, part.pull),
                                   expected_numbers(X, y, w, b, index), strict=True):
            np.testing.assert_allclose(shown, expected, rtol=1e-7, atol=1e-10)


def test_the_inspector_shows_the_numbers_of_the_step_shown(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    from core.sample_selection import SampleSelection

    window.selection.samples.set(SampleSelection.of(training=[3, 50], held_out=[7]))
    engine = create_engine(BLOBS, threads=1)
    engine.run_chunk(BLOBS.iterations)
    w, b = engine.parameters()  # an independent run to the same step
    qtbot.waitUntil(lambda: len(window.plots.sampleInspector.numbers()) == 2,
                    timeout=WINDOW_WAIT_MS)
    assert_inspector_shows(window, w, b, [3, 50], [7])
    window.scrubber.seek(40)
    qtbot.waitUntil(lambda: window.scrubber.shown_step() == 40 and window.scrubber.rewound(),
                    timeout=WINDOW_WAIT_MS)
    rewound = create_engine(BLOBS, threads=1)
    rewound.run_chunk(40)
    w40, b40 = rewound.parameters()
    assert_inspector_shows(window, w40, b40, [3, 50], [7])
    assert not np.allclose(w40, w)  # the rewound step's numbers, not the latest's


def test_a_reset_clears_the_selection(make_window, qtbot):
    window = finished_window(make_window, qtbot)
    window.selection.select_training([1, 2])
    assert len(window.selection.selection()) == 2
    window.controls.resetButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.selection.selection().is_empty(), timeout=WINDOW_WAIT_MS)
    assert all(shown.is_empty() for shown in highlighted_everywhere(window))


# ----- --select -----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["--select", "3,x"],
    ["--select", "-2"],
    ["--select", ""],
    ["--select", "3", "--no-screenshot"],  # without --screenshot or --record
])
def test_select_refuses_bad_values_by_name(tmp_path, capsys, argv):
    import main

    shot = tmp_path / "a.png"
    if argv[-1] == "--no-screenshot":
        argv = argv[:-1]
    else:
        argv = argv + ["--screenshot", str(shot)]
    assert main.run(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--select" in err and "Traceback" not in err
    assert not shot.exists()


def test_select_out_of_range_writes_no_file(tmp_path, capsys, qapp):
    import main

    shot = tmp_path / "a.png"
    assert main.run(["--screenshot", str(shot), "--preset", "blobs", "--samples", "50",
                     "--iterations", "5", "--device", "cpu", "--select", "3,50"]) == 2
    err = capsys.readouterr().err
    assert "--select" in err and "50" in err and "Traceback" not in err
    assert not shot.exists()


def test_select_shows_the_selection_in_a_screenshot(tmp_path, qapp):
    from PySide6.QtGui import QImage

    import main

    plain, selected = tmp_path / "plain.png", tmp_path / "selected.png"
    common = ["--preset", "blobs", "--samples", "60", "--iterations", "20", "--device", "cpu",
              "--panel", "decisionPlot"]
    assert main.run(["--screenshot", str(plain), *common]) == 0
    assert main.run(["--screenshot", str(selected), *common, "--select", "3,17"]) == 0
    assert QImage(str(plain)) != QImage(str(selected))  # the halos
