"""The data and training options that a lesson replaces (--lesson NAME, --open LESSON.json):
which of them the user typed with a different value, said in one note on stderr, so that
`--lesson divergence --lr 1` does not train at the lesson's lr 100 in silence
(docs/ARCHITECTURE.md §5). Imports no torch or Qt, as core/cli.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.cli import build_parser, option_dest, parse_start_weights
from core.config import TrainingConfig
from core.errors import UserError
from core.settings_table import SETTINGS

START_WEIGHTS = ("start_weights", "--start-weights")  # replaced too: the lesson's start
# The options that name the data: one choice, compared as one ("--data x.csv" or "--preset
# blobs"), so that a lesson on a preset is not said to set "--data none".
DATA_SETTINGS = ("dataset", "data_path")


def typed_options(argv: list[str]) -> dict[str, object]:
    """The lesson-replaced options given in `argv` (already parsed once without error), by
    setting name, with their parsed values: argparse's defaults do not count, so `argv` is
    parsed again into a namespace that holds a marker for each (argparse sets a default only
    where the namespace has no value yet); an option left at its marker was not typed."""
    dests = {option_dest(setting): name for name, setting in SETTINGS.items()}
    dests[START_WEIGHTS[0]] = START_WEIGHTS[0]
    untyped = object()
    given = vars(build_parser().parse_args(
        argv, argparse.Namespace(**dict.fromkeys(dests, untyped))))
    return {name: given[dest] for dest, name in dests.items() if given[dest] is not untyped}


def override_note(typed: dict[str, object], config: TrainingConfig, lesson: str) -> str | None:
    """One line naming each typed option whose value `config` (the lesson's, described as
    `lesson`) replaces, and the lesson's value; None when there is none."""
    pairs = []  # (the lesson's option and value, the user's)
    if any(name in typed for name in DATA_SETTINGS):
        theirs = (f"--data {Path(config.data_path).name}" if config.data_path
                  else f"--preset {config.dataset}")
        mine = (f"--data {Path(typed['data_path']).name}" if typed.get("data_path")
                else f"--preset {typed.get('dataset', config.dataset)}")
        if mine != theirs:
            pairs.append((theirs, mine))
    for name, value in typed.items():
        if name in DATA_SETTINGS:
            continue
        flag = START_WEIGHTS[1] if name == START_WEIGHTS[0] else SETTINGS[name].flag
        if name == START_WEIGHTS[0]:
            value = parse_start_weights(value)
        elif name == "transforms":
            value = tuple(part.strip() for part in str(value).split(","))
        theirs, mine = _shown(getattr(config, name)), _shown(value)
        if theirs != mine:
            pairs.append((f"{flag} {theirs}", f"{flag} {mine}"))
    if not pairs:
        return None
    verb = "is" if len(pairs) == 1 else "are"
    return (f"note: {lesson} sets {', '.join(p[0] for p in pairs)}; your "
            f"{', '.join(p[1] for p in pairs)} {verb} not used")


def lesson_override_note(argv: list[str], args: argparse.Namespace) -> str | None:
    """The note for the lesson that --lesson or --open names, or None (no lesson, no option it
    replaces typed, or a lesson that cannot be read: that refusal comes where it is opened)."""
    if not (args.ready_lesson or args.lesson):
        return None
    typed = typed_options(argv)
    if not typed:
        return None
    from core.lesson_file import load_lesson
    from core.ready_lessons import load_ready_lesson

    try:
        if args.ready_lesson:
            lesson = load_ready_lesson(args.ready_lesson)
            label = f"the lesson {args.ready_lesson!r}"
        else:
            lesson = load_lesson(args.lesson)
            label = f"the lesson file {Path(args.lesson).name}"
        return override_note(typed, lesson.config, label)
    except UserError:
        return None


def _shown(value) -> str:
    """A setting's value as it would be typed: 100 not 100.0, on/off, a comma list."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (tuple, list)):
        return ",".join(_shown(part) for part in value) or "none"
    return str(value)
