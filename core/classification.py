"""How well a model's logits separate the classes at a decision threshold, and over all of them:
confusion counts, precision, recall, F1, the ROC and precision-recall curves (numpy only).

The rule (docs/ARCHITECTURE.md §16): a sample is called class 1 when s(z) > t, that is when
z > logit(t), with logit(0) = -inf and logit(1) = +inf. Strict, as the engine's accuracy
(z > 0, core/model.py) and the notebook: at t = 0.5 the counts here agree with the accuracy
curve even where every z is exactly 0 (zero initial weights). At t = 0 every sample with
z > -inf is class 1; at t = 1 none is. A NaN logit is never class 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.5  # the notebook's rule: p > 0.5, i.e. z > 0


def logit(t: float) -> float:
    """ln(t / (1 - t)): the z where s(z) = t; -inf at 0, +inf at 1 (ValueError outside)."""
    if not 0.0 <= t <= 1.0:  # NaN fails too
        raise ValueError(f"a threshold is a probability between 0 and 1, got {t!r}")
    if t == 0.0:
        return -math.inf
    if t == 1.0:
        return math.inf
    return math.log(t) - math.log1p(-t)


def predict(logits: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """True where a sample is called class 1: z > logit(threshold)."""
    return np.asarray(logits) > logit(threshold)


@dataclass(frozen=True)
class Confusion:
    """Counts of one set at one threshold; class 1 is the positive class."""

    tp: int
    fp: int
    tn: int
    fn: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); NaN (undefined) when no sample is called class 1."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """TP / (TP + FN), the true-positive rate; NaN (undefined) without class-1 samples."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall where both are
        defined; 0 when there are class-1 samples or class-1 calls but none right; NaN when
        there are neither (TP = FP = FN = 0)."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def accuracy(self) -> float:
        """(TP + TN) / all; NaN for an empty set."""
        return _ratio(self.tp + self.tn, self.tp + self.fp + self.tn + self.fn)

    @property
    def false_positive_rate(self) -> float:
        """FP / (FP + TN); NaN without class-0 samples."""
        return _ratio(self.fp, self.fp + self.tn)


def confusion(logits: np.ndarray, labels: np.ndarray,
              threshold: float = DEFAULT_THRESHOLD) -> Confusion:
    """TP, FP, TN, FN of `labels` (0/1 or bool) against predict(logits, threshold)."""
    z, positive = _checked(logits, labels)
    called = predict(z, threshold)
    tp = int(np.count_nonzero(called & positive))
    fp = int(np.count_nonzero(called & ~positive))
    fn = int(np.count_nonzero(~called & positive))
    return Confusion(tp=tp, fp=fp, tn=len(z) - tp - fp - fn, fn=fn)


@dataclass(frozen=True)
class Curve:
    """A curve over every distinct threshold, from the strictest (no sample called class 1)
    to the most lenient (all called class 1): x and y in that order, and `area` (AUC or AP)."""

    x: np.ndarray
    y: np.ndarray
    area: float


def _sweep(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Cumulative (TP, FP) as the threshold is lowered past each distinct finite-or-infinite
    logit (highest first); None when a class is missing or a logit is NaN."""
    z, positive = _checked(logits, labels)
    if np.isnan(z).any() or positive.all() or not positive.any():
        return None
    order = np.argsort(-z, kind="mergesort")
    z, positive = z[order], positive[order]
    # The last sample of each run of equal logits: tied samples change class together.
    ends = np.r_[np.flatnonzero(np.diff(z) != 0), len(z) - 1]
    tp = np.cumsum(positive)[ends]
    fp = (ends + 1) - tp
    return np.r_[0, tp].astype(np.float64), np.r_[0, fp].astype(np.float64)


def roc_curve(logits: np.ndarray, labels: np.ndarray) -> Curve | None:
    """False-positive rate (x) against true-positive rate (y) at every distinct threshold,
    starting at (0, 0) and ending at (1, 1); `area` by the trapezoidal rule, which equals the
    share of (class-1, class-0) pairs ranked right, ties counting one half. None when the
    labels hold one class only (a rate would be 0/0) or a logit is NaN."""
    swept = _sweep(logits, labels)
    if swept is None:
        return None
    tp, fp = swept
    fpr, tpr = fp / fp[-1], tp / tp[-1]
    return Curve(fpr, tpr, float(np.trapezoid(tpr, fpr)))


def precision_recall_curve(logits: np.ndarray, labels: np.ndarray) -> Curve | None:
    """Recall (x) against precision (y) at every distinct threshold, starting at recall 0
    with precision 1 (scikit-learn's convention for the strictest threshold, where
    precision is 0/0); `area` is the average precision sum_n (R_n - R_(n-1)) P_n. None as
    for roc_curve."""
    swept = _sweep(logits, labels)
    if swept is None:
        return None
    tp, fp = swept
    recall = tp / tp[-1]
    precision = np.ones_like(tp)
    precision[1:] = tp[1:] / (tp[1:] + fp[1:])
    return Curve(recall, precision, float(np.sum(np.diff(recall) * precision[1:])))


def precision_recall_steps(recall: np.ndarray, precision: np.ndarray
                           ) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of a precision-recall curve drawn as steps: between recall R_(n-1) and R_n
    the precision is P_n (a rise or fall at R_(n-1), then level to R_n), so that the area under
    the drawn line is the average precision sum_n (R_n - R_(n-1)) P_n; scikit-learn's
    PrecisionRecallDisplay draws the same ("steps-post" over its recall, which falls). Joining
    the points with slopes instead drew precisions that no threshold gives."""
    recall, precision = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    if len(recall) < 2:
        return recall.copy(), precision.copy()
    x = np.empty(2 * len(recall) - 1)
    y = np.empty_like(x)
    x[0::2], y[0::2] = recall, precision
    x[1::2], y[1::2] = recall[:-1], precision[1:]  # at R_(n-1), already P_n
    return x, y


def _checked(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.asarray(logits, dtype=np.float64).ravel()
    positive = np.asarray(labels).ravel() > 0.5
    if z.shape != positive.shape:
        raise ValueError(f"{z.size} logits but {positive.size} labels")
    return z, positive


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan
