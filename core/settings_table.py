"""The limits, choices, labels and help of every training setting: one table from which the
configuration's checks, the command line and the window's controls are all built."""

from __future__ import annotations

from dataclasses import dataclass

DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("float32", "float64")
INITS = ("randn", "zeros")
MAX_ITERATIONS = 100_000_000
# The starting (w1, w2) a click on the cost landscape (or --start-weights) chooses: a pair, not
# a row of the table below (no control edits it as a number), bounded like the landscape's
# reach: past |w| ~ 1e3 every sigmoid is saturated and the steps stall.
START_WEIGHT_LIMIT = 1000.0


@dataclass(frozen=True)
class Setting:
    """One TrainingConfig field as the user meets it.

    Limits are inclusive: a spin box holds a closed range, so a setting that the window edits
    cannot have an open one (an open bound would let the command line ask for a value the
    window cannot show and would silently change).
    """

    name: str  # the TrainingConfig field
    kind: type  # int, float, str, bool, or tuple (a list of names)
    label: str  # the control's row label (a checkbox's text)
    help: str  # --help and the control's tooltip
    group: str  # the controls' box and the --help section: "training" or "data"
    flag: str | None = None  # the command-line option
    noun: str = ""  # the setting in messages; the field name when empty
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    step: float = 1  # one arrow press in the control
    decimals: int = 0  # digits after the point the control keeps
    metavar: str | None = None

    @property
    def said(self) -> str:
        return self.noun or self.name

    @property
    def numeric(self) -> bool:
        return self.kind in (int, float)

    @property
    def default(self):
        # TrainingConfig keeps the defaults where a reader of the configuration looks for them;
        # it imports this table, hence the import here.
        from core.config import TrainingConfig

        return TrainingConfig.__dataclass_fields__[self.name].default

    def limits_text(self) -> str:
        """'From 2 to 10 000 000.' for a numeric setting, '' otherwise."""
        if not self.numeric:
            return ""
        return f"From {number_text(self.low)} to {number_text(self.high)}."

    def description(self) -> str:
        """The help with the allowed range: the tooltip, and the start of the --help text."""
        return " ".join(part for part in (self.help, self.limits_text()) if part)


def number_text(value: float) -> str:
    """A limit as people read it: 10 000 000, 0.9, 1e-6, 1e6."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    text = f"{value:g}"
    return text.replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


_TABLE = (
    Setting("lr", float, "Learning rate", "The learning rate: how far each step moves against "
            "the gradient; too large and training diverges.", "training", "--lr",
            noun="learning rate", low=1e-6, high=1e6, decimals=12, metavar="F"),
    Setting("l2", float, "L2 strength", "The L2 strength: a penalty on large weights (l2 * "
            "sum of w squared) that pulls them towards 0.", "training", "--l2",
            noun="L2 strength", low=0.0, high=1e3, step=0.001, decimals=4, metavar="F"),
    Setting("iterations", int, "Iterations", "How many gradient-descent steps a run takes "
            "(the notebook uses 10 001).", "training", "--iterations", low=1,
            high=MAX_ITERATIONS, step=1000, metavar="N"),
    Setting("init", str, "Initial weights", "randn: the notebook's random start; zeros: every "
            "prediction starts at 0.5.", "training", "--init", choices=INITS),
    Setting("batch_size", int, "Batch size", "Samples per step. 0, full batch, uses all of "
            "them, as the notebook; a mini-batch takes the next shuffled batch each step: "
            "cheaper, noisier steps, and data larger than the GPU.", "training",
            "--batch-size", low=0, high=10_000_000, step=16, metavar="B"),
    # The presets are core.datasets.PRESETS; the configuration also takes a file's name here.
    Setting("dataset", str, "Dataset", "Which data to learn: the notebook's ('seed'), a 2-D "
            "teaching set, real data, or your own file.", "data", "--preset"),
    Setting("data_path", str, "Data file", ".csv (numeric columns, the last is the 0/1 label; "
            "the first row is a header when its last field is a name, not a number or empty) "
            "or .npz (arrays X and y); replaces --preset.", "data", "--data",
            noun="data file", metavar="PATH"),
    Setting("samples", int, "Samples", "Number of samples N of a preset (real data and files "
            "have their own).", "data", "--samples", low=2, high=10_000_000, step=100,
            metavar="N"),
    Setting("features", int, "Features", "Number of features D of the notebook's random data "
            "('seed', 'overfit'); the 2-D sets have 2, real data and files their own.", "data",
            "--features", low=1, high=1_000_000, step=16, metavar="D"),
    Setting("noise", float, "Noise", "Spread of the 2-D clusters: more noise, more overlap.",
            "data", "--noise", low=0.01, high=100.0, step=0.1, decimals=2, metavar="F"),
    # A QSpinBox holds a signed 32-bit int, so the window can show no seed above 2^31 - 1.
    Setting("seed", int, "Seed", "Random seed: the same seed gives the same data, split and "
            "starting weights.", "data", "--seed", low=0, high=2**31 - 1, metavar="S"),
    Setting("val_fraction", float, "Held-out", "Share of samples kept out of training to "
            "measure how well the model generalises.", "data", "--val-fraction",
            noun="validation fraction", low=0.0, high=0.9, step=0.05, decimals=2, metavar="F"),
    Setting("standardise", bool, "Standardise features", "Off: features are used as they are. "
            "On: each is shifted and scaled to mean 0, std 1 using the training samples.",
            "data", "--standardise"),
    Setting("transforms", tuple, "Extra features", "Features computed from x1 and x2, for "
            "2-D data only: any of x1^2, x2^2, x1x2, sin_x1, sin_x2, added after x1 and x2, so "
            "that a linear model can draw a curved boundary in the (x1, x2) plane.", "data",
            "--transforms", noun="transforms", metavar="LIST"),
    Setting("device", str, "Device", "Where PyTorch trains: auto picks a CUDA GPU when there "
            "is one.", "data", "--device", choices=DEVICES),
    Setting("dtype", str, "Precision", "Floating-point precision of training: float32 is fast; "
            "float64 shows the last digits of the cost.", "data", "--dtype", choices=DTYPES),
)

SETTINGS: dict[str, Setting] = {setting.name: setting for setting in _TABLE}
