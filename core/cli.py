"""The command line shared by the window and the headless run (DESIGN.md §5).

Imports no torch, so that the window can appear before torch has loaded.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.config import DEVICES, DTYPES, INITS, ConfigError, TrainingConfig
from core.datasets import PRESET_DEFAULT_VAL_FRACTION, PRESETS

# Names shared with the window (DESIGN.md §6); listed here so that parsing needs no Qt.
THEMES = ("default", "presentation")
PANELS = ("sigmoidPlot", "lossPlot", "accuracyPlot", "samplesPlot", "predictionsPlot",
          "decisionPlot", "weightsPlot")
DEFAULT = " (default: %(default)s)"
# Options naming a file or folder: an empty string is a mistake (an unset shell variable), not
# "no file", so each is refused by name rather than silently ignored.
PATH_OPTIONS = (("data", "--data"), ("report", "--report"), ("screenshot", "--screenshot"),
                ("lesson", "--open"))


def build_parser() -> argparse.ArgumentParser:
    defaults = TrainingConfig()
    parser = argparse.ArgumentParser(
        prog="logistic-regression-lab",
        description="Watch logistic regression learn. Without options, opens the window "
                    "(restoring the last session).",
    )
    data = parser.add_argument_group("data")
    data.add_argument("--preset", choices=list(PRESETS), default=defaults.dataset,
                      help="built-in dataset; 'seed' is the notebook's" + DEFAULT)
    data.add_argument("--data", metavar="PATH",
                      help=".csv (numeric columns, the last is the 0/1 label; the first row is "
                           "a header when its last field is a name, not a number or empty) or "
                           ".npz (arrays X and y); replaces --preset")
    data.add_argument("--samples", type=int, default=defaults.samples, metavar="N",
                      help="samples of the preset" + DEFAULT)
    data.add_argument("--features", type=int, default=defaults.features, metavar="D",
                      help="features of 'seed' and 'overfit'; the others have 2" + DEFAULT)
    data.add_argument("--noise", type=float, default=defaults.noise, metavar="F",
                      help="cluster spread of the 2-D presets" + DEFAULT)
    data.add_argument("--seed", type=int, default=defaults.seed, metavar="S",
                      help="random seed of the data, the split and the weights" + DEFAULT)
    data.add_argument("--val-fraction", type=float, default=None, metavar="F",
                      help="share of samples held out (default: 0, 0.25 for 'overfit')")
    data.add_argument("--standardise", action="store_true",
                      help="z-score every feature with the training mean and std (default: off)")
    train = parser.add_argument_group("training")
    train.add_argument("--lr", type=float, default=defaults.lr, metavar="F",
                       help="learning rate" + DEFAULT)
    train.add_argument("--l2", type=float, default=defaults.l2, metavar="F",
                       help="L2 strength" + DEFAULT)
    train.add_argument("--iterations", type=int, default=defaults.iterations, metavar="N",
                       help="training steps" + DEFAULT)
    train.add_argument("--init", choices=INITS, default=defaults.init,
                       help="initial weights: standard normal (the notebook) or zeros" + DEFAULT)
    train.add_argument("--batch-size", type=int, default=defaults.batch_size, metavar="B",
                       help="samples per step; 0: every sample, as the notebook; "
                            "mini-batches reshuffle every epoch and can stream data larger "
                            "than the GPU" + DEFAULT)
    train.add_argument("--device", choices=DEVICES, default=defaults.device,
                       help="where torch trains; 'auto' picks a GPU when there is one" + DEFAULT)
    train.add_argument("--dtype", choices=DTYPES, default=defaults.dtype,
                       help="floating-point precision of training" + DEFAULT)
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
    view = parser.add_argument_group("window and screenshots")
    view.add_argument("--theme", choices=THEMES, default=None,
                      help="'presentation': white background, thick lines, large fonts "
                           "(default: the last session's; 'default' for --screenshot)")
    view.add_argument("--scale", type=int, choices=range(1, 5), default=1, metavar="N",
                      help="screenshot pixels per screen pixel, 1-4" + DEFAULT)
    view.add_argument("--font-scale", type=float, default=None, metavar="F",
                      help="multiply every font size (1-3), for a classroom "
                           "(default: the last session's; 1 for --screenshot)")
    view.add_argument("--panel", choices=PANELS, default=None,
                      help="screenshot one panel only, by its name; decisionPlot shows 2-D "
                           "data only, weightsPlot the rest (default: the whole window)")
    return parser


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
    if args.at_step is not None:
        if args.screenshot is None:
            raise ConfigError("--at-step: works with --screenshot only")
        if not 0 <= args.at_step <= args.iterations:
            raise ConfigError(f"--at-step must be between 0 and --iterations "
                              f"({args.iterations}), got {args.at_step}")


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


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    """A validated configuration; raises ConfigError with a user-facing message."""
    if args.font_scale is not None and not 1.0 <= args.font_scale <= 3.0:
        raise ConfigError(f"--font-scale must be between 1 and 3, got {args.font_scale:g}")
    val_fraction = args.val_fraction
    if val_fraction is None:
        val_fraction = 0.0 if args.data else PRESET_DEFAULT_VAL_FRACTION.get(args.preset, 0.0)
    return TrainingConfig(
        dataset=Path(args.data).name if args.data else args.preset,
        data_path=args.data, samples=args.samples, features=args.features, noise=args.noise,
        lr=args.lr, l2=args.l2, iterations=args.iterations, seed=args.seed,
        val_fraction=val_fraction, standardise=args.standardise, device=args.device,
        dtype=args.dtype, init=args.init, batch_size=args.batch_size,
    )
