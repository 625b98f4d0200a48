"""From a configuration to training-ready data, starting weights and an engine: the one place
that decides which dataset, which split, which scaling and which start a lesson uses.

Everything but `create_engine` is numpy only, so the window can show a lesson's data before
torch has loaded.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from core.config import ConfigError, TrainingConfig
from core.datasets import Dataset, load_data_file, make_preset, split_dataset, standardise
from core.feature_transforms import column_names, expand_features


def prepare_data(config: TrainingConfig, data: Dataset | None = None
                 ) -> tuple[Dataset, Dataset | None]:
    """The training set and the held-out set (None without a split) that `config` describes;
    `data`, when given (a lesson file's embedded copy), stands in for the file or preset."""
    if data is None and config.data_path:
        data = load_data_file(config.data_path)
    elif data is None:
        data = make_preset(config.dataset, config.samples, config.features, config.seed,
                           config.noise)
    train, val = split_dataset(data, config.val_fraction, config.seed)
    if config.standardise:
        train, val = standardise(train, val)
    if config.transforms:
        # After standardising, not before: the transforms are computed from the x1 and x2
        # that the model sees in its first two columns, so the decision view draws the
        # boundary in that plane by passing its grid through the same transforms, with no
        # statistics to carry (standardising the products would need them). The scales stay
        # sensible: a z-score's square or product rarely passes 10, sin stays within 1, and
        # the raw 2-D presets (|x| < ~5) train at lr 0.1 as well.
        train, val = (None if part is None else transformed(part, config)
                      for part in (train, val))
    return train, val


def transformed(data: Dataset, config: TrainingConfig) -> Dataset:
    """`data` with the columns x1, x2, then config.transforms (core/feature_transforms.py),
    named; a ConfigError naming the data when it has not exactly two features."""
    if data.n_features != 2:
        raise ConfigError(f"{_data_name(data)}: has {data.n_features} features; feature "
                          "transforms need exactly two (x1 and x2): turn them off or choose "
                          "2-D data")
    chosen = config.feature_transforms
    return dataclasses.replace(data, X=expand_features(data.X, chosen),
                               feature_names=column_names(chosen, data.feature_names),
                               picture_shape=None)


def _data_name(data: Dataset) -> str:
    return Path(data.source).name if data.source else data.name.removesuffix(" (train)")


def initial_weights(features: int, config: TrainingConfig) -> np.ndarray:
    """The notebook's w0 ~ standard normal (or zeros), reproducible from the lesson's seed;
    the first two at `config.start_weights` when they are set (a click on the landscape)."""
    if config.init == "zeros":
        w0 = np.zeros(features)
    else:
        # A stream of its own, so that the same seed gives the same w0 whatever the data source.
        w0 = np.random.default_rng([config.seed, 1]).standard_normal(features)
    if config.start_weights is not None and features >= 2:
        w0[:2] = config.start_weights
    return w0


def create_engine(config: TrainingConfig, threads: int | None = None,
                  data: Dataset | None = None):
    """A TrainingEngine for `config` (this imports torch)."""
    from core.engine import EngineError, TrainingEngine

    try:
        train, val = prepare_data(config, data)
        return TrainingEngine(config, train, val, threads=threads)
    except MemoryError:
        raise EngineError(
            f"{config.samples:,} samples x {config.features:,} features do not fit in this "
            "machine's memory. Choose fewer samples or features."
        ) from None
