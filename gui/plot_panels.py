"""The plot area of the window: every panel in one grid, and how a run's data reaches them."""

from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QStackedWidget, QWidget

from core.classification import predict
from core.datasets import DataError
from core.feature_transforms import BASE_NAMES
from core.history import MetricHistory
from core.lesson import initial_weights, prepare_data
from core.lesson_focus import LessonPanel
from gui.i18n import translate
from gui.model_slot import ModelSlot
from gui.panel_layout import SLOTS, Arrangement, Focus, arrangement
from gui.plots import (
    AccuracyPlot,
    DecisionPlot,
    LossPlot,
    PredictionsPlot,
    RocPlot,
    SamplesPlot,
    SigmoidPlot,
    WeightsPlot,
)
from gui.plots.landscape_plot import LandscapePlot
from gui.plots.sample_inspector import SampleInspector
from gui.theme import Theme
from gui.threshold import Threshold

MIN_PANEL_SIZE = (160, 120)
MODEL_VIEWS = ("samples", "predictions", "model")  # the panels show_model can refresh
PREVIEW_VALUES = 1_000_000  # a preset this small is built in milliseconds, torch-free


class PlotPanels(QWidget):
    """Samples and sigmoid on top; cost, accuracy and the model below; predictions at the
    bottom, or fewer panels larger (gui/panel_layout.py). The model slot shows the decision
    boundary for 2-D data, the weights otherwise."""

    arrangementChanged = Signal(int, int)  # panels shown, panels in all

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sigmoidPlot, self.samplesPlot = SigmoidPlot(), SamplesPlot()
        self.lossPlot, self.accuracyPlot = LossPlot(), AccuracyPlot()
        self.predictionsPlot = PredictionsPlot()
        self.decisionPlot, self.weightsPlot = DecisionPlot(), WeightsPlot()
        self.model_view = QStackedWidget()
        self.model_view.addWidget(self.weightsPlot)
        self.model_view.addWidget(self.decisionPlot)
        self.model_slot = ModelSlot(self.model_view)  # tabs: the model, and views explaining it
        self.sampleInspector = SampleInspector()  # the selected samples (gui/sample_selection.py)
        self.model_slot.add_view(self.sampleInspector, lambda: translate("PlotPanels", "Sample"),
                                 lambda: translate("PlotPanels", "The selected samples' numbers "
                                                   "and features at the step shown"))
        self.rocPlot = RocPlot()
        self.model_slot.add_view(self.rocPlot, lambda: translate("PlotPanels", "ROC"),
                                 lambda: translate("PlotPanels", "Every decision threshold at "
                                                   "once: ROC and precision-recall curves"))
        # Which samples are called class 1 (gui/threshold.py); the views draw with it.
        self.threshold = Threshold(self)
        self.threshold.thresholdChanged.connect(self._show_threshold)
        self.landscapePlot = LandscapePlot()
        self.model_slot.add_view(self.landscapePlot, lambda: translate("PlotPanels", "Landscape"),
                                 lambda: translate("PlotPanels", "The cost over the first two "
                                                   "weights, with the path of the iterates"))
        self.draw_landscape = None  # (weights, bias) -> None: set by gui/cost_landscape.py
        self._steps_axis = np.empty(0)
        # A pinned run's markers, by its history (a lesson file keeps none).
        self._pin_markers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lay_out()

    def _lay_out(self) -> None:
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._slots = {"samples": self.samplesPlot, "sigmoid": self.sigmoidPlot,
                       "cost": self.lossPlot, "accuracy": self.accuracyPlot,
                       "model": self.model_slot, "predictions": self.predictionsPlot}
        for panel in (*self.panels().values(), self.model_view, self.model_slot):
            # pyqtgraph asks for room for every legend and label; the grid decides instead,
            # so that big fonts shrink the plots rather than push panels off the window.
            panel.setMinimumSize(*MIN_PANEL_SIZE)
            panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._focus, self._font_scale = Focus.OVERVIEW, 1.0
        self.lesson_focus: tuple[LessonPanel, ...] = ()  # the open lesson's panels, shown first
        self._arrangement: Arrangement | None = None
        self._rearrange()

    def set_focus(self, focus: Focus) -> None:
        """The overview, or one or two panels as large as the plot area."""
        self._focus = focus
        self._rearrange()

    def set_font_scale(self, scale: float) -> None:
        """The overview keeps as many panels as have room for text this size."""
        self._font_scale = scale
        self._rearrange()

    def set_lesson_focus(self, panels: tuple[LessonPanel, ...]) -> None:
        """The panels an open lesson is about: the overview keeps them at any font size."""
        self.lesson_focus = panels
        self._rearrange()

    @property
    def focus(self) -> Focus:
        return self._focus

    def shown_slots(self) -> tuple[str, ...]:
        """The slots ("samples", "cost", ...) on screen now."""
        return self._arrangement.slots

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rearrange()

    def _rearrange(self) -> None:
        chosen = arrangement(self._focus, self.width(), self.height(), self._font_scale,
                             tuple(panel.value for panel in self.lesson_focus))
        if chosen == self._arrangement:
            return
        self._arrangement = chosen
        grid = self._grid
        for widget in self._slots.values():
            grid.removeWidget(widget)
            widget.hide()
        for index in range(3):  # rows and columns an earlier arrangement used
            grid.setRowStretch(index, 0)
            grid.setColumnStretch(index, 0)
        for place in chosen.placements:
            widget = self._slots[place.slot]
            grid.addWidget(widget, place.row, place.column, place.rows, place.columns)
            widget.show()
        for row, stretch in enumerate(chosen.row_stretch):
            grid.setRowStretch(row, stretch)
        for column, stretch in enumerate(chosen.column_stretch):
            grid.setColumnStretch(column, stretch)
        self.arrangementChanged.emit(len(chosen.slots), len(SLOTS))

    def panels(self) -> dict[str, QWidget]:
        """Every plot panel by objectName (the names of docs/ARCHITECTURE.md §6 and the model
        views)."""
        return {p.objectName(): p for p in (
            self.sigmoidPlot, self.lossPlot, self.accuracyPlot, self.samplesPlot,
            self.predictionsPlot, self.decisionPlot, self.weightsPlot, self.sampleInspector,
            self.rocPlot, self.landscapePlot)}

    def bring_forward(self, name: str) -> None:
        """Show the panel named `name` (an objectName) in front where it is one of the model
        slot's tabs (for --panel and exports of one panel)."""
        panel = self.panels()[name]
        if self.model_slot.isAncestorOf(panel):
            self.model_slot.show_view(panel)

    def set_paint_meter(self, meter) -> None:
        """Time every panel's paints with `meter` (ThemedPlot.paint_meter)."""
        for panel in self.panels().values():
            panel.paint_meter = meter

    def apply_theme(self, theme: Theme) -> None:
        for panel in self.panels().values():
            panel.apply_theme(theme)

    def set_fast_drawing(self, on: bool) -> None:
        for panel in (self.lossPlot, self.accuracyPlot, self.samplesPlot):
            panel.set_fast_drawing(on)

    def set_up(self, train_X, train_y, val_X, val_y, iterations: int,
               val_sample_size: int | None = None, feature_names=None,
               picture_shape=None, standardised: bool = False, transforms=()) -> None:
        """Empty curves for a new run, and the model view that suits its data;
        `val_sample_size`: how many held-out samples each step's held-out metrics cover;
        `feature_names` and `picture_shape` (rows, columns), where the data has them, label
        the weights or lay them out as a picture; `standardised`: the features are z-scores,
        not in their own units; `transforms`: the FeatureTransforms whose columns follow x₁
        and x₂ (2-D data keeps its decision view, which draws them as a curve)."""
        for plot in (self.lossPlot, self.accuracyPlot):
            plot.clear()
            plot.set_planned_steps(iterations)
            plot.set_val_sample(val_sample_size, None if val_y is None else len(val_y))
        two_d = DecisionPlot.supports(train_X.shape[1] - len(transforms))
        self.model_view.setCurrentWidget(self.decisionPlot if two_d else self.weightsPlot)
        self.weightsPlot.clear()
        self.weightsPlot.set_feature_layout(feature_names, picture_shape)
        self.decisionPlot.clear()
        self.sampleInspector.set_data(train_X, train_y, val_X, val_y, feature_names,
                                      picture_shape)
        # Drawn over the data's x1 and x2: for other data the view says why not.
        self.landscapePlot.set_unsupported(None if two_d else train_X.shape[1])
        self.landscapePlot.clear()
        if two_d:
            self.decisionPlot.set_data(train_X, train_y, val_X, val_y, transforms)
            # x₁ and x₂ named by the transforms only: the plot's own "feature x₁" labels say it
            own = feature_names and tuple(feature_names[:2]) != BASE_NAMES
            self.decisionPlot.set_feature_names(feature_names[:2] if own else None, standardised)

    def set_up_for(self, info) -> None:
        """Empty curves and the model views for the run a core.session.EngineInfo describes."""
        self.set_up(info.train_X, info.train_y, info.val_X, info.val_y, info.config.iterations,
                    info.val_sample_size, feature_names=info.feature_names,
                    picture_shape=info.picture_shape, standardised=info.config.standardise,
                    transforms=info.config.feature_transforms)

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
        t = self.threshold.value
        if "predictions" in views:
            held_out = val_logits is not None and val_y is not None
            self.predictionsPlot.set_predictions(
                train_y, predict(logits, t), val_y if held_out else None,
                predict(val_logits, t) if held_out else None)
        if "model" not in views:
            return
        # A tab in front is drawn; one behind is drawn when brought forward (FrameScheduler).
        if self.model_slot.currentWidget() is self.landscapePlot and self.draw_landscape:
            self.draw_landscape(weights, bias)
        if self.model_slot.currentWidget() is self.sampleInspector:
            self.sampleInspector.show_model(logits, val_logits, weights, bias)
        if self.model_slot.currentWidget() is self.rocPlot:
            self.rocPlot.set_scores(logits, train_y, val_logits, val_y, t)
        if self.model_slot.currentWidget() is not self.model_view:
            return
        if self.model_view.currentWidget() is self.decisionPlot:
            self.decisionPlot.set_model(weights, bias)
        else:
            self.weightsPlot.set_weights(weights, bias)

    @Slot(float)
    def _show_threshold(self, t: float) -> None:
        """Lines and labels that show the threshold itself; the counts and rings follow at
        the next show_model (gui/threshold.py: ThresholdControl redraws at once)."""
        self.samplesPlot.set_threshold(t)
        self.decisionPlot.set_threshold(t)
        self.predictionsPlot.set_threshold(t)
        self.accuracyPlot.set_threshold(t)  # its curves: recorded at 0.5, says so

    @Slot(bool)
    def set_log_steps(self, on: bool) -> None:
        """A log step axis on the cost and accuracy panels (a view setting, not saved)."""
        for plot in (self.lossPlot, self.accuracyPlot):
            plot.set_log_steps(on)

    def remember_pin_markers(self, history: MetricHistory, markers: list) -> None:
        """The markers [(step, text)] of the run whose pinned copy is `history`, drawn with
        it while it is pinned (kept as long as `history` itself)."""
        self._pin_markers[history] = list(markers)

    def show_preview(self, config) -> None:
        """The lesson's data at its starting weights (numpy only) while the worker loads torch,
        which takes seconds on a cold start: the window never opens on empty axes. A file or
        a large preset is left to the worker, off the GUI thread."""
        if config.data_path or config.samples * config.features > PREVIEW_VALUES:
            return
        try:
            train, val = prepare_data(config)
        except DataError:
            return  # the worker reports it
        w0 = initial_weights(train.n_features, config)
        val_X, val_y = (None, None) if val is None else (val.X, val.y)
        self.set_up(train.X, train.y, val_X, val_y, config.iterations,
                    feature_names=train.feature_names, picture_shape=train.picture_shape,
                    standardised=config.standardise, transforms=config.feature_transforms)
        self.show_model(train.X @ w0, train.y, None if val is None else val_X @ w0, val_y,
                        w0, 0.0)

    def show_live_changes(self, step: int, changes: dict) -> None:
        """Live changes {name: (old, new)} applied at `step`: a marker on the curves for lr and
        L2, the step axis's new end for iterations."""
        if "iterations" in changes:
            for plot in (self.lossPlot, self.accuracyPlot):
                plot.set_planned_steps(changes["iterations"][1])
        for name, (old, new) in changes.items():
            if name in ("lr", "l2"):
                text = f"{'L2' if name == 'l2' else name} {old:g} → {new:g}"
                self.lossPlot.add_marker(step, text)
                self.accuracyPlot.add_marker(step, text)

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
