"""Prediction accuracy over steps, for the training set and the held-out set."""

from __future__ import annotations

from core.classification import DEFAULT_THRESHOLD
from core.legend_corner import Corner
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
        self.setToolTip("" if self._moved_threshold() is None else translate(
            "AccuracyPlot", "Training records its accuracy at p > 0.5 every step; the threshold "
            "(t = {threshold:g}) changes the counts under Labels and predictions, not these "
            "curves.").format(threshold=self._moved_threshold()))

    def set_threshold(self, threshold: float) -> None:
        """The view's decision threshold. The curves stay as recorded, at p > 0.5 (only the
        accuracy of each step is kept, so they cannot be recomputed at t): with another t the
        legend names their rule and the tooltip says why they differ from the counts."""
        if threshold != getattr(self, "_threshold", DEFAULT_THRESHOLD):
            self._threshold = float(threshold)
            self.retranslate()

    def _moved_threshold(self) -> float | None:
        """The threshold where it is not the 0.5 the curves were recorded at, else None."""
        threshold = getattr(self, "_threshold", DEFAULT_THRESHOLD)  # unset in HistoryPlot.__init__
        return None if threshold == DEFAULT_THRESHOLD else threshold

    def _curve_names(self) -> tuple[str, str]:
        if self._moved_threshold() is None:
            return (translate("AccuracyPlot", "training accuracy"),
                    translate("AccuracyPlot", "held-out accuracy"))
        return (translate("AccuracyPlot", "training accuracy (p > 0.5)"),
                translate("AccuracyPlot", "held-out accuracy (p > 0.5)"))

    def _value_name(self) -> str:
        return translate("AccuracyPlot", "accuracy")

    def _y_follows_data(self) -> bool:
        return False

    def _restore_y_range(self) -> None:
        self.enableAutoRange(y=False)
        self.setYRange(0.0, 1.0, padding=Y_PADDING)

    def _legend_corner(self) -> Corner:
        return Corner.BOTTOM_RIGHT  # accuracy climbs towards the top

    def _format_value(self, value: float) -> str:
        return f"{100.0 * value:.1f} %"
