"""The learned weights: a picture for pixel data (or when they fit a square, 784 = 28 x 28),
else one bar each, labelled with the features' names where the data has them."""

from __future__ import annotations

import math
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from gui.i18n import translate
from gui.plots.colour_bar import (
    diverging_colormap,
    fit_colour_bar_scale,
    make_colour_bar,
    style_colour_bar,
)
from gui.plots.ranges import steady_extent
from gui.plots.themed_plot import ReadableAxis, ThemedPlot, font, qcolor
from gui.theme import THEMES, Theme

MAX_BARS = 4096
MIN_SIDE = 2  # 4 weights are the smallest picture; 1 weight is a bar
BAR_WIDTH = 0.8  # share of a bar's slot that is filled
MAX_GAPPED_BARS = 200  # more bars than this touch (see _draw_bars)
RANGE_PAD = 1.08  # the bar view's y range, relative to the largest |weight|
SHRINK_BELOW = 0.7  # the bar view shrinks when the largest |weight| falls below this share
GAP = "     "  # between two parts of the caption on one line
CAPTION_SHARE = 0.2  # of the panel's height at most: big fonts on a small panel keep a plot
WIDEST_TICK = "-0.000"  # the colour bar's scale is this wide whatever the levels
# Axis labels (source texts, translated when shown), by mode.
LABELS = {"image": (QT_TRANSLATE_NOOP("WeightsPlot", "pixel column"),
                    QT_TRANSLATE_NOOP("WeightsPlot", "pixel row")),
          "bars": (QT_TRANSLATE_NOOP("WeightsPlot", "feature index j"),
                   QT_TRANSLATE_NOOP("WeightsPlot", "weight wⱼ"))}
NAMED_LABEL = QT_TRANSLATE_NOOP("WeightsPlot", "feature")  # under bars labelled with names
MAX_NAMED_BARS = 40  # more bars than this are labelled by index; names stay in the tooltip
NAME_CHARS = 16  # a longer name is cut short with an ellipsis under its bar
NAMES_SHARE = 0.3  # of the panel's height at most for the names: big fonts keep the bars


def square_side(n: int) -> int | None:
    """The side of an n-pixel square picture (n = side², side >= 2), or None."""
    side = math.isqrt(n)
    return side if side >= MIN_SIDE and side * side == n else None


def group_means(values: np.ndarray, per_group: int) -> np.ndarray:
    """Mean of consecutive runs of `per_group` values (the last run may be shorter)."""
    starts = np.arange(0, len(values), per_group)
    return np.add.reduceat(values, starts) / np.diff(np.append(starts, len(values)))


def grouped(n: int) -> str:
    """1000000 -> '1 000 000'."""
    return f"{n:,}".replace(",", " ")


def swatch(colour: str, text: str) -> str:
    """HTML for a coloured square followed by `text`."""
    return f"<span style='color:{colour}'>■</span>&nbsp;{text}"


def pixel_ticks(side: int, most: int = 5) -> list[tuple[float, str]]:
    """About `most` ticks at pixel centres (pixel c spans [c, c + 1]), the last pixel included."""
    step = max(1, round(side / max(most - 1, 1)))
    ticks = list(range(0, side, step))
    if side - 1 - ticks[-1] >= step / 2:
        ticks.append(side - 1)
    return [(c + 0.5, str(c)) for c in ticks]


def wrapped(parts: list[tuple[str, str]], metrics: QFontMetricsF,
            available: float) -> list[tuple[str, float]]:
    """(HTML, width in pixels) of lines holding `parts` ((plain text, HTML) pairs) in order,
    as many to a line as fit in `available` pixels."""
    gap = metrics.horizontalAdvance(GAP)
    lines: list[tuple[str, float]] = []
    for plain, html in parts:
        needed = metrics.horizontalAdvance(plain)
        if lines and lines[-1][1] + gap + needed <= available:
            lines[-1] = (lines[-1][0] + GAP.replace(" ", "&nbsp;") + html,
                         lines[-1][1] + gap + needed)
        else:
            lines.append((html, needed))
    return lines


