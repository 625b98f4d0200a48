"""The frame budget's logic (gui/frame_budget.py, docs/ARCHITECTURE.md §15), driven by a clock
the test moves by hand: no timing of anything real."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.session import SLOW_MOTION_SPEED
from gui.frame_budget import Drawing, FrameBudget, draws_every_frame

BUDGET = 0.15
FLOOR_INTERVAL = 1 / 12  # the cost curve's slowest rate
FULL_INTERVAL = 1 / 30


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


class Frames:
    """Draws live frames as the window would: ask whether model views are due, begin the frame,
    measure its redraw and (later, after other events) its paint, wait for the next one."""

    def __init__(self, budget: FrameBudget, clock: FakeClock) -> None:
        self.budget, self.clock = budget, clock
        self.log: list[tuple[float, bool]] = []  # interval after each frame, model view drawn
        self.model_every: list[int] = []  # after each frame: a model view every n-th frame

    def draw(self, count: int, curve_cost: float, model_cost: float | None = None) -> None:
        """`count` frames; one that refreshes a model view costs `model_cost` (by default the
        same as the curves alone)."""
        model_cost = curve_cost if model_cost is None else model_cost
        for _ in range(count):
            due = self.budget.model_views_due()
            self.budget.begin_frame(model_views=due)
            cost = model_cost if due else curve_cost
            with self.budget.measuring():  # the redraw
                self.clock.advance(0.6 * cost)
            self.clock.advance(0.002)  # other events before the paint
            with self.budget.measuring():  # the paint
                self.clock.advance(0.4 * cost)
            interval = self.budget.interval()
            self.log.append((interval, due))
            self.model_every.append(self.budget.plan().model_every)
            self.clock.advance(interval - cost - 0.002)

    def draw_for(self, seconds: float, curve_cost: float, model_cost: float | None = None
                 ) -> None:
        end = self.clock.now + seconds
        while self.clock.now < end:
            self.draw(1, curve_cost, model_cost)

    def intervals(self, last: int | None = None) -> list[float]:
        return [interval for interval, _ in self.log[-last if last else 0:]]

    def model_share(self, last: int) -> float:
        return sum(due for _, due in self.log[-last:]) / last


def live_budget() -> tuple[FrameBudget, FakeClock, Frames]:
    clock = FakeClock()
    budget = FrameBudget(clock, budget=BUDGET)
    budget.set_run(running=True, steps_per_second=None)  # max speed
    return budget, clock, Frames(budget, clock)


def test_cheap_frames_keep_30_fps_and_every_model_view():
    budget, clock, frames = live_budget()
    frames.draw(300, curve_cost=0.003)  # 3 ms at 30 fps: 9 % of the time
    assert frames.intervals() == pytest.approx([FULL_INTERVAL] * 300)
    assert frames.model_share(300) == 1.0
    assert not budget.throttling()
    assert not budget.throttling()
    assert budget.interval_ms() == 33
    assert budget.gui_share() == pytest.approx(0.003 * 30, rel=1e-6)


@pytest.mark.parametrize("cost", [0.007, 0.010, 0.040, 0.200])
def test_expensive_frames_lower_the_rate_but_not_below_the_floor(cost):
    budget, clock, frames = live_budget()
    frames.draw_for(5.0, curve_cost=cost)
    assert all(interval <= FLOOR_INTERVAL + 1e-12 for interval in frames.intervals())
    final = frames.intervals(1)[0]
    assert final > FULL_INTERVAL
    assert budget.throttling()
    # Within the budget wherever the floor allows it: the GUI's share is the frame's cost over
    # the time between frames.
    share = cost / final
    if cost / FLOOR_INTERVAL <= BUDGET:
        assert share <= BUDGET + 1e-9
        assert 1 / final >= 12
    else:
        assert final == pytest.approx(FLOOR_INTERVAL)


def test_7_ms_frames_draw_at_a_rate_that_fits_and_not_much_slower():
    budget, clock, frames = live_budget()
    frames.draw_for(5.0, curve_cost=0.007)
    final = frames.intervals(1)[0]
    needed = 0.007 / BUDGET  # 46.7 ms: the shortest interval within 15 %
    assert needed <= final <= 1.25 * needed


def test_the_rate_comes_back_when_frames_get_cheap():
    budget, clock, frames = live_budget()
    frames.draw_for(3.0, curve_cost=0.040)
    assert frames.intervals(1)[0] == pytest.approx(FLOOR_INTERVAL)
    frames.draw_for(3.0, curve_cost=0.002)  # 6 % at 30 fps
    assert frames.intervals(30) == pytest.approx([FULL_INTERVAL] * 30)
    assert frames.model_share(30) == 1.0
    assert not budget.throttling()
    assert not budget.throttling()


def test_hysteresis_keeps_the_slower_rate_until_frames_are_clearly_cheap():
    budget, clock, frames = live_budget()
    frames.draw_for(3.0, curve_cost=0.006)  # 18 % at 30 fps: over budget
    throttled = frames.intervals(1)[0]
    assert throttled > FULL_INTERVAL
    # 4.8 ms: 14.4 % at 30 fps, within the budget but by too little to go back: the rate must
    # not flip between two plans.
    start = len(frames.log)
    frames.draw_for(10.0, curve_cost=0.0048)
    assert frames.intervals()[start:] == pytest.approx([throttled] * (len(frames.log) - start))
    # 3 ms: 9 % at 30 fps, clearly within: back to 30 fps.
    frames.draw_for(3.0, curve_cost=0.003)
    assert frames.intervals(1)[0] == pytest.approx(FULL_INTERVAL)


def test_costs_around_the_budget_do_not_make_the_rate_oscillate():
    budget, clock, frames = live_budget()
    # Phases of 1.5 s, at 30 fps just over the budget (15.6 %) and just under it (13.8 %).
    for _ in range(6):
        frames.draw_for(1.5, curve_cost=0.0052)
        frames.draw_for(1.5, curve_cost=0.0046)
    intervals = frames.intervals()
    changes = sum(a != b for a, b in zip(intervals, intervals[1:], strict=False))
    assert changes <= 2  # the way down from 30 fps (one plan, then the one that fits), no more


def test_a_slower_rate_is_kept_a_while_even_when_frames_get_cheap_at_once():
    budget, clock, frames = live_budget()
    frames.draw_for(0.3, curve_cost=0.006)  # 18 %: slower from about the fifth frame
    slowed_at = next(index for index, interval in enumerate(frames.intervals())
                     if interval > FULL_INTERVAL + 1e-12)
    while frames.intervals(1)[0] > FULL_INTERVAL + 1e-12:
        frames.draw(1, curve_cost=0.0005)
    kept = sum(frames.intervals()[slowed_at:len(frames.log) - 1])
    assert kept >= 1.0 - 1e-9  # seconds at the slower rate


def test_model_views_drop_before_the_curve():
    budget, clock, frames = live_budget()
    # A model view makes a frame cost 7 ms, the curves alone 2 ms: at 30 fps with a model view
    # every frame 21 %; every second frame (2 + 7) / 2 ms per 33 ms = 13.5 %, which fits.
    frames.draw_for(5.0, curve_cost=0.002, model_cost=0.007)
    assert frames.intervals() == pytest.approx([FULL_INTERVAL] * len(frames.log))
    assert budget.throttling()
    assert frames.model_share(60) == pytest.approx(0.5)


def test_the_curve_slows_down_only_once_model_views_are_rare():
    budget, clock, frames = live_budget()
    # Dropping model views alone cannot fit these: (4 + 4 + 12) / 3 ms per 33 ms is 20 %.
    frames.draw_for(8.0, curve_cost=0.004, model_cost=0.012)
    slower = [index for index, (interval, _) in enumerate(frames.log)
              if interval > FULL_INTERVAL + 1e-12]
    assert slower, "the curve never slowed down"
    # Whenever the curve is slower than 30 fps, model views come at most every third frame.
    assert min(frames.model_every[index] for index in slower) >= 3
    assert frames.model_share(60) <= 1 / 3 + 1e-9
    final = frames.intervals(1)[0]
    share = (0.004 * 2 + 0.012) / 3 / final
    assert share <= BUDGET + 1e-9
    assert final <= FLOOR_INTERVAL + 1e-12


@pytest.mark.parametrize("running, speed", [(True, SLOW_MOTION_SPEED), (True, 1.0),
                                            (False, None), (False, 1000.0)])
def test_slow_motion_paused_and_stepping_are_never_throttled(running, speed):
    budget, clock, frames = live_budget()
    frames.draw_for(3.0, curve_cost=0.040)
    assert budget.throttling()
    budget.set_run(running=running, steps_per_second=speed)
    assert budget.drawing is Drawing.EVERY_FRAME
    frames.draw_for(5.0, curve_cost=0.040)  # frames this expensive are drawn all the same
    assert frames.intervals(60) == pytest.approx([FULL_INTERVAL] * 60)
    assert frames.model_share(60) == 1.0
    assert not budget.throttling()
    assert not budget.throttling()


def test_slow_motion_is_at_or_below_its_speed():
    assert draws_every_frame(True, SLOW_MOTION_SPEED)
    assert draws_every_frame(True, SLOW_MOTION_SPEED / 2)
    assert not draws_every_frame(True, SLOW_MOTION_SPEED + 1)
    assert not draws_every_frame(True, None)  # max speed
    assert draws_every_frame(False, None)  # paused, idle, finished


def test_a_frame_drawn_inside_another_measurement_counts_once():
    clock = FakeClock()
    budget = FrameBudget(clock)
    budget.set_run(True, None)
    for _ in range(10):
        budget.begin_frame(model_views=True)
        with budget.measuring():
            clock.advance(0.002)
            with budget.measuring():  # a paint run synchronously from the redraw
                clock.advance(0.001)
        clock.advance(FULL_INTERVAL - 0.003)
    budget.begin_frame(model_views=True)
    assert budget.frame_cost(True) == pytest.approx(0.003)
    assert budget.gui_share() == pytest.approx(0.003 / FULL_INTERVAL)


def test_one_expensive_frame_does_not_change_the_rate():
    budget, clock, frames = live_budget()
    frames.draw(60, curve_cost=0.003)
    frames.draw(1, curve_cost=0.060)  # e.g. the full repaint when the step axis jumps
    frames.draw(60, curve_cost=0.003)
    assert frames.intervals() == pytest.approx([FULL_INTERVAL] * 121)


def test_work_outside_live_frames_is_not_counted():
    clock = FakeClock()
    budget = FrameBudget(clock)
    budget.add_cost(1.0)  # a paint while idle
    budget.set_run(True, None)
    budget.add_cost(1.0)  # before the first live frame
    assert budget.gui_share() is None
    budget.begin_frame(model_views=True)
    clock.advance(FULL_INTERVAL)
    budget.begin_frame(model_views=True)
    assert budget.gui_share() == 0.0


def test_a_reset_inside_a_measured_redraw_keeps_measuring():
    clock = FakeClock()
    budget = FrameBudget(clock)
    budget.set_run(True, None)
    budget.begin_frame(model_views=True)
    with budget.measuring():  # a redraw that meets a new lesson
        budget.reset()
    for _ in range(4):
        budget.begin_frame(model_views=True)
        with budget.measuring():
            clock.advance(0.004)
        clock.advance(FULL_INTERVAL - 0.004)
    budget.begin_frame(model_views=True)
    assert budget.frame_cost(True) == pytest.approx(0.004)


def test_reset_forgets_the_measurements():
    budget, clock, frames = live_budget()
    frames.draw_for(3.0, curve_cost=0.040)
    budget.reset()
    assert not budget.throttling()
    assert budget.gui_share() is None
    assert budget.frame_cost(True) is None


@pytest.mark.parametrize("share", [0.0, 1.0, -0.1, 1.5])
def test_a_budget_outside_0_1_is_refused(share):
    with pytest.raises(ValueError, match="share of wall time"):
        FrameBudget(FakeClock(), budget=share)


def test_the_frame_budget_needs_no_qt():
    root = Path(__file__).resolve().parents[1]
    code = ("import sys; import gui.frame_budget; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


# ---------------------------------------------------------------- in the window


def test_the_window_draws_less_often_while_its_frames_are_expensive(make_window, qtbot):
    """The frame scheduler follows the budget: 20 ms frames (60 % of wall time at 30 fps, by
    the injected clock) lower the frame rate and say so beside the speed; cheap frames bring
    30 fps back; a paused run draws every frame."""
    from core.config import TrainingConfig
    from core.session import RunState
    from gui.frame_scheduler import REDRAW_INTERVAL_MS, FrameScheduler

    window = make_window(TrainingConfig(samples=60, features=8, iterations=10_000_000,
                                        device="cpu"))
    window.frames.stop()  # this test draws the frames itself, on its own clock
    clock = FakeClock()
    frames = FrameScheduler(window, clock)
    frame_cost = [0.020]
    show_history = window.plots.show_history

    def costly_history(history):
        clock.now += frame_cost[0]
        return show_history(history)

    window.plots.show_history = costly_history

    def draw_for(seconds: float) -> None:
        end = clock.now + seconds
        while clock.now < end:
            frames.mark_dirty()
            frames.draw()
            clock.now += frames.timer.interval() / 1000

    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING and window.latest_batch is not None,
                    timeout=20000)
    draw_for(3.0)
    assert frames.timer.interval() > REDRAW_INTERVAL_MS
    assert frames.timer.interval() <= 1000 / 12 + 1  # never under 12 frames a second
    assert "drawing less often" in window.status.speedLabel.text()
    assert "times a second" in window.status.speedLabel.toolTip()
    frame_cost[0] = 0.0005
    draw_for(4.0)
    assert frames.timer.interval() == REDRAW_INTERVAL_MS
    assert "drawing less often" not in window.status.speedLabel.text()
    frame_cost[0] = 0.020
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=20000)
    draw_for(2.0)
    assert frames.timer.interval() == REDRAW_INTERVAL_MS  # paused: every frame, unmeasured


def test_a_live_frame_draws_its_model_view_half_a_frame_after_its_curves(make_window, qtbot,
                                                                        monkeypatch):
    """Qt paints each part in a pass of its own, so no stretch of the GUI thread is a whole
    frame long; the budget counts both parts as one frame. Paused, a frame is drawn whole."""
    from core.config import TrainingConfig
    from core.session import RunState
    from gui.frame_scheduler import FrameScheduler

    window = make_window(TrainingConfig(samples=60, features=8, iterations=10_000_000,
                                        device="cpu"))
    window.frames.stop()  # this test draws the frames itself, on its own clock
    clock = FakeClock()
    frames = FrameScheduler(window, clock)
    drawn: list[tuple[str, tuple[str, ...]]] = []  # ("curves" | "model", views) in order
    show_history, show_model = window.plots.show_history, window.plots.show_model

    def costly_history(history):
        drawn.append(("curves", ()))
        clock.now += 0.002
        show_history(history)
        return False  # no jump of the step axis, whose frame would refresh no model view

    def costly_model(*args):
        drawn.append(("model", args[-1]))
        clock.now += 0.010
        return show_model(*args)

    monkeypatch.setattr(window.plots, "show_history", costly_history)
    monkeypatch.setattr(window.plots, "show_model", costly_model)
    window.controls.startButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.RUNNING and window.latest_batch is not None,
                    timeout=20000)
    for _ in range(4):  # live frames, each with a model view due
        frames._views_showing.clear()
        drawn.clear()
        frames.mark_dirty()
        frames.draw()
        assert drawn == [("curves", ())]  # the model view is still to come
        assert frames.model_part.isActive()
        assert frames.model_part.interval() == frames.timer.interval() // 2
        qtbot.waitUntil(lambda: len(drawn) == 2, timeout=20000)
        assert drawn[1][0] == "model" and len(drawn[1][1]) == 1
        clock.now += frames.timer.interval() / 1000
    frames.mark_dirty()
    frames.draw()  # closes the last measured frame
    # Each frame with a model view cost its curves' 2 ms and its model part's 10 ms.
    assert frames.budget.frame_cost(model_views=True) == pytest.approx(0.012)
    # A frame part still to come when the next frame starts is drawn first, not dropped.
    frames._views_showing.clear()
    drawn.clear()
    frames.mark_dirty()
    frames.draw()
    assert frames.model_part.isActive()
    frames.mark_dirty()
    frames.draw()
    assert [kind for kind, _ in drawn[:3]] == ["curves", "model", "curves"]
    frames.stop()
    window.controls.pauseButton.click()
    qtbot.waitUntil(lambda: window.state is RunState.PAUSED, timeout=20000)
    drawn.clear()
    frames.mark_dirty()
    frames.draw()
    assert [kind for kind, _ in drawn] == ["curves", "model"]  # at once, every view
    assert not frames.model_part.isActive()
