"""Prediction accuracy over steps, for the training set and the held-out set."""

from __future__ import annotations

from gui.i18n import translate
from gui.plots.history_plot import HistoryPlot
from gui.theme import THEMES, Theme

Y_PADDING = 0.06  # a little room so 0 % and 100 % are not drawn on the frame
Y_TICKS = [[(v, f"{100 * v:.0f} %") for v in (0.0, 0.25, 0.5, 0.75, 1.0)], []]


class AccuracyPlot(HistoryPlot):
    """Fraction of samples classified correctly, on a fixed 0..1 axis."""

    def __init__(self, parent=None, theme: Theme | None = None):
        super().__init__("accuracyPlot", parent)
        self.setYRange(0.0, 1.0, padding=Y_PADDING)
        self.enableAutoRange(y=False)
        self.setMouseEnabled(x=True, y=False)  # zooming the fixed 0..1 axis only confuses
        self.getAxis("left").setTicks(Y_TICKS)
        self.retranslate()
        self.apply_theme(theme or THEMES["default"])

    def retranslate(self) -> None:
        super().retranslate()
        self.set_title(translate("AccuracyPlot", "Prediction accuracy"))
        self.set_axis_label("left", translate("AccuracyPlot", "samples correct"),
                            short=translate("AccuracyPlot", "correct"))

    def _curve_names(self) -> tuple[str, str]:
        return (translate("AccuracyPlot", "training accuracy"),
                translate("AccuracyPlot", "held-out accuracy"))

    def _value_name(self) -> str:
        return translate("AccuracyPlot", "accuracy")

    def _y_follows_data(self) -> bool:
        return False

    def _restore_y_range(self) -> None:
        self.enableAutoRange(y=False)
        self.setYRange(0.0, 1.0, padding=Y_PADDING)

    def _legend_offset(self) -> tuple[float, float]:
        return (-10, -10)  # bottom right: accuracy climbs towards the top

    def _format_value(self, value: float) -> str:
        return f"{100.0 * value:.1f} %"
