"""The command line shared by the window and the headless run (DESIGN.md §5).

Imports no torch, so that the window can appear before torch has loaded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.config import DEVICES, DTYPES, INITS, ConfigError, TrainingConfig
from core.datasets import PRESET_DEFAULT_VAL_FRACTION, PRESETS

# Names shared with the window (DESIGN.md §6); listed here so that parsing needs no Qt.
THEMES = ("default", "presentation")
PANELS = ("sigmoidPlot", "lossPlot", "accuracyPlot", "samplesPlot", "predictionsPlot",
          "decisionPlot", "weightsPlot")


def build_parser() -> argparse.ArgumentParser:
    defaults = TrainingConfig()
    parser = argparse.ArgumentParser(
        prog="logistic-regression-lab",
        description="Watch logistic regression learn. Without options, opens the window.",
    )
    data = parser.add_argument_group("data")
    data.add_argument("--preset", choices=list(PRESETS), default=defaults.dataset,
                      help="built-in dataset; 'seed' is the notebook's (default)")
    data.add_argument("--data", metavar="PATH",
                      help=".csv (numeric columns, last = 0/1 label) or .npz (arrays X and y)")
    data.add_argument("--samples", type=int, default=defaults.samples, metavar="N")
    data.add_argument("--features", type=int, default=defaults.features, metavar="D")
    data.add_argument("--noise", type=float, default=defaults.noise, metavar="F",
                      help="cluster spread of the 2-D presets")
    data.add_argument("--seed", type=int, default=defaults.seed, metavar="S")
    data.add_argument("--val-fraction", type=float, default=None, metavar="F",
                      help="share of samples held out (default 0, 0.25 for 'overfit')")
    data.add_argument("--standardise", action="store_true",
                      help="z-score every feature with the training mean and std")
    train = parser.add_argument_group("training")
    train.add_argument("--lr", type=float, default=defaults.lr, metavar="F")
    train.add_argument("--l2", type=float, default=defaults.l2, metavar="F")
    train.add_argument("--iterations", type=int, default=defaults.iterations, metavar="N")
    train.add_argument("--init", choices=INITS, default=defaults.init,
                       help="initial weights: standard normal (the notebook) or zeros")
    train.add_argument("--batch-size", type=int, default=defaults.batch_size, metavar="B",
                       help="samples per step; 0 (default): every sample, as the notebook; "
                            "mini-batches reshuffle every epoch and can stream data larger "
                            "than the GPU")
    train.add_argument("--device", choices=DEVICES, default=defaults.device)
    train.add_argument("--dtype", choices=DTYPES, default=defaults.dtype)
    modes = parser.add_argument_group("modes")
    modes.add_argument("--headless", action="store_true", help="train without a window")
    modes.add_argument("--print-every", type=int, default=1000, metavar="N")
    modes.add_argument("--report", metavar="PATH", help="write a JSON report (headless)")
    modes.add_argument("--screenshot", metavar="PATH",
                       help="open the window, train to the end, save a PNG, exit")
    modes.add_argument("--open", metavar="LESSON.json", dest="lesson",
                       help="open a saved lesson file in the window")
    view = parser.add_argument_group("window and screenshots")
    view.add_argument("--theme", choices=THEMES, default=None,
                      help="'presentation': white background, thick lines, large fonts")
    view.add_argument("--scale", type=int, choices=range(1, 5), default=1, metavar="N",
                      help="screenshot pixels per screen pixel, 1-4")
    view.add_argument("--font-scale", type=float, default=None, metavar="F",
                      help="multiply every font size (1-3), for a classroom")
    view.add_argument("--panel", choices=PANELS, default=None,
                      help="screenshot one panel only, by its name")
    return parser


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
