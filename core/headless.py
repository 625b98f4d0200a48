"""Training without a window: the notebook's progress lines and a JSON report
(docs/ARCHITECTURE.md §5)."""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from pathlib import Path

from core.cli import check_writable, config_from_args, lesson_option
from core.config import ConfigError
from core.engine import TrainingEngine
from core.lesson import create_engine
from core.lesson_file import (
    Lesson,
    LessonFileError,
    lesson_data,
    load_lesson,
    replay_ends,
    replay_plan,
)
from core.ready_lessons import load_ready_lesson

# Chunk logits are (steps x N); keep that buffer near 16 MB whatever N is.
HEADLESS_CHUNK_VALUES = 4_000_000


def run_headless(args: argparse.Namespace, out=None) -> int:
    """Train as the notebook does, printing every --print-every steps to `out` (stdout as it
    is at the call); 0 on success. With --open, the lesson's run: its settings, its data and
    its live changes at their steps; with --lesson NAME, the ready lesson's (its locks are the
    window's business)."""
    out = sys.stdout if out is None else out
    if args.print_every < 1:
        raise ConfigError(f"--print-every must be >= 1, got {args.print_every}")
    if args.report:
        check_writable("--report", args.report)
    if args.lesson:
        engine, changes, ends = _lesson_engine(load_lesson(args.lesson),
                                               Path(args.lesson).name)
    elif args.ready_lesson:
        engine, changes, ends = _lesson_engine(load_ready_lesson(args.ready_lesson),
                                               f"{args.ready_lesson}.json")
    else:
        engine, changes, ends = create_engine(config_from_args(args)), [], []
    if engine.device_notice:
        print(f"note: {engine.device_notice}", file=sys.stderr)
    seconds = _train_printing(engine, args.print_every, out, changes, ends)
    if engine.divergence:
        print(engine.divergence.command_line_message(lesson_option(args)), file=sys.stderr)
    report = build_report(engine, seconds)
    _print_summary(report, out)
    if args.report:
        _write_report(report, args.report)
    return 0


def _lesson_engine(lesson: Lesson, name: str
                   ) -> tuple[TrainingEngine, list[tuple[int, dict]], list[int]]:
    """The engine a lesson starts from, its recorded live changes and the steps where its
    chunks ended, as the window replays them; a record that cannot be used raises
    LessonFileError naming the file `name`."""
    try:
        start, changes = replay_plan(lesson.settings)
        ends = replay_ends(lesson.settings)
    except LessonFileError as error:
        raise LessonFileError(f"{name}: {error}") from None
    engine = create_engine(lesson.config.replace(**start), data=lesson_data(lesson, name))
    return engine, changes, ends


def _train_printing(engine: TrainingEngine, print_every: int, out,
                    changes: list[tuple[int, dict]] = (), ends: list[int] = ()) -> float:
    """Train to the end, applying each recorded (step, change) as the window's replay does:
    once the run reaches that step or stops short of it (a change after a divergence resumes
    the run). Chunks end at `ends` too, where the recorded run's did: a Gram run then ends
    bit for bit as the window's did."""
    chunk = max(1, min(4096, HEADLESS_CHUNK_VALUES // max(1, len(engine.y))))
    started = time.perf_counter()
    for target, values in [*changes, (None, {})]:
        while not engine.finished and (target is None or engine.step < target):
            steps = chunk if target is None else min(chunk, target - engine.step)
            after = bisect.bisect_right(ends, engine.step)
            if after < len(ends):
                steps = min(steps, ends[after] - engine.step)
            metrics = engine.run_chunk(steps)
            for offset in range(-metrics.first_step % print_every, len(metrics), print_every):
                print(f"iter {metrics.first_step + offset:5d}, error {metrics.cost[offset]:f}",
                      file=out)
        if values:
            engine.set_hyperparameters(**values)
    return time.perf_counter() - started


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
    line = f"final cost {report['final_cost']:.6f}"
    if report["diverged"]:
        # Each cost with its step: the message's last cost is that of divergence_step, the
        # final one that of the weights kept, at step `iterations` (one later, for a runaway).
        line += (f" at step {report['iterations']} (the run diverged at step "
                 f"{report['divergence_step']})")
    line += f", training accuracy {report['train_accuracy']:.1%}"
    if report["val_accuracy"] is not None:
        line += f", held-out accuracy {report['val_accuracy']:.1%}"
    print(f"{line} ({report['iterations']} steps on {report['device']}, "
          f"{report['steps_per_second'] or 0:.0f} steps/s)", file=out)


def _write_report(report: dict, path: str) -> None:
    try:
        Path(path).write_text(json.dumps(report, indent=2, allow_nan=False) + "\n")
    except OSError as error:
        raise ConfigError(f"cannot write the report to {path}: {error.strerror}") from error
