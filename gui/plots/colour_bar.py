"""Colour maps and colour bars shared by the heat-map panels (decision boundary, weights)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

from gui.plots.log_ticks import value_label
from gui.plots.themed_plot import font, qcolor
from gui.theme import Theme


def diverging_colormap(low: str, neutral: str, high: str, tint: float = 1.0) -> pg.ColorMap:
    """low -> neutral -> high; `tint` < 1 stops the ends short of the full colours."""
    ends = [qcolor(low), qcolor(neutral), qcolor(high)]
    rgb = np.array([c.getRgbF()[:3] for c in ends])
    rgb[[0, 2]] = (1.0 - tint) * rgb[1] + tint * rgb[[0, 2]]
    return pg.ColorMap([0.0, 0.5, 1.0], np.rint(255 * rgb).astype(np.uint8))


def scale_label(value: float, spacing: float) -> str:
    """A colour-bar tick label: plain decimals from 0.001 up to 9999, m·10ⁿ beyond, so that
    -200000 does not grow wider than the scale (its label was then left out, 200000 kept)."""
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        decimals = max(0, math.ceil(-math.log10(spacing) - 1e-9)) if spacing > 0 else 0
        return f"{value:.{decimals}f}"
    return ("-" if value < 0 else "") + value_label(abs(value))


def make_colour_bar(label: str) -> pg.ColorBarItem:
    """A fixed (non-interactive) vertical colour bar with `label` beside it."""
    bar = pg.ColorBarItem(label=label, interactive=False, colorMapMenu=False)
    bar.getAxis("left").setStyle(tickLength=0)
    # ColorBarItem builds its own AxisItem; its labels are ours.
    bar.axis.tickStrings = lambda values, scale, spacing: [
        scale_label(v * scale, spacing * scale) for v in values]
    bar.axis.enableAutoSIPrefix(False)
    bar.getAxis("left").enableAutoSIPrefix(False)
    bar.widest_tick = "0"
    return bar


def fit_colour_bar_scale(bar: pg.ColorBarItem, theme: Theme) -> None:
    """The scale as wide as its widest label, negative or not (at least `bar.widest_tick`):
    pyqtgraph leaves out the labels wider than the axis, which were the negative ones."""
    low, high = bar.levels()
    axis = bar.axis
    texts = [bar.widest_tick]
    if high > low:
        for spacing, values in axis.tickValues(low, high, max(axis.height(), 50.0)):
            # Measure the negative of each label too: the scale is symmetric about 0.
            texts += [scale_label(-abs(v), spacing) for v in values]
    metrics = QFontMetricsF(font(theme.tick_pt))
    text = max(metrics.horizontalAdvance(t) for t in texts)
    gap = max(3, int(theme.tick_pt * 0.4))
    width = round(text + 2 * gap + 4)
    if width != round(axis.width()):
        axis.setWidth(width)


def style_colour_bar(bar: pg.ColorBarItem, theme: Theme, widest_tick: str) -> None:
    """Fonts, label and frame of `bar` for `theme`, the bar as wide as a line of text and its
    scale at least as wide as `widest_tick` (so that most changes of levels keep the layout)."""
    for name in ("left", "right", "top", "bottom"):
        axis = bar.getAxis(name)
        axis.setPen(pg.mkPen(qcolor(theme.foreground), width=theme.px(1)))
        axis.setTextPen(pg.mkPen(qcolor(theme.foreground)))
        axis.setTickFont(font(theme.tick_pt))
    label = bar.getAxis("left")
    label.setLabel(label.labelText, color=theme.foreground,
                   **{"font-size": f"{theme.label_pt:.1f}pt"})
    label.setWidth(round(QFontMetricsF(font(theme.label_pt)).height() + 8))
    gap = max(3, int(theme.tick_pt * 0.4))
    # The labels at the bar's two ends overhang it by half a line: pyqtgraph drops a label
    # past its axis by more than this many pixels (at 2x fonts the "1" and "0" of P went).
    overhang = math.ceil(QFontMetricsF(font(theme.tick_pt)).height())
    bar.axis.setStyle(tickTextOffset=gap, tickLength=gap, hideOverlappingLabels=overhang)
    bar.widest_tick = widest_tick
    fit_colour_bar_scale(bar, theme)
    bar.layout.setColumnFixedWidth(1, round(theme.label_pt * 1.7))
