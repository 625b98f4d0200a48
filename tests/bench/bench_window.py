"""The window at max speed on the seed problem (offscreen), against the headless engine and the
two-matvec floor with the same torch thread count, plus frame rate, GUI-thread timer gaps and the
GUI thread's busy share (docs/ARCHITECTURE.md §7, §12).

    python tests/bench/bench_window.py [--steps 100000] [--threads N]
    python tests/bench/bench_window.py --samples 200000 --batch-size 64 --val-fraction 0.25
    python tests/bench/bench_window.py --load 1 [--profile 25]
    python tests/bench/bench_window.py --session process   # or thread: where the session runs

The second form measures mini-batches on a large lesson (no floor: it is for full batches).

`--load N` runs N busy processes (pure-Python spin loops, one core each) beside the bench, to
imitate a slow laptop on any machine: they start before the window run and stop after the
headless and floor runs, so that all three are measured under the same load.

The GUI thread's busy share is the wall time it spends drawing live frames, per wall second of
the measured run: inside the window's redraw (`FrameScheduler.draw`, which decides what a frame
refreshes and updates the curves, and `_draw_model_part`, which updates its model view half a
frame later) and inside each plot's paint event (pyqtgraph's
`GraphicsView.paintEvent`, where Qt paints the scene: the C++ part of a frame, which holds the
GIL too, docs/ARCHITECTURE.md §4). Both are wrapped here, in the bench only, before the window
is built (the redraw timer connects to the method the class has then), with
`time.perf_counter` around each call; a paint inside a redraw counts once. Paint events belong
to the frame whose redraw came before them; "per frame" divides by the frames drawn. What the
other widgets paint (status bar, controls) is not counted: a few labels.

`--profile N` profiles the GUI thread (cProfile, which sees only the thread that enables it)
during the measured run and lists the N functions with the most cumulative and own time per
frame; profiling slows the GUI thread down, so the speeds of such a run are not comparable.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import multiprocessing
import os
import pstats
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402

from core.config import TrainingConfig  # noqa: E402
from core.devices import training_threads  # noqa: E402
from core.session import RunState  # noqa: E402
from core.session_process import SessionHost  # noqa: E402
from gui.app import create_application  # noqa: E402
from tests.bench.bench_engine import engine_runner, floor_runner, steps_per_second  # noqa: E402


class TimerGaps:
    """Records the gaps between ticks of a 10 ms QTimer on the GUI thread."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(interval=10)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        self.gaps.append(self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()


def spin() -> None:
    """A busy process: a pure-Python loop that never ends (it is terminated)."""
    count = 0
    while True:
        count += 1


@contextmanager
def busy_load(processes: int):
    """`processes` busy processes running for the duration of the block."""
    # Started before the QApplication and before torch runs anything: a forked child takes
    # nothing but the spin loop from this process.
    workers = [multiprocessing.Process(target=spin, daemon=True) for _ in range(processes)]
    for worker in workers:
        worker.start()
    try:
        yield
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join()


class CollectionMeter:
    """Python's garbage collections on any thread while active: a full (generation 2) one
    walks every tracked object, some 250 000 here, and holds the GIL throughout."""

    def __init__(self) -> None:
        self.active = False
        self.collections: dict[int, list[float]] = {0: [], 1: [], 2: []}  # ms, by generation
        self._started = 0.0

    def __enter__(self) -> CollectionMeter:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.active:
            self.collections[info["generation"]].append(
                1000 * (time.perf_counter() - self._started))

    def summary(self) -> str:
        return ", ".join(f"generation {generation}: {len(ms)} ({sum(ms):.1f} ms, longest "
                         f"{max(ms, default=0):.1f})"
                         for generation, ms in self.collections.items())


