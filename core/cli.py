"""The command line shared by the window and the headless run (docs/ARCHITECTURE.md §5).

Imports no torch, so that the window can appear before torch has loaded.
"""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from core.config import (
    ConfigError,
    TrainingConfig,
    bounded_start_weights,
    check_setting,
    transform_names,
)
from core.datasets import PRESET_DEFAULT_VAL_FRACTION, PRESETS
from core.feature_transforms import (
    SPELLINGS,
    TransformError,
    check_two_features,
    preset_feature_count,
)
from core.ready_lessons import READY_LESSONS, check_lesson_name
from core.sample_selection import parse_indices
from core.settings_table import SETTINGS, START_WEIGHT_LIMIT, Setting

# Names shared with the window (docs/ARCHITECTURE.md §6); listed here so that parsing needs no Qt.
THEMES = ("default", "presentation")
# The languages of the window (gui/i18n.py: Language, whose codes tests/test_i18n.py checks
# against these; docs/ARCHITECTURE.md §14). The command line itself always speaks English.
LANGUAGES = ("en", "zh_CN")
FONT_SCALE_RANGE = (1.0, 3.0)  # --font-scale, and the window's remembered or lesson's scale
PANELS = ("sigmoidPlot", "lossPlot", "accuracyPlot", "samplesPlot", "predictionsPlot",
          "decisionPlot", "weightsPlot", "sampleInspector", "rocPlot",
          "landscapePlot")
DEFAULT = " (default: %(default)s)"
# Options whose value may start with a minus sign without being one number (main.py attaches
# such a value to its option before argparse reads it).
NEGATIVE_VALUE_OPTIONS = ("--start-weights",)
# Options naming a file or folder: an empty string is a mistake (an unset shell variable), not
# "no file", so each is refused by name rather than silently ignored.
PATH_OPTIONS = (("data", "--data"), ("report", "--report"), ("screenshot", "--screenshot"),
                ("lesson", "--open"), ("record", "--record"))
# The options of an animated export, by their argparse names; each needs --record.
RECORD_OPTIONS = (("record_fps", "--record-fps"), ("record_seconds", "--record-seconds"),
                  ("record_frames", "--record-frames"), ("record_steps", "--record-steps"))


