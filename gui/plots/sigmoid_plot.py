"""The notebook's sigmoid figure, s(x) = 1 / (1 + e^-x) on [-6, 6], and its tanh identity."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from core.legend_corner import Corner
from gui.i18n import translate
from gui.plots.themed_plot import ThemedPlot, make_legend, qcolor
from gui.theme import THEMES, Theme

X_MIN, X_MAX = -6.0, 6.0
N_POINTS = 481  # 0.025 steps: smooth at any slide resolution
FORMULA = "s(x) = 1 / (1 + e⁻ˣ)"  # one text run, so SVG exports keep it searchable
IDENTITY = "(1 + tanh(x/2)) / 2"
Y_TICKS = (0.0, 0.5, 1.0)
X_TICKS = (-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0)


class SigmoidPlot(ThemedPlot):
    """s(x) styled like the notebook: y ticks 0 / 0.5 / 1, grid, y axis through x = 0."""

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("sigmoidPlot", "", "x", "s(x)", parent)  # axes: symbols only
        self._x = np.linspace(X_MIN, X_MAX, N_POINTS)
        self._curve = self.plot(self._x, 1.0 / (1.0 + np.exp(-self._x)), antialias=True)
        self._identity = self.plot(self._x, (1.0 + np.tanh(self._x / 2.0)) / 2.0, antialias=True)
        self._identity.setVisible(False)
        self._identity.setZValue(1)  # dashes on top, so the two curves are seen to coincide
        self._y_axis = pg.InfiniteLine(pos=0.0, angle=90)  # the notebook's spine through x = 0
        self.addItem(self._y_axis, ignoreBounds=True)
        self._legend = self.add_legend(make_legend(), corner=Corner.TOP_LEFT)
        self._legend.setParentItem(self.plotItem.vb)
        self._legend.addItem(self._curve, FORMULA)
        self._set_fixed_view()
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        self.set_title(translate("SigmoidPlot", "The sigmoid function"))

    def set_identity_visible(self, visible: bool) -> None:
        """Overlay (1 + tanh(x/2)) / 2, which is the same curve, as a dashed line."""
        if visible == self.identity_visible():
            return
        self._identity.setVisible(visible)
        if visible:
            self._legend.addItem(self._identity, IDENTITY)
        else:
            self._legend.removeItem(self._identity)
        self.apply_theme(self._theme)

    def identity_visible(self) -> bool:
        return self._identity.isVisible()

    def _set_fixed_view(self) -> None:
        self.setXRange(X_MIN, X_MAX, padding=0.02)  # room for the -6 and 6 labels
        self.setYRange(0.0, 1.0, padding=0.04)
        self.setMouseEnabled(x=False, y=False)  # a reference figure: nothing to explore
        self.plotItem.hideButtons()
        self.getAxis("left").setTicks([[(v, f"{v:g}") for v in Y_TICKS], []])
        self.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in X_TICKS], []])

    def _restyle(self, theme: Theme) -> None:
        width = theme.px(theme.pen_width)
        self._curve.setPen(pg.mkPen(theme.sigmoid, width=width))
        dashed = pg.mkPen(theme.identity, width=width, style=Qt.PenStyle.CustomDashLine)
        dashed.setDashPattern([2.0, 3.0])  # gaps wide enough to see the sigmoid underneath
        self._identity.setPen(dashed)
        self._y_axis.setPen(pg.mkPen(qcolor(theme.foreground), width=theme.px(1)))
