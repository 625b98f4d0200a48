"""Feature transforms of two-feature data, as TensorFlow Playground's inputs: x₁², x₂², x₁·x₂,
sin x₁ and sin x₂ added as extra columns after x₁ and x₂ (docs/ARCHITECTURE.md §16).

A linear model in the expanded features, w·φ(x) + b, is a curved boundary in the (x₁, x₂) plane:
with x₁·x₂ the XOR pattern becomes separable. The first two columns always stay x₁ and x₂, so
that views of the plane (the decision view, a cost landscape over w₁ and w₂) keep their meaning.
numpy only: no torch, no Qt."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import numpy as np

from core.errors import UserError

BASE_NAMES = ("x₁", "x₂")  # the names of the two original columns when the data has none
# The presets' feature counts, known before their data is made or read (tests check them
# against the data); the random-label presets have the Features setting's.
PRESET_FEATURES = {"blobs": 2, "overlap": 2, "xor": 2, "mnist-3-8": 784, "digits-3-8": 64,
                   "breast-cancer": 30, "iris-petals": 2}
RANDOM_FEATURE_PRESETS = ("seed", "overfit")


class TransformError(UserError, ValueError):
    """A transform name that is not one, or data that cannot take transforms."""


class FeatureTransform(Enum):
    """An extra column computed from x₁ and x₂. The value is the command line's and the lesson
    file's spelling; the declaration order is the order of the columns."""

    X1_SQUARED = "x1^2"
    X2_SQUARED = "x2^2"
    X1_X2 = "x1x2"
    SIN_X1 = "sin_x1"
    SIN_X2 = "sin_x2"

    def column(self, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
        """This transform's values at the points (x1, x2)."""
        if self is FeatureTransform.X1_SQUARED:
            return x1 * x1
        if self is FeatureTransform.X2_SQUARED:
            return x2 * x2
        if self is FeatureTransform.X1_X2:
            return x1 * x2
        return np.sin(x1 if self is FeatureTransform.SIN_X1 else x2)

    def name_from(self, first: str, second: str) -> str:
        """The column's name built from the names of the two original features."""
        return {
            FeatureTransform.X1_SQUARED: f"{first}²",
            FeatureTransform.X2_SQUARED: f"{second}²",
            FeatureTransform.X1_X2: f"{first}·{second}",
            FeatureTransform.SIN_X1: f"sin {first}",
            FeatureTransform.SIN_X2: f"sin {second}",
        }[self]

    @property
    def label(self) -> str:
        """How the window names it: x₁², x₁·x₂, sin x₁."""
        return self.name_from(*BASE_NAMES)


SPELLINGS = tuple(transform.value for transform in FeatureTransform)


def parse_transforms(names: Iterable[str]) -> tuple[FeatureTransform, ...]:
    """The transforms named by their spellings, in column order; an unknown spelling or one
    named twice raises TransformError saying which and listing the spellings."""
    chosen: list[FeatureTransform] = []
    for name in names:
        if not isinstance(name, str):
            raise TransformError(f"a transform is named by text ({', '.join(SPELLINGS)}), "
                                 f"got {name!r}")
        try:
            transform = FeatureTransform(name)
        except ValueError:
            shown = name if name.strip() else repr(name)
            raise TransformError(f"no transform named {shown}; choose from: "
                                 f"{', '.join(SPELLINGS)}") from None
        if transform in chosen:
            raise TransformError(f"{name} is named twice")
        chosen.append(transform)
    return tuple(transform for transform in FeatureTransform if transform in chosen)


def preset_feature_count(dataset: str, features: int) -> int | None:
    """How many features the preset `dataset` has with the Features setting `features`; None
    for a data file, whose count is known once it is read."""
    if dataset in RANDOM_FEATURE_PRESETS:
        return features
    return PRESET_FEATURES.get(dataset)


def check_two_features(n_features: int | None, what: str) -> None:
    """TransformError unless data with `n_features` (None: not known yet) can take transforms;
    `what` names the data in the message."""
    if n_features is not None and n_features != 2:
        raise TransformError(
            f"feature transforms need data with exactly two features (x1 and x2), and {what} "
            f"has {n_features}; turn the transforms off or choose 2-D data")


def expand_features(X: np.ndarray, transforms: Iterable[FeatureTransform]) -> np.ndarray:
    """(N, 2) points as (N, 2 + k) columns: x₁, x₂, then each of the k transforms in column
    order (FeatureTransform's), whatever order `transforms` lists them in."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise TransformError(f"feature transforms need (N, 2) points, got shape {X.shape}")
    chosen = set(transforms)
    x1, x2 = X[:, 0], X[:, 1]
    columns = [x1, x2] + [t.column(x1, x2) for t in FeatureTransform if t in chosen]
    return np.column_stack(columns)


def column_names(transforms: Iterable[FeatureTransform],
                 base_names: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The names of expand_features' columns: the data's own two names (x₁ and x₂ when it has
    none), then each transform's, built from them."""
    first, second = base_names if base_names else BASE_NAMES
    chosen = set(transforms)
    return (first, second, *(t.name_from(first, second) for t in FeatureTransform
                             if t in chosen))


def grid_logits(w: np.ndarray, b: float, transforms: Iterable[FeatureTransform],
                xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The model's logits w·φ(x) + b over the grid of points (xs[j], ys[i]), as an array of
    shape (len(ys), len(xs)): row i is ys[i], column j is xs[j] (an image's rows and columns).
    φ is expand_features with `transforms`, so `w` has 2 + k weights."""
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    grid_x, grid_y = np.meshgrid(xs, ys)  # shape (len(ys), len(xs)), as the result
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    features = expand_features(points, transforms)
    w = np.asarray(w, dtype=np.float64).ravel()
    if w.shape != (features.shape[1],):
        raise ValueError(f"{features.shape[1]} features need as many weights, got {w.size}")
    return (features @ w + float(b)).reshape(len(ys), len(xs))
