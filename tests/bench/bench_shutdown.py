"""How long the process lives after its window closes, in each state (target: <= 0.5 s).

    PYTHONPATH=. python tests/bench/bench_shutdown.py [--repeats 3] [--old]

Each run is a real process set up as `main.py` sets up the window (gui/app.py: the bounded
worker wait) and leaving as main.py leaves (os._exit after the close). It reaches a state,
prints the wall-clock time just before window.close(), and the parent notes when the process
is gone. `--old` leaves the way the lab used to (unbounded wait, interpreter teardown), for
comparison. Not collected by pytest; prints a table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from core.session import RunState  # noqa: E402

# The run states a window can be closed in (a lesson replay and an error aside).
STATES = tuple(state.value for state in RunState
               if state not in (RunState.REPLAYING, RunState.ERROR))

DRIVER = r"""
import os, sys, time
sys.path.insert(0, ROOT)
from PySide6.QtCore import QTimer
from gui.app import SHUTDOWN_WAIT_MS, _kept_until_exit, create_application
import main as lab

state, old = sys.argv[1], sys.argv[2] == "old"
app = create_application()
from gui.main_window import MainWindow
from core.config import TrainingConfig
from core.session import RunState

target = RunState(state)
config = TrainingConfig(device="cpu", iterations=200 if target is RunState.FINISHED else 10_000_000,
                        lr=1e4 if target is RunState.DIVERGED else 0.1)
window = MainWindow(config)
_kept_until_exit.append(window)
if not old:
    window.setProperty("shutdownWaitMs", SHUTDOWN_WAIT_MS)
window.show()
started = [None]

def close():
    print(f"closing {time.time():.6f} {window.state}", flush=True)
    window.close()

def poll():
    if window.state is target and target is not RunState.PAUSED:
        QTimer.singleShot(300 if target is RunState.RUNNING else 0, close)
        return
    if not target.busy and target is not RunState.IDLE and window.state is RunState.IDLE:
        window.controls.startButton.click()
    if target is RunState.PAUSED and window.state is RunState.RUNNING:
        if started[0] is None:
            started[0] = time.time()
        elif time.time() - started[0] > 0.3:
            window.controls.pauseButton.click()
    if target is RunState.PAUSED and window.state is RunState.PAUSED:
        QTimer.singleShot(0, close)
        return
    QTimer.singleShot(10, poll)

QTimer.singleShot(0, poll)
status = app.exec()
if old:
    sys.exit(status)
lab.leave(status)
"""


def one_run(state: str, old: bool) -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": "/tmp/bench-shutdown-settings"}
    process = subprocess.Popen(
        [sys.executable, "-c", f"ROOT = {str(ROOT)!r}\n" + DRIVER, state,
         "old" if old else "new"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    process.wait(timeout=120)
    gone = time.time()
    if not line.startswith("closing"):
        raise RuntimeError(f"{state}: no close ({line!r}): {process.stderr.read()[-2000:]}")
    _, at, reached = line.split()
    stderr = process.stderr.read()
    if "QThread: Destroyed" in stderr or process.returncode not in (0,):
        raise RuntimeError(f"{state}: exit {process.returncode}: {stderr[-2000:]}")
    return gone - float(at), reached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--old", action="store_true", help="the previous way of leaving")
    args = parser.parse_args()
    print(f"{'state':10} {'closed in':>10} {'median s':>9} {'max s':>7}  runs")
    for state in STATES:
        times, reached = [], set()
        for _ in range(args.repeats):
            seconds, at = one_run(state, args.old)
            times.append(seconds)
            reached.add(at)
        print(f"{state:10} {'/'.join(sorted(reached)):>10} {statistics.median(times):9.3f} "
              f"{max(times):7.3f}  {', '.join(f'{t:.3f}' for t in times)}")


if __name__ == "__main__":
    main()
