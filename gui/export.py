"""Exports for slides: a widget (one plot or the whole window) as PNG, SVG or clipboard image."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

MIN_SCALE, MAX_SCALE = 1.0, 4.0
CAPTION_PT = 10.0  # caption size in points for widgets without a theme


class ExportError(Exception):
    """An export could not be written; the message names the file and the reason."""


def caption_band_height(widget: QWidget, scale: float = 1.0) -> int:
    """Height in pixels of the caption band added under `widget` exported at `scale`."""
    return round(math.ceil(QFontMetricsF(_caption_font(widget)).height() * 1.8) * scale)


def render_image(widget: QWidget, scale: float = 1.0, caption: str | None = None) -> QImage:
    """The widget drawn at `scale` (1..4) times its size, with an optional caption band."""
    _check_scale(scale)
    width, height = round(widget.width() * scale), round(widget.height() * scale)
    band = caption_band_height(widget, scale) if caption else 0
    image = QImage(width, height + band, QImage.Format.Format_RGB32)
    background, foreground = _colours(widget)
    image.fill(background)
    painter = QPainter(image)
    try:
        _set_hints(painter)
        painter.scale(scale, scale)  # vector drawing: text and curves stay sharp at any scale
        with _lines_scaled(widget, scale), _vector_mode(widget, scale != 1.0):
            _render(widget, painter)
        if caption:
            band_rect = QRectF(0, height / scale, width / scale, band / scale)
            _draw_caption(painter, band_rect, caption, foreground, _caption_font(widget))
    finally:
        painter.end()
    return image


def export_png(widget: QWidget, path, scale: float = 1.0, caption: str | None = None) -> QSize:
    """Write the widget as a PNG of round(width*scale) x round(height*scale) (+ caption band)."""
    _check_scale(scale)
    _check_writable(path)
    image = render_image(widget, scale, caption)
    if not image.save(str(path), "PNG"):
        raise ExportError(f"could not write the PNG file {path}")
    return image.size()


def export_svg(widget: QWidget, path, title: str = "Logistic Regression Lab",
               caption: str | None = None) -> None:
    """Write the widget as SVG; text (titles, axis labels, legends) stays text."""
    _check_writable(path)
    width, height = widget.width(), widget.height()
    band = caption_band_height(widget) if caption else 0
    generator = _svg_generator(path, QSize(width, height + band), title, caption, widget)
    background, foreground = _colours(widget)
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"could not write the SVG file {path}")
    try:
        _set_hints(painter)
        painter.fillRect(QRect(0, 0, width, height + band), background)
        with _vector_mode(widget, True):
            _render(widget, painter)
        if caption:
            _draw_caption(painter, QRectF(0, height, width, band), caption, foreground,
                          _caption_font(widget))
    finally:
        painter.end()
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise ExportError(f"could not write the SVG file {path}")


def copy_image_to_clipboard(widget: QWidget, scale: float = 1.0) -> QSize:
    """Put the widget, drawn at `scale`, on the clipboard (paste straight into a slide)."""
    image = render_image(widget, scale)
    QGuiApplication.clipboard().setImage(image)
    return image.size()


# ----- helpers -----


def _check_scale(scale: float) -> None:
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ValueError(f"export scale must be between {MIN_SCALE:g} and {MAX_SCALE:g} "
                         f"(1 = screen size, 2 = twice as sharp), got {scale}")


def _check_writable(path) -> None:
    """Refuse early with a readable reason: Qt only reports a bare failure."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ExportError(f"cannot write {target}: permission denied")


def _render(widget: QWidget, painter: QPainter) -> None:
    # Layouts changed since the last event-loop turn (a legend re-flowed, a label grew) are
    # applied lazily; apply them now, or the export shows items at stale positions.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    # QWidget.render, not widget.render: pyqtgraph's GraphicsView overrides render() with
    # QGraphicsView.render, which draws the scene only, without the widget around it.
    QWidget.render(widget, painter, QPoint())


def _set_hints(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)


def _theme(widget: QWidget):
    """The panel's Theme when the widget is a themed plot, else None."""
    theme = getattr(widget, "theme", None)
    return theme() if callable(theme) else None


def _colours(widget: QWidget) -> tuple[QColor, QColor]:
    """Background and text colour for the image and its caption band."""
    theme = _theme(widget)
    if theme is not None:
        return QColor(theme.background), QColor(theme.foreground)
    palette = widget.palette()
    return palette.window().color(), palette.windowText().color()


def _caption_font(widget: QWidget) -> QFont:
    """The plot's label font (so presentation exports get large captions), else 10 pt."""
    theme = _theme(widget)
    font = QFont()
    font.setPointSizeF(CAPTION_PT if theme is None else theme.label_pt)
    return font


def _draw_caption(painter: QPainter, rect: QRectF, caption: str, colour: QColor,
                  font: QFont) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(colour)
    margin = rect.height() * 0.3
    painter.drawText(rect.adjusted(margin, 0, -margin, 0),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, caption)
    painter.restore()


def _svg_generator(path, size: QSize, title: str, caption: str | None,
                   widget: QWidget) -> QSvgGenerator:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    # Same dots per inch as the screen, so point-sized fonts keep their size relative to the plot.
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(title)
    generator.setDescription(caption or title)
    return generator


def _with_children(widget: QWidget) -> list[QWidget]:
    return [widget, *widget.findChildren(QWidget)]


@contextmanager
def _lines_scaled(widget: QWidget, factor: float) -> Iterator[None]:
    """Thicken lines by `factor` while rendering at `factor` times the size.

    Qt draws pyqtgraph's cosmetic pens at a fixed pixel width whatever the painter's scale, so
    without this a 3x export has lines a third as thick as on screen. Panels that support it
    have a `set_line_scale(factor)` method.
    """
    panels = [w for w in _with_children(widget) if hasattr(w, "set_line_scale")]
    if factor == 1.0 or not panels:
        yield
        return
    for panel in panels:
        panel.set_line_scale(factor)
    try:
        yield
    finally:
        for panel in panels:
            panel.set_line_scale(1.0)


@contextmanager
def _vector_mode(widget: QWidget, on: bool) -> Iterator[None]:
    """Draw pyqtgraph views without bitmaps: scatter symbols as paths (pyqtgraph's export mode)
    and no cached background. Bitmaps would be blurry when scaled and embedded in SVG."""
    if not on:
        yield
        return
    views = [view for view in _with_children(widget) if isinstance(view, pg.GraphicsView)]
    items = [item for view in views for item in view.scene().items()
             if hasattr(item, "setExportMode")]
    caches = [view.cacheMode() for view in views]
    cached = [item for view in views for item in view.scene().items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    item_caches = [item.cacheMode() for item in cached]
    for view in views:
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
    for item in cached:  # cached pixmaps (the axes') would be blurry when scaled
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)
        for item, cache in zip(cached, item_caches, strict=True):
            item.setCacheMode(cache)
        for view, cache in zip(views, caches, strict=True):
            view.setCacheMode(cache)
