"""Training cost over steps: log scale, the optimum as a reference line, and the gap to it."""

from __future__ import annotations

import math
from enum import Enum

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from gui.i18n import translate
from gui.plots.history_plot import HistoryPlot
from gui.plots.ranges import steady_extent
from gui.plots.themed_plot import hold_legend_at, legend_scales, qcolor
from gui.theme import THEMES, Theme

# Source texts (English), translated when shown (context "LossPlot").
COST_LABEL = QT_TRANSLATE_NOOP("LossPlot", "cost (cross-entropy + L2)")
GAP_LABEL = QT_TRANSLATE_NOOP("LossPlot", "cost − optimum (log scale)")
SHORT_LABELS = {COST_LABEL: QT_TRANSLATE_NOOP("LossPlot", "cost"),  # for axes too short
                GAP_LABEL: QT_TRANSLATE_NOOP("LossPlot", "cost − optimum")}
TITLES = {False: QT_TRANSLATE_NOOP("LossPlot", "Cost"),  # by: is there a held-out set?
          True: QT_TRANSLATE_NOOP("LossPlot", "Training and held-out cost")}
# Gaps below float64 resolution of the cost are rounding noise; clamping them there keeps the
# log axis finite when a run reaches the optimum exactly (or dips below it by rounding).
GAP_FLOOR = float(np.finfo(np.float64).eps)
# The cost of saying p = 0.5 for every sample (w = 0, b = 0): -log(0.5) per sample, and no L2
# term. A model must get below it to have learnt anything (docs/ARCHITECTURE.md §2).
CHANCE_COST = math.log(2.0)


class ChanceEntry(Enum):
    """The chance line's legend entry: full or short at each text size in turn, left out
    only where no readable size fits either."""
    FULL = "full"  # chance (p = 0.5 for all): ln 2 ≈ 0.693
    SHORT = "short"  # chance: ln 2 ≈ 0.693
    LEFT_OUT = "left out"  # the curves' names matter more


