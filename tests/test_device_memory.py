"""Where data lives and how it comes back: placement rules, the augmented matrix, host copies."""

import numpy as np
import pytest
import torch

from core.config import TrainingConfig
from core.datasets import Dataset
from core.device_memory import (
    DataDoesNotFit,
    HostCopy,
    data_placement,
    with_ones_column,
)
from core.engine import EngineError, TrainingEngine


def test_data_that_fits_stays_on_the_device():
    assert data_placement(3_000_000_000, free_bytes=None, batch_size=0) == "device"  # the CPU
    assert data_placement(3_000_000_000, free_bytes=10_000_000_000, batch_size=0) == "device"


def test_data_larger_than_the_device_streams_in_mini_batches_or_is_refused():
    assert data_placement(9_000_000_000, free_bytes=10_000_000_000, batch_size=512) == "host"
    with pytest.raises(DataDoesNotFit) as refused:
        data_placement(9_000_000_000, free_bytes=10_000_000_000, batch_size=0)
    message = str(refused.value)
    assert "9.00 GB" in message and "10.00 GB" in message and "batch size" in message


def test_ones_column_matrix_equals_numpy_in_every_dtype():
    X = np.random.default_rng(0).normal(size=(37, 5))
    for dtype in (torch.float32, torch.float64):
        X1 = with_ones_column(X, dtype, torch.device("cpu"))
        assert X1.dtype == dtype and X1.shape == (37, 6)
        np.testing.assert_array_equal(X1.numpy(), np.hstack([X, np.ones((37, 1))]).astype(
            X1.numpy().dtype))


def test_ones_column_matrix_is_copied_in_blocks(monkeypatch):
    monkeypatch.setattr("core.device_memory.COPY_BLOCK_BYTES", 8 * 3 * 4)  # 4 rows of 3
    X = np.arange(30.0).reshape(10, 3)
    X1 = with_ones_column(X, torch.float64, torch.device("cpu"))
    np.testing.assert_array_equal(X1.numpy(), np.hstack([X, np.ones((10, 1))]))


def test_host_copies_are_independent_of_the_next_chunk():
    copier = HostCopy(torch.device("cpu"))
    values = torch.arange(6.0)
    first = copier.to_numpy(values)
    values.add_(100.0)
    np.testing.assert_array_equal(first, np.arange(6.0))


def test_the_engine_refuses_data_larger_than_the_device_with_advice(monkeypatch):
    monkeypatch.setattr("core.engine.free_device_memory", lambda device: 1000)
    data = Dataset("tiny", np.ones((50, 4)), np.r_[np.zeros(25), np.ones(25)])
    with pytest.raises(EngineError, match="does not fit in the GPU's free memory"):
        TrainingEngine(TrainingConfig(device="cpu"), data)
