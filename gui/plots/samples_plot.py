"""The signature view: every sample i drawn on the sigmoid at (z_i = w·x_i + b, y_i)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF

from core.classification import DEFAULT_THRESHOLD, logit, predict
from core.sample_selection import SampleSelection, SampleSet, nearest_point, points_in_rect
from gui.i18n import translate
from gui.plots.ranges import steady_extent
from gui.plots.sample_picking import (
    HaloedSamples,
    PickingViewBox,
    selection_brush,
    selection_pen,
)
from gui.plots.themed_plot import (
    BELOW_PLOT_LEGEND_SHARE,
    ThemedPlot,
    fit_legend_below,
    font,
    make_legend,
    qcolor,
    style_legend,
)
from gui.plots.uniform_scatter import UniformScatter, drawn_mask, drawn_note
from gui.theme import THEMES, Theme

JITTER_MIN, JITTER_MAX = 0.012, 0.06
GOLDEN = 0.6180339887498949  # index * golden ratio mod 1 spreads jitter evenly, without a RNG
MIN_HALF_WIDTH = 6.0  # never narrower than the sigmoid figure's [-6, 6]
VIEW_PERCENTILE = 99.5  # a few extreme logits must not squash everyone else into a line
Y_RANGE = (-0.1, 1.1)
CURVE_POINTS = 801
LINE_BOUNDS = (0.001, 0.999)  # the threshold line stays strictly between 0 and 1


def jitter(n: int) -> np.ndarray:
    """Vertical offset of sample i, in [JITTER_MIN, JITTER_MAX], the same on every call."""
    frac = (np.arange(n, dtype=np.float64) * GOLDEN) % 1.0
    return JITTER_MIN + (JITTER_MAX - JITTER_MIN) * frac


def drawn_y(labels: np.ndarray) -> np.ndarray:
    """y_i plus a jitter pointing into [0, 1], so the samples do not all sit on two lines."""
    offset = jitter(len(labels))
    return np.where(labels, 1.0 - offset, offset)


def view_half_width(z: np.ndarray) -> float:
    """Half-width of a view centred on z = 0 that holds all but the most extreme samples."""
    finite = np.abs(z[np.isfinite(z)])
    if len(finite) == 0:
        return MIN_HALF_WIDTH
    return max(MIN_HALF_WIDTH, 1.08 * float(np.percentile(finite, VIEW_PERCENTILE)))


class _Group:
    """The samples of one set (training or held-out): positions and one scatter per class."""

    def __init__(self, symbol: str):
        self.scatters = (UniformScatter(symbol=symbol, pxMode=True),
                         UniformScatter(symbol=symbol, pxMode=True))
        self.z = np.empty(0)
        self.y = np.empty(0)
        self.wrong = np.zeros(0, dtype=bool)
        self.drawn = np.zeros(0, dtype=bool)  # finite, and among those the view draws
        self._labels: np.ndarray | None = None
        self._classes = np.zeros(0, dtype=bool)
        self._shown = np.zeros(0, dtype=bool)  # the samples drawn when finite
        self.indices: tuple[np.ndarray, np.ndarray] = (np.empty(0, int), np.empty(0, int))

    def update(self, z: np.ndarray, labels: np.ndarray, threshold: float) -> None:
        if labels is not self._labels:  # one array for a whole run: jitter and pick it once
            self._labels, self._classes = labels, np.asarray(labels) > 0.5
            self.y = drawn_y(self._classes)
            self._shown = drawn_mask(len(labels))
        z = np.asarray(z, dtype=np.float64)
        finite, classes = np.isfinite(z), self._classes
        self.z = z
        self.wrong = finite & (predict(z, threshold) != classes)
        self.drawn = finite & self._shown
        self.indices = (np.flatnonzero(self.drawn & ~classes),
                        np.flatnonzero(self.drawn & classes))
        for scatter, index in zip(self.scatters, self.indices, strict=True):
            scatter.set_points(self.z[index], self.y[index])

    def reclassify(self, threshold: float) -> None:
        """Ring the samples a new threshold calls wrongly (positions stay)."""
        self.wrong = np.isfinite(self.z) & (predict(self.z, threshold) != self._classes)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions read back from the scatter items, in sample order (NaN: not drawn, as a
        sample whose z is not finite, or one left out of a very large set)."""
        x = np.full(len(self.z), np.nan)
        y = np.full(len(self.z), np.nan)
        for scatter, index in zip(self.scatters, self.indices, strict=True):
            x[index], y[index] = scatter.getData()
        return x, y


