"""From a configuration to training-ready data, starting weights and an engine: the one place
that decides which dataset, which split, which scaling and which start a lesson uses.

Everything but `create_engine` is numpy only, so the window can show a lesson's data before
torch has loaded.
"""

from __future__ import annotations

import numpy as np

from core.config import TrainingConfig
from core.datasets import Dataset, load_data_file, make_preset, split_dataset, standardise


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
    return train, val


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
