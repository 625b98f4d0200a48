"""Training without a window: the notebook's progress lines and a JSON report (DESIGN.md §5)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from core.cli import config_from_args
from core.config import ConfigError
from core.engine import TrainingEngine
from core.lesson import create_engine

# Chunk logits are (steps x N); keep that buffer near 16 MB whatever N is.
HEADLESS_CHUNK_VALUES = 4_000_000


def run_headless(args: argparse.Namespace, out=sys.stdout) -> int:
    """Train as the notebook does, printing every --print-every steps; 0 on success."""
    if args.print_every < 1:
        raise ConfigError(f"--print-every must be >= 1, got {args.print_every}")
    if args.report:
        _check_report_path(args.report)
    engine = create_engine(config_from_args(args))
    if engine.device_notice:
        print(f"note: {engine.device_notice}", file=sys.stderr)
    seconds = _train_printing(engine, args.print_every, out)
    report = build_report(engine, seconds)
    _print_summary(report, out)
    if args.report:
        _write_report(report, args.report)
    return 0


def _train_printing(engine: TrainingEngine, print_every: int, out) -> float:
    chunk = max(1, min(4096, HEADLESS_CHUNK_VALUES // max(1, len(engine.y))))
    started = time.perf_counter()
    while not engine.finished:
        metrics = engine.run_chunk(chunk)
        for offset in range(-metrics.first_step % print_every, len(metrics), print_every):
            print(f"iter {metrics.first_step + offset:5d}, error {metrics.cost[offset]:f}",
                  file=out)
    seconds = time.perf_counter() - started
    if engine.divergence:
        print(engine.divergence.message, file=sys.stderr)
    return seconds


def build_report(engine: TrainingEngine, seconds: float) -> dict:
    divergence = engine.divergence
    return {
        "final_cost": engine.current_cost(),
        "train_accuracy": engine.train_accuracy(),
        "val_accuracy": engine.val_accuracy(),
        "val_cost": engine.val_cost(),
        "iterations": engine.step,
        "steps_per_second": engine.step / seconds if seconds > 0 else None,
        "device": str(engine.device),
        "threads": engine.threads,
        "method": engine.method,
        "diverged": divergence is not None,
        "divergence_step": divergence.step if divergence else None,
        "last_finite_cost": divergence.last_finite_cost if divergence else None,
        "config": engine.config.to_dict(),
    }


def _print_summary(report: dict, out) -> None:
    line = (f"final cost {report['final_cost']:.6f}, training accuracy "
            f"{report['train_accuracy']:.1%}")
    if report["val_accuracy"] is not None:
        line += f", held-out accuracy {report['val_accuracy']:.1%}"
    print(f"{line} ({report['iterations']} steps on {report['device']}, "
          f"{report['steps_per_second'] or 0:.0f} steps/s)", file=out)


def _check_report_path(path: str) -> None:
    """Refuse a report path that cannot be written before training, so no run is lost to it."""
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"cannot write the report to {path}: it is a folder; name a file")
    if not target.parent.is_dir():
        raise ConfigError(
            f"cannot write the report to {path}: the folder {target.parent} does not exist"
        )


def _write_report(report: dict, path: str) -> None:
    try:
        Path(path).write_text(json.dumps(report, indent=2, allow_nan=False) + "\n")
    except OSError as error:
        raise ConfigError(f"cannot write the report to {path}: {error.strerror}") from error
