"""The controls column at the window's left: the control panel in a scroll area as wide as its
fields need at the current font size."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from gui.controls import ControlPanel

MIN_WIDTH = 200  # the column never shrinks below this, however narrow the window


class ControlsColumn(QScrollArea):
    """Scrolls `controls` vertically, and sideways once they need more than their share."""

    def __init__(self, controls: ControlPanel):
        super().__init__()
        self.controls = controls
        self.setWidget(controls)
        self.setWidgetResizable(True)

    def fit_width(self, window_width: int) -> None:
        """As wide as the fields need (with room for the vertical scroll bar), up to a third of
        the window, past which it scrolls sideways: at 2x fonts it cut Pause and Reset off, and
        at 3x the plots need the room."""
        self.controls.ensurePolished()
        bar = self.verticalScrollBar().sizeHint().width()
        needed = self.controls.sizeHint().width() + bar + 8
        self.setMinimumWidth(min(needed, max(window_width // 3, MIN_WIDTH)))
