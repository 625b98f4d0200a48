"""A ScatterPlotItem for large groups of points that all share one symbol, size, pen and brush."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from gui.i18n import translate

# Samples drawn per set: more cost the GUI thread more per frame and show nothing more than an
# even spread of this many does, whose symbols already cover the rows and clusters they form.
# Painting 125 000 points (a 200 000-sample lesson's training and held-out sets at 100 000 each)
# took 60-90 ms, a stall of the window at every refresh (docs/ARCHITECTURE.md §15).
MAX_DRAWN_SAMPLES = 20_000


def drawn_stride(n: int) -> int:
    """Of n samples the sample views draw every k-th: all of them up to MAX_DRAWN_SAMPLES."""
    return max(1, math.ceil(n / MAX_DRAWN_SAMPLES))


def drawn_mask(n: int) -> np.ndarray:
    """Which of n samples the sample views draw (the same ones on every frame)."""
    mask = np.zeros(n, dtype=bool)
    mask[::drawn_stride(n)] = True
    return mask


def drawn_note(n: int) -> str:
    """'' when every one of n samples is drawn, else e.g. ' (20 000 of 1 000 000 drawn)'."""
    shown = len(range(0, n, drawn_stride(n)))
    if shown == n:
        return ""
    return translate("UniformScatter", " ({shown} of {total} drawn)").format(
        shown=f"{shown:,}".replace(",", " "), total=f"{n:,}".replace(",", " "))


class UniformScatter(pg.ScatterPlotItem):
    """ScatterPlotItem fast enough to move 100 000 samples at 30 Hz.

    pyqtgraph looks every point's style up in its symbol atlas (about 1.5 µs a point, 150 ms for
    100 000 points) and reallocates its point table on every setData. Here all points share the
    item's style, so the atlas is consulted once, and `set_points` rewrites positions in place
    while the number of points is unchanged (the usual case during training).
    """

    def set_points(self, x: np.ndarray, y: np.ndarray, visible: np.ndarray | None = None) -> None:
        """Move the points to (x, y); `visible` (bool per point) hides some without
        reallocating, for groups whose membership changes every update."""
        if len(x) == 0 and len(self.data) == 0:
            return  # empty and staying so (held-out samples without a split): nothing to redo
        if len(x) != len(self.data):
            self.prepareGeometryChange()  # the old extent, repainted without the old points
            self.setData(x=x, y=y)
        else:
            self.data["x"] = x
            self.data["y"] = y
        self.data["visible"] = True if visible is None else visible
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self.bounds = [None, None]
        self.invalidate()
        self.sigPlotChanged.emit(self)

    def visible_points(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of the points currently drawn."""
        shown = self.data["visible"]
        return self.data["x"][shown], self.data["y"][shown]

    def setData(self, *args, **kwargs) -> None:
        super().setData(*args, **kwargs)
        # Empty, the scene never paints it: it painted every frame an empty scatter (such as
        # the held-out samples' of a lesson without a split) covering nothing, a tenth of the
        # samples view's paint for the two of them.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, len(self.data) == 0)

    def mouseClickEvent(self, ev) -> None:
        # Passed on to the view box under it, which picks the sample nearest to the click in
        # every group at once (gui/plots/sample_picking.py); a scatter would take the click
        # for its own points only, and the halo's and rings' scatters for none.
        ev.ignore()

    def updateSpots(self, dataSet=None):
        if dataSet is None:
            dataSet = self.data
        if not (self.opts["pxMode"] and self.opts["useCache"]):
            return super().updateSpots(dataSet)
        missing = dataSet["sourceRect"]["w"] == 0
        if np.any(missing):
            style = (self.opts["symbol"], self.opts["size"], self.opts["pen"], self.opts["brush"])
            dataSet["sourceRect"][missing] = self.fragmentAtlas[[style]][0]
            self.invalidate()
        self._updateMaxSpotSizes(data=dataSet)