class OneLineParser(argparse.ArgumentParser):
    """argparse's parser whose refusals are one line (the project's rule for bad input): its
    own message and program name, without the usage block it prints first; --help keeps the
    full help."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="logistic-regression-lab",
        description="Watch logistic regression learn. Without options, opens the window "
                    "(restoring the last session).",
    )
    for group in ("data", "training"):
        options = parser.add_argument_group(group)
        for setting in SETTINGS.values():
            if setting.group == group:
                options.add_argument(setting.flag, **_option(setting))
    options.add_argument("--start-weights", default=None, metavar="W1,W2",
                         help="start w1 and w2 (the first two weights) here instead of where "
                              "--init puts them, as a click on the cost landscape does; each "
                              f"between -{START_WEIGHT_LIMIT:g} and {START_WEIGHT_LIMIT:g} "
                              "(default: --init's)")
    modes = parser.add_argument_group("modes")
    modes.add_argument("--headless", action="store_true",
                       help="train without a window (default: open the window)")
    modes.add_argument("--print-every", type=int, default=1000, metavar="N",
                       help="headless: print the cost every N steps" + DEFAULT)
    modes.add_argument("--report", metavar="PATH",
                       help="headless: write a JSON report to PATH (default: none)")
    modes.add_argument("--screenshot", metavar="PATH",
                       help="open the window (offscreen without a display), train to the end, "
                            "save a .png, exit; the settings of the last session are neither "
                            "used nor changed (default: none)")
    modes.add_argument("--at-step", type=int, default=None, metavar="N",
                       help="with --screenshot: rewind the finished run to step N (0 to "
                            "--iterations) and save that step (default: the last)")
    modes.add_argument("--open", metavar="LESSON.json", dest="lesson",
                       help="open a saved lesson file; with --headless, train its run "
                            "(default: none)")
    # Not argparse's choices: a wrong name would print the usage too, not one line.
    modes.add_argument("--lesson", metavar="NAME", dest="ready_lesson",
                       help="open a ready lesson (its settings replace the options above): "
                            f"{', '.join(READY_LESSONS)}; with --headless, train it "
                            "(default: none)")
    _add_record_options(parser)
    view = parser.add_argument_group("window, screenshots and animations")
    view.add_argument("--theme", choices=THEMES, default=None,
                      help="'presentation': white background, thick lines, large fonts "
                           "(default: the last session's; 'default' for --screenshot)")
    view.add_argument("--scale", type=int, choices=range(1, 5), default=1, metavar="N",
                      help="screenshot pixels per screen pixel, 1-4" + DEFAULT)
    view.add_argument("--font-scale", type=float, default=None, metavar="F",
                      help="multiply every font size (1-3), for a classroom "
                           "(default: the last session's; 1 for --screenshot)")
    view.add_argument("--panel", choices=PANELS, default=None,
                      help="screenshot or record one panel only, by its name; decisionPlot "
                           "shows 2-D data only, weightsPlot the rest (default: the whole "
                           "window)")
    view.add_argument("--select", default=None, metavar="I,J,...",
                      help="with --screenshot or --record: select these training samples (by "
                           "index, from 0), highlighted in every sample view and shown in the "
                           "model's Sample tab (default: none)")
    # Text, not type=float: a bad number would print the usage too, not one line.
    view.add_argument("--threshold", default=None, metavar="T",
                      help="the decision threshold: samples with p > T are called class 1 in "
                           "the predictions, rings and ROC point, 0 < T < 1; training does not "
                           "use it (default: 0.5, or the lesson's)")
    # Not argparse's choices: a wrong code would print the usage too, not one line.
    view.add_argument("--lang", default=None, metavar="CODE",
                      help=f"the window's language: {' or '.join(LANGUAGES)}; the command "
                           "line and --headless printout stay English (default: the last "
                           "session's, else the system's; 'en' for --screenshot and --record)")
    return parser


def _add_record_options(parser: argparse.ArgumentParser) -> None:
    from core.animation import DEFAULT_FPS, DEFAULT_SECONDS, MAX_FPS, MAX_FRAMES, MAX_SECONDS

    record = parser.add_argument_group("animations (docs/ARCHITECTURE.md §12)")
    record.add_argument("--record", metavar="PATH",
                        help="open the window (offscreen without a display), train to the end, "
                             "then save an animation of the run, each frame rendered from its "
                             "timeline: .gif, .webp, .png (animated PNG) or .mp4 (needs "
                             "ffmpeg); exit. Uses --panel, --theme, --font-scale and --scale "
                             "as --screenshot does (default: none)")
    record.add_argument("--record-fps", type=int, default=None, metavar="N",
                        help=f"frames per second, 1-{MAX_FPS} (default: {DEFAULT_FPS})")
    record.add_argument("--record-seconds", type=float, default=None, metavar="S",
                        help=f"length in seconds, up to {MAX_SECONDS:g} (default: "
                             f"{DEFAULT_SECONDS:g})")
    record.add_argument("--record-frames", type=int, default=None, metavar="N",
                        help=f"the number of frames (2-{MAX_FRAMES}), instead of "
                             "--record-seconds (default: fps x seconds)")
    record.add_argument("--record-steps", default=None, metavar="FIRST:LAST",
                        help="the steps the animation runs over, e.g. 0:2000; either side may "
                             "be left out (default: the whole run, 0 to its last step)")


def _option(setting: Setting) -> dict:
    """add_argument's keywords for a setting: its type, limits in the help, default, choices."""
    help_text = setting.description().replace("%", "%%")  # argparse formats help with %
    if setting.kind is bool:
        return {"action": "store_true", "help": help_text + " (default: off)"}
    if setting.name == "val_fraction":  # None: the preset's own share, decided after parsing
        return {"type": float, "default": None, "metavar": setting.metavar,
                "help": help_text + " (default: 0, 0.25 for 'overfit')"}
    if setting.name == "data_path":
        return {"metavar": setting.metavar, "help": help_text}
    if setting.name == "transforms":  # a comma list, checked in config_from_args
        return {"metavar": setting.metavar, "help": help_text + " E.g. --transforms "
                "x1x2,x1^2 (default: none)"}
    option = {"default": setting.default, "help": help_text + DEFAULT}
    if setting.name == "dataset":
        option["choices"] = list(PRESETS)
    elif setting.choices:
        option["choices"] = setting.choices
    else:
        option.update(type=setting.kind, metavar=setting.metavar)
    return option


def option_dest(setting: Setting) -> str:
    """Where argparse keeps a setting's option: --batch-size in args.batch_size."""
    return setting.flag.removeprefix("--").replace("-", "_")


