"""The cost landscape: the training cost over the first two weights (w1, w2) as an image with
contour lines, the path of the iterates up to the step shown, the optimum and the chosen start;
a click chooses where the next run starts (docs/ARCHITECTURE.md §16)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QTransform
from scipy.ndimage import zoom

from core.landscape import Extent, contour_levels, log_heights
from gui.i18n import translate
from gui.plots.colour_bar import make_colour_bar, style_colour_bar
from gui.plots.themed_plot import ThemedPlot, font, qcolor
from gui.theme import OKABE_ITO, THEMES, Theme

CONTOURS = 12  # contour lines, log-spaced in the height above the lowest cost
COLOUR_BAR_TICKS = 4  # cost values named on the colour bar
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
        self._unsupported: int | None = None  # the data's feature count, when not drawn here
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
        self._extent, self._costs = None, None
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
        heights = zoom(log_heights(costs), IMAGE_UPSAMPLING, order=1)
        self._image.setImage(heights, autoLevels=False)
        low, high = float(heights.min()), float(heights.max())
        self._colour_bar.setLevels((low, high if high > low else low + 1.0))
        n2, n1 = heights.shape
        w1_step, w2_step = (extent[1] - extent[0]) / (n1 - 1), (extent[3] - extent[2]) / (n2 - 1)
        # Pixel centres on the grid's points: the image reaches half a pixel past them.
        self._image.setRect(QRectF(extent[0] - w1_step / 2, extent[2] - w2_step / 2,
                                   w1_step * n1, w2_step * n2))
        self._show_contours(costs, extent)
        self._colour_bar.axis.setTicks([self._cost_ticks(costs)])
        self.setRange(xRange=extent[:2], yRange=extent[2:], padding=0.0)

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

    def set_start(self, weights: tuple[float, float] | None) -> None:
        self._start.setData([] if weights is None else [weights[0]],
                            [] if weights is None else [weights[1]])

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

    def _cost_ticks(self, costs: np.ndarray) -> list[tuple[float, str]]:
        """Colour-bar ticks at round cost values, placed on its log-height scale."""
        low, high = float(np.nanmin(costs)), float(np.nanmax(costs))
        floor = max(1e-3 * (high - low), 1e-12)
        ticks = []
        for value in low + (high - low) * np.geomspace(1e-2, 1.0, COLOUR_BAR_TICKS):
            shown = float(f"{value:.2g}")
            if low < shown <= high:
                ticks.append((float(np.log10(shown - low + floor)), f"{shown:g}"))
        return ticks

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
