"""Redraw time of the loss curve with 1 000 000 points (docs/ARCHITECTURE.md §7: <= 15 ms),
offscreen.

    python tests/bench/bench_plots.py [--points 1000000] [--frames 40]
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

from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from gui.plots import LossPlot

    plot = LossPlot()
    plot.resize(480, 400)  # a loss panel's size in the 1500 x 940 window
    plot.show()
    app.processEvents()
    steps = np.arange(args.points, dtype=np.float64)
    cost = 19 * np.exp(-steps / 3e4) + 0.128 + 0.01 * np.sin(steps / 50)
    times = []
    for frame in range(args.frames):  # the curve grows by one step a frame, as when training
        end = args.points - args.frames + frame + 1
        started = time.perf_counter()
        plot.set_history(steps[:end], cost[:end])
        plot.viewport().repaint()
        times.append(time.perf_counter() - started)
    ms = 1000 * np.array(times[3:])  # the first frames build caches
    print(f"loss curve of {args.points:,} points, 480 x 400: set_history + repaint "
          f"median {np.median(ms):.1f} ms, p90 {np.percentile(ms, 90):.1f} ms, "
          f"max {ms.max():.1f} ms")


if __name__ == "__main__":
    main()
