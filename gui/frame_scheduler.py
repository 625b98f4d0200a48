"""When and what the window redraws: at most ~30 frames a second whatever the training speed,
and only what changed (docs/ARCHITECTURE.md §7).

Batches from the worker only mark the window dirty; the timer's next tick draws the latest
state. While training runs, a frame redraws the curves and one model view in turn: together
the views cost more than the curves, and drawing holds the GIL the worker's steps need. On a
slow machine the frame budget (gui/frame_budget.py, docs/ARCHITECTURE.md §15) lowers the model
views' rate, then the frame rate, so that drawing never takes more than its share.

A live frame draws in two parts half a frame apart: the curves, then the model view. Qt paints
what each part changed in a pass of its own, so no single stretch of the GUI thread is as long
as a whole frame (the longest stretches, not their sum, set how late the GUI answers input)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Slot

from core.session import SLOW_MOTION_SPEED, RunState
from gui.frame_budget import DEFAULT_BUDGET, FrameBudget
from gui.plot_panels import MODEL_VIEWS

REDRAW_INTERVAL_MS = 33  # ~30 Hz


class FrameScheduler(QObject):
    """Draws `window` (a MainWindow) on a timer when something changed since the last frame."""

    def __init__(self, window, clock=time.perf_counter, share: float = DEFAULT_BUDGET) -> None:
        """`clock`: wall seconds, for the frame budget (a test injects its own); `share`: the
        budget's share of wall time, which depends on where the window's session runs
        (gui/frame_budget.py: budget_for)."""
        super().__init__(window)
        self._window = window
        # Wall time, not the thread's CPU time: the worker waits for the GIL as long as the GUI
        # thread holds it, whether it computes or is descheduled.
        self._clock = clock
        self.budget = FrameBudget(clock, share)
        window.plots.set_paint_meter(self.budget.measuring)
        self.dirty = False
        self.frames_drawn = 0
        self._model_turn = 0  # which model view the next frame of a run refreshes
        self._views_showing: dict[str, object] = {}  # view -> the logits array it shows
        self._lesson = None  # the EngineInfo whose frames the budget has measured
        self.timer = QTimer(self, interval=REDRAW_INTERVAL_MS)
        self.timer.timeout.connect(self.draw)
        # A live frame's second part, the model view due, half a frame after its curves.
        self.model_part = QTimer(self, singleShot=True)
        self.model_part.timeout.connect(self._draw_model_part)
        self._model_part_views: tuple[str, ...] = ()
        # A model tab is drawn only while it is in front (PlotPanels.show_model): one brought
        # forward is drawn at once, at the step shown.
        window.plots.model_slot.currentChanged.connect(lambda _index: self.draw_now())

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.model_part.stop()

    def mark_dirty(self) -> None:
        """Something changed: the next tick draws."""
        self.dirty = True

    def draw_now(self) -> None:
        """Draw the latest state at once, every view (before a screenshot, after a seek)."""
        self.dirty = True
        self.draw(every_view=True)

    @Slot()
    def draw(self, every_view: bool = False) -> None:
        window = self._window
        if not self.dirty or window.engine_info is None:
            return
        self.dirty = False
        self.frames_drawn += 1
        running = window.state is RunState.RUNNING
        speed = window.controls.speedInput.currentData()  # steps per second, None for max
        if window.engine_info is not self._lesson:  # a new lesson: its frames cost otherwise
            self._lesson = window.engine_info
            self.budget.reset()
        self.budget.set_run(running, speed)
        if self.model_part.isActive():  # the last frame's view, still to come, comes first
            self.model_part.stop()
            self._draw_model_part()
        started = self._clock()
        views = self._draw(running, speed, every_view, self.budget.model_views_due())
        # Told once the frame is drawn, with what it refreshed (none where the turn found
        # nothing new): the budget then knows both kinds of frame's cost, the model part's
        # included (it reports its own time while this frame is still the open one).
        self.budget.begin_frame(model_views=bool(views))
        self.budget.add_cost(self._clock() - started)
        self._follow_budget()

    def _draw(self, running: bool, speed: float | None, every_view: bool,
              model_due: bool) -> tuple[str, ...]:
        """Redraw the curves and the model views due (a live frame's view half a frame
        later); returns those views."""
        window = self._window
        axis_jumped = window.plots.show_history(window.history)
        # Slow motion shows every step in every view: each step is a batch of its own there.
        every_view |= speed is not None and speed <= SLOW_MOTION_SPEED
        views = self._views_due(running, every_view, model_due, axis_jumped)
        if running and not every_view and views:
            self._model_part_views = views
            self.model_part.start(self.budget.interval_ms() // 2)
            return views
        return self._show_views(views, running)

    @Slot()
    def _draw_model_part(self) -> None:
        if self._window.engine_info is None:  # a new lesson is loading: nothing to show
            return
        with self.budget.measuring():
            self._show_views(self._model_part_views, self._window.state is RunState.RUNNING)

    def _views_due(self, running: bool, every_view: bool, model_due: bool,
                   axis_jumped: bool) -> tuple[str, ...]:
        """The model views this frame refreshes: every one, or during a run the next in turn
        that does not already show the latest reading (none while there is no model yet)."""
        window = self._window
        batch = window.scrubber.model_or(window.latest_batch)
        views = MODEL_VIEWS
        if batch is not None and running:
            # On a large data set the worker reads the model out only every few frames: a
            # view that already shows this reading is left alone.
            views = tuple(view for view in views
                          if self._views_showing.get(view) is not batch.logits)
        if running and not every_view:
            views = self._next_turn(views, axis_jumped) if model_due else ()
        return views if batch is not None else ()

    def _show_views(self, views: tuple[str, ...], running: bool) -> tuple[str, ...]:
        """Redraw the model `views` and, with the samples view, the status; returns them."""
        window, info = self._window, self._window.engine_info
        # The step count and progress bar (which repaints at once) follow the samples view:
        # during a run they change every frame, faster than anyone reads them.
        if "samples" in views or not running:
            self._show_status(running)
        batch = window.scrubber.model_or(window.latest_batch)
        if batch is not None and views:
            window.plots.show_model(batch.logits, info.train_y, batch.val_logits, info.val_y,
                                    batch.weights, batch.bias, views)
            self._views_showing.update(dict.fromkeys(views, batch.logits))
            return views
        return ()

    def _next_turn(self, due: tuple[str, ...], axis_jumped: bool) -> tuple[str, ...]:
        """The one model view this frame of a run refreshes: the turn passes to the next view
        that needs it, so none is starved. A frame whose step axis jumped repaints the curves
        in full and refreshes no view (the next frame takes the turn), so that no frame stalls
        the GUI thread much longer than the others."""
        if axis_jumped:
            return ()
        order = MODEL_VIEWS[self._model_turn:] + MODEL_VIEWS[:self._model_turn]
        views = tuple(view for view in order if view in due)[:1]
        if views:
            self._model_turn = (MODEL_VIEWS.index(views[0]) + 1) % len(MODEL_VIEWS)
        return views

    def _follow_budget(self) -> None:
        interval = self.budget.interval_ms()
        if interval != self.timer.interval():  # setInterval restarts a running timer
            self.timer.setInterval(interval)
        self._window.status.show_drawing_rate(self.budget)

    def _show_status(self, running: bool) -> None:
        window = self._window
        latest = window.latest_batch
        window.status.show_progress(
            window.scrubber.step_text(window.config.iterations),
            latest.step if latest is not None else 0, window.config.iterations,
            (latest.steps_per_second if latest is not None else 0.0) if running else None)
