"""Engine speed on the seed problem (400 x 784, CPU), against the two-matvec floor and a naive
autograd + SGD loop, all measured in one run with the same torch thread count
(docs/ARCHITECTURE.md §7).

    python tests/bench/bench_engine.py [--steps 20000] [--threads 1] [--dtype float32]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.config import TrainingConfig  # noqa: E402
from core.engine import TrainingEngine  # noqa: E402
from core.lesson import prepare_data  # noqa: E402


def steps_per_second(run, steps: int, repeats: int = 3) -> float:
    """Best of `repeats` timed runs after a warm-up: the machine is shared and noisy."""
    run(min(steps, 500))
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run(steps)
        best = min(best, time.perf_counter() - started)
    return steps / best


def engine_runner(config: TrainingConfig, threads: int, gram: bool | None, chunk: int):
    train, val = prepare_data(config)
    engine = TrainingEngine(config.replace(iterations=10**8), train, val, threads=threads,
                            gram=gram)

    def run(steps: int) -> None:
        while steps > 0:
            steps -= len(engine.run_chunk(min(chunk, steps)))
    return run


def floor_runner(X: torch.Tensor):
    """The step's two matrix-vector products and nothing else: what no engine can beat."""
    X_T = X.T.contiguous()
    w = torch.randn(X.shape[1], dtype=X.dtype)
    z, g = torch.empty(X.shape[0], dtype=X.dtype), torch.empty_like(w)

    def run(steps: int) -> None:
        for _ in range(steps):
            torch.mv(X, w, out=z)
            torch.mv(X_T, z, out=g)
    return run


def naive_runner(X: torch.Tensor, y: torch.Tensor, lr: float, l2: float):
    """The textbook PyTorch loop: autograd, a loss module, torch.optim.SGD, .item() per step."""
    w = torch.randn(X.shape[1], dtype=X.dtype, requires_grad=True)
    b = torch.zeros((), dtype=X.dtype, requires_grad=True)
    optimiser = torch.optim.SGD([w, b], lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def run(steps: int) -> None:
        for _ in range(steps):
            optimiser.zero_grad()
            z = X @ w + b
            loss = loss_fn(z, y) + l2 * (w * w).sum()
            loss.backward()
            optimiser.step()
            loss.item()
            ((z > 0) == (y > 0.5)).float().mean().item()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()
    config = TrainingConfig(device="cpu", dtype=args.dtype)
    train, _ = prepare_data(config)
    dtype = getattr(torch, args.dtype)
    X, y = torch.as_tensor(train.X, dtype=dtype), torch.as_tensor(train.y, dtype=dtype)
    torch.set_num_threads(args.threads)
    results = {
        "engine (auto: gram)": engine_runner(config, args.threads, None, args.chunk),
        "engine (primal forced)": engine_runner(config, args.threads, False, args.chunk),
        "two-matvec floor": floor_runner(X),
        "naive autograd + SGD": naive_runner(X, y, config.lr, config.l2),
    }
    speeds = {name: steps_per_second(run, args.steps if "naive" not in name else args.steps // 4)
              for name, run in results.items()}
    floor, naive = speeds["two-matvec floor"], speeds["naive autograd + SGD"]
    print(f"seed problem {X.shape[0]} x {X.shape[1]} {args.dtype}, CPU, "
          f"{torch.get_num_threads()} torch thread(s), torch {torch.__version__}")
    print(f"{'loop':<26}{'steps/s':>10}{'x floor':>9}{'x naive':>9}")
    for name, speed in speeds.items():
        print(f"{name:<26}{speed:>10.0f}{speed / floor:>9.2f}{speed / naive:>9.2f}")


if __name__ == "__main__":
    main()