def check_paths(args: argparse.Namespace) -> None:
    """Refuse empty path options and output files that could not be written, before any data
    is read or any step trained: a bad output path must not cost a whole run."""
    for name, option in PATH_OPTIONS:
        value = getattr(args, name)
        if value is not None and not value.strip():
            raise ConfigError(f"{option}: the path is empty; name a file")
    if args.screenshot is not None:
        if Path(args.screenshot).suffix.lower() != ".png":
            raise ConfigError(f"--screenshot {args.screenshot}: the file name must end in .png")
        check_writable("--screenshot", args.screenshot)
    if args.report is not None:
        check_writable("--report", args.report)
    if args.record is not None:
        _check_record(args)
    else:
        for name, option in RECORD_OPTIONS:
            if getattr(args, name) is not None:
                raise ConfigError(f"{option}: works with --record only")
    if args.select is not None:
        check_selection(args)
    if args.at_step is not None:
        if args.screenshot is None:
            raise ConfigError("--at-step: works with --screenshot only")
        if not 0 <= args.at_step <= args.iterations:
            raise ConfigError(f"--at-step must be between 0 and --iterations "
                              f"({args.iterations}), got {args.at_step}")


def check_selection(args: argparse.Namespace) -> None:
    """Refuse a --select that is not a list of indices, or without a picture to show it in;
    whether each index names a sample is known once the data is loaded (gui/app.py)."""
    if args.screenshot is None and args.record is None:
        raise ConfigError("--select: works with --screenshot or --record only")
    try:
        parse_indices(args.select)
    except ValueError as error:
        raise ConfigError(f"--select {args.select}: {error}") from None


def _check_record(args: argparse.Namespace) -> None:
    """Refuse a recording that could not be made, before any training."""
    from core.animation import AnimationError, AnimationFormat, check_format_available

    for other, option in (("screenshot", "--screenshot"), ("headless", "--headless")):
        if getattr(args, other):
            raise ConfigError(f"--record: cannot be combined with {option}")
    try:
        check_format_available(AnimationFormat.for_path(args.record))
    except AnimationError as error:
        raise ConfigError(f"--record {args.record}: {error}") from None
    check_writable("--record", args.record)
    recording_plan(args, args.iterations)


def recording_plan(args: argparse.Namespace, last_step: int):
    """The core.animation.RecordingPlan of the --record-* options over a run that ended at
    `last_step` (--iterations before it ran); a ConfigError names the option at fault."""
    from core.animation import (
        DEFAULT_FPS,
        DEFAULT_SECONDS,
        MAX_FPS,
        MAX_FRAMES,
        MAX_SECONDS,
        MIN_FRAMES,
        AnimationError,
        RecordingPlan,
        parse_step_range,
    )

    fps = DEFAULT_FPS if args.record_fps is None else args.record_fps
    if not 1 <= fps <= MAX_FPS:
        raise ConfigError(f"--record-fps must be between 1 and {MAX_FPS}, got {fps}")
    if args.record_frames is not None:
        if args.record_seconds is not None:
            raise ConfigError("--record-frames: give --record-seconds or --record-frames, "
                              "not both")
        frames, option = args.record_frames, "--record-frames"
    else:
        seconds = DEFAULT_SECONDS if args.record_seconds is None else args.record_seconds
        if not 0 < seconds <= MAX_SECONDS:
            raise ConfigError(f"--record-seconds must be more than 0 and at most "
                              f"{MAX_SECONDS:g}, got {seconds:g}")
        frames, option = round(fps * seconds), "--record-seconds"
    if not MIN_FRAMES <= frames <= MAX_FRAMES:
        raise ConfigError(f"{option}: an animation has {MIN_FRAMES} to {MAX_FRAMES} frames, "
                          f"this one {frames} ({fps} frames/s)")
    if args.record_steps is None:
        first, last = 0, last_step
        if last_step < 1:
            raise ConfigError("--record: the run took no step, so there is nothing to animate")
    else:
        try:
            first, last = parse_step_range(args.record_steps, last_step)
        except AnimationError as error:
            raise ConfigError(f"--record-steps: {error}") from None
    return RecordingPlan(fps=fps, frames=frames, first_step=first, last_step=last)


def check_ready_lesson(args: argparse.Namespace) -> None:
    """Refuse an unknown --lesson NAME (one line listing the names) and --lesson with --open,
    before anything is trained or shown."""
    name = args.ready_lesson
    if name is None:
        return
    if args.lesson is not None:
        raise ConfigError("--lesson and --open: open one lesson at a time")
    check_lesson_name(name)


def check_language(args: argparse.Namespace) -> None:
    """Refuse a --lang the window does not speak, in one line listing the codes."""
    if args.lang is not None and args.lang not in LANGUAGES:
        shown = args.lang if args.lang.strip() else repr(args.lang)
        raise ConfigError(f"--lang {shown}: no such language; choose one of: "
                          f"{', '.join(LANGUAGES)}")


