"""Base class of every plot panel: a PlotWidget with a title, labelled axes, legends and a Theme."""

from __future__ import annotations

import math
import weakref
from itertools import pairwise

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QComboBox, QGraphicsItem

from core.legend_corner import Corner, least_covered_corner, trace
from gui.i18n import RetranslatingWidget
from gui.plots.log_ticks import log_ticks
from gui.theme import THEMES, Theme


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    """A QColor from '#RRGGBB' with an alpha of 0..255."""
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


def font(point_size: float) -> QFont:
    """The application font at `point_size` points."""
    result = QFont()
    result.setPointSizeF(point_size)
    return result


class LegendSample(ItemSample):
    """Legend swatch whose size follows the label font (pyqtgraph's is fixed at 20 px)."""

    def __init__(self, item):
        super().__init__(item)
        self._size = 20.0

    def set_size(self, size: float) -> None:
        self._size = float(size)
        self.setFixedWidth(self._size * 1.6)
        self.setFixedHeight(self._size)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._size * 1.6, self._size)

    def paint(self, p, *args):
        opts = self.item.opts
        p.setRenderHint(p.RenderHint.Antialiasing)
        if not isinstance(self.item, pg.ScatterPlotItem):
            p.setPen(pg.mkPen(opts["pen"]))
            p.drawLine(QPointF(0, self._size / 2), QPointF(self._size * 1.6, self._size / 2))
        symbol = opts.get("symbol")
        if symbol is not None:
            if isinstance(self.item, pg.PlotDataItem):
                opts = self.item.scatter.opts
            p.translate(self._size * 0.8, self._size / 2)
            size = min(opts["size"], self._size * 0.9)
            drawSymbol(p, symbol, size, pg.mkPen(opts["pen"]), pg.mkBrush(opts["brush"]))


def make_legend(**kwargs) -> pg.LegendItem:
    """A legend using LegendSample swatches; `kwargs` go to pg.LegendItem."""
    legend = pg.LegendItem(sampleType=LegendSample, verSpacing=-2, **kwargs)
    # Our legends sit in unscaled parents (the view box, the plot layout), so this flag buys
    # nothing, and it makes QWidget.render into a scaled painter (exports) misplace them.
    legend.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
    return legend


def style_legend(legend: pg.LegendItem, theme: Theme, text_scale: float = 1.0) -> None:
    """Restyle text, frame and swatches of `legend` for `theme` (text `text_scale` x labels)."""
    size = f"{theme.label_pt * text_scale:.1f}pt"
    legend.opts["labelTextColor"] = qcolor(theme.foreground)
    legend.opts["labelTextSize"] = size
    legend.setBrush(pg.mkBrush(qcolor(theme.background, 225)))
    swatch = theme.label_pt * text_scale * 1.9
    for sample, label in legend.items:
        # LegendItem.setLabelTextSize only stores the size; setText re-renders the label.
        label.setText(label.text, color=theme.foreground, size=size)
        if isinstance(sample, LegendSample):
            sample.set_size(swatch)
    legend.layout.invalidate()
    legend.updateSize()


BELOW_PLOT_LEGEND_SCALES = (1.0, 0.85, 0.7)  # big-font legends shrink before going tall
BELOW_PLOT_LEGEND_SHARE = 0.3  # of its panel's height, at most: the plot is what matters


def fit_legend_below(legend: pg.LegendItem, theme: Theme, width: float, height: float) -> bool:
    """Lay out a legend that sits under its plot: all entries in one row if they fit `width`,
    else three or two columns, with smaller text before more rows; hidden (taking no room)
    when no layout fits `width` x `height`: at 3x fonts a tall legend left the plot a line.
    Returns whether it is shown."""
    n = len(legend.items)
    columns = [c for c in dict.fromkeys((n, 3, 2)) if 0 < c <= n]
    for text_scale in BELOW_PLOT_LEGEND_SCALES:
        style_legend(legend, theme, text_scale)
        for count in columns:
            legend.setColumnCount(count)
            for label_column in range(1, 2 * count - 1, 2):  # air between legend columns
                legend.layout.setColumnSpacing(label_column, theme.label_pt)
            size = legend.layout.preferredSize()
            if size.width() <= width and size.height() <= height:
                legend.setMinimumSize(size)
                legend.setMaximumSize(size)  # compact, centred under the plot
                legend.setVisible(True)
                return True
    legend.setVisible(False)
    legend.setMinimumSize(0, 0)
    legend.setMaximumSize(0, 0)  # a hidden item keeps its room in a graphics layout
    return False


