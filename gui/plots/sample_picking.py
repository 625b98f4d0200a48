"""Picking samples with the mouse in a plot: a click, or a rectangle dragged with the left
button (docs/ARCHITECTURE.md §16, "Linked samples and the sample inspector").

A left drag selects rather than pans: a rectangle is the only way to pick many samples at
once, and the views that pan (the samples on the sigmoid, the predictions strip) still pan
with the middle button and zoom with the wheel or a right drag, as pyqtgraph's views do.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsRectItem

from core.sample_selection import SampleSelection, SampleSet, SelectMode
from gui.plots.themed_plot import qcolor
from gui.theme import Theme


def select_mode(modifiers) -> SelectMode:
    """Shift held: add to the selection (with Ctrl too, as Qt's item views extend then);
    Ctrl alone (Cmd on a Mac, which Qt reports as Ctrl): toggle the picked samples; no key:
    replace the selection."""
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        return SelectMode.ADD
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        return SelectMode.TOGGLE
    return SelectMode.REPLACE


def selection_pen(theme: Theme, width: float = 3.0):
    """The selection's colour, distinct from the classes and from the black misclassified
    rings in every theme (the markers' reddish purple)."""
    return pg.mkPen(theme.marker, width=theme.px(width))


def selection_brush(theme: Theme, alpha: int = 90):
    return pg.mkBrush(qcolor(theme.marker, alpha))


class PickingViewBox(pg.ViewBox):
    """A ViewBox whose left button picks: a click reports its point, a drag draws a rubber
    band and reports its rectangle, both in view coordinates with the select mode of the keys
    held. Other buttons (and drags on an axis) keep pyqtgraph's pan and zoom."""

    pointClicked = Signal(QPointF, object)  # view point, SelectMode
    rectDragged = Signal(QRectF, object)  # view rectangle, SelectMode

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._band = QGraphicsRectItem()
        self._band.setZValue(1e9)
        self._band.hide()
        self.addItem(self._band, ignoreBounds=True)

    def style_band(self, theme: Theme) -> None:
        pen = pg.mkPen(theme.marker, width=theme.px(1.5), style=Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._band.setPen(pen)
        self._band.setBrush(selection_brush(theme, 45))

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseClickEvent(ev)
            return
        ev.accept()
        self.pointClicked.emit(self.mapToView(ev.pos()), select_mode(ev.modifiers()))

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or axis is not None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        rect = QRectF(self.mapToView(ev.buttonDownPos()), self.mapToView(ev.pos())).normalized()
        if ev.isFinish():
            self._band.hide()
            self.rectDragged.emit(rect, select_mode(ev.modifiers()))
        else:
            self._band.setRect(rect)
            self._band.show()

    def band_shown(self) -> bool:
        return self._band.isVisible()


class HaloedSamples:
    """Halos behind the selected samples of a view that draws a training and a held-out group
    (`_train`, `_val`); the view says which of a group's selected samples it can halo
    (`_haloed`) and draws them (`_update_halo`)."""

    _selection = SampleSelection()

    def set_selected(self, selection: SampleSelection) -> None:
        """Put a halo behind the selected samples."""
        self._selection = selection
        self._update_halo()

    def highlighted(self) -> SampleSelection:
        """The samples with a halo now."""
        return SampleSelection.of(*(self._haloed(group, sample_set)
                                    for group, sample_set in self._sample_groups()))

    def _sample_groups(self) -> tuple:
        """(group, SampleSet) for the training and the held-out samples."""
        return ((self._train, SampleSet.TRAINING), (self._val, SampleSet.HELD_OUT))

    def _haloed(self, group, sample_set: SampleSet) -> np.ndarray:
        raise NotImplementedError

    def _update_halo(self) -> None:
        raise NotImplementedError
