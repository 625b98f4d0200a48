"""From a configuration to training-ready data and an engine: the one place that decides which
dataset, which split and which scaling a lesson uses."""

from __future__ import annotations

from core.config import TrainingConfig
from core.datasets import Dataset, load_data_file, make_preset, split_dataset, standardise
from core.engine import EngineError, TrainingEngine


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


def create_engine(config: TrainingConfig, threads: int | None = None,
                  data: Dataset | None = None) -> TrainingEngine:
    try:
        train, val = prepare_data(config, data)
        return TrainingEngine(config, train, val, threads=threads)
    except MemoryError:
        raise EngineError(
            f"{config.samples:,} samples x {config.features:,} features do not fit in this "
            "machine's memory. Choose fewer samples or features."
        ) from None
