"""Validated training configuration: every number a lesson depends on, checked once, frozen."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace

from core.errors import UserError
from core.feature_transforms import (
    FeatureTransform,
    TransformError,
    check_two_features,
    parse_transforms,
    preset_feature_count,
)
from core.settings_table import (
    DEVICES,
    DTYPES,
    INITS,
    MAX_ITERATIONS,
    SETTINGS,
    START_WEIGHT_LIMIT,
    Setting,
)

__all__ = ["DEVICES", "DTYPES", "INITS", "MAX_ITERATIONS", "ConfigError", "TrainingConfig",
           "check_setting"]


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
    # (w1, w2) to start from instead of the `init` rule's first two weights (a click on the
    # cost landscape); None: the rule's. The other weights and the bias keep the rule's.
    start_weights: tuple[float, float] | None = None
    # Extra columns computed from x1 and x2 (core/feature_transforms.py), by their spellings,
    # in column order; 2-D data only.
    transforms: tuple[str, ...] = ()

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
        """The settings as JSON has them (the transforms a list), for from_dict to read back."""
        return {**asdict(self), "transforms": list(self.transforms)}

    @property
    def feature_transforms(self) -> tuple[FeatureTransform, ...]:
        return tuple(FeatureTransform(name) for name in self.transforms)

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


def check_setting(name: str, value) -> None:
    """Raise a ConfigError unless `value` is of the setting's type, in its limits or choices."""
    setting = SETTINGS[name]
    if setting.kind is int:
        _check_int(setting, value)
    elif setting.kind is float:
        _check_float(setting, value)
    elif setting.choices:
        if value not in setting.choices:
            raise ConfigError(f"{setting.said} must be one of {', '.join(setting.choices)}, "
                              f"got {value!r}")
    elif setting.kind is bool:
        _require_type(setting.said, value, (bool,), "true or false")
    elif setting.kind is tuple:
        transform_names(value)


def transform_names(value) -> tuple[str, ...]:
    """The transforms' spellings in column order, from a list or tuple of them; a ConfigError
    names a spelling that is not a transform, one named twice, or a value that is no list."""
    if not isinstance(value, (list, tuple)):
        raise ConfigError(f"transforms must be a list of transform names, got {value!r}")
    try:
        return tuple(transform.value for transform in parse_transforms(value))
    except TransformError as error:
        raise ConfigError(f"transforms: {error}") from None


def _check_int(setting: Setting, value) -> None:
    _require_type(setting.said, value, (int,), "a whole number")
    if not setting.low <= value <= setting.high:
        raise ConfigError(f"{setting.said} must be between {setting.low} and {setting.high}, "
                          f"got {value}")


def _check_float(setting: Setting, value) -> None:
    label = setting.said
    _require_type(label, value, (int, float), "a number")
    try:
        value = float(value)
    except OverflowError:  # a whole number beyond float range (JSON allows those)
        raise ConfigError(f"{label} must be a finite number, got one too large") from None
    if not math.isfinite(value):
        raise ConfigError(f"{label} must be a finite number, got {value}")
    if not setting.low <= value <= setting.high:
        # repr, not :g, which shows 0.009999999999999998 as "0.01", a limit it is not
        raise ConfigError(f"{label} must be between {setting.low:g} and {setting.high:g}, "
                          f"got {value!r}")


def _check_dataset(config: TrainingConfig) -> None:
    _require_type("dataset", config.dataset, (str,), "a preset name")
    if not config.dataset.strip():
        raise ConfigError("dataset must name a preset or a file")
    if config.data_path is not None:
        _require_type("data file", config.data_path, (str,), "a file path")


def bounded_start_weights(pair: tuple[float, float], said: str) -> tuple[float, float]:
    """`pair` unless a weight is not finite or past START_WEIGHT_LIMIT; the ConfigError starts
    with `said` (the setting, or the option with what was typed)."""
    if not all(math.isfinite(v) and abs(v) <= START_WEIGHT_LIMIT for v in pair):
        raise ConfigError(f"{said}: each weight must be a finite number between "
                          f"{-START_WEIGHT_LIMIT:g} and {START_WEIGHT_LIMIT:g}")
    return pair


def _check_start_weights(config: TrainingConfig) -> None:
    value = config.start_weights
    if value is None:
        return
    pair = list(value) if isinstance(value, (list, tuple)) else None
    if pair is None or len(pair) != 2 or any(
            isinstance(v, bool) or not isinstance(v, (int, float)) for v in pair):
        raise ConfigError(f"start_weights must be two numbers (w1, w2) or null, got {value!r}")
    try:
        pair = [float(v) for v in pair]
    except OverflowError:
        raise ConfigError("start_weights must be finite numbers, got one too large") from None
    # Stored as a tuple of floats, whichever sequence came in (a lesson file's JSON list).
    object.__setattr__(config, "start_weights",
                       bounded_start_weights((pair[0], pair[1]), f"start_weights {value!r}"))


def _check_table_settings(config: TrainingConfig) -> None:
    for name, setting in SETTINGS.items():
        if setting.numeric or setting.choices or setting.kind is bool:
            check_setting(name, getattr(config, name))


def _check_transforms(config: TrainingConfig) -> None:
    # Stored in column order, so that equal choices make equal configurations.
    object.__setattr__(config, "transforms", transform_names(config.transforms))
    if config.transforms and not config.data_path:
        # A data file's feature count is known once it is read: core/lesson.py checks it.
        try:
            check_two_features(preset_feature_count(config.dataset, config.features),
                               f"the preset {config.dataset!r}")
        except TransformError as error:
            raise ConfigError(str(error)) from None


_CHECKS = (_check_dataset, _check_table_settings, _check_start_weights, _check_transforms)
