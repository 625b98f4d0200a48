"""The plot area of the window: every panel in one grid, and how a run's data reaches them."""

from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QStackedWidget, QWidget

from core.history import MetricHistory
from gui.plots import (
    AccuracyPlot,
    DecisionPlot,
    LossPlot,
    PredictionsPlot,
    SamplesPlot,
    SigmoidPlot,
    WeightsPlot,
)
from gui.theme import Theme

MIN_PANEL_SIZE = (160, 120)
MODEL_VIEWS = ("samples", "predictions", "model")  # the panels show_model can refresh


class PlotPanels(QWidget):
    """Samples and sigmoid on top; cost, accuracy and the model below; predictions at the
    bottom. The model slot shows the decision boundary for 2-D data, the weights otherwise."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sigmoidPlot, self.samplesPlot = SigmoidPlot(), SamplesPlot()
        self.lossPlot, self.accuracyPlot = LossPlot(), AccuracyPlot()
        self.predictionsPlot = PredictionsPlot()
        self.decisionPlot, self.weightsPlot = DecisionPlot(), WeightsPlot()
        self.model_view = QStackedWidget()
        self.model_view.addWidget(self.weightsPlot)
        self.model_view.addWidget(self.decisionPlot)
        self._steps_axis = np.empty(0)
        # A pinned run's markers, by its history (a lesson file keeps none).
        self._pin_markers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.samplesPlot, 0, 0, 1, 2)
        grid.addWidget(self.sigmoidPlot, 0, 2)
        grid.addWidget(self.lossPlot, 1, 0)
        grid.addWidget(self.accuracyPlot, 1, 1)
        grid.addWidget(self.model_view, 1, 2)
        grid.addWidget(self.predictionsPlot, 2, 0, 1, 3)
        for row, stretch in enumerate((5, 5, 2)):
            grid.setRowStretch(row, stretch)
        for column, stretch in enumerate((4, 4, 5)):  # the model views carry a colour bar
            grid.setColumnStretch(column, stretch)
        for panel in (*self.panels().values(), self.model_view):
            # pyqtgraph asks for room for every legend and label; the grid decides instead,
            # so that big fonts shrink the plots rather than push panels off the window.
            panel.setMinimumSize(*MIN_PANEL_SIZE)
            panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def panels(self) -> dict[str, QWidget]:
        """Every plot panel by objectName (the names of DESIGN.md §6 and the model views)."""
        return {p.objectName(): p for p in (
            self.sigmoidPlot, self.lossPlot, self.accuracyPlot, self.samplesPlot,
            self.predictionsPlot, self.decisionPlot, self.weightsPlot)}

    def apply_theme(self, theme: Theme) -> None:
        for panel in self.panels().values():
            panel.apply_theme(theme)

    def set_fast_drawing(self, on: bool) -> None:
        for panel in (self.lossPlot, self.accuracyPlot, self.samplesPlot):
            panel.set_fast_drawing(on)

    def set_up(self, train_X, train_y, val_X, val_y, iterations: int,
               val_sample_size: int | None = None) -> None:
        """Empty curves for a new run, and the model view that suits its data;
        `val_sample_size`: how many held-out samples each step's held-out metrics cover."""
        for plot in (self.lossPlot, self.accuracyPlot):
            plot.clear()
            plot.set_planned_steps(iterations)
            plot.set_val_sample(val_sample_size, None if val_y is None else len(val_y))
        two_d = DecisionPlot.supports(train_X.shape[1])
        self.model_view.setCurrentWidget(self.decisionPlot if two_d else self.weightsPlot)
        self.weightsPlot.clear()
        self.decisionPlot.clear()
        if two_d:
            self.decisionPlot.set_data(train_X, train_y, val_X, val_y)

    def show_history(self, history: MetricHistory) -> bool:
        """Cost and accuracy curves; True when their step axis jumped to a new extent (both
        panels then repaint in full)."""
        before = self.lossPlot.step_extent()
        steps = self.steps(len(history))
        self.lossPlot.set_history(steps, history.cost, history.val_cost)
        self.accuracyPlot.set_history(steps, history.train_accuracy, history.val_accuracy)
        return self.lossPlot.step_extent() != before

    def show_model(self, logits, train_y, val_logits, val_y, weights, bias: float,
                   views: tuple[str, ...] = MODEL_VIEWS) -> None:
        """The model's current state in `views` (by default all): samples on the sigmoid,
        predictions, and the model (decision boundary or weights)."""
        if "samples" in views:
            self.samplesPlot.set_samples(logits, train_y, val_logits, val_y)
        if "predictions" in views:
            held_out = val_logits is not None and val_y is not None
            self.predictionsPlot.set_predictions(train_y, logits > 0, val_y if held_out else None,
                                                 val_logits > 0 if held_out else None)
        if "model" not in views:
            return
        if self.model_view.currentWidget() is self.decisionPlot:
            self.decisionPlot.set_model(weights, bias)
        else:
            self.weightsPlot.set_weights(weights, bias)

    @Slot(bool)
    def set_log_steps(self, on: bool) -> None:
        """A log step axis on the cost and accuracy panels (a view setting, not saved)."""
        for plot in (self.lossPlot, self.accuracyPlot):
            plot.set_log_steps(on)

    def remember_pin_markers(self, history: MetricHistory, markers: list) -> None:
        """The markers [(step, text)] of the run whose pinned copy is `history`, drawn with
        it while it is pinned (kept as long as `history` itself)."""
        self._pin_markers[history] = list(markers)

    def show_pins(self, pins: list[tuple[str, MetricHistory]]) -> None:
        """Pinned runs as ghosts under the live curves, with their markers."""
        for plot, name in ((self.lossPlot, "cost"), (self.accuracyPlot, "train_accuracy")):
            plot.set_pins([(label, self.steps(len(h)).copy(), getattr(h, name),
                            self._pin_markers.get(h, [])) for label, h in pins])

    def steps(self, count: int) -> np.ndarray:
        """x values 0..count-1 as float64, from a cached array grown geometrically."""
        if len(self._steps_axis) < count:
            self._steps_axis = np.arange(max(count, 2 * len(self._steps_axis)), dtype=np.float64)
        return self._steps_axis[:count]
