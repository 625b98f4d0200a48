"""Which panels the window shows at each font size, and View > Focus, on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.config import TrainingConfig
from gui.panel_layout import FOUR, ONE, SIX, TWO, Focus, arrangement

SMALL = TrainingConfig(samples=60, features=20, iterations=50, device="cpu", dtype="float64")
PANEL_OF_SLOT = {"samples": "samplesPlot", "sigmoid": "sigmoidPlot", "cost": "lossPlot",
                 "accuracy": "accuracyPlot", "predictions": "predictionsPlot"}


@pytest.mark.parametrize(("scale", "expected"), [(1.0, SIX), (1.25, SIX), (1.5, FOUR),
                                                 (2.0, FOUR), (2.5, TWO), (3.0, ONE)])
def test_the_overview_keeps_the_panels_that_have_room_for_the_font(scale, expected):
    # The plot area of a 1600 x 1000 window with the controls column beside it.
    assert arrangement(Focus.OVERVIEW, 1063, 915, scale) == expected


def test_the_overview_drops_the_least_needed_panels_first():
    assert set(ONE.slots) < set(TWO.slots) < set(FOUR.slots) < set(SIX.slots)
    assert TWO.slots == ("samples", "cost") and ONE.slots == ("samples",)


@pytest.mark.parametrize("focus", [f for f in Focus if f is not Focus.OVERVIEW])
def test_a_focus_shows_its_panels_one_above_the_other_whatever_the_font(focus):
    for scale in (1.0, 3.0):
        chosen = arrangement(focus, 1063, 915, scale)
        assert chosen.slots == focus.slots
        assert [(p.row, p.column) for p in chosen.placements] == [
            (row, 0) for row in range(len(focus.slots))]


@pytest.mark.parametrize(("scale", "needed", "expected"), [
    (2.0, ("model", "predictions"), ("samples", "model", "cost", "predictions")),
    (2.5, ("model",), ("samples", "model")),
    (2.5, ("model", "predictions"), ("model", "predictions")),
    (2.5, ("accuracy",), ("samples", "accuracy")),
    (3.0, ("model", "predictions"), ("model",)),
    (1.0, ("model",), SIX.slots)])
def test_the_overview_keeps_the_panels_a_lesson_needs(scale, needed, expected):
    assert arrangement(Focus.OVERVIEW, 1063, 915, scale, needed).slots == expected
    # A focus the user chose in View > Focus wins over the lesson's.
    assert arrangement(Focus.COST, 1063, 915, scale, needed).slots == ("cost",)


@pytest.mark.parametrize(("width", "needed", "beside"), [
    (1063, ("model",), True),  # the samples and the square model view, side by side
    (1063, ("accuracy",), False),  # two plots over steps read best wide: one above the other
    (1063, ("model", "predictions"), True),  # the ROC square and its AUC legend
    (1063, ("cost", "predictions"), False),  # no model view: as the overview has them
    (800, ("model",), False)])  # an area taller than wide: no room beside
def test_two_panels_with_the_model_stand_side_by_side_in_a_wide_area(width, needed, beside):
    """Stacked under the samples at 2x fonts, the weights of "What the weights learn" were a
    100-pixel picture in a long strip."""
    placed = arrangement(Focus.OVERVIEW, width, 915, 2.5, needed).placements
    assert len(placed) == 2
    rows, columns = {p.row for p in placed}, {p.column for p in placed}
    assert (rows, columns) == (({0}, {0, 1}) if beside else ({0, 1}, {0}))


def visible_panels(window) -> set[str]:
    return {name for name, panel in window.panels().items() if panel.isVisible()}


def test_big_fonts_keep_every_shown_panel_large(make_window, qtbot):
    window = make_window(SMALL)
    window.resize(1600, 1000)
    window.view.set_font_scale(2.5)
    qtbot.waitUntil(lambda: visible_panels(window) == {"samplesPlot", "lossPlot"})
    area = window.plots.height()
    for name in ("samplesPlot", "lossPlot"):
        assert window.panels()[name].height() > 0.4 * area, name
    assert window.status.panelsLabel.text() == "2 of 6 panels"
    window.view.set_font_scale(3.0)
    qtbot.waitUntil(lambda: visible_panels(window) == {"samplesPlot"})
    assert window.samplesPlot.height() > 0.9 * area
    assert window.status.panelsLabel.text() == "1 of 6 panels"
    window.view.set_font_scale(1.0)
    qtbot.waitUntil(lambda: len(visible_panels(window)) == 6)  # the weights, in the model slot
    assert window.status.panelsLabel.text() == ""


def test_view_focus_by_keyboard_shows_one_panel_large_and_is_remembered(make_window, qtbot):
    window = make_window(SMALL)
    window.resize(1600, 1000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.plots.focus is Focus.COST
    qtbot.waitUntil(lambda: visible_panels(window) == {"lossPlot"})
    loss, area = window.lossPlot, window.plots
    assert loss.width() > 0.95 * area.width() - 8 and loss.height() > 0.95 * area.height() - 8
    assert window.actions["focus_cost"].isChecked()

    second = make_window(SMALL.replace(iterations=60))
    assert second.plots.focus is Focus.COST  # restored from the settings store
    second.resize(1600, 1000)
    qtbot.keyClick(second, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # the active one
    assert second.plots.focus is Focus.OVERVIEW
    qtbot.waitUntil(lambda: len(visible_panels(second)) == 6)


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("theme_name", ["default", "presentation"])
def test_the_samples_legend_never_crowds_out_its_plot(qtbot, scale, theme_name):
    # At 1.5x presentation fonts the legend under the samples took half the panel and widened
    # the plot past its widget's right edge ("Samples on th"). It fits, or it hides.
    import numpy as np

    from gui.plots import SamplesPlot
    from gui.theme import theme_by_name
    from tests.plot_fixtures import logits_and_labels, show

    # The panel's size in the 1600 x 1000 window's overview at that font size.
    plot = show(qtbot, SamplesPlot(), *((540, 400) if scale < 2.5 else (1060, 900)))
    plot.apply_theme(theme_by_name(theme_name, scale))
    z, y = logits_and_labels(300)
    plot.set_samples(z, y, z[:60] + 1.0, y[:60])
    qtbot.wait(20)
    legend = plot._legend
    if legend.isVisible():
        box = legend.sceneBoundingRect()
        assert box.height() <= 0.3 * plot.height() + 1
        assert box.left() >= 0 and box.right() <= plot.width() + 1
    else:
        assert legend.maximumHeight() == 0  # hidden legends leave the plot their room
    assert plot.plotItem.vb.height() > 0.35 * plot.height()
    if scale == 1.0:
        assert legend.isVisible()  # at 1x there is room for the key
    assert np.isfinite(plot.train_positions()[0]).all()


@pytest.mark.parametrize(("lesson", "key_panels"), [
    ("templates", ("weightsPlot",)), ("xor-feature", ("decisionPlot",)),
    ("threshold", ("rocPlot", "predictionsPlot"))])
def test_a_ready_lesson_at_2x_fonts_shows_the_panels_it_is_about(make_window, qtbot, lesson,
                                                                 key_panels):
    """At 2x fonts the overview had room for the samples and the cost only, whatever the
    lesson: "What the weights learn" showed no weights, the threshold lesson no ROC curve."""
    from core.ready_lessons import load_ready_lesson
    from core.session import RunState

    window = make_window(SMALL)
    window.resize(1600, 1000)
    window.view.set_font_scale(2.0)
    try:
        assert window.files.open_ready_lesson(lesson)
        config = load_ready_lesson(lesson).config
        qtbot.waitUntil(lambda: window.state is RunState.IDLE
                        and window.engine_info.config == config, timeout=60_000)
        qtbot.wait(50)  # the model slot shows the data's view
        assert window.size().toTuple() == (1600, 1000)
        area = window.plots.size()
        for name in key_panels:
            panel = window.panels()[name]
            assert panel.isVisible(), name
            assert panel.width() > 0.45 * area.width() and panel.height() > 0.3 * area.height()
        if lesson == "templates":  # beside the samples, as tall as the area: a large picture
            assert window.panels()["weightsPlot"].height() > 0.8 * area.height()
        window.actions["close_lesson"].trigger()  # the usual panels again
        plots = window.plots
        assert plots.shown_slots() == arrangement(Focus.OVERVIEW, plots.width(), plots.height(),
                                                  2.0).slots
    finally:
        window.view.set_font_scale(1.0)
