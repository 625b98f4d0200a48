"""Colour maps and colour bars shared by the heat-map panels (decision boundary, weights)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

from gui.plots.themed_plot import font, qcolor
from gui.theme import Theme


def diverging_colormap(low: str, neutral: str, high: str, tint: float = 1.0) -> pg.ColorMap:
    """low -> neutral -> high; `tint` < 1 stops the ends short of the full colours."""
    ends = [qcolor(low), qcolor(neutral), qcolor(high)]
    rgb = np.array([c.getRgbF()[:3] for c in ends])
    rgb[[0, 2]] = (1.0 - tint) * rgb[1] + tint * rgb[[0, 2]]
    return pg.ColorMap([0.0, 0.5, 1.0], np.rint(255 * rgb).astype(np.uint8))


def make_colour_bar(label: str) -> pg.ColorBarItem:
    """A fixed (non-interactive) vertical colour bar with `label` beside it."""
    bar = pg.ColorBarItem(label=label, interactive=False, colorMapMenu=False)
    bar.getAxis("left").setStyle(tickLength=0)
    return bar


def style_colour_bar(bar: pg.ColorBarItem, theme: Theme, widest_tick: str) -> None:
    """Fonts, label and frame of `bar` for `theme`, the bar as wide as a line of text and its
    scale as wide as `widest_tick` (fixed, so that changing levels never move the layout)."""
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
    bar.axis.setStyle(tickTextOffset=gap, tickLength=gap)
    text = QFontMetricsF(font(theme.tick_pt)).horizontalAdvance(widest_tick)
    bar.axis.setWidth(round(text + 2 * gap + 4))
    bar.layout.setColumnFixedWidth(1, round(theme.label_pt * 1.7))
