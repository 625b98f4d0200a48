"""The frame budget: how often the window draws while training runs, so that drawing never takes
more than a set share of the GUI thread's wall time (docs/ARCHITECTURE.md §15).

Every millisecond the GUI thread spends in a frame (the redraw's Python and Qt's painting alike)
is a millisecond in which the worker cannot issue its next torch operation (§4). On a fast
machine a frame costs a few milliseconds and the window draws at 30 fps; on a slow one the same
frame may cost four times as much. The budget measures what live frames cost and lowers the
drawing rate until the GUI's share of wall time fits: first the model views (samples,
predictions, model), then the live curves, never below ~12 fps for them. It goes back up as soon
as frames are cheap enough again, with a margin so that it does not flip between two rates.

Paused, stepping and slow-motion speeds draw every frame: nothing competes with the worker there,
and slow motion exists to be watched step by step.

No Qt here: the clock is injected (a callable returning seconds), so tests drive it by hand.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import NamedTuple

from core.session import SLOW_MOTION_SPEED
from core.session_process import SessionHost

DEFAULT_BUDGET = 0.15  # of wall time, for the GUI thread's frames while training runs
# A session in a child process (core/session_process.py) never waits for the GUI's GIL, only
# for a core when the machine has none to spare: drawing may take a larger share before it slows
# training (measured in docs/ARCHITECTURE.md §15).
PROCESS_BUDGET = 0.5
FAST_INTERVAL = 1.0 / 30.0  # s between live frames when frames are cheap
SLOWEST_INTERVAL = 1.0 / 12.0  # s: the cost curve never updates less often than this
RETURN_MARGIN = 0.75  # a cheaper plan is taken back once it would use this share of the budget
MIN_DWELL = 1.0  # s on a plan before a cheaper one is tried (going up in cost waits for nothing)
COST_WINDOW = 30  # frames of each kind (a second at 30 fps) whose mean cost is the estimate
COST_AGE = 2.0  # s: older measurements are dropped, so a rare kind of frame is not estimated
# from what it cost long ago (the most frugal plan still refreshes a model view every 0.5 s)
MIN_SAMPLES = 3  # frames of a kind measured before its estimate is used
MAX_PERIOD = 2 * SLOWEST_INTERVAL  # a longer gap between frames (nothing new to draw) counts
# as this much wall time in the measured share: the GUI was idle, not drawing, in the rest.


class Plan(NamedTuple):
    """How often to draw: a live frame every `interval` seconds, refreshing a model view on
    every `model_every`-th of them (the window takes the views in turn)."""

    interval: float
    model_every: int


# Cheapest last: model views first go from every frame to every third, then the curves slow
# down to 12 fps, then the model views drop further.
PLANS = (
    Plan(FAST_INTERVAL, 1),
    Plan(FAST_INTERVAL, 2),
    Plan(FAST_INTERVAL, 3),
    Plan(1.0 / 24.0, 3),
    Plan(1.0 / 20.0, 3),
    Plan(1.0 / 16.0, 3),
    Plan(SLOWEST_INTERVAL, 3),
    Plan(SLOWEST_INTERVAL, 6),
)


class Drawing(Enum):
    """Whether the budget applies: live training at speed, or every frame drawn."""

    BUDGETED = "budgeted"  # training runs faster than slow motion: the budget sets the rate
    EVERY_FRAME = "every frame"  # idle, paused, stepping, slow motion: draw at 30 fps, all views


def draws_every_frame(running: bool, steps_per_second: float | None) -> bool:
    """Whether a run in this state is drawn every frame: it is not running (paused, stepping,
    idle, finished) or runs in slow motion (`steps_per_second` <= SLOW_MOTION_SPEED; None is
    the maximum speed)."""
    return not running or (steps_per_second is not None and steps_per_second <= SLOW_MOTION_SPEED)


def budget_for(host: SessionHost) -> float:
    """The share of wall time a window's frames may take, by where its session runs."""
    return PROCESS_BUDGET if host is SessionHost.PROCESS else DEFAULT_BUDGET