class BusyMeter:
    """GUI-thread time inside the window's redraw and the plots' paint events, frame by frame
    (see the module's docstring)."""

    def __init__(self) -> None:
        self.active = False
        self.redraw = 0.0  # seconds inside redraws
        self.paint = 0.0  # seconds inside plot paint events
        self.frame_costs: list[float] = []  # each frame's redraw and the paints after it
        self.paint_by_panel: dict[str, float] = {}  # seconds inside each plot's paint events
        self._depth = 0

    @contextmanager
    def _measured(self, kind: str, scheduler=None, panel: str = ""):
        if not self.active or self._depth:
            yield
            return
        frames = scheduler.frames_drawn if scheduler is not None else None
        self._depth += 1
        started = time.perf_counter()
        try:
            yield
        finally:
            self._depth -= 1
            seconds = time.perf_counter() - started
            if kind == "redraw":
                self.redraw += seconds
            else:
                self.paint += seconds
                self.paint_by_panel[panel] = self.paint_by_panel.get(panel, 0.0) + seconds
            # A redraw that drew a frame starts one; paints, and redraw calls with nothing
            # new to draw, add to the frame before them.
            if (kind == "redraw" and scheduler.frames_drawn != frames) or not self.frame_costs:
                self.frame_costs.append(seconds)
            else:
                self.frame_costs[-1] += seconds

    def install(self) -> None:
        """Wrap the redraw and the plots' paint events (before the window is built)."""
        from gui.frame_scheduler import FrameScheduler
        from gui.plots.themed_plot import ThemedPlot

        meter = self
        # What the redraw timers call (connected at construction): a frame's curves, and its
        # model view half a frame later.
        redraw, model_part = FrameScheduler.draw, FrameScheduler._draw_model_part
        paint = ThemedPlot.paintEvent

        @functools.wraps(redraw)
        def timed_redraw(scheduler, *args, **kwargs):
            with meter._measured("redraw", scheduler):
                return redraw(scheduler, *args, **kwargs)

        @functools.wraps(model_part)
        def timed_model_part(scheduler):
            with meter._measured("redraw", scheduler):
                return model_part(scheduler)

        @functools.wraps(paint)
        def timed_paint(view, event):
            with meter._measured("paint", panel=view.objectName() or type(view).__name__):
                return paint(view, event)

        FrameScheduler.draw = timed_redraw
        FrameScheduler._draw_model_part = timed_model_part
        ThemedPlot.paintEvent = timed_paint


def run_window(config: TrainingConfig, threads: int, draw: bool = True,
               profile: cProfile.Profile | None = None, budget: float | None = None) -> dict:
    app = create_application()
    from gui.main_window import MainWindow

    meter = BusyMeter()
    meter.install()
    made = time.perf_counter()
    window = MainWindow(config, threads=threads)
    if budget is not None:
        window.frames.budget.budget = budget
    window.resize(1500, 940)
    window.show()
    # Steady state: wait for the data and for the reference optimum (found once per dataset
    # in a background thread; its first call imports scipy, which holds the GIL for ~0.3 s).
    deadline = time.perf_counter() + 30
    ready = None
    while window.state is not RunState.IDLE or window.lossPlot.reference() is None:
        app.processEvents()
        if ready is None and window.state is RunState.IDLE:
            ready = time.perf_counter() - made  # torch imported, the data built, step 0 shown
        if time.perf_counter() > deadline:
            break
    if not draw:  # diagnosis: what the worker and the batch signals cost without any drawing
        window.frames.stop()
    gaps = TimerGaps()
    collections = CollectionMeter()
    finished = []
    window.trainingFinished.connect(lambda: finished.append(time.perf_counter()))
    frames_before = window.frames.frames_drawn
    gaps.start()
    meter.active = collections.active = True
    if profile is not None:
        profile.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    with collections:
        window.controls.startButton.click()
        while not finished:
            app.processEvents()
            time.sleep(0.001)
    if profile is not None:
        profile.disable()
    meter.active = collections.active = False
    gaps.stop()
    seconds = finished[0] - started
    cpu = time.process_time() - cpu_started  # every thread of the window's process
    frames = window.frames.frames_drawn - frames_before
    result = {"steps": len(window.history), "seconds": seconds, "frames": frames,
              "fps": frames / seconds, "gaps": np.array(gaps.gaps[1:]), "busy": meter,
              "collections": collections, "cpu": cpu,
              "ready": ready, "session": window._worker.host,
              "budget": window.frames.budget.budget}
    window.close()
    return result


def print_busy(meter: BusyMeter, seconds: float, frames: int) -> None:
    busy = meter.redraw + meter.paint
    per_frame = 1000 * busy / max(frames, 1)
    costs = 1000 * np.array(meter.frame_costs or [0.0])
    print(f"GUI thread busy {100 * busy / seconds:5.1f} % of wall time (redraw "
          f"{100 * meter.redraw / seconds:.1f} %, paint {100 * meter.paint / seconds:.1f} %)")
    print(f"per frame       {per_frame:9.1f} ms  (redraw {1000 * meter.redraw / max(frames, 1):.1f}"
          f" + paint {1000 * meter.paint / max(frames, 1):.1f}; median {np.median(costs):.1f}, "
          f"p90 {np.percentile(costs, 90):.1f}, max {costs.max():.1f})")
    panels = sorted(meter.paint_by_panel.items(), key=lambda item: -item[1])
    print("paint per frame " + ", ".join(
        f"{name} {1000 * seconds / max(frames, 1):.1f}" for name, seconds in panels) + " ms")