def with_negative_values(argv: list[str]) -> list[str]:
    """`argv` with each value of NEGATIVE_VALUE_OPTIONS that starts with a minus sign attached
    to its option (`--start-weights=-4,6`): argparse reads "-4,6" as an unknown option, not as a
    negative number (those it knows are single numbers like -4), and printed its usage."""
    joined, rest = [], iter(argv)
    for word in rest:
        value = next(rest, None) if word in NEGATIVE_VALUE_OPTIONS else None
        if value is not None and value.startswith("-") and value != "--":
            joined.append(f"{word}={value}")
        else:
            joined += [word] if value is None else [word, value]
    return joined


def check_threshold(args: argparse.Namespace) -> None:
    """--threshold as a number strictly between 0 and 1 (in args.threshold), else a one-line
    ConfigError; headless training has no predictions to call, so it is refused there."""
    if args.threshold is None:
        return
    try:
        value = float(args.threshold)
    except ValueError:
        value = math.nan
    if not 0.0 < value < 1.0:  # NaN and inf fail too
        shown = args.threshold if args.threshold.strip() else repr(args.threshold)
        raise ConfigError(f"--threshold {shown}: must be a number between 0 and 1, "
                          "both excluded (e.g. 0.8)")
    if args.headless:
        raise ConfigError("--threshold: works with the window, --screenshot or --record only "
                          "(training does not use it)")
    args.threshold = value


def check_writable(option: str, path: str) -> None:
    """A ConfigError naming `option` unless a file can be created (or replaced) at `path`."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise ConfigError(f"{option} {path}: is a folder; name a file")
    if not folder.is_dir():
        raise ConfigError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists()
                                                    and not os.access(target, os.W_OK)):
        raise ConfigError(f"{option} {path}: cannot be written (permission denied)")


def _transforms_option(args: argparse.Namespace) -> tuple[str, ...]:
    """--transforms x1x2,x1^2 as the configuration's spellings, refused in one line naming the
    option for a name that is no transform or for data without exactly two features."""
    if args.transforms is None:
        return ()
    names = [name.strip() for name in args.transforms.split(",")]
    try:
        if not any(names):
            raise ConfigError(f"the list is empty; name transforms from: {', '.join(SPELLINGS)}")
        chosen = transform_names(names)
        if args.data:  # read once: the window's worker and the headless run reuse it
            from core.datasets import load_data_file

            check_two_features(load_data_file(args.data).n_features, Path(args.data).name)
        else:
            check_two_features(preset_feature_count(args.preset, args.features),
                               f"--preset {args.preset}")
    except (ConfigError, TransformError) as error:
        raise ConfigError(f"--transforms: {str(error).removeprefix('transforms: ')}") from None
    return chosen


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    """A validated configuration; raises ConfigError with a user-facing message."""
    low, high = FONT_SCALE_RANGE
    if args.font_scale is not None and not low <= args.font_scale <= high:
        raise ConfigError(f"--font-scale must be between {low:g} and {high:g}, "
                          f"got {args.font_scale:g}")
    values = {name: getattr(args, option_dest(setting)) for name, setting in SETTINGS.items()}
    if values["val_fraction"] is None:
        values["val_fraction"] = (0.0 if args.data
                                  else PRESET_DEFAULT_VAL_FRACTION.get(args.preset, 0.0))
    values["dataset"] = Path(args.data).name if args.data else args.preset
    values["transforms"] = _transforms_option(args)
    for name, setting in SETTINGS.items():
        if setting.numeric:  # the message names the option the user typed
            try:
                check_setting(name, values[name])
            except ConfigError as error:
                raise ConfigError(f"{setting.flag}: {error}") from None
    values["start_weights"] = parse_start_weights(args.start_weights)
    return TrainingConfig(**values)


def parse_start_weights(text: str | None) -> tuple[float, float] | None:
    """--start-weights W1,W2 as a pair of finite, bounded numbers (None when not given)."""
    if text is None:
        return None
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        pair = (float(parts[0]), float(parts[1]))
    except ValueError:
        raise ConfigError(f"--start-weights {text!r}: give two numbers, W1,W2 (e.g. 2,-3)"
                          ) from None
    return bounded_start_weights(pair, f"--start-weights {text!r}")


def lesson_option(args: argparse.Namespace) -> str | None:
    """The option that gave the run a lesson's settings ("--lesson NAME", "--open FILE"), if
    one did: those settings are the lesson's, not the command line's to change."""
    if args.lesson:
        return f"--open {args.lesson}"
    return f"--lesson {args.ready_lesson}" if args.ready_lesson else None
