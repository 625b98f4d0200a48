"""Prediction accuracy over steps, for the training set and the held-out set."""

from __future__ import annotations

from gui.plots.history_plot import HistoryPlot
from gui.theme import THEMES, Theme

Y_PADDING = 0.06  # a little room so 0 % and 100 % are not drawn on the frame
Y_TICKS = [[(v, f"{100 * v:.0f} %") for v in (0.0, 0.25, 0.5, 0.75, 1.0)], []]


class AccuracyPlot(HistoryPlot):
    """Fraction of samples classified correctly, on a fixed 0..1 axis."""

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("accuracyPlot", "Prediction accuracy", "samples correct",
                         ("training accuracy", "held-out accuracy"), parent)
        self.set_axis_label("left", "samples correct", short="correct")
        self.setYRange(0.0, 1.0, padding=Y_PADDING)
        self.enableAutoRange(y=False)
        self.setMouseEnabled(x=True, y=False)  # zooming the fixed 0..1 axis only confuses
        self.getAxis("left").setTicks(Y_TICKS)
        self.apply_theme(theme or THEMES["default"])

    def _y_follows_data(self) -> bool:
        return False

    def _restore_y_range(self) -> None:
        self.enableAutoRange(y=False)
        self.setYRange(0.0, 1.0, padding=Y_PADDING)

    def _legend_offset(self) -> tuple[float, float]:
        return (-10, -10)  # bottom right: accuracy climbs towards the top

    def _format_value(self, value: float) -> str:
        return f"{100.0 * value:.1f} %"