def _shown(value: float, log: bool) -> float:
    """A data value in the view's units (log10 on a log axis)."""
    return math.log10(value) if log and value > 0 else (math.nan if log else value)


def _cell(value: float, low: float, high: float) -> int:
    """Which of CORNER_CELLS slices of [low, high] `value` falls in (-1 off the axis)."""
    if not math.isfinite(value) or high <= low:
        return -1
    return int(min(max((value - low) / (high - low), -0.01), 1.0) * CORNER_CELLS)


def _range_key(low: float, high: float) -> tuple[int, int]:
    """A view range, coarsely: its span to an eighth of a doubling, its start to a 16th."""
    span = high - low
    if not span > 0:
        return (0, 0)
    return (round(math.log2(span) * 8), round(low / span * 16))


class ReadableAxis(pg.AxisItem):
    """An axis whose tick labels never run into each other, even in large fonts."""

    # pyqtgraph picks tick spacings from the axis length alone and always draws the top
    # level's labels, however crowded: at presentation sizes "8000" and "10000" touch.
    _metrics: tuple = (None, None, 0.0, 0.0)  # (font, its QFontMetricsF, digit width, height)
    # The plot's method to call after each resize (it re-fits the axis title), held weakly:
    # a plot and its axes holding each other made closing the decision plot crash PySide.
    on_resized: weakref.WeakMethod | None = None
    _NEXT_STEP = {1: (2, 0), 2: (5, 0), 5: (1, 1)}  # mantissa -> (next mantissa, exponent step)
    whole_numbers = False  # True: the axis counts or indexes things, its ticks never fall between

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.autoSIPrefix = False
        self._log_labels: dict[float, str] = {}  # log-axis tick position -> its label

    def updateAutoSIPrefix(self) -> None:
        # No SI scaling of the values: a cost of 0.69 read "700" with "(x0.001)" in the axis
        # title, and a log axis within one decade got the "(x0.001)" alone. (pyqtgraph's
        # enableAutoSIPrefix(False) may leave a scale from the range at that moment.)
        self.autoSIPrefixScale, self.labelUnitPrefix = 1.0, ""
        self._updateLabel()

    def resizeEvent(self, ev=None):
        super().resizeEvent(ev)
        callback = self.on_resized() if self.on_resized is not None else None
        if callback is not None:
            callback()

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        levels = super().tickSpacing(minVal, maxVal, size)
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        # Spacing or ticks set explicitly, an empty or degenerate range: pyqtgraph's answer.
        if (self._tickSpacing is not None or self._tickLevels is not None or not levels
                or size <= 0 or not math.isfinite(hi - lo)):
            return levels
        if self.logMode:
            return levels  # logTickValues chooses the ticks of a log axis itself
        if self.whole_numbers and levels[0][0] < 1.0:
            levels = [(1.0, 0)]  # counts and indices: "1.5" would name nothing
        spacing = levels[0][0]
        exponent = math.floor(math.log10(spacing) + 1e-9)
        mantissa = round(spacing / 10.0 ** exponent)  # 1, 2 or 5
        if self._labels_fit(spacing, lo, hi, size):
            return levels
        # The next round step, 1 -> 2 -> 5 -> 10, until the labels fit; that ends at the latest
        # once the spacing outgrows the range and leaves one label.
        while True:
            mantissa, up = self._NEXT_STEP[mantissa]
            exponent += up
            spacing = mantissa * 10.0 ** exponent
            if self._labels_fit(spacing, lo, hi, size):
                break
        # A finer level below it (1 x 10^k under 2 and 5) keeps the grid at a useful density;
        # pyqtgraph labels it only where its own fill limits leave room.
        minor = [(spacing / (5 if mantissa == 5 else 2), 0)]
        return [(spacing, 0)] + minor[: self.style["maxTickLevel"]]

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)
        if size <= 0 or not math.isfinite(hi - lo) or hi <= lo:
            self._log_labels = {}
            return super().logTickValues(minVal, maxVal, size, stdTicks)
        labelled, grid = log_ticks(lo, hi, size, lambda positions, texts: self._log_labels_fit(
            positions, texts, (hi - lo) / size))
        self._log_labels = {round(position, 9): text for position, text in labelled}
        return [(None, [p for p, _ in labelled]), (None, grid)]

    def logTickStrings(self, values, scale, spacing):
        return [self._log_labels.get(round(value, 9), "") for value in values]

    def _log_labels_fit(self, positions: list[float], texts: list[str], per_pixel: float
                        ) -> bool:
        """Whether labels `texts` at log positions `positions` (sorted, `per_pixel` log units
        a pixel) keep a clear gap."""
        _, metrics, digit, height = self._font_metrics()
        pixels = [p / per_pixel for p in positions]
        if self.orientation in ("left", "right"):
            # Half a label's height between labels: a log axis has few round values to offer,
            # and on a short one (3x fonts) 1 and 10 must still both fit. At small fonts, a
            # label every LOG_LABEL_PITCH pixels at most, or the axis turns into a column.
            pitch = max(1.5 * height, LOG_LABEL_PITCH)
            return all(b - a >= pitch for a, b in pairwise(pixels))
        widths = [metrics.horizontalAdvance(text) for text in texts]
        return all(pb - pa >= max((wa + wb) / 2 + digit, LOG_LABEL_PITCH)
                   for (pa, wa), (pb, wb) in pairwise(zip(pixels, widths, strict=True)))

    def _font_metrics(self) -> tuple:
        """(font, QFontMetricsF, digit width, label height) of the tick labels."""
        font = self.style["tickFont"] or QFont()
        if self._metrics[0] != font:  # measure a font once, not on every repaint
            metrics = QFontMetricsF(font)
            # pyqtgraph lays labels out 0.8 x the font's line height tall.
            self._metrics = (QFont(font), metrics, metrics.horizontalAdvance("0"),
                             0.8 * metrics.height())
        return self._metrics

    def _labels_fit(self, spacing: float, lo: float, hi: float, size: float) -> bool:
        """Whether neighbouring labels `spacing` apart keep a clear gap on `size` pixels."""
        first, last = math.ceil(lo / spacing), math.floor(hi / spacing)
        if last <= first:
            return True  # one label at most: nothing to run into
        pixels = spacing * size / (hi - lo)
        _, metrics, digit, height = self._font_metrics()
        if self.orientation in ("left", "right"):
            return pixels >= 1.8 * height  # most of a label's height between labels
        if pixels < 2 * digit:
            return False  # not even one-digit labels with a gap
        # Measure every label (the ticks drawn are few): "%g" makes 1e+06 narrower than 800000,
        # so the end values alone can miss the widest pair.
        scale = self.scale
        values = [i * spacing / scale for i in range(first, last + 1)]
        strings = self.tickStrings(values, self.autoSIPrefixScale * scale, spacing / scale)
        widths = [metrics.horizontalAdvance(text) for text in strings]
        # Labels are centred on their ticks: neighbours overlap by half of each width.
        crowded = max(a + b for a, b in pairwise(widths)) / 2
        return pixels >= crowded + digit  # about one character between labels


