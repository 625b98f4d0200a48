"""Helpers shared by the plot and export tests: show a panel offscreen, and sample data."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication


def show(qtbot, widget, width: int = 800, height: int = 400):
    """Add `widget` to qtbot, give it a size, show it and let it lay out and paint."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


def redraw(plot) -> None:
    """Let pending range updates run (autorange is deferred) and paint the plot now."""
    QApplication.processEvents()
    plot.viewport().repaint()
    QApplication.processEvents()


def curve(plot, name: str) -> pg.PlotDataItem:
    """The data item called `name` in `plot` (curves are named after their legend text)."""
    matches = [item for item in plot.getPlotItem().listDataItems() if item.name() == name]
    assert len(matches) == 1, f"expected one curve named {name!r}, found {len(matches)}"
    return matches[0]


def items_of(plot, kind: type) -> list:
    """Items of type `kind` that were added to the plot's view."""
    return [item for item in plot.getPlotItem().items if isinstance(item, kind)]


def vertical_lines(plot) -> list[pg.InfiniteLine]:
    """The vertical lines drawn in `plot` (markers), not the scrubber's cursor."""
    cursor = plot.cursor_line() if hasattr(plot, "cursor_line") else None
    return [line for line in items_of(plot, pg.InfiniteLine)
            if line.angle == 90 and line is not cursor]


def decaying_cost(n: int = 10001, start: float = 19.3, optimum: float = 0.124845):
    """Steps (float64) and a cost falling from `start` to `optimum`, like the notebook's run."""
    steps = np.arange(n, dtype=np.float64)
    return steps, optimum + (start - optimum) * np.exp(-steps / 300.0)


def logits_and_labels(n: int = 400, seed: int = 0):
    """Logits of a model part-way through training, and 0/1 labels, both numpy arrays."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n).astype(np.float64)
    logits = 6.0 * (labels - 0.5) + rng.normal(0.0, 5.0, n)
    return logits, labels


def widget_point(plot, x: float, y: float):
    """The widget pixel (QPoint) where the data point (x, y) of `plot` is drawn."""
    from PySide6.QtCore import QPointF

    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
    return plot.viewport().mapTo(plot, plot.mapFromScene(scene))


def colours_near(image, point, radius: int = 3) -> np.ndarray:
    """RGB rows of the pixels of `image` (a QImage) within `radius` of `point`."""
    rows = []
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px, py = point.x() + dx, point.y() + dy
            if 0 <= px < image.width() and 0 <= py < image.height():
                colour = image.pixelColor(px, py)
                rows.append((colour.red(), colour.green(), colour.blue()))
    return np.array(rows, dtype=np.float64)


def blend(colour, background, alpha: int) -> np.ndarray:
    """RGB of `colour` ('#RRGGBB') drawn with `alpha` (0..255) over `background`."""
    from PySide6.QtGui import QColor

    fg, bg = QColor(colour), QColor(background)
    rgb = np.array([[c.red(), c.green(), c.blue()] for c in (fg, bg)], dtype=np.float64)
    return (alpha * rgb[0] + (255 - alpha) * rgb[1]) / 255.0
