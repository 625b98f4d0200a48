"""What the views say about the decision threshold, at 1x and 2x fonts: the hints beside the
threshold on the samples panel, the counts line of the predictions panel, and the rule the
accuracy panel's curves were recorded with (gui/plots/samples_plot.py, predictions_plot.py,
accuracy_plot.py). Expected counts come from numpy written here."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from gui.plots import SamplesPlot
from gui.theme import THEMES
from tests.plot_fixtures import logits_and_labels, redraw, show


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
