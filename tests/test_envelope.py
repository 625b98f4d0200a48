"""PeakEnvelope: the min / max per bucket of a growing series, checked against numpy on the
whole series at every length."""

import numpy as np
import pytest

from gui.plots.envelope import PeakEnvelope


def assert_equal(actual: np.ndarray, expected: np.ndarray) -> None:
    # np.testing's message on failure, without its cost (~60 us) on each of the ~60 000 passes.
    if not np.array_equal(actual, expected, equal_nan=True):
        np.testing.assert_array_equal(actual, expected)


def check(x, y, steps, values, max_buckets):
    """(x, y) holds, for consecutive blocks of `values` that cover all of them, each block's
    minimum and maximum at the block's first step."""
    assert len(x) == len(y) and len(x) % 2 == 0
    starts = x[0::2].astype(int)
    assert len(starts) <= max_buckets + 1  # + the partial last bucket
    assert starts[0] == 0 and np.all(np.diff(starts) > 0)  # blocks that cover every value
    assert_equal(x[0::2], steps[starts])
    assert_equal(x[1::2], x[0::2])
    # Every block's minimum and maximum at once (numpy's reduceat over the blocks, NaN skipped
    # as nanmin does): the tests below check at every length of a long series, and a Python
    # loop over the blocks made one case take half a minute.
    assert_equal(y[0::2], np.fmin.reduceat(values, starts))
    assert_equal(y[1::2], np.fmax.reduceat(values, starts))


def test_few_values_are_drawn_as_they_are():
    steps, values = np.arange(50.0), np.linspace(1, 0, 50)
    x, y = PeakEnvelope(64).update(steps, values)
    assert x is steps and y is values


@pytest.mark.parametrize("growth", [1, 7, 64, 1000, 33_333])
def test_a_growing_series_matches_numpy_at_every_length(growth):
    rng = np.random.default_rng(growth)
    values = rng.standard_normal(100_000).cumsum()
    steps = np.arange(len(values), dtype=np.float64)
    envelope = PeakEnvelope(64)
    for n in range(growth, 20_000 if growth < 64 else len(values), growth):
        x, y = envelope.update(steps[:n], values[:n])
        if n > 64:
            check(x, y, steps[:n], values[:n], 64)


def test_a_new_series_starts_afresh():
    envelope = PeakEnvelope(16)
    steps = np.arange(1000.0)
    envelope.update(steps, np.sin(steps))
    shorter = np.cos(steps[:500])  # a reset: shorter, different start
    check(*envelope.update(steps[:500], shorter), steps[:500], shorter, 16)
    same_length = np.cos(steps[:500]) + 3.0  # another run of the same length
    check(*envelope.update(steps[:500], same_length), steps[:500], same_length, 16)


def test_nan_values_leave_a_gap_only_where_a_whole_bucket_is_nan():
    steps = np.arange(4000.0)
    values = np.linspace(5, 1, 4000)
    values[100] = np.nan  # one NaN among finite values: the bucket keeps its finite range
    values[2048:3072] = np.nan  # whole buckets of NaN
    x, y = PeakEnvelope(8).update(steps, values)
    starts = x[0::2].astype(int)
    nan_buckets = starts[np.isnan(y[0::2])]
    assert len(nan_buckets) and np.all((nan_buckets >= 2048) & (nan_buckets < 3072))
    assert np.isfinite(y[:2]).all()
