"""Validated training configuration: every number a lesson depends on, checked once, frozen."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from core.errors import UserError

DEVICES = ("auto", "cpu", "cuda", "mps")
DTYPES = ("float32", "float64")
INITS = ("randn", "zeros")
MAX_ITERATIONS = 100_000_000


class ConfigError(UserError, ValueError):
    """A configuration value a user typed is out of range; the message says which and why."""


@dataclass(frozen=True)
class TrainingConfig:
    """One lesson's settings. Defaults reproduce the notebook (400 x 784, lr 0.1, L2 0.01)."""

    dataset: str = "seed"
    data_path: str | None = None
    samples: int = 400
    features: int = 784
    noise: float = 1.0
    lr: float = 0.1
    l2: float = 0.01
    iterations: int = 10001
    batch_size: int = 0  # samples per step; 0 = every sample (full batch, as the notebook)
    seed: int = 0
    val_fraction: float = 0.0
    standardise: bool = False
    device: str = "auto"
    dtype: str = "float32"
    init: str = "randn"

    def __post_init__(self) -> None:
        for check in _CHECKS:
            check(self)

    def replace(self, **changes) -> TrainingConfig:
        """A copy with some fields changed, validated like the original."""
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> TrainingConfig:
        """Build from JSON-like data, refusing unknown keys and wrong types with a ConfigError."""
        if not isinstance(values, dict):
            raise ConfigError(f"settings must be a mapping, got {type(values).__name__}")
        return cls().replace(**values)


def _require_type(name: str, value, kinds: tuple[type, ...], label: str) -> None:
    # bool is an int subclass; a checkbox value in a numeric field is a mistake, not 0/1.
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise ConfigError(f"{name} must be {label}, got {value!r}")


def _check_int(name: str, low: int, high: int):
    def check(config: TrainingConfig) -> None:
        value = getattr(config, name)
        _require_type(name, value, (int,), "a whole number")
        if not low <= value <= high:
            raise ConfigError(f"{name} must be between {low} and {high}, got {value}")

    return check


def _check_float(name: str, label: str, low: float, high: float, low_open: bool = False):
    def check(config: TrainingConfig) -> None:
        value = getattr(config, name)
        _require_type(label, value, (int, float), "a number")
        try:
            value = float(value)
        except OverflowError:  # a whole number beyond float range (JSON allows those)
            raise ConfigError(f"{label} must be a finite number, got one too large") from None
        if not math.isfinite(value):
            raise ConfigError(f"{label} must be a finite number, got {value}")
        too_low = value <= low if low_open else value < low
        if too_low or value > high:
            bound = f"> {low:g}" if low_open else f">= {low:g}"
            raise ConfigError(f"{label} must be {bound} and <= {high:g}, got {value:g}")

    return check


def _check_choice(name: str, choices: tuple[str, ...]):
    def check(config: TrainingConfig) -> None:
        value = getattr(config, name)
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")

    return check


def _check_dataset(config: TrainingConfig) -> None:
    _require_type("dataset", config.dataset, (str,), "a preset name")
    if not config.dataset.strip():
        raise ConfigError("dataset must name a preset or a file")
    if config.data_path is not None:
        _require_type("data file", config.data_path, (str,), "a file path")


def _check_standardise(config: TrainingConfig) -> None:
    _require_type("standardise", config.standardise, (bool,), "true or false")


_CHECKS = (
    _check_dataset,
    _check_int("samples", 2, 10_000_000),
    _check_int("features", 1, 1_000_000),
    _check_float("noise", "noise", 0.0, 100.0, low_open=True),
    _check_float("lr", "learning rate", 0.0, 1e6, low_open=True),
    _check_float("l2", "L2 strength", 0.0, 1e3),
    _check_int("iterations", 1, MAX_ITERATIONS),
    _check_int("batch_size", 0, 10_000_000),
    _check_int("seed", 0, 2**32 - 1),
    _check_float("val_fraction", "validation fraction", 0.0, 0.9),
    _check_standardise,
    _check_choice("device", DEVICES),
    _check_choice("dtype", DTYPES),
    _check_choice("init", INITS),
)