class FrameBudget:
    """Measures live frames and answers when to draw the next one.

    The window, per live frame: asks `model_views_due()`, calls `begin_frame(model_views=...)`
    with what the frame refreshes, and reports the frame's GUI-thread time with `measuring()`
    (or `add_cost`) around its redraw and around the paint that follows; then it sets its redraw
    timer to `interval()`. A frame's cost is everything reported between its `begin_frame` and
    the next one, so paint events that come after the redraw count towards it.

    Estimates: the mean cost of the last COST_WINDOW frames (of the last COST_AGE seconds)
    that refreshed a model view and of those that did not, leaving the most expensive one out
    (a one-off, such as the full repaint when the step axis jumps, does not change the plan;
    anything that recurs does). From them it predicts the share of wall time each plan of PLANS
    would take, (curve cost x (k - 1) + model frame cost) / k / interval. Over budget, it moves
    at once to the first more frugal plan that fits (one plan at a time while what the curves
    alone cost is unknown, so that model views drop before the curves slow down); back towards
    30 fps only after MIN_DWELL seconds on a plan, and only to a plan whose prediction fits
    RETURN_MARGIN of the budget (hysteresis).
    """

    def __init__(self, clock: Callable[[], float], budget: float = DEFAULT_BUDGET):
        if not 0.0 < budget < 1.0:
            raise ValueError(f"a frame budget is a share of wall time in (0, 1), not {budget!r}")
        self._clock = clock
        self.budget = budget
        self._drawing = Drawing.EVERY_FRAME
        self._depth = 0  # nested measuring() blocks: only the outermost one counts
        self.reset()

    # ----- what the window tells it ------------------------------------------------------

    def reset(self) -> None:
        """Forget every measurement and draw at 30 fps again (e.g. for a new lesson, whose
        frames may cost something else)."""
        self._level = 0
        self._level_since = self._clock()
        self._frames_on_plan = 0  # live frames begun since the plan was chosen
        # (when measured, cost) of frames without and with a model view
        self._costs: dict[bool, deque[tuple[float, float]]] = {
            False: deque(maxlen=COST_WINDOW), True: deque(maxlen=COST_WINDOW)}
        self._recent: deque[tuple[float, float, float]] = deque(maxlen=COST_WINDOW)  # + period
        self._frames_since_model = 0
        self._open: tuple[float, bool] | None = None  # started at, refreshes a model view
        self._open_cost = 0.0

    def set_run(self, running: bool, steps_per_second: float | None) -> None:
        """The run's state: the budget applies only while it trains faster than slow motion
        (`steps_per_second` None: as fast as it can). Otherwise every frame is drawn."""
        self.set_drawing(Drawing.EVERY_FRAME if draws_every_frame(running, steps_per_second)
                         else Drawing.BUDGETED)

    def set_drawing(self, drawing: Drawing) -> None:
        if drawing == self._drawing:
            return
        self._drawing = drawing
        # Frames drawn every frame (all views, slow motion) are no sample of live frames, and
        # the gap between the last live frame and the next one is no frame period.
        self._open = None
        self._level_since = self._clock()

    def begin_frame(self, model_views: bool) -> None:
        """A live frame starts (its redraw); `model_views`: it refreshes a model view. Closes
        the previous frame, whose cost is then complete (its paint included)."""
        now = self._clock()
        self._close_frame(now)
        if self._drawing is Drawing.EVERY_FRAME:
            return
        self._open, self._open_cost = (now, model_views), 0.0
        self._frames_since_model = 0 if model_views else self._frames_since_model + 1
        self._frames_on_plan += 1
        self._decide(now)

    @contextmanager
    def measuring(self) -> Iterator[None]:
        """Adds the clock time spent inside to the current frame's cost (the redraw, a paint)."""
        self._depth += 1
        started = self._clock()
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.add_cost(self._clock() - started)

    def add_cost(self, seconds: float) -> None:
        """Adds a measured duration of GUI-thread work to the current live frame (ignored
        while no live frame is open: paused, slow motion, before the first one)."""
        if self._open is not None:
            self._open_cost += max(0.0, seconds)

    # ----- what it answers ---------------------------------------------------------------

    @property
    def drawing(self) -> Drawing:
        return self._drawing

    def plan(self) -> Plan:
        """The plan followed now (the fastest one while every frame is drawn)."""
        return PLANS[0] if self._drawing is Drawing.EVERY_FRAME else PLANS[self._level]

    def interval(self) -> float:
        """Seconds from this live frame to the next one."""
        return self.plan().interval

    def interval_ms(self) -> int:
        """interval() in whole milliseconds, for a QTimer."""
        return round(1000.0 * self.interval())

    def frames_per_second(self) -> float:
        return 1.0 / self.interval()

    def model_views_due(self) -> bool:
        """Whether the frame about to be drawn should refresh a model view."""
        return self._frames_since_model + 1 >= self.plan().model_every

    def throttling(self) -> bool:
        """Whether it draws less often than it would on a fast machine."""
        return self.plan() != PLANS[0]

    def gui_share(self) -> float | None:
        """The measured share of wall time the last live frames took (None before any)."""
        if not self._recent:
            return None
        cost = sum(cost for _, cost, _ in self._recent)
        period = sum(period for _, _, period in self._recent)
        return cost / period if period > 0 else None

    def frame_cost(self, model_views: bool) -> float | None:
        """Estimated cost in seconds of a frame that does (or does not) refresh a model view:
        the mean of the recent ones, the most expensive left out; None until MIN_SAMPLES."""
        costs = [cost for _, cost in self._costs[model_views]]
        if len(costs) < MIN_SAMPLES:
            return None
        return (sum(costs) - max(costs)) / (len(costs) - 1)

    def predicted_share(self, plan: Plan) -> float | None:
        """The share of wall time `plan` would take at the estimated costs (None before any).
        A kind of frame not measured yet is taken to cost what the other kind does."""
        curves, models = self.frame_cost(False), self.frame_cost(True)
        if curves is None and models is None:
            return None
        curves = models if curves is None else curves
        models = curves if models is None else models
        k = plan.model_every
        return (curves * (k - 1) + models) / k / plan.interval

    # ----- deciding ----------------------------------------------------------------------

    def _close_frame(self, now: float) -> None:
        if self._open is None:
            return
        started, model_views = self._open
        self._costs[model_views].append((now, self._open_cost))
        self._recent.append((now, self._open_cost, min(now - started, MAX_PERIOD)))
        self._open = None
        for measured in (*self._costs.values(), self._recent):
            while measured and now - measured[0][0] > COST_AGE:
                measured.popleft()

    def _decide(self, now: float) -> None:
        current = self.predicted_share(PLANS[self._level])
        if current is None:
            return
        if current > self.budget:
            if self.frame_cost(False) is None:
                # At 30 fps every frame refreshes a model view, so what the curves alone cost
                # is unknown: one plan more frugal, whose frames show it, and a wait for them.
                if self._frames_on_plan >= MIN_SAMPLES * PLANS[self._level].model_every:
                    self._move_to(min(self._level + 1, len(PLANS) - 1), now)
                return
            # At once to the first more frugal plan that fits (the most frugal if none does).
            fitting = [index for index in range(self._level + 1, len(PLANS))
                       if self.predicted_share(PLANS[index]) <= self.budget]
            self._move_to(fitting[0] if fitting else len(PLANS) - 1, now)
            return
        if now - self._level_since < MIN_DWELL:
            return
        relaxed = [index for index in range(self._level)
                   if self.predicted_share(PLANS[index]) <= RETURN_MARGIN * self.budget]
        if relaxed:
            self._move_to(relaxed[0], now)

    def _move_to(self, level: int, now: float) -> None:
        if level != self._level:
            self._level, self._level_since, self._frames_on_plan = level, now, 0