def largest_magnitude(w: np.ndarray) -> float:
    """max |w| over the finite weights, or 1 when there is none or it is 0 (keeps levels valid)."""
    finite = np.abs(w[np.isfinite(w)])
    top = float(finite.max()) if len(finite) else 0.0
    return top if top > 0.0 else 1.0


class FeatureNameAxis(ReadableAxis):
    """A bottom axis that writes feature names upwards (turned 90 degrees) under their bars,
    every k-th where the bars are too narrow for each to have its line."""

    whole_numbers = True  # bar j sits at x = j: an axis of feature indices (or pixels)
    # Class defaults: AxisItem's constructor already resizes and sets the font.
    _names: tuple[str, ...] | None = None
    _extra = 0.0  # height the turned names need beyond one line of tick text
    _themed_height: float | None = None
    _room = math.inf  # pixels a name may take along its line
    _naming = False  # whether the ticks are the names' (set here) rather than a picture's
    name_chars = NAME_CHARS  # a longer name is cut short (the sample inspector allows more)

    def __init__(self):
        super().__init__("bottom")

    def names(self) -> tuple[str, ...] | None:
        return self._names

    def shown_names(self) -> list[str]:
        """The names written under bars now (the others are skipped for room), uncut."""
        ticks = self._tickLevels[0] if self._names and self._tickLevels else []
        return [self._names[int(text)] for _, text in ticks]

    def set_names(self, names: tuple[str, ...] | None) -> None:
        self._names = names or None
        self._relabel()

    def set_room(self, pixels: float) -> None:
        """Cut names longer than `pixels` short, even if they are under NAME_CHARS."""
        if pixels != self._room:
            self._room = pixels
            self._relabel()

    def setTickFont(self, font) -> None:
        super().setTickFont(font)
        self._relabel()

    def setHeight(self, h=None) -> None:
        self._themed_height = h  # one line of tick text and the title: the names add to it
        super().setHeight(None if h is None else h + self._extra)

    def resizeEvent(self, ev=None):
        super().resizeEvent(ev)
        if self._names:
            self._relabel()

    def _tick_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.style["tickFont"] or QFont())

    def _relabel(self) -> None:
        if not self._names:
            # Only the names' own ticks go: a picture's pixel ticks stay through a resize or a
            # new font (they went, with the first resize after a change of language).
            if self._naming:
                self.setTicks(None)
                self._naming = False
            extra = 0.0
        else:
            metrics = self._tick_metrics()
            # Bar j is centred at x = j + 1; the view spans n bars across the axis' width.
            per_bar = max(self.size().width(), 1.0) / len(self._names)
            every = max(1, math.ceil(1.15 * metrics.height() / per_bar))
            # The tick text is the index: pyqtgraph lays out short strings; drawPicture
            # writes the names.
            self.setTicks([[(j + 1.0, str(j)) for j in range(0, len(self._names), every)], []])
            self._naming = True
            longest = max(metrics.horizontalAdvance(self._elided(name, metrics))
                          for name in self._names)
            extra = max(0.0, longest - metrics.height())
        if extra != self._extra:
            self._extra = extra
            if self._themed_height is not None:
                self.setHeight(self._themed_height)

    def _elided(self, name: str, metrics: QFontMetricsF) -> str:
        room = min(self.name_chars * metrics.averageCharWidth(), self._room)
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0.0))

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        if not self._names:
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        super().drawPicture(p, axisSpec, tickSpecs, [])
        metrics = self._tick_metrics()
        line = metrics.height()
        length = self.size().height()
        for rect, _, text in textSpecs:
            p.save()
            # Turned a quarter left: the name reads upwards and ends at the axis line.
            p.translate(rect.center().x(), rect.top())
            p.rotate(-90)
            p.drawText(QRectF(-length, -line / 2, length, line),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       self._elided(self._names[int(text)], metrics))
            p.restore()


