"""The cost landscape: the training cost over the first two weights (w1, w2) as an image with
contour lines, the path of the iterates up to the step shown, the optimum and the chosen start;
a click chooses where the next run starts (docs/ARCHITECTURE.md §16)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFontMetricsF, QTransform
from scipy.ndimage import zoom

from core.landscape import Extent, colour_bar_values, contour_levels, log_heights
from gui.i18n import translate
from gui.plots.colour_bar import fit_colour_bar_scale, make_colour_bar, style_colour_bar
from gui.plots.themed_plot import (
    BELOW_PLOT_LEGEND_SHARE,
    ThemedPlot,
    fit_legend_below,
    font,
    make_legend,
    qcolor,
    style_legend,
)
from gui.theme import OKABE_ITO, THEMES, Theme

CONTOURS = 12  # contour lines, log-spaced in the height above the lowest cost
COLOUR_BAR_TICKS = 6  # cost values named on the colour bar at most, its two ends among them
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
HELD_WEIGHTS_NAMED = 3  # other weights named in the caption; more are counted
IMAGE_UPSAMPLING = 4  # image pixels per grid step, interpolated


PATH_COLOUR = OKABE_ITO["vermillion"]  # stands out on every colour of viridis


def _colormap() -> pg.ColorMap:
    """viridis: perceptually even and readable under colour blindness, in both themes."""
    return pg.colormap.get("viridis")


class LandscapePlot(ThemedPlot):
    """cost(w1, w2) at the current bias (and other weights), the path, the start and the
    optimum; a left click asks for that start, the context menu for the init rule's again."""

    startWeightsChosen = Signal(float, float)
    startWeightsCleared = Signal()
    _grid = (False, False)  # the image is the background

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("landscapePlot", "", "w₁", "w₂", parent)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._contours: list[pg.IsocurveItem] = []
        self._path = pg.PlotDataItem(antialias=True)
        self._steps = pg.ScatterPlotItem(pxMode=True)  # every iterate, where few enough
        self._current = pg.ScatterPlotItem(pxMode=True)
        self._optimum = pg.ScatterPlotItem(pxMode=True)
        self._start = pg.ScatterPlotItem(pxMode=True)  # the chosen start, for the next Reset
        self._message = pg.TextItem(anchor=(0.5, 0.5))
        self._colour_bar = make_colour_bar("")
        self._extent: Extent | None = None
        self._costs: np.ndarray | None = None
        self._bar_values: list[float] = []
        self._bar_ticks: list[tuple[float, str]] = []
        self._unsupported: int | None = None  # the data's feature count, when not drawn here
        # What the slice holds fixed, said under the plot: with a bias (and more weights) the
        # picture is cost(w1, w2) at the step shown's, and the path's start at its own step
        # had another bias, so its colour there is not the cost the cost panel shows.
        self._slice: tuple[float, np.ndarray] | None = None  # (bias, weights[2:])
        self._caption = pg.LabelItem(justify="center")
        self._legend = self.add_legend(make_legend(frame=False))
        self._add_items()
        self._clear_action = QAction(self)
        self._clear_action.triggered.connect(self.startWeightsCleared)
        self.addAction(self._clear_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.scene().sigMouseClicked.connect(self._on_click)
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        self.set_title(translate("LandscapePlot", "Cost landscape over w₁, w₂"))
        self._colour_bar.getAxis("left").setLabel(translate("LandscapePlot", "cost"))
        self._clear_action.setText(translate("LandscapePlot", "Use the initial-weights rule "
                                                              "again"))
        self._clear_action.setToolTip(translate(
            "LandscapePlot", "Forget the starting weights chosen on the landscape: the next "
            "Reset starts where the Initial weights setting puts them"))
        self.setToolTip(translate(
            "LandscapePlot", "The training cost for every (w₁, w₂), the bias as at the step "
            "shown, with the path gradient descent took. Click to start the next run there "
            "(press Reset); right-click to use the initial-weights rule again."))
        self._show_message()
        self._update_caption()
        self._rebuild_legend()

    # ----- public API -----

    def set_unsupported(self, features: int | None) -> None:
        """None: the data's first two features are x1 and x2, the landscape is drawn; else
        the number of features of data it is not drawn for, said in the view."""
        self._unsupported = features
        if features is not None:
            self.clear()
        self._show_message()

    def supported(self) -> bool:
        return self._unsupported is None

    def clear(self) -> None:
        """No landscape, path or markers (a new run; data without a landscape)."""
        self._extent, self._costs, self._slice = None, None, None
        self._update_caption()
        self._image.clear()
        for item in (self._path, self._steps, self._current, self._optimum, self._start):
            item.setData([], [])
        for contour in self._contours:
            contour.setData(None)

    def set_landscape(self, extent: Extent, costs: np.ndarray) -> None:
        """The costs on an evenly spaced grid spanning `extent` (row i the i-th w2 from the
        bottom, column j the j-th w1 from the left)."""
        self._extent, self._costs = extent, costs
        # Interpolated for the picture only (the contours use the grid): a 100-point grid
        # drawn as it is shows blocks around the minimum.
        on_grid = log_heights(costs)
        heights = zoom(on_grid, IMAGE_UPSAMPLING, order=1)
        self._image.setImage(heights, autoLevels=False)
        # The grid's own ends, where the bar's end labels are: the interpolated picture may
        # stop short of them, and a label just past the bar's levels was left out.
        low, high = float(on_grid.min()), float(on_grid.max())
        self._colour_bar.setLevels((low, high if high > low else low + 1.0))
        n2, n1 = heights.shape
        w1_step, w2_step = (extent[1] - extent[0]) / (n1 - 1), (extent[3] - extent[2]) / (n2 - 1)
        # Pixel centres on the grid's points: the image reaches half a pixel past them.
        self._image.setRect(QRectF(extent[0] - w1_step / 2, extent[2] - w2_step / 2,
                                   w1_step * n1, w2_step * n2))
        self._show_contours(costs, extent)
        self._bar_values = colour_bar_values(costs, COLOUR_BAR_TICKS)
        self._set_bar_ticks()
        self.setRange(xRange=extent[:2], yRange=extent[2:], padding=0.0)

    def set_slice(self, bias: float, others: np.ndarray) -> None:
        """What the landscape drawn holds fixed: the bias and the weights after w1, w2."""
        self._slice = (float(bias), np.asarray(others, dtype=np.float64).ravel())
        self._update_caption()

    def caption(self) -> str:
        """The text under the plot saying what the slice holds fixed ('' without one)."""
        return self._caption.text if self._caption.isVisible() else ""

    def colour_bar_labels(self) -> list[tuple[float, str]]:
        """(log-height position, text) of each cost named on the colour bar."""
        return list(self._bar_ticks)

    def set_path(self, path: np.ndarray | None) -> None:
        """(K, 2) iterates, the last the one shown; None or empty: none drawn."""
        if path is None or len(path) == 0:
            for item in (self._path, self._steps, self._current):
                item.setData([], [])
            return
        self._path.setData(path[:, 0], path[:, 1])
        few = len(path) <= 400  # each step a dot while they can be told apart
        self._steps.setData(path[:-1, 0] if few else [], path[:-1, 1] if few else [])
        self._current.setData([path[-1, 0]], [path[-1, 1]])

    def set_optimum(self, weights: np.ndarray | None) -> None:
        self._optimum.setData([] if weights is None else [weights[0]],
                              [] if weights is None else [weights[1]])
        self._rebuild_legend()

    def set_start(self, weights: tuple[float, float] | None) -> None:
        self._start.setData([] if weights is None else [weights[0]],
                            [] if weights is None else [weights[1]])
        self._rebuild_legend()

    def extent(self) -> Extent | None:
        return self._extent

    def costs(self) -> np.ndarray | None:
        return self._costs

    def path_points(self) -> np.ndarray:
        """The drawn path as (K, 2)."""
        x, y = self._path.getData()
        return np.empty((0, 2)) if x is None else np.column_stack([x, y])

    def message(self) -> str:
        return self._message.toPlainText() if self._message.isVisible() else ""

    def choose_start(self, w1: float, w2: float) -> None:
        """What a left click at (w1, w2) does."""
        if self.supported() and self._extent is not None:
            self.startWeightsChosen.emit(float(w1), float(w2))

    # ----- construction and drawing -----

    def _add_items(self) -> None:
        self._image.setZValue(-10)
        self.addItem(self._image)
        for _ in range(CONTOURS):
            item = pg.IsocurveItem(level=0.0, axisOrder="row-major")
            item.setZValue(-5)
            self.addItem(item, ignoreBounds=True)
            self._contours.append(item)
        for z, item in enumerate((self._path, self._steps, self._start, self._current,
                                  self._optimum)):  # the optimum stays visible under the end
            item.setZValue(5 + z)
            self.addItem(item)
        self._message.setZValue(20)
        self.addItem(self._message, ignoreBounds=True)
        self._colour_bar.setImageItem(self._image, insert_in=self.plotItem)
        self.setMouseEnabled(x=False, y=False)  # a click chooses a start; no panning
        self.plotItem.hideButtons()
        self.plotItem.vb.disableAutoRange()
        self.plotItem.vb.sigResized.connect(self._place_message)
        self.plotItem.vb.sigResized.connect(self._set_bar_ticks)
        self.plotItem.layout.addItem(self._caption, 4, 0, 1, 6)  # under axes and colour bar
        self.plotItem.layout.addItem(self._legend, 5, 0, 1, 6,
                                     alignment=Qt.AlignmentFlag.AlignHCenter)

    def _show_contours(self, costs: np.ndarray, extent: Extent) -> None:
        levels = contour_levels(costs, CONTOURS)
        n2, n1 = costs.shape
        step1, step2 = (extent[1] - extent[0]) / (n1 - 1), (extent[3] - extent[2]) / (n2 - 1)
        # isocurve puts grid point k at k + 0.5: map that onto its (w1, w2).
        to_weights = QTransform(step1, 0.0, 0.0, step2, extent[0] - 0.5 * step1,
                                extent[2] - 0.5 * step2)
        for index, contour in enumerate(self._contours):
            contour.setTransform(to_weights)
            if index < len(levels):
                contour.setLevel(float(levels[index]))
                contour.setData(costs)
            else:
                contour.setData(None)

    def _set_bar_ticks(self, *_) -> None:
        """Name the colour bar's two ends and the levels between that keep a label's height
        and a half apart on the bar as drawn (at 2x fonts the top one went)."""
        values, costs = getattr(self, "_bar_values", []), self._costs
        ticks: list[tuple[float, str]] = []
        if values and costs is not None:
            places = [float(place) for place in log_heights(costs, values)]
            span = places[-1] - places[0]
            pixels = max(self._colour_bar.axis.height(), 1.0)
            pitch = 1.5 * QFontMetricsF(font(self._theme.tick_pt)).height() * span / pixels
            ends = [0, len(values) - 1] if len(values) > 1 else [0]
            kept = list(ends)
            for index in range(1, len(values) - 1):
                if all(abs(places[index] - places[k]) >= pitch for k in kept):
                    kept.append(index)
            ticks = [(places[i], f"{values[i]:.3g}") for i in sorted(kept)]
        self._bar_ticks = ticks
        self._colour_bar.axis.setTicks([ticks])
        # pyqtgraph leaves out a label wider than the scale ("0.0592" under "0.000"'s width).
        self._colour_bar.widest_tick = max((text for _, text in ticks), key=len, default="0.000")
        fit_colour_bar_scale(self._colour_bar, self._theme)

    def _update_caption(self) -> None:
        if self._slice is None or self._unsupported is not None:
            self._caption.setVisible(False)
            return
        bias, others = self._slice
        held = [translate("LandscapePlot", "b = {bias}").format(bias=f"{bias:.3g}")]
        held += [f"w{str(j + 3).translate(SUBSCRIPTS)} = {w:.3g}"
                 for j, w in enumerate(others[:HELD_WEIGHTS_NAMED])]
        if len(others) > HELD_WEIGHTS_NAMED:
            held.append(translate("LandscapePlot", "{count} more weights").format(
                count=len(others) - HELD_WEIGHTS_NAMED))
        text = translate("LandscapePlot", "a slice through the step shown, at {values}").format(
            values=", ".join(held))
        self._caption.setText(text, color=self._theme.foreground,
                              size=f"{self._theme.tick_pt:.1f}pt")
        self._caption.setVisible(True)

    def _rebuild_legend(self) -> None:
        """The path, the current iterate, and the optimum and chosen start while drawn."""
        entries = [(self._path, translate("LandscapePlot", "path")),
                   (self._current, translate("LandscapePlot", "step shown"))]
        if len(self._optimum.data):
            entries.append((self._optimum, translate("LandscapePlot", "optimum")))
        if len(self._start.data):
            entries.append((self._start, translate("LandscapePlot", "next start")))
        if [(s.item, label.text) for s, label in self._legend.items] == entries:
            return
        self._legend.clear()
        for item, name in entries:
            self._legend.addItem(item, name)
        style_legend(self._legend, self._theme)
        self._fit_legend()

    def legend_texts(self) -> list[str]:
        return [label.text for _, label in self._legend.items] if self._legend.isVisible() else []

    def _fit_legend(self, *_) -> None:
        available = self.width() - self._colour_bar.width() - 24
        if available <= 0 or not self._legend.items:
            return
        fit_legend_below(self._legend, self._theme, available,
                         BELOW_PLOT_LEGEND_SHARE * self.height())
        self.plotItem.layout.invalidate()
        self.plotItem.layout.activate()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_legend"):  # resized once during construction
            self._fit_legend()

    def _show_message(self) -> None:
        # Without a landscape the scales would only number an empty square.
        drawn = self._unsupported is None
        self._colour_bar.setVisible(drawn)
        for axis in ("left", "bottom"):
            self.getAxis(axis).setStyle(showValues=drawn)
        if drawn:
            self._message.setVisible(False)
            return
        self._message.setText(translate(
            "LandscapePlot", "The cost landscape is drawn over two weights; this data has "
            "{features} features.\nOpen a two-feature preset (blobs, overlap, xor)."
        ).format(features=f"{self._unsupported:,}"))
        self._message.setVisible(True)
        self._place_message()

    def _place_message(self, *_) -> None:
        if not self._message.isVisible():
            return
        self.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.0)
        self._message.setPos(0.5, 0.5)
        self._message.setTextWidth(max(80.0, 0.9 * self.plotItem.vb.width()))

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view = self.plotItem.vb
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        self.choose_start(point.x(), point.y())

    # ----- theme -----

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        style_colour_bar(self._colour_bar, self._theme, "0.000")
        self._update_caption()
        self._fit_legend()
        self._set_bar_ticks()

    def _restyle(self, theme: Theme) -> None:
        self._colour_bar.setColorMap(_colormap())
        line = qcolor(theme.foreground, 110)
        for contour in self._contours:
            contour.setPen(pg.mkPen(line, width=theme.px(1)))
        path_colour = PATH_COLOUR
        self._path.setPen(pg.mkPen(path_colour, width=theme.px(theme.pen_width)))
        self._steps.setSize(theme.symbol_size * 0.7)
        self._steps.setBrush(pg.mkBrush(path_colour))
        self._steps.setPen(pg.mkPen(None))
        self._current.setSymbol("o")
        self._current.setSize(theme.symbol_size * 2.2)
        self._current.setBrush(pg.mkBrush("#FFFFFF"))
        self._current.setPen(pg.mkPen(path_colour, width=theme.px(3)))
        self._optimum.setSymbol("star")
        self._optimum.setSize(theme.symbol_size * 2.4)
        self._optimum.setBrush(pg.mkBrush("#000000"))
        self._optimum.setPen(pg.mkPen("#FFFFFF", width=theme.px(1)))
        self._start.setSymbol("x")
        self._start.setSize(theme.symbol_size * 2.6)
        self._start.setBrush(pg.mkBrush("#FFFFFF"))
        self._start.setPen(pg.mkPen("#000000", width=theme.px(1)))
        self._message.setColor(qcolor(theme.foreground))
        self._message.setFont(font(theme.label_pt))
