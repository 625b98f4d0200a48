"""Every threshold at once: the ROC curve (or precision against recall) of the training and
held-out samples, with the point the current threshold picks on each (docs/ARCHITECTURE.md §16).

The numbers come from core/classification.py; this view only draws them. A switch in the title
row's corner chooses the curve, as the predictions panel's switch chooses its set: one panel,
one curve kind at a time, each with the area that summarises it (AUC, average precision).
"""

from __future__ import annotations

from enum import Enum

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import QComboBox

from core.classification import (
    DEFAULT_THRESHOLD,
    Confusion,
    Curve,
    confusion,
    precision_recall_curve,
    precision_recall_steps,
    roc_curve,
)
from gui.i18n import translate
from gui.plots.themed_plot import (
    UNBOUNDED,
    ThemedPlot,
    hold_legend_at,
    legend_scales,
    legend_text_scale,
    make_legend,
    qcolor,
)
from gui.theme import THEMES, Theme

MAX_DRAWN_POINTS = 4000  # a curve over a million samples is drawn through this many vertices
AXIS_RANGE = (-0.02, 1.02)
LEGEND_OFFSET = 10  # pixels between the legend and the plot's corner
CHANCE_CLEARANCE = 4  # pixels the legend keeps from the chance line


class CurveKind(Enum):
    """What the panel plots: (its switch's text, title)."""

    ROC = (QT_TRANSLATE_NOOP("RocPlot", "ROC curve"),
           QT_TRANSLATE_NOOP("RocPlot", "ROC: every threshold"))
    PRECISION_RECALL = (QT_TRANSLATE_NOOP("RocPlot", "Precision–recall"),
                        QT_TRANSLATE_NOOP("RocPlot", "Precision and recall: every threshold"))

    def __init__(self, switch_text: str, title: str):
        self.switch_text = switch_text
        self.title = title