class WeightsPlot(ThemedPlot):
    """w as a diverging-colour picture (square D) or as bars, with the bias b in words."""

    _grid = (False, True)

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("weightsPlot", "", "", "", parent)
        self._name_axis = FeatureNameAxis()
        self.plotItem.setAxisItems({"bottom": self._name_axis})
        self._names: tuple[str, ...] | None = None
        self._picture: tuple[int, int] | None = None
        self._shape: tuple[int, int] | None = None  # the picture drawn, (rows, columns)
        self._mode = "bars"
        self._w = np.zeros(0)
        self._b = 0.0
        self._per_bar = 1
        self._heights: np.ndarray | None = None
        self._image = pg.ImageItem(axisOrder="row-major")
        self._bars = (pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, pen=None),
                      pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, pen=None))
        self._zero = pg.InfiniteLine(pos=0.0, angle=0)
        self._colour_bar = make_colour_bar("")
        self._colour_bar_placed = False
        self._caption = pg.LabelItem(justify="center")
        self._caption_html = ""
        self._add_items()
        self._show_mode("bars")
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def retranslate(self) -> None:
        self.set_title(translate("WeightsPlot", "Weights"))
        self._colour_bar.getAxis("left").setLabel(translate("WeightsPlot", "weight"))
        self._update_axis_labels()
        self._caption_html = ""  # same facts, other words
        self._update_caption()

    # ----- public API -----

    def set_feature_layout(self, names=None, picture_shape=None) -> None:
        """What the data says about its features: a name each (labels and tooltips), and the
        (rows, columns) picture pixel data forms. Without either, square D is a picture."""
        self._names = None if names is None else tuple(names)
        self._picture = None if picture_shape is None else tuple(picture_shape)
        if self._w.size:
            self.set_weights(self._w, self._b)
        elif self._mode == "bars":
            self._show_mode("bars")  # names under the bars or not

    def set_weights(self, w: np.ndarray, b: float) -> None:
        """Show `w` (1-d) as a picture (the data's picture shape, or a square when D = side²
        >= 4 and the features have no names), else as bars; and b."""
        w = np.asarray(w, dtype=np.float64)
        if w.ndim != 1 or len(w) == 0:
            raise ValueError(f"weights must be a non-empty 1-d array, got shape {w.shape}")
        self._w, self._b = w, float(b)
        shape = self._picture_shape(len(w))
        if shape is not None:
            self._draw_image(w.reshape(shape))
        else:
            self._draw_bars(w)
        self._update_caption()

    def shown_names(self) -> list[str]:
        """The feature names written under the bars now (uncut), or [] where none are."""
        return self._name_axis.shown_names() if self._mode == "bars" else []

    def hover_text(self, x: float, y: float) -> str:
        """What the tooltip says at view point (x, y): the feature (or pixel) there and its
        weight, or "" away from every weight."""
        n = len(self._w)
        if n == 0:
            return ""
        if self._mode == "image":
            rows, columns = self._shape
            r, c = math.floor(y), math.floor(x)
            if not (0 <= r < rows and 0 <= c < columns):
                return ""
            return translate("WeightsPlot", "pixel row {row}, column {column}: {value}").format(
                row=r, column=c, value=self._value_text(self._w[r * columns + c]))
        j = round(x) - 1  # bar j is centred at j + 1 (a group's bar: its mean, see caption)
        if self._per_bar > 1 or not 0 <= j < n:
            return ""
        name = (f"{self._names[j]} (j = {j + 1})" if self._names_fit(n)
                else translate("WeightsPlot", "feature {j}").format(j=j + 1))
        return f"{name}: {self._value_text(self._w[j])}"

    def _value_text(self, value: float) -> str:
        """A value as the tooltip names it: a weight here."""
        return f"w = {value:.4g}"

    def mode(self) -> str:
        """"image" when the weights are drawn as a picture, else "bars"."""
        return self._mode

    def image_data(self) -> np.ndarray | None:
        """The picture (row-major: element [r, c] is w[r * columns + c]), or None in bar mode."""
        return self._image.image if self._mode == "image" and len(self._w) else None

    def bar_heights(self) -> np.ndarray | None:
        """One height per bar (a weight, or a group's mean), or None in image mode."""
        return self._heights if self._mode == "bars" else None

    def features_per_bar(self) -> int:
        """How many consecutive weights one bar averages (1 unless D > 4096)."""
        return self._per_bar

    def caption_text(self) -> str:
        """The bias and, when bars average groups, how many, as plain text."""
        return "  ·  ".join(self._caption_parts()[0])

    def clear(self) -> None:
        """No weights: an empty bar view."""
        self._w, self._b, self._per_bar, self._heights = np.zeros(0), 0.0, 1, None
        self._image.clear()
        for item in self._bars:
            item.setOpts(x=[], height=[])
        self._show_mode("bars")
        self._update_caption()

    # ----- construction -----

    def _add_items(self) -> None:
        self.addItem(self._image)
        for item in self._bars:
            self.addItem(item)
        self._zero.setZValue(5)
        self.addItem(self._zero, ignoreBounds=True)
        self._colour_bar.setImageItem(self._image)
        self.plotItem.layout.addItem(self._caption, 4, 0, 1, 6)  # under axes and colour bar
        self.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.vb.disableAutoRange()
        self.plotItem.vb.sigResized.connect(self._update_caption)
        self.plotItem.vb.sigResized.connect(self._fit_pixel_ticks)

    def _picture_shape(self, n: int) -> tuple[int, int] | None:
        if self._picture is not None and self._picture[0] * self._picture[1] == n:
            return self._picture
        side = None if self._names_fit(n) else square_side(n)
        return None if side is None else (side, side)

    def _names_fit(self, n: int) -> bool:
        return self._names is not None and len(self._names) == n

    def _show_mode(self, mode: str) -> None:
        """Switch between picture and bars: items, axes, aspect and the colour bar."""
        self._mode = mode
        # The next draw sets the range (and the picture's colour levels).
        self._shape, self._bar_count, self._bar_top, self._level_top = None, 0, 0.0, 0.0
        image = mode == "image"
        self._image.setVisible(image)
        for item in (*self._bars, self._zero):
            item.setVisible(not image)
        vb = self.plotItem.vb
        vb.setAspectLocked(image)  # square pixels
        vb.invertY(image)  # row 0 at the top, as a picture is read
        self._grid = (False, not image)
        self.plotItem.showGrid(x=False, y=not image, alpha=self._theme.grid_alpha)
        for axis in ("bottom", "left"):
            self.getAxis(axis).setTicks(None)  # automatic, until a picture sets its own
        self._update_axis_labels()
        self._name_axis.set_names(self._names if self._named_bars() else None)
        self._place_colour_bar(image)

    def _named_bars(self) -> bool:
        """Whether the bars are labelled with the features' names (few enough of them)."""
        return (self._mode == "bars" and self._names is not None
                and len(self._names) <= MAX_NAMED_BARS)

    def _update_axis_labels(self) -> None:
        labels = (NAMED_LABEL, LABELS["bars"][1]) if self._named_bars() else LABELS[self._mode]
        for axis, text in zip(("bottom", "left"), labels, strict=True):
            self.set_axis_label(axis, translate("WeightsPlot", text))

    def _place_colour_bar(self, shown: bool) -> None:
        # A hidden item still takes its column in a QGraphicsGridLayout: take it out instead.
        layout = self.plotItem.layout
        self._colour_bar.setVisible(shown)
        if shown and not self._colour_bar_placed:
            layout.addItem(self._colour_bar, 2, 5)
            layout.setColumnFixedWidth(4, 5)
            # Its axes sized themselves to 0 while hidden.
            style_colour_bar(self._colour_bar, self._theme, WIDEST_TICK)
        elif not shown and self._colour_bar_placed:
            layout.removeItem(self._colour_bar)
            layout.setColumnFixedWidth(4, 0)
        self._colour_bar_placed = shown

    # ----- drawing -----

    def _draw_image(self, picture: np.ndarray) -> None:
        if self._mode != "image":
            self._show_mode("image")
        rows, columns = picture.shape
        self._heights, self._per_bar = None, 1
        self._image.setImage(picture, autoLevels=False)
        # Round levels that change only when the weights outgrow them (or shrink well below):
        # each change re-draws the colour bar's scale, and a picture whose contrast follows
        # every frame flickers.
        top = steady_extent(self._level_top, largest_magnitude(picture), SHRINK_BELOW)
        if top != self._level_top:
            self._level_top = top
            self._colour_bar.setLevels((-top, top))
            fit_colour_bar_scale(self._colour_bar, self._theme)
        if picture.shape != self._shape:  # pixel (r, c) covers [c, c + 1] x [r, r + 1]
            self._shape = picture.shape
            self.setRange(xRange=(0, columns), yRange=(0, rows), padding=0.0)
            self._fit_pixel_ticks()

    def _fit_pixel_ticks(self, *_) -> None:
        """Pixel numbers on both axes of the picture, as many (up to five) as have room: in a
        small panel at big fonts five ran into each other ("07142127")."""
        vb = self.plotItem.vb
        if self._mode != "image" or self._shape is None or vb.width() <= 0:
            return
        rows, columns = self._shape
        x_per_pixel, y_per_pixel = (abs(size) for size in vb.viewPixelSize())
        metrics = QFontMetricsF(font(self._theme.tick_pt))
        widest = metrics.horizontalAdvance(str(columns - 1) + "0")  # a digit's gap between
        for axis, side, per_pixel, needed in (("bottom", columns, x_per_pixel, widest),
                                              ("left", rows, y_per_pixel, 1.2 * metrics.height())):
            length = side / per_pixel if per_pixel > 0 else 0.0
            ticks = [pixel_ticks(side, max(2, min(5, int(length // needed) + 1))), []]
            if self.getAxis(axis)._tickLevels != ticks:  # a new tick set re-lays the axis out
                self.getAxis(axis).setTicks(ticks)

    def _draw_bars(self, w: np.ndarray) -> None:
        if self._mode != "bars":
            self._show_mode("bars")
        self._per_bar = max(1, math.ceil(len(w) / MAX_BARS))
        heights = w if self._per_bar == 1 else group_means(w, self._per_bar)
        x = self._bar_centres(len(w), len(heights))
        drawn = np.where(np.isfinite(heights), heights, 0.0)
        # Hundreds of bars are thinner than a pixel: touching, they fill every pixel column
        # alike instead of some bars showing and their neighbours vanishing.
        width = (BAR_WIDTH if len(heights) <= MAX_GAPPED_BARS else 1.0) * self._per_bar
        self._bars[0].setOpts(x=x, height=np.minimum(drawn, 0.0), width=width)
        self._bars[1].setOpts(x=x, height=np.maximum(drawn, 0.0), width=width)
        self._heights = heights
        self._fit_bar_range(len(w), RANGE_PAD * largest_magnitude(w))

    def _fit_bar_range(self, n_weights: int, top: float) -> None:
        # Grow at once, shrink only by a good margin: an axis rescaling 30 times a second is
        # hard to read (and re-laying its ticks out costs more than the bars).
        if n_weights != self._bar_count:
            self._bar_count = n_weights
            self.setXRange(0.5, n_weights + 0.5, padding=0.0)
        if not SHRINK_BELOW * self._bar_top <= top <= self._bar_top:
            self._bar_top = top
            self.setYRange(-top, top, padding=0.0)

    def _bar_centres(self, n_weights: int, n_bars: int) -> np.ndarray:
        """Feature index (1-based) at the middle of each bar's group of weights."""
        first = 1.0 + self._per_bar * np.arange(n_bars)
        last = np.minimum(first + self._per_bar - 1, n_weights)
        return 0.5 * (first + last)

    # ----- caption -----

    def _caption_parts(self) -> tuple[list[str], list[tuple[str, str]]]:
        """(facts, colour key as (plain, HTML) pairs) shown under the plot."""
        n = len(self._w)
        if n == 0:
            return [translate("WeightsPlot", "no weights yet")], []
        facts = [translate("WeightsPlot", "bias b = {b}").format(b=f"{self._b:.4g}")]
        if self._mode == "image":
            rows, columns = self._shape
            # English says "an 8 × 8 picture", "an 11 × 11", "an 18 × 18": two source texts.
            an = str(rows).startswith("8") or rows in (11, 18)
            facts.append((translate("WeightsPlot", "{count} weights as an {rows} × {columns} "
                                    "picture") if an else
                          translate("WeightsPlot", "{count} weights as a {rows} × {columns} "
                                    "picture")).format(count=grouped(n), rows=rows,
                                                       columns=columns))
        elif self._per_bar > 1:
            facts.append(translate("WeightsPlot", "{count} weights: each bar is the mean of "
                                   "{per_bar} consecutive weights").format(
                count=grouped(n), per_bar=self._per_bar))
        theme = self._theme
        key = [(text, swatch(colour, escape(text))) for text, colour in (
            (translate("WeightsPlot", "wⱼ > 0 pushes toward class 1"), theme.class1),
            (translate("WeightsPlot", "wⱼ < 0 toward class 0"), theme.class0))]
        return facts, [("■ " + plain, markup) for plain, markup in key]

    def _caption_lines(self, metrics: QFontMetricsF, available: float) -> list[tuple[str, float]]:
        """The caption's lines, within CAPTION_SHARE of the panel's height: where all of it
        does not fit, the colour key goes first (the colours still show), then all but the
        bias."""
        facts, key = self._caption_parts()
        budget = max(1, int(CAPTION_SHARE * self.height() / metrics.lineSpacing()))
        facts = [(fact, fact) for fact in facts]
        for parts in ([facts, key], [facts], [facts[:1]]):
            lines = [line for group in parts for line in wrapped(group, metrics, available)]
            # A part wider than the caption wraps: it takes more than one line.
            if sum(math.ceil(width / available) for _, width in lines) <= budget:
                break
        return lines

    def _update_caption(self, *_) -> None:
        metrics = QFontMetricsF(font(self._theme.label_pt))
        available = self._caption_width()
        lines = self._caption_lines(metrics, available)
        html = "<br>".join(text for text, _ in lines)
        if html == self._caption_html:  # a resize re-runs this; equal text must not relayout
            return
        self._caption_html = html
        # A part wider than the plot wraps at word breaks rather than widening the layout.
        margins = 2 * self._caption.item.document().documentMargin() + 2
        self._caption.item.setTextWidth(min(available, max(w for _, w in lines)) + margins)
        self._caption.setText(f"<div align='center'>{html}</div>", color=self._theme.foreground,
                              size=f"{self._theme.label_pt:.1f}pt")

    def _caption_width(self) -> float:
        """The widget's width inside the layout's margins (not the layout's own width, which a
        too-wide caption would itself have stretched)."""
        left, _, right, _ = self.plotItem.layout.getContentsMargins()
        return max(120.0, self.width() - left - right - 16)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        axis = getattr(self, "_name_axis", None)  # None: still in the constructor
        if axis is not None:
            axis.set_room(round(NAMES_SHARE * self.height()))

    # ----- hover -----

    def _on_mouse_moved(self, scene_pos) -> None:
        vb = self.plotItem.vb
        inside = vb.sceneBoundingRect().contains(scene_pos)
        point = vb.mapSceneToView(scene_pos)
        text = self.hover_text(point.x(), point.y()) if inside else ""
        if text != self.toolTip():
            self.setToolTip(text)

    # ----- theme -----

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        style_colour_bar(self._colour_bar, self._theme, WIDEST_TICK)
        self._caption_html = ""  # same words, new font and colour
        self._update_caption()
        self._fit_pixel_ticks()  # numbers of another size

    def _restyle(self, theme: Theme) -> None:
        self._colour_bar.setColorMap(diverging_colormap(theme.class0, theme.background,
                                                        theme.class1))
        self._bars[0].setOpts(brush=pg.mkBrush(theme.class0))
        self._bars[1].setOpts(brush=pg.mkBrush(theme.class1))
        self._zero.setPen(pg.mkPen(qcolor(theme.foreground, 160), width=theme.px(1)))
