"""core/classification.py against scikit-learn and against counts written here in numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics

from core.classification import (
    confusion,
    logit,
    precision_recall_curve,
    predict,
    roc_curve,
)


def scores(n: int = 300, seed: int = 0, ties: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping logits of two classes; with `ties`, rounded so that many are equal."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    z = rng.normal(0.0, 1.5, n) + 1.2 * y
    return (np.round(z) if ties else z), y


def pair_auc(z: np.ndarray, y: np.ndarray) -> float:
    """The share of (positive, negative) pairs with the positive ranked higher, ties 1/2."""
    positive, negative = z[y == 1], z[y == 0]
    diff = positive[:, None] - negative[None, :]
    return float((np.sum(diff > 0) + 0.5 * np.sum(diff == 0)) / diff.size)


@pytest.mark.parametrize("ties", [False, True])
def test_auc_is_the_share_of_pairs_ranked_right(ties):
    z, y = scores(ties=ties)
    assert roc_curve(z, y).area == pytest.approx(pair_auc(z, y), abs=1e-12)
    assert roc_curve(z, y).area == pytest.approx(metrics.roc_auc_score(y, z), abs=1e-12)


@pytest.mark.parametrize("ties", [False, True])
def test_roc_curve_matches_scikit_learn_at_every_distinct_threshold(ties):
    z, y = scores(seed=1, ties=ties)
    curve = roc_curve(z, y)
    fpr, tpr, _ = metrics.roc_curve(y, z, drop_intermediate=False)
    np.testing.assert_allclose(curve.x, fpr, atol=1e-12)
    np.testing.assert_allclose(curve.y, tpr, atol=1e-12)
    assert len(curve.x) == len(np.unique(z)) + 1


@pytest.mark.parametrize("ties", [False, True])
def test_precision_recall_curve_and_average_precision_match_scikit_learn(ties):
    z, y = scores(seed=2, ties=ties)
    curve = precision_recall_curve(z, y)
    precision, recall, _ = metrics.precision_recall_curve(y, z)
    # scikit-learn lists them from the most lenient threshold, ending at recall 0.
    np.testing.assert_allclose(curve.x, recall[::-1], atol=1e-12)
    np.testing.assert_allclose(curve.y, precision[::-1], atol=1e-12)
    assert curve.area == pytest.approx(metrics.average_precision_score(y, z), abs=1e-12)


@pytest.mark.parametrize("t", [0.05, 0.3, 0.5, 0.8, 0.99])
def test_counts_precision_recall_f1_at_a_threshold_match_scikit_learn(t):
    z, y = scores(seed=3)
    counts = confusion(z, y, t)
    called = 1.0 / (1.0 + np.exp(-z)) > t  # the rule, from probabilities
    tn, fp, fn, tp = metrics.confusion_matrix(y, called, labels=[0, 1]).ravel()
    assert (counts.tp, counts.fp, counts.tn, counts.fn) == (tp, fp, tn, fn)
    assert counts.precision == pytest.approx(metrics.precision_score(y, called))
    assert counts.recall == pytest.approx(metrics.recall_score(y, called))
    assert counts.f1 == pytest.approx(metrics.f1_score(y, called))
    assert counts.accuracy == pytest.approx(metrics.accuracy_score(y, called))


def test_zero_over_zero_is_undefined_as_scikit_learn_says_with_zero_division_nan():
    y = np.array([1, 1, 0, 0])
    z = np.array([-3.0, -2.0, -1.0, -4.0])
    counts = confusion(z, y, 0.9)  # nothing called class 1: precision 0/0
    called = np.zeros(4, dtype=bool)
    assert math.isnan(counts.precision)
    assert math.isnan(metrics.precision_score(y, called, zero_division=np.nan))
    assert counts.recall == 0.0 and counts.f1 == 0.0
    assert counts.f1 == metrics.f1_score(y, called, zero_division=np.nan)
    negatives = confusion(z, np.zeros(4), 0.9)  # no class 1 at all, none called
    assert math.isnan(negatives.recall) and math.isnan(negatives.f1)
    assert math.isnan(metrics.f1_score(np.zeros(4), called, zero_division=np.nan))
    assert roc_curve(z, np.zeros(4)) is None and precision_recall_curve(z, np.ones(4)) is None


def test_ties_at_the_threshold_and_the_ends_zero_and_one():
    z = np.array([-np.inf, -1.0, 0.0, 0.0, 2.0, np.inf, np.nan])
    # Strict, as the engine's accuracy: z = 0 exactly is class 0 at t = 0.5.
    assert predict(z, 0.5).tolist() == [False, False, False, False, True, True, False]
    assert predict(z, 0.0).tolist() == [False, True, True, True, True, True, False]
    assert predict(z, 1.0).tolist() == [False] * 7
    assert logit(0.5) == 0.0 and logit(0.8) == pytest.approx(math.log(4.0))
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError):
            logit(bad)
