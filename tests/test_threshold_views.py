"""What the views say about the decision threshold, at 1x and 2x fonts: the hints beside the
threshold on the samples panel, the counts line of the predictions panel, and the rule the
accuracy panel's curves were recorded with (gui/plots/samples_plot.py, predictions_plot.py,
accuracy_plot.py). Expected counts come from numpy written here."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from core.config import TrainingConfig
from gui.plots import PredictionsPlot, SamplesPlot
from gui.theme import THEMES
from tests.conftest import train_to_end
from tests.plot_fixtures import curve, logits_and_labels, redraw, show


@pytest.mark.parametrize("font_scale, threshold", [(1.0, 0.1), (1.0, 0.9), (2.0, 0.7),
                                                   (2.0, 0.1), (1.0, 0.5)])
def test_both_threshold_hints_show_inside_the_view(qtbot, font_scale, threshold):
    plot = show(qtbot, SamplesPlot(theme=THEMES["default"].scaled(font_scale)), 800, 330)
    z, y = logits_and_labels()
    plot.set_samples(z, y)
    plot.set_threshold(threshold)
    redraw(plot)
    view = plot.plotItem.vb.mapRectToScene(plot.plotItem.vb.boundingRect())
    rects = plot.hint_rects()
    for name, rect in rects.items():
        assert rect is not None, f"{name!r} hidden at t = {threshold}, {font_scale}x fonts"
        assert view.contains(rect), f"{name!r} runs out of the view: {rect} in {view}"
    # Each names the side of the vertical line at z = logit(t) it is on.
    z_t = float(np.log(threshold / (1.0 - threshold)))
    x_line = plot.plotItem.vb.mapViewToScene(QPointF(z_t, threshold)).x()
    assert rects["predicts 1"].left() >= x_line - 1
    assert rects["predicts 0"].right() <= x_line + 1


@pytest.mark.parametrize("width", [1055, 640, 420])
@pytest.mark.parametrize("threshold", [0.5, 0.25])
def test_the_counts_fit_a_narrow_predictions_panel_at_2x_fonts(qtbot, width, threshold):
    plot = show(qtbot, PredictionsPlot(theme=THEMES["default"].scaled(2.0)), width, 720)
    z, y = logits_and_labels(400)
    called = 1.0 / (1.0 + np.exp(-z)) > threshold
    positive = y > 0.5
    plot.set_predictions(y, called, y[:120], called[:120])  # two sets: "training:" leads
    plot.set_threshold(threshold)
    redraw(plot)
    # The plot never grows past its widget (a long counts line had widened it, cut off).
    assert plot.plotItem.sceneBoundingRect().width() <= plot.viewport().width() + 0.5
    label = plot.plotItem.layout.itemAt(4, 1)
    assert label.sceneBoundingRect().right() <= plot.viewport().width() + 0.5
    drawn = label.item.toPlainText().replace("\xa0", " ")
    tp, fp = int(np.sum(called & positive)), int(np.sum(called & ~positive))
    tn, fn = int(np.sum(~called & ~positive)), int(np.sum(~called & positive))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    for name, value in (("TP", tp), ("FP", fp), ("TN", tn), ("FN", fn)):
        assert f"{name} {value}" in drawn, drawn
    short = "P " in drawn and "precision" not in drawn
    for long_name, short_name, value in (("precision", "P", precision),
                                         ("recall", "R", recall), ("F1", "F1", f1)):
        expected = (f"{short_name} {value:.2f}" if short else f"{long_name} {value:.3f}")
        assert expected in drawn, drawn
    assert f"accuracy {100 * np.mean(called == positive):.1f} %" in drawn
    if threshold != 0.5:
        assert f"p > {threshold:g}" in drawn


def test_the_accuracy_panel_names_the_rule_its_curves_were_recorded_at(make_window, qtbot):
    config = TrainingConfig(dataset="blobs", samples=200, features=2, lr=0.5, iterations=60,
                            device="cpu", dtype="float64", noise=2.0, val_fraction=0.3)
    window = make_window(config)
    train_to_end(window, qtbot)
    plot = window.accuracyPlot
    assert curve(plot, "training accuracy") and plot.toolTip() == ""
    window.controls.thresholdInput.setValue(0.1)
    # The counts follow t; the recorded curves cannot, and say which rule they use.
    assert curve(plot, "training accuracy (p > 0.5)")
    assert curve(plot, "held-out accuracy (p > 0.5)")
    assert "t = 0.1" in plot.toolTip() and "p > 0.5" in plot.toolTip()
    window.controls.thresholdInput.setValue(0.5)
    assert curve(plot, "training accuracy") and plot.toolTip() == ""