class PaddedAxis(ReadableAxis):
    """An axis that keeps the labels at its two ends. With a grid, pyqtgraph's bounding rect
    leaves out the margin it otherwise gives tick text, so the label at each end (the "0" of a
    cost axis, the "1.0" of a rate) disappears once half of it overhangs the axis, as large
    fonts do. The margin given back: a line of text on a left axis, on a bottom axis the
    overhang its style allows (ThemedPlot._style_axis keeps that room right of the plot)."""

    def boundingRect(self) -> QRectF:
        rect = super().boundingRect()
        if self.grid is False or self.linkedView() is None:
            return rect
        if self.orientation == "left":
            font = self.style["tickFont"] or QFont()
            margin = QFontMetricsF(font).height()
            return rect.adjusted(0, -margin, 0, margin)
        overhang = self.style["hideOverlappingLabels"]
        if self.orientation == "bottom" and type(overhang) is int:
            return rect.adjusted(-overhang, 0, overhang, 0)
        return rect


LOG_LABEL_PITCH = 36.0  # px: the closest two labels of a log axis may be

# Text scales a legend inside a plot may take: at 2x fonts 0.5 is the 1x size.
IN_VIEW_LEGEND_SCALES = (1.0, 0.85, 0.7, 0.5)
IN_VIEW_LEGEND_HEIGHT_SHARE = 0.5  # taller, a legend inside the plot hides its curves
# (0.45 before legends moved off the curves: that hid the overfitting lesson's cost legend
# at 2x in Chinese, whose measured rows are taller than estimated ones were)
# Legend text is never smaller than this share of the theme's 1x font: half of it (the ROC
# tab's legend at 1x) was 6 px, unreadable in Chinese. Smaller than that, a legend hides.
MIN_LEGEND_SHARE = 0.7
LEGEND_MARGIN = 10.0  # pixels between a legend in a corner and the plot's edges
UNBOUNDED = 16_777_215.0  # Qt's QWIDGETSIZE_MAX
# Where every corner, at every readable size, covers more than this share of the curves'
# sampled points, the legend hides (README: legends shrink or hide rather than cover the plot).
COVERED_SHARE_TO_HIDE = 0.1
CORNER_CELLS = 8  # a legend's corner is chosen again when a curve's end crosses an eighth


