"""Soak: a 1 000 000-step run of the seed problem in the offscreen window at max speed.

Prints the resident memory (VmRSS) at the start, 25 %, 50 %, 75 % and the end of the run, the
metric history's bytes per step, and the per-frame time of a redraw (the frame scheduler's
draw plus a synchronous repaint of the window) against a 33 ms frame budget
(docs/ARCHITECTURE.md §7).

    python tests/bench/bench_soak.py [--steps 1000000] [--threads N]
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

from core.config import TrainingConfig  # noqa: E402
from core.devices import training_threads  # noqa: E402
from core.session import RunState  # noqa: E402
from gui.app import create_application  # noqa: E402

FRAME_BUDGET_MS = 33.0


def rss_mib() -> float:
    """Resident set size of this process, from /proc/self/status, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def measure_frames(window) -> list[float]:
    """Times each redraw of `window`'s frame scheduler that draws, together with a full
    repaint; the returned list fills as frames are drawn."""
    frames, frame_ms = window.frames, []
    draw = frames.draw

    def measured_draw() -> None:
        drawing = frames.dirty and window.engine_info is not None
        started = time.perf_counter()
        draw()
        if drawing:
            window.repaint()
            frame_ms.append((time.perf_counter() - started) * 1000)

    frames.timer.timeout.disconnect(draw)
    frames.timer.timeout.connect(measured_draw)
    return frame_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=training_threads(leave_core_for_gui=True))
    args = parser.parse_args()
    app = create_application()
    from gui.main_window import MainWindow

    config = TrainingConfig(iterations=args.steps, device="cpu")
    window = MainWindow(config, threads=args.threads)
    frame_ms = measure_frames(window)
    window.resize(1500, 940)
    window.show()
    while window.state is not RunState.IDLE:
        app.processEvents()
        time.sleep(0.001)
    finished: list[float] = []
    window.trainingFinished.connect(lambda: finished.append(time.perf_counter()))
    marks = [(0.25, "25 %"), (0.5, "50 %"), (0.75, "75 %")]
    rss = [("start", 0, rss_mib())]
    started = time.perf_counter()
    window.controls.startButton.click()
    while not finished:
        app.processEvents()
        time.sleep(0.001)
        if marks and len(window.history) >= marks[0][0] * args.steps:
            rss.append((marks.pop(0)[1], len(window.history), rss_mib()))
    seconds = finished[0] - started
    for _ in range(20):  # let the last frames draw
        app.processEvents()
        time.sleep(0.01)
    rss.append(("end", len(window.history), rss_mib()))
    history = window.history
    frames = np.array(frame_ms)
    state, steps = window.state, len(history)
    window.close()

    print(f"seed problem 400 x 784 float32, CPU, {args.threads} torch thread(s), "
          f"{args.steps:,} steps, offscreen window 1500 x 940")
    print(f"run: state {state}, {steps:,} steps in {seconds:.1f} s "
          f"({steps / seconds:,.0f} steps/s)")
    for label, at, mib in rss:
        print(f"RSS {label:>5} (step {at:>9,}): {mib:8.1f} MiB")
    print(f"RSS growth 25 % -> end: {rss[-1][2] - rss[1][2]:+.1f} MiB; "
          f"start -> end: {rss[-1][2] - rss[0][2]:+.1f} MiB")
    print(f"history: {history.nbytes:,} bytes for {steps:,} steps = "
          f"{history.nbytes / max(steps, 1):.1f} bytes/step (window steps axis adds "
          f"{window.plots._steps_axis.nbytes / max(steps, 1):.1f} bytes/step)")
    print(f"frames: {len(frames)} redraws ({len(frames) / seconds:.1f} per second); "
          f"redraw + repaint median {np.median(frames):.1f} ms, "
          f"p99 {np.percentile(frames, 99):.1f} ms, max {frames.max():.1f} ms")
    over = int(np.sum(frames > FRAME_BUDGET_MS))
    verdict = "yes" if np.percentile(frames, 99) <= FRAME_BUDGET_MS else "no"
    print(f"under the {FRAME_BUDGET_MS:.0f} ms frame budget at p99: {verdict} "
          f"({over} of {len(frames)} frames over budget; max "
          f"{'within' if frames.max() <= FRAME_BUDGET_MS else 'over'} budget)")


if __name__ == "__main__":
    main()