class LossPlot(HistoryPlot):
    """The training (and held-out) cost as training runs."""

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("lossPlot", parent)
        self._log = False
        self._gap = False
        self._cost_top = 0.0
        self._reference: float | None = None
        # The optimum's value is named in the legend: a label on the line covered the held-out
        # curve, which runs just above it, and at big fonts ran off the plot.
        self._ref_line = pg.InfiniteLine(angle=0, movable=False)
        self._ref_line.setVisible(False)
        self._ref_line.setZValue(1)  # under the live curves
        # In the bounds: an autoranged (log) axis reaches down to it, so the legend never
        # names a line that is off the axis (a diverged run's costs are all far above it).
        self.addItem(self._ref_line)
        self._ref_swatch = pg.PlotDataItem()  # the legend's sample of the line; never drawn
        # Chance is named in the legend, as the optimum is: a label on the line itself sat
        # under the legend at 1x and was cut off at the top of the plot at 2x fonts. The entry
        # stays while the line is off the cost axis (a run far below chance): it says the level.
        self._chance_line = pg.InfiniteLine(angle=0, movable=False)
        self._chance_line.setZValue(0.5)  # under the optimum line and the live curves
        self.addItem(self._chance_line, ignoreBounds=True)
        self._chance_swatch = pg.PlotDataItem()  # the legend's sample of the line; never drawn
        self._chance_form = ChanceEntry.FULL
        self._update_chance_line()
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        super().retranslate()
        self._update_title()
        self._update_axis_label()
        self._update_reference_legend()

    def chance_line(self) -> pg.InfiniteLine:
        """The dotted line at ln 2, the cost of p = 0.5 for every sample."""
        return self._chance_line

    def chance_text(self) -> str:
        """The legend entry naming the chance line ('' while the line is hidden, or its entry
        left out of a legend too big for the plot)."""
        return next((label.text for sample, label in self._legend.items
                     if sample.item is self._chance_swatch), "")

    def _curve_names(self) -> tuple[str, str]:
        return (translate("LossPlot", "training cost"), translate("LossPlot", "held-out cost"))

    def _value_name(self) -> str:
        return translate("LossPlot", "cost")

    def set_history(self, steps: np.ndarray, train: np.ndarray, val: np.ndarray | None = None
                    ) -> None:
        super().set_history(steps, train, val)
        self._update_cost_range()
        self._update_title()
        self.settle_view()  # the cost range, or autorange on a log axis

    def set_pins(self, pins) -> None:
        super().set_pins(pins)
        self._update_reference_legend()  # the pins' entries go before it

    def set_val_sample(self, measured: int | None, total: int | None) -> None:
        super().set_val_sample(measured, total)
        self._update_title()

    def reference_text(self) -> str:
        """The legend entry naming the optimum ('' while none is drawn)."""
        return next((label.text for sample, label in self._legend.items
                     if sample.item is self._ref_swatch), "")

    def set_log_scale(self, on: bool) -> None:
        self._log = bool(on)
        self._update_axes()

    def log_scale(self) -> bool:
        """Whether the cost axis is logarithmic (always, in gap view)."""
        return self._log or self.gap_view()

    def set_reference(self, cost: float | None) -> None:
        """Draw the optimum cost (e.g. from an independent optimiser) as a dashed line."""
        self._reference = None if cost is None else float(cost)
        self._update_axes()
        self._update_curves()

    def reference(self) -> float | None:
        return self._reference

    def set_gap_view(self, on: bool) -> None:
        """Show cost − optimum on a log axis; takes effect only while a reference is set."""
        self._gap = bool(on)
        self._update_axes()
        self._update_curves()

    def gap_view(self) -> bool:
        """Whether the gap to the optimum is shown (requested and a reference is set)."""
        return self._gap and self._reference is not None

    def clear(self) -> None:
        """Forget history, markers, pins and the reference; keep the scale settings."""
        self._reference = None
        super().clear()
        self._update_axes()

    def _display_y(self, values: np.ndarray) -> np.ndarray:
        if values is None or not self.gap_view():
            return values
        floor = GAP_FLOOR * max(1.0, abs(self._reference))
        return np.maximum(values - self._reference, floor)  # NaN stays NaN: a gap in the curve

    def _restore_y_range(self) -> None:
        self._update_axes()

    def _update_cost_range(self) -> None:
        # On a linear axis the cost (>= 0) gets [0, a round top] that changes only when the
        # curve outgrows it: autorange would move, and repaint, the axis on every frame.
        if self.log_scale() or not self._follow_steps:
            self.enableAutoRange(y=True)
            return
        # The drawn envelopes hold the same maxima as the histories, in a few thousand values.
        peak = max((_finite_max(values) for values in self._drawn_values()), default=0.0)
        if peak <= 0:
            return
        if self.plotItem.vb.autoRangeEnabled()[1]:  # pyqtgraph signals even a no-op change
            self.enableAutoRange(y=False)
        top = steady_extent(self._cost_top, peak, shrink_below=0.2)
        if top != self._cost_top:
            self._cost_top = top
            self.setYRange(0.0, top, padding=0.02)

    def _update_axes(self) -> None:
        self._cost_top = 0.0  # a new scale: the cost range is chosen afresh
        if self.log_scale() and not self.plotItem.ctrl.logYCheck.isChecked():
            # The axis briefly reads the old linear range as powers of ten: 10**(a diverged
            # cost) overflows. Start the log view from a harmless range; autorange follows.
            self.setYRange(0.0, 1.0, padding=0.0)
        self.setLogMode(x=self._log_steps, y=self.log_scale())
        # pyqtgraph's setLogMode turned autorange on for both axes: the step axis would shrink
        # to the curve (a divergence's few steps) while the other panels keep the run's range.
        self.enableAutoRange(x=False)
        self._update_cost_range()
        self._update_axis_label()
        self._update_reference_line()
        self._update_chance_line()

    def _update_chance_line(self) -> None:
        # Not in gap view: cost − optimum has no chance level of its own.
        self._chance_line.setVisible(not self.gap_view())
        # InfiniteLine has no log mode of its own: in log10 units on a log axis.
        self._chance_line.setValue(math.log10(CHANCE_COST) if self.log_scale() else CHANCE_COST)
        self._update_reference_legend()

    def _update_axis_label(self) -> None:
        label = GAP_LABEL if self.gap_view() else COST_LABEL
        self.set_axis_label("left", translate("LossPlot", label),
                            short=translate("LossPlot", SHORT_LABELS[label]))

    def _update_reference_line(self) -> None:
        ref = self._reference
        log = self.log_scale()
        visible = ref is not None and not self.gap_view() and (ref > 0 or not log)
        self._ref_line.setVisible(visible)
        if visible:
            # InfiniteLine has no log mode of its own: place it in log10 units on a log axis.
            self._ref_line.setValue(float(np.log10(ref)) if log else ref)
        self._update_reference_legend()

    def _update_reference_legend(self) -> None:
        """Chance, then the optimum, as the legend's last entries while their lines are drawn."""
        if self._sync_reference_entries():
            self._style_legends()

    def _sync_reference_entries(self) -> bool:
        """Put the chance and optimum entries (in the chance entry's current form) last in
        the legend; returns whether the legend changed."""
        chance = {ChanceEntry.FULL: self._chance_text(short=False),
                  ChanceEntry.SHORT: self._chance_text(short=True)}.get(self._chance_form)
        optimum = self._reference is not None and self._ref_line.isVisible()
        wanted = [entry for entry, shown in (
            ((self._chance_swatch, chance), self._chance_line.isVisible() and chance),
            ((self._ref_swatch, translate("LossPlot", "optimum {cost}").format(
                cost=f"{self._reference:.6g}") if optimum else ""), optimum)) if shown]
        swatches = (self._chance_swatch, self._ref_swatch)
        items = [(sample.item, label.text) for sample, label in self._legend.items]
        if items[len(items) - len(wanted):] == wanted and len(
                [item for item, _ in items if item in swatches]) == len(wanted):
            return False
        for swatch in swatches:
            self._legend.removeItem(swatch)
        for swatch, text in wanted:
            self._legend.addItem(swatch, text)
        return True

    @staticmethod
    def _chance_text(short: bool) -> str:
        text = (translate("LossPlot", "chance: ln 2 ≈ {cost}") if short else
                translate("LossPlot", "chance (p = 0.5 for all): ln 2 ≈ {cost}"))
        return text.format(cost=f"{CHANCE_COST:.3f}")

    def _fit_legend(self, legend, width: float, height: float) -> bool:
        """The largest text first, with the chance entry in full or else short at each size;
        only where no readable size fits either, the legend without it: at 2x fonts the full
        entry had kept the whole legend at half size (1x) beside 2x neighbours, and in a small
        panel it hid the whole legend, the curves' names with it."""
        if legend is not self._legend or getattr(self, "_chance_swatch", None) is None \
                or not self._chance_line.isVisible():
            return super()._fit_legend(legend, width, height)
        for scale in legend_scales(self._theme):
            for form in (ChanceEntry.FULL, ChanceEntry.SHORT):
                self._chance_form = form
                self._sync_reference_entries()
                size = hold_legend_at(legend, self._theme, scale)
                if size.width() <= width and size.height() <= height:
                    legend.setVisible(True)
                    self._note_fitted_scale(legend, scale)
                    return True
        self._chance_form = ChanceEntry.LEFT_OUT
        self._sync_reference_entries()
        return super()._fit_legend(legend, width, height)

    def _update_val_legend(self) -> None:
        super()._update_val_legend()
        self._update_reference_legend()  # the held-out entry goes before it

    def _update_title(self) -> None:
        held_out = self._val_y is not None or self._val_total is not None
        title = translate("LossPlot", TITLES[held_out])
        if title != self.title():  # a new title re-lays the plot out: not on every frame
            self.set_title(title)

    def _restyle(self, theme: Theme) -> None:
        super()._restyle(theme)
        pen = pg.mkPen(qcolor(theme.foreground, 170),
                       width=theme.px(max(1.0, theme.pen_width * 0.6)),
                       style=Qt.PenStyle.DashLine)
        self._ref_line.setPen(pen)
        self._ref_swatch.setPen(pen)
        chance = pg.mkPen(qcolor(theme.foreground, 130), width=theme.px(1),
                          style=Qt.PenStyle.DotLine)
        self._chance_line.setPen(chance)
        # Bolder in the legend: a 1 px dotted sample was barely visible there.
        self._chance_swatch.setPen(pg.mkPen(qcolor(theme.foreground, 170), width=pen.widthF(),
                                            style=Qt.PenStyle.DotLine))

def _finite_max(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if len(finite) else 0.0
