"""The cost landscape tab's wiring: what it draws at the step shown (the slice at that step's
bias, the path so far, the optimum), how often the slice is recomputed, and a click on it
choosing the next run's starting weights (docs/ARCHITECTURE.md §16)."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Slot

from core.landscape import (
    SLICE_TOLERANCE,
    cost_landscape,
    grid_values,
    landscape_extent,
    slice_shift,
)
from core.session import RunState
from core.settings_table import START_WEIGHT_LIMIT
from gui.i18n import translate

RUNNING_INTERVAL_S = 0.25  # while a run goes on, the slice is recomputed 4 times a second at most


class CostLandscape(QObject):
    """Draws `window`'s landscape tab (a MainWindow's) when PlotPanels.show_model asks."""

    def __init__(self, window, clock=time.perf_counter) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self.plot = window.plots.landscapePlot
        self._drawn: tuple | None = None  # (run id, l2, extent) of the slice on screen
        self._drawn_slice: np.ndarray | None = None  # (bias, weights[2:]) it was taken at
        self._computed_at = -np.inf
        self.last_compute_s = 0.0  # what the last recomputation cost (reported in §16)
        # The lowest and highest (w1, w2) of the run's recorded path, and how many of its
        # steps they cover: each frame reads only the steps recorded since the last one.
        self._bounds: np.ndarray | None = None
        self._bounded = (None, 0)  # (the history they are of, steps covered)
        window.plots.draw_landscape = self.draw
        self.plot.startWeightsChosen.connect(self._on_start_chosen)
        self.plot.startWeightsCleared.connect(self._on_start_cleared)

    def draw(self, weights: np.ndarray, bias: float) -> None:
        """The landscape at the step shown, whose model is (`weights`, `bias`)."""
        window, plot = self._window, self.plot
        info = window.engine_info
        if info is None or not plot.supported() or len(weights) < 2:
            return
        history = window.history
        step = window.scrubber.shown_step()
        current = np.asarray(weights[:2], dtype=np.float64)[None]
        shown = history.path(step)
        path = current if shown is None else np.vstack([shown, current])
        optimum = window.optimum.optimum
        optimum_w = (optimum.weights[:2] if optimum is not None and optimum.converged
                     and len(optimum.weights) >= 2 else None)
        start = window.controls.start_weights()
        self._update_slice(info, weights, bias, path, optimum_w, start)
        plot.set_path(path)
        plot.set_optimum(optimum_w)
        plot.set_start(start)

    def _update_slice(self, info, weights, bias, path, optimum_w, start) -> None:
        window, plot = self._window, self.plot
        bounds = self._path_bounds(window.history)  # steps later than the shown one too
        points = [path] + [p for p in (bounds, optimum_w, start) if p is not None]
        points = np.vstack([np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in points])
        extent = plot.extent()
        if extent is None or not _inside(points, extent):
            extent = landscape_extent(points)
        key = (info.run_id, window.config.l2, extent)
        at = np.concatenate([[bias], np.asarray(weights[2:], dtype=np.float64)])
        moved = (self._drawn_slice is None
                 or slice_shift(info.train_X, self._drawn_slice, at) > SLICE_TOLERANCE)
        if key == self._drawn and not moved:
            return
        now = self._clock()
        running = window.state is RunState.RUNNING
        if key == self._drawn and running and now - self._computed_at < RUNNING_INTERVAL_S:
            return  # the next frame of the run tries again
        w1_values, w2_values = grid_values(extent)
        costs = cost_landscape(info.train_X, info.train_y, window.config.l2, weights, bias,
                               w1_values, w2_values)
        self._computed_at = self._clock()
        self.last_compute_s = self._computed_at - now
        plot.set_landscape(extent, costs)
        plot.set_slice(bias, weights[2:])
        self._drawn, self._drawn_slice = key, at

    def _path_bounds(self, history) -> np.ndarray | None:
        """(2, 2): the corners of the box round every step's (w1, w2) the run recorded (None
        before any), from the steps recorded since the last call only; a new run or a branch
        (fewer steps than covered) starts the box again."""
        seen, covered = self._bounded
        recorded = history.path_length()
        if history is not seen or recorded < covered:
            self._bounds, covered = None, 0
        new = history.path_rows(covered, recorded)
        new = new[np.isfinite(new).all(axis=1)]
        if len(new):
            box = np.vstack([new.min(axis=0), new.max(axis=0)])
            self._bounds = box if self._bounds is None else np.vstack(
                [np.minimum(self._bounds[0], box[0]), np.maximum(self._bounds[1], box[1])])
        self._bounded = (history, recorded)
        return self._bounds

    @Slot(float, float)
    def _on_start_chosen(self, w1: float, w2: float) -> None:
        limit = START_WEIGHT_LIMIT
        chosen = (round(min(max(w1, -limit), limit), 3), round(min(max(w2, -limit), limit), 3))
        window = self._window
        window.controls.set_start_weights(chosen)
        self.plot.set_start(chosen)
        window.controls.resetButton.setDefault(True)
        window.status.message(translate(
            "CostLandscape", "Starting weights set to ({w1:g}, {w2:g}): press Reset to start "
            "there").format(w1=chosen[0], w2=chosen[1]), 8000)

    @Slot()
    def _on_start_cleared(self) -> None:
        window = self._window
        window.controls.set_start_weights(None)
        self.plot.set_start(None)
        window.status.message(translate(
            "CostLandscape", "Starting weights: the initial-weights rule again (press Reset)"),
            8000)


def _inside(points: np.ndarray, extent) -> bool:
    finite = points[np.isfinite(points).all(axis=1)]
    return bool(np.all((finite[:, 0] >= extent[0]) & (finite[:, 0] <= extent[1])
                       & (finite[:, 1] >= extent[2]) & (finite[:, 1] <= extent[3])))
