"""The window at max speed on the seed problem (offscreen), against the headless engine and the
two-matvec floor with the same torch thread count, plus frame rate and GUI-thread timer gaps.

    python tests/bench/bench_window.py [--steps 100000] [--threads N]
    python tests/bench/bench_window.py --samples 200000 --batch-size 64 --val-fraction 0.25

The second form measures mini-batches on a large lesson (no floor: it is for full batches).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402

from core.config import TrainingConfig  # noqa: E402
from core.devices import training_threads  # noqa: E402
from core.session import RunState  # noqa: E402
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


def run_window(config: TrainingConfig, threads: int, draw: bool = True) -> dict:
    app = create_application()
    from gui.main_window import MainWindow

    window = MainWindow(config, threads=threads)
    window.resize(1500, 940)
    window.show()
    # Steady state: wait for the data and for the reference optimum (found once per dataset
    # in a background thread; its first call imports scipy, which holds the GIL for ~0.3 s).
    deadline = time.perf_counter() + 30
    while window.state is not RunState.IDLE or window.lossPlot.reference() is None:
        app.processEvents()
        if time.perf_counter() > deadline:
            break
    if not draw:  # diagnosis: what the worker and the batch signals cost without any drawing
        window.frames.stop()
    gaps = TimerGaps()
    finished = []
    window.trainingFinished.connect(lambda: finished.append(time.perf_counter()))
    frames_before = window.frames.frames_drawn
    gaps.start()
    started = time.perf_counter()
    window.controls.startButton.click()
    while not finished:
        app.processEvents()
        time.sleep(0.001)
    gaps.stop()
    seconds = finished[0] - started
    result = {"steps": len(window.history), "seconds": seconds,
              "fps": (window.frames.frames_drawn - frames_before) / seconds,
              "gaps": np.array(gaps.gaps[1:])}
    window.close()
    return result


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
    args = parser.parse_args()
    config = TrainingConfig(iterations=args.steps, device="cpu", samples=args.samples,
                            batch_size=args.batch_size, val_fraction=args.val_fraction)
    window = run_window(config, args.threads, draw=not args.no_draw)
    headless = steps_per_second(engine_runner(config, args.threads, None, 1000), 20000)
    in_window = window["steps"] / window["seconds"]
    gaps = window["gaps"]
    batch = f"batches of {args.batch_size}" if args.batch_size else "full batch"
    print(f"seed problem {args.samples} x 784 float32 ({batch}, held-out {args.val_fraction:g}), "
          f"CPU, {args.threads} torch thread(s), {args.steps} steps, offscreen window 1500 x 940")
    versus_floor = ""
    if not args.batch_size:  # the floor is a full-batch step's two products
        floor = steps_per_second(floor_runner(full_batch_features(config)), 20000)
        versus_floor = f", {in_window / floor:.2f} x floor"
    print(f"window          {in_window:9.0f} steps/s  ({in_window / headless:.2f} x headless"
          f"{versus_floor})")
    print(f"headless engine {headless:9.0f} steps/s")
    if versus_floor:
        print(f"two-matvec floor{floor:9.0f} steps/s")
    print(f"frames drawn    {window['fps']:9.1f} per second")
    print(f"10 ms timer gaps: p99 {np.percentile(gaps, 99):.1f} ms, max {gaps.max():.1f} ms, "
          f"median {np.median(gaps):.1f} ms over {len(gaps)} ticks")


if __name__ == "__main__":
    main()