def legend_scales(theme: Theme) -> list[float]:
    """The in-view text scales, largest first, whose text is still readable."""
    floor = MIN_LEGEND_SHARE * theme.font_size
    return [s for s in IN_VIEW_LEGEND_SCALES if theme.label_pt * s >= floor - 0.01]


def hold_legend_at(legend: pg.LegendItem, theme: Theme, text_scale: float):
    """Style `legend` at `text_scale` and hold its frame to its rows; returns its size.
    LegendItem keeps the size of its largest text so far, and a frame held once was not let
    out again for a row added later: rows were drawn under the frame ("optimum" at 3x)."""
    legend.setMinimumSize(0, 0)
    legend.setMaximumSize(UNBOUNDED, UNBOUNDED)
    style_legend(legend, theme, text_scale)
    size = legend.layout.preferredSize()
    legend.setMinimumSize(size)
    legend.setMaximumSize(size)
    legend.resize(size)
    return size


def legend_text_scale(legend: pg.LegendItem, theme: Theme) -> float:
    """The legend's text size as a share of the theme's label size."""
    return float(legend.opts["labelTextSize"].removesuffix("pt")) / theme.label_pt


class CornerLegend:
    """A legend inside the view that moves to the corner where it covers the least data."""

    def __init__(self, legend: pg.LegendItem, preferred: Corner):
        self.legend, self.preferred, self.corner = legend, preferred, preferred
        self.fitted_scale = 1.0  # as large as the room allows (the fitting's answer)
        self.hidden_over_data = False  # hidden because every corner covered the curves


class TitleLabel(pg.LabelItem):
    """A plot title that asks for no width: pyqtgraph makes a title's width the plot's minimum,
    and at 2x fonts "Prediction accuracy" pushed the plot past its widget's right edge."""

    clear_left = 0.0  # scene x the title starts right of (a switch in the row's left corner)

    def updateMin(self) -> None:
        super().updateMin()
        self.setMinimumWidth(0)

    def resizeEvent(self, ev) -> None:
        """Centred over the panel where that clears `clear_left`, else moved right just enough:
        the room right of a switch is the title's, not only the centred part of it."""
        super().resizeEvent(ev)
        if self.clear_left <= 0:
            return
        start = self.mapToScene(self.itemRect().topLeft()).x()
        spare = self.rect().right() - self.itemRect().right()  # right of the title
        shift = min(max(0.0, self.clear_left - start), max(0.0, spare))
        if shift:
            self.item.moveBy(shift, 0)


