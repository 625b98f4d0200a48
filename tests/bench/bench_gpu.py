"""The CUDA path (issue 6, docs/ARCHITECTURE.md §7), in one run on one GPU:

1. the seed problem (400 x 784 float32): steps/s with eager chunks and with CUDA graphs;
2. a 1 000 000 x 784 float32 full-batch step: its time, the bytes it reads (X twice: X w and
   X^T r) per second, against the card's measured device-to-device copy bandwidth;
3. the window training on the GPU: steps/s, frames/s and the GUI thread's 10 ms timer gaps.

    python tests/bench/bench_gpu.py [--seed-steps 50000] [--large-samples 1000000]

Without a CUDA GPU it says so and exits 0: there is nothing to measure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.config import TrainingConfig  # noqa: E402
from core.datasets import Dataset  # noqa: E402
from core.engine import TrainingEngine  # noqa: E402
from core.lesson import prepare_data  # noqa: E402


def timed_steps(engine: TrainingEngine, steps: int, chunk: int) -> float:
    """Seconds for `steps` steps in chunks of `chunk` (after one warm-up chunk)."""
    engine.run_chunk(chunk)
    torch.cuda.synchronize()
    started = time.perf_counter()
    done = 0
    while done < steps:
        done += len(engine.run_chunk(min(chunk, steps - done)))
    torch.cuda.synchronize()
    return (time.perf_counter() - started) / done


def seed_problem(steps: int) -> dict[str, float]:
    config = TrainingConfig(device="cuda", iterations=10**8)
    data = prepare_data(config)
    rates = {}
    for label, graphs in (("eager", False), ("graphs", True)):
        engine = TrainingEngine(config, *data, graphs=graphs)
        rates[label] = 1.0 / timed_steps(engine, steps, chunk=2048)
        if graphs and not engine.uses_graphs:
            rates[label] = float("nan")  # capture failed: the warning above says why
    return rates


def copy_bandwidth(n_bytes: int = 2 * 2**30, repeats: int = 10) -> float:
    """Bytes per second moved by a device-to-device copy (read + write), best of `repeats`."""
    source = torch.empty(n_bytes // 4, dtype=torch.float32, device="cuda")
    target = torch.empty_like(source)
    best = float("inf")
    for _ in range(repeats):
        torch.cuda.synchronize()
        started = time.perf_counter()
        target.copy_(source)
        torch.cuda.synchronize()
        best = min(best, time.perf_counter() - started)
    return 2 * n_bytes / best


def large_problem(samples: int, features: int = 784, steps: int = 50) -> dict[str, float]:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((samples, features), dtype=np.float32)
    y = (rng.random(samples) < 0.5).astype(np.float64)
    data = Dataset(f"random {samples} x {features}", X, y)
    engine = TrainingEngine(TrainingConfig(device="cuda", iterations=10**8, init="zeros"), data)
    seconds = timed_steps(engine, steps, chunk=10)
    bytes_read = 2 * samples * (features + 1) * 4  # X1 w and X1^T r, float32
    return {"step_ms": 1e3 * seconds, "read_bytes_per_s": bytes_read / seconds,
            "method": engine.method}


def window_on_gpu(steps: int) -> dict:
    from tests.bench.bench_window import run_window

    return run_window(TrainingConfig(device="cuda", iterations=steps), threads=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-steps", type=int, default=50_000)
    parser.add_argument("--large-samples", type=int, default=1_000_000)
    parser.add_argument("--window-steps", type=int, default=200_000)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("no CUDA GPU on this machine: nothing to measure (the CPU benchmarks are "
              "bench_engine.py and bench_window.py)")
        return
    print(f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    rates = seed_problem(args.seed_steps)
    print(f"seed problem 400 x 784 float32: eager {rates['eager']:9.0f} steps/s, "
          f"graphs {rates['graphs']:9.0f} steps/s ({rates['graphs'] / rates['eager']:.1f} x)")
    bandwidth = copy_bandwidth()
    large = large_problem(args.large_samples)
    print(f"{args.large_samples:,} x 784 float32 full batch ({large['method']}): "
          f"{large['step_ms']:.2f} ms/step, reads {large['read_bytes_per_s'] / 1e9:.0f} GB/s "
          f"= {large['read_bytes_per_s'] / bandwidth:.0%} of the measured copy bandwidth "
          f"({bandwidth / 1e9:.0f} GB/s)")
    window = window_on_gpu(args.window_steps)
    gaps = window["gaps"]
    print(f"window on the GPU: {window['steps'] / window['seconds']:.0f} steps/s, "
          f"{window['fps']:.1f} frames/s, 10 ms timer gaps p99 {np.percentile(gaps, 99):.1f} ms, "
          f"max {gaps.max():.1f} ms")


if __name__ == "__main__":
    main()
