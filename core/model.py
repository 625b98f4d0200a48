"""The mathematics of docs/ARCHITECTURE.md §2: sigmoid, the stable L2-regularised cost, its
gradient."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    """s(z) = 1 / (1 + e^-z), evaluated without overflow for any z."""
    return torch.sigmoid(z)


def cross_entropy(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean of -y log h - (1-y) log(1-h) along the last axis, computed as softplus(z) - y z.

    The naive formula overflows in float32 once |z| > ~16.6, which the notebook's own set-up
    reaches at iteration 0; torch's logits form never takes log(1 - h).
    """
    # torch computes in the target's dtype: float32 labels would silently degrade float64 logits.
    target = y.to(z.dtype).expand_as(z)
    return F.binary_cross_entropy_with_logits(z, target, reduction="none").mean(-1)


def cost(z: torch.Tensor, y: torch.Tensor, w: torch.Tensor, l2: float) -> torch.Tensor:
    """The notebook's objective: mean cross-entropy + l2 * ||w||^2 (the bias is not regularised)."""
    return cross_entropy(z, y) + l2 * torch.dot(w, w)


def gradient(
    X: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor, l2: float
) -> tuple[torch.Tensor, torch.Tensor]:
    """d cost / d (w, b) = (X^T (h - y) / N + 2 l2 w, mean(h - y))."""
    residual = sigmoid(X @ w + b) - y
    return X.T @ residual / len(y) + 2 * l2 * w, residual.mean()


def accuracy(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Fraction of samples whose prediction (z > 0, i.e. h > 0.5) equals the label, per row of
    z; y holds the labels of every row (1-d) or of each row (mini-batches: same shape as z)."""
    if y.dim() == 2:
        return ((z > 0).to(y.dtype) == y).to(z.dtype).mean(-1)
    # One matrix-vector product instead of compare + cast + mean: a correct prediction adds
    # +1 for y = 1 and z > 0; the samples of class 0 count as correct unless z > 0.
    sign = 2 * y - 1
    return ((z > 0).to(y.dtype) @ sign + (len(y) - y.sum())) / len(y)