def print_profile(profile: cProfile.Profile, frames: int, top: int) -> None:
    """The functions with the most cumulative, then own, GUI-thread time per frame."""
    for key, title in (("cumulative", "cumulative"), ("tottime", "own")):
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(key)
        print(f"\nGUI thread, {title} time per frame (ms) over {frames} frames, top {top}:")
        rows = []
        for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
            rows.append((cumulative if key == "cumulative" else own, own, cumulative, calls,
                         f"{Path(path).name}:{line}({name})" if line else name))
        rows.sort(reverse=True)
        for _, own, cumulative, calls, where in rows[:top]:
            print(f"  {1000 * cumulative / frames:7.2f} cum {1000 * own / frames:7.2f} own "
                  f"{calls / frames:7.1f} calls  {where}")


def full_batch_features(config: TrainingConfig):
    import torch

    from core.lesson import prepare_data

    return torch.as_tensor(prepare_data(config)[0].X, dtype=torch.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=training_threads(leave_core_for_gui=True))
    parser.add_argument("--no-draw", action="store_true", help="stop the redraw timer")
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=0, help="0: full batch")
    parser.add_argument("--val-fraction", type=float, default=0.0)
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="busy processes beside the runs (a slow laptop)")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP",
                        help="profile the GUI thread; list the TOP functions per frame")
    parser.add_argument("--session", choices=[host.value for host in SessionHost],
                        help="where the window's training session runs (default: "
                             "gui/worker.py's SESSION_HOST, LRLAB_SESSION_HOST)")
    parser.add_argument("--frame-budget", type=float, metavar="SHARE",
                        help="the GUI thread's frame budget (gui/frame_budget.py), e.g. 0.5")
    args = parser.parse_args()
    if args.session:
        import gui.worker

        gui.worker.SESSION_HOST = SessionHost(args.session)
    if args.load < 0 or args.profile < 0:
        parser.error("--load and --profile take a count >= 0")
    config = TrainingConfig(iterations=args.steps, device="cpu", samples=args.samples,
                            batch_size=args.batch_size, val_fraction=args.val_fraction)
    profile = cProfile.Profile() if args.profile else None
    with busy_load(args.load):
        window = run_window(config, args.threads, draw=not args.no_draw, profile=profile,
                            budget=args.frame_budget)
        headless = steps_per_second(engine_runner(config, args.threads, None, 1000), 20000)
        if not args.batch_size:  # the floor is a full-batch step's two products
            floor = steps_per_second(floor_runner(full_batch_features(config)), 20000)
    in_window = window["steps"] / window["seconds"]
    gaps = window["gaps"]
    batch = f"batches of {args.batch_size}" if args.batch_size else "full batch"
    load = f", {args.load} busy process{'es' if args.load > 1 else ''} beside" if args.load else ""
    print(f"seed problem {args.samples} x 784 float32 ({batch}, held-out {args.val_fraction:g}), "
          f"CPU, {args.threads} torch thread(s), {args.steps} steps, offscreen window 1500 x 940"
          f"{load}{', GUI thread profiled' if profile else ''}, session in a "
          f"{window['session']}, frame budget {window['budget']:g}")
    versus_floor = f", {in_window / floor:.2f} x floor" if not args.batch_size else ""
    print(f"window          {in_window:9.0f} steps/s  ({in_window / headless:.2f} x headless"
          f"{versus_floor})")
    print(f"headless engine {headless:9.0f} steps/s")
    if versus_floor:
        print(f"two-matvec floor{floor:9.0f} steps/s")
    print(f"frames drawn    {window['fps']:9.1f} per second")
    print(f"10 ms timer gaps: p99 {np.percentile(gaps, 99):.1f} ms, max {gaps.max():.1f} ms, "
          f"median {np.median(gaps):.1f} ms over {len(gaps)} ticks")
    print_busy(window["busy"], window["seconds"], window["frames"])
    print(f"window process  {100 * window['cpu'] / window['seconds']:9.1f} % of a core (all its "
          f"threads; a session in a child process is not counted)")
    print(f"GC in the window's process: {window['collections'].summary()}")
    if window["ready"] is not None:
        print(f"window to idle  {window['ready']:9.2f} s (torch imported, data built, step 0)")
    if profile is not None:
        print_profile(profile, max(window["frames"], 1), args.profile)


if __name__ == "__main__":
    main()
