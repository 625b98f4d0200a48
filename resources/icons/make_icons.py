"""Render the application icon's PNG sizes from logistic-regression-lab.svg, beside it.

Run it again after changing the SVG:
    QT_QPA_PLATFORM=offscreen python resources/icons/make_icons.py
The PNGs are committed (and shipped as package data), so nothing is rendered at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
NAME = "logistic-regression-lab"
SIZES = (16, 24, 32, 48, 64, 128, 256)  # the hicolor theme's usual application sizes


def png_name(size: int) -> str:
    return f"{NAME}-{size}.png"


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"error: {NAME}.svg is not a valid SVG", file=sys.stderr)
        return 2
    for size in SIZES:
        path = HERE / png_name(size)
        if not render(size, renderer).save(str(path), "PNG"):
            print(f"error: could not write {path}", file=sys.stderr)
            return 2
        print(f"wrote {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