def thinned(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most MAX_DRAWN_POINTS vertices, the first and last kept (the curves are monotone
    steps: a picture's pixels cannot show more)."""
    if len(x) <= MAX_DRAWN_POINTS:
        return x, y
    index = np.unique(np.linspace(0, len(x) - 1, MAX_DRAWN_POINTS).round().astype(int))
    return x[index], y[index]


class _Set:
    """One set's curve, its operating point and its numbers (training or held-out)."""

    def __init__(self, symbol: str):
        self.curve = pg.PlotDataItem(antialias=True)
        self.point = pg.ScatterPlotItem(symbol=symbol, pxMode=True)
        self.roc: Curve | None = None
        self.pr: Curve | None = None
        self.counts: Confusion | None = None
        self.positive_share = float("nan")

    def update(self, z: np.ndarray | None, y: np.ndarray | None, threshold: float) -> None:
        if z is None or y is None:
            self.roc = self.pr = self.counts = None
            return
        self.roc, self.pr = roc_curve(z, y), precision_recall_curve(z, y)
        self.counts = confusion(z, y, threshold)
        self.positive_share = float(np.mean(np.asarray(y) > 0.5)) if len(y) else float("nan")

    def draw(self, kind: CurveKind) -> bool:
        """Draw the curve and the point of `kind`; False where there is none (one class)."""
        curve = self.roc if kind is CurveKind.ROC else self.pr
        if curve is None or self.counts is None:
            self.curve.setData([], [])
            self.point.setData([], [])
            return False
        x, y = thinned(curve.x, curve.y)
        # Precision-recall as steps, whose area is the average precision shown beside it.
        self.curve.setData(*(precision_recall_steps(x, y) if kind is CurveKind.PRECISION_RECALL
                             else (x, y)))
        c = self.counts
        if kind is CurveKind.ROC:
            point = (c.false_positive_rate, c.recall)
        else:  # where nothing is called class 1, the curve's start stands in (precision 0/0)
            point = (c.recall, 1.0 if c.tp + c.fp == 0 else c.precision)
        self.point.setData([point[0]], [point[1]])
        return True


class RocPlot(ThemedPlot):
    """ROC or precision-recall curves of the training (and held-out) samples."""

    # Taller than other plots' legends may be: the curves leave the legend's corner empty,
    # and in a 1x window the five rows fitted the usual share only at 6 px text.
    _legend_height_share = 0.6

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("rocPlot", "", "", "", parent)
        self._kind = CurveKind.ROC
        self._threshold = DEFAULT_THRESHOLD
        self._train, self._val = _Set("o"), _Set("d")
        self._chance = pg.PlotDataItem(antialias=True)
        self._init_kind_input()
        self._add_items()
        self._init_view()
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    # ----- public API -----

    def set_scores(self, z_train: np.ndarray, y_train: np.ndarray,
                   z_val: np.ndarray | None = None, y_val: np.ndarray | None = None,
                   threshold: float = DEFAULT_THRESHOLD) -> None:
        """The curves of these logits and labels, and the points `threshold` picks."""
        self._threshold = float(threshold)
        self._train.update(z_train, y_train, self._threshold)
        self._val.update(z_val, y_val, self._threshold)
        self._draw()

    def kind(self) -> CurveKind:
        return self._kind

    def set_kind(self, kind: CurveKind) -> None:
        """Show the ROC or the precision-recall curves (the switch follows)."""
        self._kind_input.setCurrentIndex(list(CurveKind).index(kind))  # -> _on_kind_chosen

    def area(self, held_out: bool = False) -> float | None:
        """The AUC (ROC) or average precision (precision-recall) shown for a set; None where
        none is drawn."""
        group = self._val if held_out else self._train
        curve = group.roc if self._kind is CurveKind.ROC else group.pr
        return None if curve is None else curve.area

    def operating_point(self, held_out: bool = False) -> tuple[float, float] | None:
        """(x, y) of the marked point at the threshold, as drawn."""
        x, y = (self._val if held_out else self._train).point.getData()
        return (float(x[0]), float(y[0])) if len(x) else None

    def curve_data(self, held_out: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The drawn curve's vertices."""
        x, y = (self._val if held_out else self._train).curve.getData()
        return (np.empty(0), np.empty(0)) if x is None else (x, y)

    # ----- building -----

    def _init_kind_input(self) -> None:
        # In the title row's left corner, as the predictions panel's set switch.
        combo = self._kind_input = QComboBox()
        combo.setObjectName("rocCurveInput")
        combo.addItems(["" for _ in CurveKind])  # texts: retranslate()
        self.add_title_switch(combo)
        combo.currentIndexChanged.connect(self._on_kind_chosen)

    def _add_items(self) -> None:
        self._chance.setZValue(1)
        self.addItem(self._chance)
        for z, group in enumerate((self._val, self._train)):
            group.curve.setZValue(3 + z)
            group.point.setZValue(10 + z)
            self.addItem(group.curve)
            self.addItem(group.point)
        self._legend = self.add_legend(make_legend(offset=(-LEGEND_OFFSET, -LEGEND_OFFSET)))
        self._legend.setParentItem(self.plotItem.vb)

    def _init_view(self) -> None:
        self.setMouseEnabled(x=False, y=False)  # rates live in [0, 1]: nothing to pan to
        self.plotItem.hideButtons()
        self.setRange(xRange=AXIS_RANGE, yRange=AXIS_RANGE, padding=0.0)
        self.plotItem.vb.disableAutoRange()

    # ----- texts -----

    def retranslate(self) -> None:
        for index, kind in enumerate(CurveKind):
            self._kind_input.setItemText(index, translate("RocPlot", kind.switch_text))
        self._kind_input.setToolTip(translate(
            "RocPlot", "ROC: true-positive against false-positive rate; precision-recall: "
                       "how many class-1 calls are right against how many class-1 samples "
                       "are found. Each point of a curve is one threshold."))
        self.place_title_switch()
        self._update_texts()
        self._draw()

    def _update_texts(self) -> None:
        self.set_title(translate("RocPlot", self._kind.title))
        if self._kind is CurveKind.ROC:
            self.set_axis_label(
                "bottom", translate("RocPlot", "false-positive rate  FP / (FP + TN)"),
                short=translate("RocPlot", "FP rate"))
            self.set_axis_label("left", translate("RocPlot", "true-positive rate (recall)"),
                                short=translate("RocPlot", "TP rate"))
        else:
            self.set_axis_label("bottom", translate("RocPlot", "recall  TP / (TP + FN)"),
                                short=translate("RocPlot", "recall"))
            self.set_axis_label("left", translate("RocPlot", "precision  TP / (TP + FP)"),
                                short=translate("RocPlot", "precision"))

    # ----- drawing -----

    @Slot(int)
    def _on_kind_chosen(self, index: int) -> None:
        self._kind = list(CurveKind)[index]
        self._update_texts()
        self._draw()

    def _draw(self) -> None:
        kind = self._kind
        drawn = [group.draw(kind) for group in (self._train, self._val)]
        if kind is CurveKind.ROC:
            self._chance.setData([0.0, 1.0], [0.0, 1.0])
        else:  # calling samples class 1 at random: precision = the share of class 1
            share = self._train.positive_share
            self._chance.setData(*(([0.0, 1.0], [share, share]) if np.isfinite(share)
                                   else ([], [])))
        self._rebuild_legend(drawn)
        self._anchor_legend()

    def _rebuild_legend(self, drawn: list[bool]) -> None:
        name = "AUC" if self._kind is CurveKind.ROC else translate("RocPlot", "AP")
        entries = []
        for group, shown, text in ((self._train, drawn[0], translate("RocPlot", "training")),
                                   (self._val, drawn[1], translate("RocPlot", "held-out"))):
            if shown:
                area = group.roc.area if self._kind is CurveKind.ROC else group.pr.area
                entries.append((group.curve, f"{text}  {name} {area:.3f}"))
        if drawn[0] and drawn[1]:  # a marker each: the circle and the diamond
            entries.append((self._train.point, translate(
                "RocPlot", "threshold p > {t:g} (training)").format(t=self._threshold)))
            entries.append((self._val.point, translate(
                "RocPlot", "threshold p > {t:g} (held-out)").format(t=self._threshold)))
        elif entries:
            group = self._train if drawn[0] else self._val
            entries.append((group.point, translate(
                "RocPlot", "threshold p > {t:g}").format(t=self._threshold)))
        entries.append((self._chance, translate("RocPlot", "chance")))
        if [label.text for _, label in self._legend.items] == [text for _, text in entries]:
            return
        self._legend.clear()
        # Unbounded again: _fit_view_legends holds a shrunk legend to the size of its text then.
        self._legend.setMaximumSize(UNBOUNDED, UNBOUNDED)
        for item, text in entries:
            self._legend.addItem(item, text)
        self._style_legends()

    def _anchor_legend(self, *_) -> None:
        """In the corner the curves leave empty: bottom right under a ROC curve, bottom left
        under a precision-recall curve, or there just above the chance line where the legend
        is taller than the room under it (few class-1 samples put that line low). Anchored
        again once its size is known: pyqtgraph anchors a corner by the size the legend had
        when placed."""
        if self._kind is CurveKind.ROC:
            self._legend.setOffset((-LEGEND_OFFSET, -LEGEND_OFFSET))
            return
        line = self._chance_height()
        height = self._legend.boundingRect().height()
        above = line is not None and LEGEND_OFFSET + height + CHANCE_CLEARANCE > line
        self._legend.setOffset((LEGEND_OFFSET, -(line + CHANCE_CLEARANCE) if above
                                else -LEGEND_OFFSET))

    def _chance_height(self) -> float | None:
        """Pixels from the plot's bottom up to the precision-recall chance line, or None."""
        share, height = self._train.positive_share, self.plotItem.vb.height()
        if not np.isfinite(share) or height <= 0:
            return None
        low, high = AXIS_RANGE
        return (share - low) / (high - low) * height

    def _legend_clears(self, size) -> bool:
        """Whether the legend, `size` pixels in its corner, keeps off the chance line: the
        diagonal for ROC (the legend bottom right); the level line at the share of class 1
        for precision-recall, under it or just above it (bottom left). At 2x fonts in Chinese
        it covered that line."""
        view = self.plotItem.vb
        width, height = view.width(), view.height()
        if width <= 0 or height <= 0:
            return True
        if self._kind is CurveKind.PRECISION_RECALL:
            line = self._chance_height()
            needed = LEGEND_OFFSET + size.height() + CHANCE_CLEARANCE
            return line is None or needed <= line or line + needed <= height
        # The diagonal meets the legend's left edge at y = x: its top must be lower.
        low, high = AXIS_RANGE
        top = low + (LEGEND_OFFSET + size.height() + CHANCE_CLEARANCE) * (high - low) / height
        left = high - (LEGEND_OFFSET + size.width() + CHANCE_CLEARANCE) * (high - low) / width
        return top < left

    def _fit_view_legends(self, *_) -> None:
        """As every plot's, then smaller still (down to the smallest readable size) while the
        legend covers the chance line: measured as laid out, since a label's margins do not
        shrink with its text."""
        super()._fit_view_legends()
        if not hasattr(self, "_legend"):
            return
        legend = self._legend
        if legend.isVisible() and legend.items:
            shown = legend_text_scale(legend, self._theme)
            for scale in (s for s in legend_scales(self._theme) if s < shown - 0.02):
                if self._legend_clears(legend.layout.preferredSize()):
                    break
                hold_legend_at(legend, self._theme, scale)
        self._anchor_legend()

    def _fitting_label(self, name: str, axis, theme: Theme) -> str:
        """Both axis titles in full where both fit, else both short: "TP rate" beside
        "false-positive rate  FP / (FP + TN)" read as two different styles."""
        full = self._axis_labels.get(name) or ""
        both_fit = all(super(RocPlot, self)._fitting_label(other, self.getAxis(other), theme)
                       == self._axis_labels.get(other) for other in ("bottom", "left"))
        return full if both_fit else self._short_labels.get(name) or full

    def _restyle(self, theme: Theme) -> None:
        width = theme.px(theme.pen_width)
        for group, colour in ((self._train, theme.train_curve), (self._val, theme.val_curve)):
            group.curve.setPen(pg.mkPen(colour, width=width))
            group.point.setSize(theme.symbol_size * 2.0)
            group.point.setBrush(pg.mkBrush(colour))
            group.point.setPen(pg.mkPen(qcolor(theme.foreground), width=theme.px(1.5)))
        self._chance.setPen(pg.mkPen(qcolor(theme.foreground, 130), width=theme.px(1),
                                     style=Qt.PenStyle.DashLine))
