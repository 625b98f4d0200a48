"""Timeline figures on the seed problem (400 x 784, CPU): seeking to random steps of a 100 000-step
run (targets: <= 50 ms median, <= 150 ms worst), and the memory the checkpoints of a
1 000 000-step run take (target: <= 64 MB).

    python tests/bench/bench_timeline.py [--steps 100000] [--seeks 200] [--threads 1]
        [--dtype float32] [--memory-steps 1000000] [--chunk 256]

The run is recorded as the session records it: chunks of --chunk steps (about what the window's
15 ms chunks hold on this problem). The 1 000 000-step memory is measured on a run of
--memory-steps; with fewer steps it is extrapolated from the measured bytes per checkpoint and
the checkpoint policy (the same spacing, halved whenever the budget is passed), and the report
says so.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.config import TrainingConfig  # noqa: E402
from core.lesson import create_engine  # noqa: E402
from core.timeline import MEMORY_BUDGET_BYTES, Timeline  # noqa: E402

TARGET_STEPS = 1_000_000


def recorded_run(config: TrainingConfig, steps: int, chunk: int, threads: int):
    engine = create_engine(config.replace(iterations=steps), threads=threads)
    timeline = Timeline()
    timeline.start(engine)
    started = time.perf_counter()
    while not engine.finished:
        engine.run_chunk(chunk)
        timeline.after_chunk(engine)
    return engine, timeline, time.perf_counter() - started


def bench_seeks(config, steps: int, seeks: int, chunk: int, threads: int) -> None:
    engine, timeline, seconds = recorded_run(config, steps, chunk, threads)
    print(f"{steps:,}-step {config.dtype} seed run ({engine.method}): {steps / seconds:,.0f} "
          f"steps/s, {len(timeline.checkpoint_steps)} checkpoints, "
          f"{timeline.nbytes / 2**20:.2f} MB")
    targets = np.random.default_rng(0).integers(0, steps, size=seeks)
    times = []
    for step in targets:
        started = time.perf_counter()
        timeline.model_at(engine, int(step))
        times.append((time.perf_counter() - started) * 1e3)
    median, worst = statistics.median(times), max(times)
    print(f"seek to {seeks} random steps: median {median:.1f} ms (target <= 50), "
          f"90th percentile {np.percentile(times, 90):.1f} ms, worst {worst:.1f} ms "
          "(target <= 150)")


def bench_memory(config, steps: int, chunk: int, threads: int) -> None:
    engine, timeline, seconds = recorded_run(config, steps, chunk, threads)
    count = len(timeline.checkpoint_steps)
    if steps >= TARGET_STEPS:
        print(f"{steps:,}-step run ({seconds:.0f} s): {count} checkpoints, "
              f"{timeline.nbytes / 2**20:.2f} MB (target <= 64 MB)")
        return
    ends = timeline.record_nbytes
    per_checkpoint = (timeline.nbytes - ends) / count
    # The policy: checkpoints as far apart as in the measured run; whenever the total passes
    # the budget, every other one goes. The record of advances grows linearly with the steps.
    kept = count * TARGET_STEPS / steps
    ends_total = ends * TARGET_STEPS / steps
    while kept * per_checkpoint + ends_total > MEMORY_BUDGET_BYTES:
        kept /= 2
    total = kept * per_checkpoint + ends_total
    print(f"{steps:,}-step run measured ({seconds:.0f} s): {count} checkpoints of "
          f"{per_checkpoint / 1024:.1f} KB, {ends / steps:.3f} bytes of advance record per "
          f"step; extrapolated to {TARGET_STEPS:,} steps by the policy: <= {total / 2**20:.1f} MB "
          "(target <= 64 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dtype", default="float32", choices=("float32", "float64"))
    parser.add_argument("--memory-steps", type=int, default=TARGET_STEPS)
    parser.add_argument("--chunk", type=int, default=256)
    args = parser.parse_args()
    config = TrainingConfig(device="cpu", dtype=args.dtype)
    bench_seeks(config, args.steps, args.seeks, args.chunk, args.threads)
    bench_memory(config, args.memory_steps, args.chunk, args.threads)


if __name__ == "__main__":
    main()