class ThemedPlot(RetranslatingWidget, pg.PlotWidget):
    """A PlotWidget with objectName, title and axis labels that restyles itself from a Theme.
    An axis label may have a short form, drawn whenever the full one is longer than its axis.
    Each panel sets its texts in retranslate(), once built and on a change of language."""

    _grid = (True, True)  # (x, y) grid lines
    # A context manager factory that times this panel's paints (the frame budget's measuring,
    # gui/frame_budget.py): Qt's painting holds the GIL as the redraw does.
    paint_meter = None
    _title_switch: QComboBox | None = None  # a switch in the title row's left corner
    _legend_height_share = IN_VIEW_LEGEND_HEIGHT_SHARE  # of the view, for legends inside it

    def __init__(self, object_name: str, title: str, x_label: str, y_label: str, parent=None,
                 short_labels: dict[str, str] | None = None, view_box: pg.ViewBox | None = None):
        """`view_box`: a ViewBox of the panel's own (one that picks samples), else pyqtgraph's."""
        super().__init__(parent, axisItems={"left": PaddedAxis("left"),
                                            "bottom": PaddedAxis("bottom")}, viewBox=view_box)
        # PlotWidget copies PlotItem.clear onto the instance, which would shadow the panels'
        # own clear() (and wipe every item, legends and lines included).
        vars(self).pop("clear", None)
        self.setObjectName(object_name)
        self._title = title
        self._axis_labels = {"bottom": x_label, "left": y_label}
        self._short_labels: dict[str, str] = dict(short_labels or {})
        self._shown_labels: dict[str, str] = {}  # axis -> the text drawn on it
        self._watched_axes: dict[str, ReadableAxis] = {}  # axis -> the item whose size we follow
        self._legends: list[pg.LegendItem] = []
        self._corner_legends: list[CornerLegend] = []
        self._corner_key: tuple | None = None  # what the corners were last chosen for
        self._live = False  # training runs at full speed (set_fast_drawing)
        self._title_shown, self._title_size = "", 0.0  # the title as drawn, and its size
        self._theme = THEMES["default"]  # as applied: with the current line scale
        self._line_scale = 1.0
        self.plotItem.setMenuEnabled(False)  # the context menu's options bypass our API
        self.plotItem.vb.sigResized.connect(self._fit_view_legends)
        self.plotItem.vb.sigRangeChanged.connect(self._place_corner_legends)
        self._use_title_label()

    def paintEvent(self, event) -> None:
        if self.paint_meter is None:
            super().paintEvent(event)
            return
        with self.paint_meter():
            super().paintEvent(event)

    def settle_view(self) -> None:
        """Apply a range just set, or the autorange of data just set, to the view's items now,
        in the redraw. pyqtgraph defers both to the paint, where the lines and curves that
        follow the range then change the scene again: a second paint pass of the whole view
        in every frame whose range moved (docs/ARCHITECTURE.md §15). Nothing to do: no cost."""
        self.plotItem.vb.prepareForPaint()

    def _use_title_label(self) -> None:
        """A TitleLabel in place of pyqtgraph's, centred over the whole panel (axes included),
        which gives a long title the most room."""
        item = self.plotItem
        item.layout.removeItem(item.titleLabel)
        item.titleLabel.setParentItem(None)
        item.titleLabel = TitleLabel("", parent=item)
        # Six columns: the axes and the view, and those a colour bar takes (ColorBarItem).
        item.layout.addItem(item.titleLabel, 0, 0, 1, 6)
        item.setTitle(None)  # hidden until a title is set, as pyqtgraph's own

    def set_fast_drawing(self, on: bool) -> None:
        """Plain (not antialiased) curves while training runs at full speed: they cost a
        fraction of the GUI thread's time; still pictures and exports stay smooth."""
        curves = [i for i in self.plotItem.listDataItems() if isinstance(i, pg.PlotDataItem)]
        for item in curves:
            item.opts["antialias"] = not on
            item.curve.opts["antialias"] = not on
            item.curve.update()
        self._live = on
        if not on:  # the still picture: its legends go where they cover the least
            self._place_corner_legends()

    def theme(self) -> Theme:
        """The theme last applied (as on screen, without any export line scale)."""
        return self._theme.with_line_scale(1.0)

    def set_line_scale(self, factor: float) -> None:
        """Multiply line widths (not fonts, not the layout), e.g. while exporting at 2x..4x."""
        self._line_scale = float(factor)
        self._theme = self._theme.with_line_scale(factor)
        self._style_lines(self._theme)

    def title(self) -> str:
        """The plot's title text."""
        return self._title

    def axis_label(self, axis: str) -> str:
        """The (full) label text of axis "bottom" or "left"."""
        return self._axis_labels[axis]

    def shown_axis_label(self, axis: str) -> str:
        """The label text drawn on `axis`: the full label, or its short form where that is
        too long for the axis."""
        return self._shown_labels.get(axis, "")

    def set_title(self, title: str) -> None:
        self._title = title
        self._style_title(self._theme)

    def set_axis_label(self, axis: str, text: str, short: str | None = None) -> None:
        """Label `axis` with `text`, or with `short` while `text` is longer than the axis."""
        self._axis_labels[axis] = text
        if short:
            self._short_labels[axis] = short
        else:
            self._short_labels.pop(axis, None)
        self._style_axis(axis, self._theme)

    def legend_texts(self) -> list[str]:
        """The text of every legend entry, in order."""
        return [label.text for legend in self._legends for _, label in legend.items]

    def add_legend(self, legend: pg.LegendItem, corner: Corner | None = None) -> pg.LegendItem:
        """Register a legend so apply_theme restyles it; with `corner`, one inside the view
        that starts there and moves to the corner where it covers the fewest drawn points."""
        self._legends.append(legend)
        if corner is not None:
            legend.opts["offset"] = corner.offset(LEGEND_MARGIN)  # anchored by setParentItem
            self._corner_legends.append(CornerLegend(legend, corner))
        return legend

    def legend_corner(self, legend: pg.LegendItem) -> Corner | None:
        """The corner a movable legend sits in (None for the others)."""
        return next((e.corner for e in self._corner_legends if e.legend is legend), None)

    def add_title_switch(self, combo: QComboBox) -> None:
        """`combo` in the title row's left corner (the predictions panel's set, the ROC tab's
        curves): the title keeps clear of it, and it takes the theme's label font."""
        combo.setParent(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setFont(font(self._theme.label_pt))
        self._title_switch = combo

    def place_title_switch(self) -> None:
        """Size the switch to its text and centre it in the title row (after a new text, font
        or visibility), then fit the title beside it."""
        combo = self._title_switch
        if combo is None or self.plotItem is None:  # none, or the panel is closing
            return
        combo.adjustSize()
        height = self.plotItem.titleLabel.maximumHeight()
        combo.move(4, max(0, round((height - combo.height()) / 2)) + 2)
        self._style_title(self._theme)

    def apply_theme(self, theme: Theme) -> None:
        """Restyle background, axes, title, grid, legends and (via _restyle) the data items."""
        theme = theme.with_line_scale(self._line_scale)
        self._theme = theme
        if self._title_switch is not None:
            self._title_switch.setFont(font(theme.label_pt))
        self.setBackground(theme.background)
        for axis in ("left", "bottom", "right", "top"):
            self._style_axis(axis, theme)
            # Axes draw the grid, so every curve update exposes them; from a pixmap cache that
            # costs a blit instead of re-drawing every tick label (exports turn it off). Here,
            # not in __init__, so that axes a subclass swapped in are cached too.
            self.getAxis(axis).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._style_title(theme)
        self.plotItem.showGrid(x=self._grid[0], y=self._grid[1], alpha=theme.grid_alpha)
        self._style_legends()
        self._style_lines(theme)
        self.place_title_switch()

    def _style_legends(self) -> None:
        """Restyle every legend for the current theme (those inside the plot: to fit it)."""
        for legend in self._legends:
            style_legend(legend, self._theme)
        self._fit_view_legends()

    def _fit_view_legends(self, *_) -> None:
        """Legends drawn inside the plot take the largest text (down to half, never below the
        readable floor) whose legend fits the plot, and hide where none does: at big fonts
        they ran past the plot's left edge, which cut their text off ("aining accuracy").
        Each size is laid out and measured: estimates scaled from the size shown kept a
        legend shrunk once at its small size (the cost legend at 2x stayed at 1x)."""
        view = self.plotItem.vb
        room = 0.95 * view.width()
        room_height = self._legend_height_share * view.height()
        for legend in self._legends:
            if legend.parentItem() is not view or room <= 0 or not legend.items:
                continue
            self._fit_legend(legend, room, room_height)
        self._place_corner_legends(force=True)

    def _fit_legend(self, legend: pg.LegendItem, width: float, height: float) -> bool:
        """Lay `legend` out at the largest readable scale that fits `width` x `height`;
        hidden where none does. Returns whether it is shown."""
        for scale in legend_scales(self._theme):
            size = hold_legend_at(legend, self._theme, scale)
            if size.width() <= width and size.height() <= height:
                legend.setVisible(True)
                self._note_fitted_scale(legend, scale)
                return True
        legend.setVisible(False)
        self._note_fitted_scale(legend, None)
        return False

    def _note_fitted_scale(self, legend: pg.LegendItem, scale: float | None) -> None:
        """Remember the fitting's answer (None: no room) for the corner placing."""
        for entry in self._corner_legends:
            if entry.legend is legend:
                entry.fitted_scale = scale if scale is not None else 0.0
                entry.hidden_over_data = False

    def _place_corner_legends(self, *_, force: bool = False) -> None:
        """Put each movable legend in the corner where it covers the fewest drawn points, with
        smaller text (down to the readable floor) where that covers fewer; hidden where even
        the best covers more than COVERED_SHARE_TO_HIDE of them. Chosen again only when the
        view, a legend or where a curve ends moves to another eighth of the view
        (docs/ARCHITECTURE.md §15: frames stay cheap)."""
        if not getattr(self, "_corner_legends", None):
            return
        # Not while training runs: a fast run's curve ends cross an eighth of the view every
        # few frames, and choosing again then cost 0.5 ms a frame (docs/ARCHITECTURE.md §15);
        # a legend hopping about in a live run is no help either. A run that pauses or ends
        # is placed (set_fast_drawing).
        if self._live and not force:
            return
        key = self._corner_state()
        if key is None or (not force and key == self._corner_key):
            return
        self._corner_key = key
        view = self.plotItem.vb
        view_size = (view.width(), view.height())
        points = self._drawn_points()
        total = sum(len(x) for x, _ in points)
        for entry in self._corner_legends:
            legend = entry.legend
            if not legend.items or not (legend.isVisible() or entry.hidden_over_data):
                continue  # hidden by the fitting: no room for it at all
            best = None
            for scale in (s for s in legend_scales(self._theme) if s <= entry.fitted_scale + 0.01):
                self._hold_legend_at(legend, scale)
                corner, count = least_covered_corner(
                    points, view_size, (legend.width(), legend.height()), LEGEND_MARGIN,
                    entry.preferred)
                if best is None or count < best[2]:  # the larger text where counts tie
                    best = (scale, corner, count)
                if count == 0:
                    break
            if best is None:
                continue
            scale, entry.corner, count = best
            self._hold_legend_at(legend, scale)
            legend.setOffset(entry.corner.offset(LEGEND_MARGIN))
            entry.hidden_over_data = count > COVERED_SHARE_TO_HIDE * total
            legend.setVisible(not entry.hidden_over_data)
        self._corner_key = self._corner_state()  # the legends' sizes as placed

    def _hold_legend_at(self, legend: pg.LegendItem, scale: float) -> None:
        """hold_legend_at, unless the legend already has that text size (kept to 0.1 pt)."""
        if abs(legend_text_scale(legend, self._theme) - scale) > 0.02:
            hold_legend_at(legend, self._theme, scale)

    def _corner_state(self) -> tuple | None:
        """What the legends' corners depend on, coarsely: the view's size and range, the
        legends' sizes, and the eighth of the view each curve ends in. Cheap: it reads
        one point of each curve."""
        view = self.plotItem.vb
        if view.width() <= 0 or view.height() <= 0:
            return None
        (x0, x1), (y0, y1) = view.viewRange()
        log_x, log_y = view.state.get("logMode", (False, False))
        ends = []
        for item in self.plotItem.listDataItems():
            data = (getattr(item, "xData", None), getattr(item, "yData", None))
            if not item.isVisible() or data[0] is None or data[1] is None or not len(data[0]):
                continue
            x, y = _shown(float(data[0][-1]), log_x), _shown(float(data[1][-1]), log_y)
            ends.append((_cell(x, x0, x1), _cell(y, y0, y1), int(math.log2(len(data[0])) * 4)))
        legends = tuple((round(e.legend.width()), round(e.legend.height()), e.legend.isVisible())
                        for e in self._corner_legends)
        return (round(view.width()), round(view.height()), _range_key(x0, x1),
                _range_key(y0, y1), tuple(ends), legends)

    def _drawn_points(self) -> list:
        """Each visible data item's points in view pixels (lines sampled along their
        segments), from the data as drawn (log axes included)."""
        view = self.plotItem.vb
        (x0, x1), (y0, y1) = view.viewRange()
        width, height = view.width(), view.height()
        points = []
        for item in self.plotItem.listDataItems():
            if not item.isVisible():
                continue
            x, y = item.getData()
            if x is None or y is None or not len(x):
                continue
            px = (np.asarray(x, dtype=np.float64) - x0) / (x1 - x0) * width
            py = (y1 - np.asarray(y, dtype=np.float64)) / (y1 - y0) * height
            points.append(trace(px, py) if isinstance(item, pg.PlotDataItem) else (px, py))
        return points

    def _style_lines(self, theme: Theme) -> None:
        """Pens only: safe to call mid-export, as nothing here changes the layout."""
        for name in ("left", "bottom", "right", "top"):
            self.plotItem.getAxis(name).setPen(pg.mkPen(qcolor(theme.foreground),
                                                        width=theme.px(1)))
        for legend in self._legends:
            legend.setPen(pg.mkPen(qcolor(theme.foreground, 90), width=theme.px(1)))
        self._restyle(theme)

    def _restyle(self, theme: Theme) -> None:
        """Subclasses restyle their own curves and markers here (pens, colours, not fonts)."""

    def _style_axis(self, name: str, theme: Theme) -> None:
        axis = self.plotItem.getAxis(name)
        axis.setTextPen(pg.mkPen(qcolor(theme.foreground)))
        axis.setTickFont(font(theme.tick_pt))
        # Edge labels (e.g. the last step) may overhang the plot into the right margin.
        overhang = int(QFontMetricsF(font(theme.tick_pt)).horizontalAdvance("00000") * 0.6)
        axis.setStyle(tickTextOffset=max(4, int(theme.tick_pt * 0.6)),
                      tickLength=max(4, int(theme.tick_pt * 0.5)),  # outward: data stays clear
                      hideOverlappingLabels=overhang if name == "bottom" else False)
        self._follow_resizes(name, axis)
        text = self._fitting_label(name, axis, theme)
        self._shown_labels[name] = text
        if text:
            axis.setLabel(text, color=theme.foreground, **{"font-size": f"{theme.label_pt:.1f}pt"})
        if name == "bottom":
            axis.setHeight(self._bottom_axis_height(axis, theme))
        self.plotItem.layout.setContentsMargins(2, 2, overhang + 2, 2)

    def _fitting_label(self, name: str, axis: pg.AxisItem, theme: Theme) -> str:
        """The full label of axis `name` if it fits the axis' length, else its short form
        (even where that does not fit either: it loses less to pyqtgraph's clipping)."""
        text = self._axis_labels.get(name) or ""
        short = self._short_labels.get(name)
        if not short or not text:
            return text
        size = axis.size()
        length = size.height() if name in ("left", "right") else size.width()
        metrics = QFontMetricsF(font(theme.label_pt))
        # The label's text document adds 4 px on each side; keep about a character more.
        needed = metrics.horizontalAdvance(text + " ") + 8
        return text if needed <= length else short

    def _follow_resizes(self, name: str, axis: pg.AxisItem) -> None:
        """Re-decide the labels' forms whenever `axis` is resized (a subclass may swap axes in:
        the one swapped out is let go)."""
        old = self._watched_axes.get(name)
        if old is axis or not isinstance(axis, ReadableAxis):
            return
        if old is not None:
            old.on_resized = None
        self._watched_axes[name] = axis
        axis.on_resized = weakref.WeakMethod(self._fit_axis_labels)  # no cycle: plot <-> axis

    def _fit_axis_labels(self) -> None:
        if self.plotItem is None:
            return  # closing: PlotWidget.close drops the plot item, then clears the scene
        for name, axis in self._watched_axes.items():
            if axis.label is None:
                return  # closing: PlotItem.close takes the axes' labels away one by one
            text = self._fitting_label(name, axis, self._theme)
            if text != self._shown_labels.get(name):  # a resize alone must not re-render labels
                self._shown_labels[name] = text
                axis.setLabel(text)  # keeps the label's style (colour, font size)

    @staticmethod
    def _bottom_axis_height(axis: pg.AxisItem, theme: Theme) -> float:
        # pyqtgraph reserves only 80 % of the label's height and then places the label 5 px
        # lower, which cuts descenders off at large font sizes; reserve all of it.
        ticks = QFontMetricsF(font(theme.tick_pt)).height() + axis.style["tickTextOffset"][1]
        label = axis.label.boundingRect().height() if axis.label.isVisible() else 0.0
        return ticks + max(0, axis.style["tickLength"]) + label

    def _fitting_title(self, theme: Theme) -> tuple[str, float]:
        """The title and its point size: the theme's, or a smaller one (down to the axis
        labels', in half points so that a resize rarely changes it) at which it fits the
        panel's width; cut short with an ellipsis where even that does not fit, rather than
        run into the next panel's title."""
        wanted = theme.title_pt
        width = QFontMetricsF(font(wanted)).horizontalAdvance(self._title)
        left, _, right, _ = self.plotItem.layout.getContentsMargins()
        # The label's own margins, a little air, and room for a widget in the title row's left
        # corner (TitleLabel moves the title right of it where centring would not clear it).
        room = self.width() - left - right - 12 - self._title_reserve()
        if width <= room:
            return self._title, wanted
        size = max(theme.label_pt, math.floor(2 * wanted * room / width) / 2)
        text = QFontMetricsF(font(size)).elidedText(self._title, Qt.TextElideMode.ElideRight,
                                                    max(room, 0))
        return text, size

    def _title_reserve(self) -> float:
        """Pixels kept free at the left end of the title row, for the switch there."""
        combo = self._title_switch
        return combo.width() + 8 if combo is not None and not combo.isHidden() else 0.0

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        theme = getattr(self, "_theme", None)  # None: still in PlotWidget's constructor
        if theme is None or self.plotItem is None:  # or closing
            return
        if self._fitting_title(theme) != (self._title_shown, self._title_size):
            self._style_title(theme)
        self.place_title_switch()

    def _style_title(self, theme: Theme) -> None:
        item = self.plotItem
        self._title_shown, self._title_size = self._fitting_title(theme)
        item.titleLabel.clear_left = self._title_reserve()
        item.setTitle(self._title_shown, color=theme.foreground,
                      size=f"{self._title_size:.1f}pt")
        # PlotItem.setTitle fixes the title row at 30 px, which clips large (presentation) fonts.
        height = item.titleLabel.item.boundingRect().height() + 6
        item.titleLabel.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)