class SamplesPlot(HaloedSamples, ThemedPlot):
    """Each sample at its logit on the x axis and its label on the y axis, over the sigmoid."""

    _grid = (False, True)  # the threshold line is the only vertical reference needed
    thresholdDragged = Signal(float)  # the user dragged the line at p = t to this p

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("samplesPlot", "", "", "", parent, view_box=PickingViewBox())
        self._train, self._val = _Group("o"), _Group("d")
        # A halo behind each selected sample (gui/sample_selection.py): filled, larger than
        # the misclassified rings and in another colour, so that both read at once.
        self._halo = UniformScatter(symbol="o", pxMode=True)
        self._selection = SampleSelection()
        self._threshold = DEFAULT_THRESHOLD
        self._has_val = False
        self._follow_data = True
        self._curve = pg.PlotDataItem(antialias=True)
        self._wrong = UniformScatter(symbol="o", pxMode=True)
        # The threshold in z (vertical) and in p (horizontal; the user drags it).
        self._thresholds = (pg.InfiniteLine(pos=0.0, angle=90),
                            pg.InfiniteLine(pos=DEFAULT_THRESHOLD, angle=0, movable=True,
                                            bounds=LINE_BOUNDS))
        # A bound method, not a lambda holding self: that would keep a closed panel alive.
        self._thresholds[1].sigDragged.connect(self._on_line_dragged)
        self._y_ticks: list | None = None  # the label axis's ticks as set
        self._hints = (pg.TextItem(anchor=(-0.05, -0.1)), pg.TextItem(anchor=(1.05, 1.1)))
        self._add_items()
        self._init_legend()
        self._init_view()
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        self._update_title()
        self.set_axis_label("bottom", translate("SamplesPlot", "z = w·x + b  (logit)"))
        self.set_axis_label("left", translate("SamplesPlot", "label y,  s(z) = P(y = 1)"),
                            short=translate("SamplesPlot", "y,  s(z)"))
        self._hints[0].setText(translate("SamplesPlot", "predicts 1 →"))
        self._hints[1].setText(translate("SamplesPlot", "← predicts 0"))
        self._thresholds[1].setToolTip(translate(
            "SamplesPlot", "The decision threshold: samples above it on the sigmoid are called "
            "class 1. Drag it (training does not use it)."))
        self._fit_hints()
        self._fit_y_ticks()
        self._rebuild_legend()

    def _update_title(self) -> None:
        title = translate("SamplesPlot", "Samples on the sigmoid") + drawn_note(
            len(self._train.z))
        if title != self.title():  # a new title re-lays the plot out: not on every frame
            self.set_title(title)

    # ----- public API -----

    def set_samples(self, z_train: np.ndarray, y_train: np.ndarray,
                    z_val: np.ndarray | None = None, y_val: np.ndarray | None = None) -> None:
        """Place every sample at (z_i, y_i + jitter); misclassified ones (at the threshold,
        set_threshold) get a ring."""
        self._train.update(z_train, y_train, self._threshold)
        self._has_val = z_val is not None and y_val is not None
        self._val.update(z_val if self._has_val else np.empty(0),
                         y_val if self._has_val else np.empty(0), self._threshold)
        self._update_wrong()
        self._update_halo()
        self._update_legend()
        self._update_title()
        if self._follow_data:
            self._update_range()

    def set_threshold(self, threshold: float) -> None:
        """Call samples with s(z) > `threshold` class 1: the lines at p = t and z = logit(t),
        the hints beside them and the rings move."""
        self._threshold = float(threshold)
        self._thresholds[0].setValue(logit(self._threshold))
        if abs(self._thresholds[1].value() - self._threshold) > 1e-12:
            self._thresholds[1].setValue(self._threshold)
        for hint in self._hints:
            hint.setPos(logit(self._threshold), self._threshold)
        for group in (self._train, self._val):
            group.reclassify(self._threshold)
        self._update_wrong()
        self._update_legend()
        self._fit_hints()

    def _on_line_dragged(self, line: pg.InfiniteLine) -> None:
        self.thresholdDragged.emit(float(line.value()))

    def threshold_line(self) -> pg.InfiniteLine:
        """The draggable line at p = t."""
        return self._thresholds[1]

    def train_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of every training sample as drawn, in sample order; NaN where z is not finite."""
        return self._train.positions()

    def val_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of every held-out sample as drawn, in sample order."""
        return self._val.positions()

    def misclassified_count(self, held_out: bool = False) -> int:
        """Number of ringed samples in the training set (or in the held-out set)."""
        return int(np.count_nonzero((self._val if held_out else self._train).wrong))

    # ----- linked selection (gui/sample_selection.py) -----

    def picked_at(self, x: float, y: float) -> SampleSelection:
        """The sample drawn nearest to view point (x, y), within a symbol's reach; none away
        from every sample."""
        pixel = self.plotItem.vb.viewPixelSize()
        reach = self._theme.symbol_size + 3.0
        best = None
        for sample_set, (xs, ys) in ((SampleSet.TRAINING, self.train_positions()),
                                     (SampleSet.HELD_OUT, self.val_positions())):
            index = nearest_point(xs, ys, (x, y), pixel, reach)
            if index is not None:
                distance = np.hypot((xs[index] - x) / pixel[0], (ys[index] - y) / pixel[1])
                if best is None or distance < best[0]:
                    best = (distance, sample_set, index)
        if best is None:
            return SampleSelection()
        picked = {best[1]: [best[2]]}
        return SampleSelection.of(picked.get(SampleSet.TRAINING, ()),
                                  picked.get(SampleSet.HELD_OUT, ()))

    def picked_in(self, rect: tuple[float, float, float, float]) -> SampleSelection:
        """The samples drawn inside view rectangle (x0, x1, y0, y1)."""
        return SampleSelection.of(points_in_rect(*self.train_positions(), rect),
                                  points_in_rect(*self.val_positions(), rect))

    def _haloed(self, group: _Group, sample_set: SampleSet) -> np.ndarray:
        """The selected samples of `group` that are drawn: those whose z is finite."""
        index = self._selection.indices(sample_set)
        index = index[index < len(group.z)]
        return index[np.isfinite(group.z[index])]

    def _update_halo(self) -> None:
        xs, ys = [], []
        for group, sample_set in self._sample_groups():
            index = self._haloed(group, sample_set)
            xs.append(group.z[index])
            ys.append(group.y[index])
        self._halo.set_points(np.concatenate(xs), np.concatenate(ys))

    def reset_view(self) -> None:
        """Follow the data again after the user zoomed or panned (also: double-click)."""
        self._follow_data = True
        self._update_range(keep_current=False)

    # ----- construction -----

    def _add_items(self) -> None:
        self._curve.setZValue(1)
        self.addItem(self._curve, ignoreBounds=True)
        for z, scatter in enumerate(self._all_scatters()):
            scatter.setZValue(2 + z)
            self.addItem(scatter)
        self._wrong.setZValue(10)
        self.addItem(self._wrong, ignoreBounds=True)
        self._halo.setZValue(1.5)  # behind the samples, over the curve
        self.addItem(self._halo, ignoreBounds=True)
        for item in (*self._thresholds, *self._hints):
            self.addItem(item, ignoreBounds=True)
        self._hints[0].setPos(0.0, 0.5)
        self._hints[1].setPos(0.0, 0.5)

    def _init_legend(self) -> None:
        # Under the plot, in columns: inside the view it would hide samples, which fill all of it.
        self._legend = self.add_legend(make_legend(frame=False))
        # Across the axis columns too: the key may use the panel's whole width.
        self.plotItem.layout.addItem(self._legend, 4, 0, 1, 3,
                                     alignment=Qt.AlignmentFlag.AlignHCenter)
        self._legend_has_val = False
        self._rebuild_legend()

    def _init_view(self) -> None:
        self.setYRange(*Y_RANGE, padding=0.0)
        self.setXRange(-MIN_HALF_WIDTH, MIN_HALF_WIDTH, padding=0.0)
        self.setMouseEnabled(x=True, y=False)
        self.plotItem.hideButtons()
        self._fit_y_ticks()
        vb = self.plotItem.vb
        vb.sigXRangeChanged.connect(self._update_curve)
        vb.sigXRangeChanged.connect(self._fit_hints)
        vb.sigResized.connect(self._fit_hints)
        vb.sigResized.connect(self._fit_y_ticks)
        vb.sigRangeChangedManually.connect(self._stop_following)
        # The curve follows range changes only; a run whose logits stay within the initial
        # [-6, 6] never changes the range, and its sigmoid was never drawn.
        self._update_curve()

    def _all_scatters(self) -> tuple[UniformScatter, ...]:
        return (*self._train.scatters, *self._val.scatters)

    # ----- updates -----

    def _update_wrong(self) -> None:
        # One ring slot per sample, shown only where misclassified: the set of wrong samples
        # changes every step, their number rarely stays the same, and reallocating costs more.
        groups = (self._train, self._val)
        self._wrong.set_points(*(np.concatenate([getattr(g, name)[g.drawn] for g in groups])
                                 for name in ("z", "y", "wrong")))

    def _update_range(self, keep_current: bool = True) -> None:
        # Round half-widths kept until the data outgrow them or shrink to half: a range that
        # changes every frame repaints the axis and the sigmoid curve every frame.
        z = np.concatenate([self._train.z[self._train.drawn], self._val.z[self._val.drawn]])
        current = self.plotItem.vb.viewRange()[0][1] if keep_current else 0.0
        half = steady_extent(current, view_half_width(z))
        if half != current:
            self.setXRange(-half, half, padding=0.0)

    def _update_curve(self, *_) -> None:
        x0, x1 = self.plotItem.vb.viewRange()[0]
        x = np.linspace(x0, x1, CURVE_POINTS)
        self._curve.setData(x, 0.5 * (1.0 + np.tanh(0.5 * x)))  # = 1/(1+e^-x), no overflow

    def _fit_y_ticks(self, *_) -> None:
        """0, 0.5 and 1 on the label axis where they have room; 0 and 1 only in a panel too
        short for three (at 2x fonts with a lesson note open, the three labels overlapped)."""
        if getattr(self, "plotItem", None) is None:  # resized while being torn down
            return
        axis = self.getAxis("left")
        tick_font = axis.style.get("tickFont")
        line = QFontMetricsF(tick_font).height() if tick_font is not None else 12.0
        half_gap = self.plotItem.vb.height() * 0.5 / (Y_RANGE[1] - Y_RANGE[0])
        ticks = [(0.0, "0"), (0.5, "0.5"), (1.0, "1")] if half_gap >= 1.2 * line \
            else [(0.0, "0"), (1.0, "1")]
        if ticks != self._y_ticks:
            self._y_ticks = ticks
            axis.setTicks([ticks, []])

    def _fit_hints(self, *_) -> None:
        """Show "predicts 1 →" / "← predicts 0" only where they fit between the threshold and
        the view's edge: at big fonts in a small panel they ran out of the plot, cut off; and
        between the 0.5 line and a class's row of samples: in a short panel (Chinese lines are
        taller, at 2x fonts) "预测为 1 →" sat on the samples of class 0."""
        vb = self.plotItem.vb
        (x0, x1), width = vb.viewRange()[0], vb.width()
        (y0, y1), height = vb.viewRange()[1], vb.height()
        if x1 <= x0 or width <= 0 or y1 <= y0:
            return
        z_t, p_t = logit(self._threshold), self._threshold
        rooms = (width * (x1 - z_t) / (x1 - x0), width * (z_t - x0) / (x1 - x0))
        # From the threshold line to the edge of a row's rings (misclassified: twice the
        # symbol size), below it and above it. "predicts 1 →" hangs below the line and
        # "← predicts 0" stands above it, clear of the sigmoid; where that side is too
        # narrow (t = 0.1 leaves little below the line, t = 0.7 little above) the hint goes
        # to the other side rather than vanish.
        below, above = (height * (p - q) / (y1 - y0) - self._theme.symbol_size
                        for p, q in ((p_t, 0.0), (1.0, p_t)))
        sides = (((-0.05, -0.1), below), ((-0.05, 1.1), above)), \
            (((1.05, 1.1), above), ((1.05, -0.1), below))
        for hint, room, choices in zip(self._hints, rooms, sides, strict=True):
            # TextItem ignores the view's scaling: its text's rectangle is in pixels.
            text = hint.textItem.boundingRect()
            fits = [anchor for anchor, between_rows in choices
                    if text.height() * 1.1 < between_rows]
            if fits and tuple(hint.anchor) != fits[0]:
                hint.setAnchor(fits[0])
            hint.setVisible(text.width() * 1.1 < room and bool(fits))

    def hint_rects(self) -> dict[str, QRectF | None]:
        """The scene rectangle of each shown threshold hint ("predicts 1", "predicts 0");
        None for a hint hidden for want of room."""
        return {name: hint.mapRectToScene(hint.boundingRect()) if hint.isVisible() else None
                for name, hint in zip(("predicts 1", "predicts 0"), self._hints, strict=True)}

    def _stop_following(self, *_) -> None:
        self._follow_data = False

    def _update_legend(self) -> None:
        if self._legend_has_val != self._has_val or not self._legend.items:
            self._rebuild_legend()
        label = self._legend.getLabel(self._wrong)
        if label.text != self._wrong_label():
            label.setText(self._wrong_label())

    def _rebuild_legend(self) -> None:
        # In pairs, so that a two-column legend reads row by row (see _fit_legend).
        entries = [(self._train.scatters[0], translate("SamplesPlot", "class 0")),
                   (self._train.scatters[1], translate("SamplesPlot", "class 1"))]
        if self._has_val:
            entries += [(self._val.scatters[0], translate("SamplesPlot", "held-out class 0")),
                        (self._val.scatters[1], translate("SamplesPlot", "held-out class 1"))]
        entries += [(self._wrong, self._wrong_label()),
                    (self._curve, translate("SamplesPlot", "sigmoid s(z)"))]
        self._legend.clear()
        for item, name in entries:
            self._legend.addItem(item, name)
        self._legend_has_val = self._has_val
        style_legend(self._legend, self._theme)  # in case the plot is not laid out yet
        self._fit_legend()

    def _fit_legend(self, *_) -> None:
        if getattr(self, "plotItem", None) is None:  # resized while being torn down
            return
        if self.width() > 0 and self._legend.items:
            # Within the layout's margins, the right one kept for edge tick labels: a wider
            # legend widened the layout past the widget, and the last tick label was cut off.
            margins = self.plotItem.layout.getContentsMargins()
            width = self.width() - margins[0] - margins[2] - 24
            fit_legend_below(self._legend, self._theme, width,
                             BELOW_PLOT_LEGEND_SHARE * self.height())

    def resizeEvent(self, event) -> None:
        # From the widget's size: an over-wide legend keeps the view box from shrinking, so
        # the view box's sigResized alone would never fire.
        super().resizeEvent(event)
        if hasattr(self, "_legend"):
            self._fit_legend()

    def _wrong_label(self) -> str:
        n_train = self.misclassified_count()
        if not self._has_val:
            return translate("SamplesPlot", "misclassified ({count})").format(count=n_train)
        return translate("SamplesPlot", "misclassified ({count}; held-out {held_out})").format(
            count=n_train, held_out=self.misclassified_count(True))

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self._fit_legend()  # the font size decides how many entries fit in a row

    def mouseDoubleClickEvent(self, event) -> None:
        self.reset_view()
        super().mouseDoubleClickEvent(event)

    # ----- theme -----

    def _restyle(self, theme: Theme) -> None:
        size = theme.symbol_size
        colours = (theme.class0, theme.class1)
        for scatter, colour in zip(self._train.scatters, colours, strict=True):
            scatter.setSize(size)
            scatter.setBrush(pg.mkBrush(colour))
            scatter.setPen(pg.mkPen(qcolor(theme.background, 200), width=theme.px(0.8)))
        for scatter, colour in zip(self._val.scatters, colours, strict=True):
            scatter.setSize(size + 2)
            scatter.setBrush(pg.mkBrush(qcolor(theme.background, 160)))  # hollow look
            scatter.setPen(pg.mkPen(colour, width=theme.px(1.8)))
        self._wrong.setSize(size * 2.0)
        self._wrong.setBrush(pg.mkBrush(None))
        self._wrong.setPen(pg.mkPen(theme.misclassified,
                                    width=theme.px(max(1.5, theme.pen_width * 0.6))))
        self._halo.setSize(size * 3.0)
        self._halo.setBrush(selection_brush(theme))
        self._halo.setPen(selection_pen(theme))
        self.plotItem.vb.style_band(theme)
        self._curve.setPen(pg.mkPen(qcolor(theme.foreground, 150), width=theme.px(theme.pen_width)))
        faint = pg.mkPen(qcolor(theme.foreground, 90), width=theme.px(1),
                         style=Qt.PenStyle.DashLine)
        for line in self._thresholds:
            line.setPen(faint)
        # The line that moves: solid on hover, so that it reads as something to grab.
        self._thresholds[1].setHoverPen(pg.mkPen(qcolor(theme.foreground, 200),
                                                 width=theme.px(2)))
        for hint in self._hints:
            hint.setColor(qcolor(theme.foreground, 150))
            hint.setFont(font(theme.tick_pt))
        self._fit_hints()
        self._fit_y_ticks()
