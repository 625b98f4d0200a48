"""The real datasets bundled in resources/datasets, opened as package data (so they load from an
installed wheel as well as from a checkout). numpy only: no torch, no Qt."""

from __future__ import annotations

from importlib import resources

import numpy as np

from core.datasets import DataError, Dataset

PACKAGE = "resources.datasets"
FILES = {
    "mnist-3-8": "mnist_3_8.npz",
    "digits-3-8": "digits_3_8.npz",
    "breast-cancer": "breast_cancer.npz",
    "iris-petals": "iris_petals.npz",
}


def load_real_dataset(name: str) -> Dataset:
    """The bundled dataset `name` (a key of FILES), with feature names and, for pixel data, the
    picture shape; pixel intensities come scaled to [0, 1]."""
    if name not in FILES:
        raise DataError(f"unknown real dataset {name!r}; choose one of: {', '.join(FILES)}.")
    try:
        with resources.files(PACKAGE).joinpath(FILES[name]).open("rb") as handle:
            with np.load(handle, allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
    except (OSError, ModuleNotFoundError) as error:
        raise DataError(f"{name}: the bundled file {FILES[name]} cannot be read ({error}); "
                        "reinstall the app.") from None
    X = arrays["X"].astype(np.float64)
    if "pixel_scale" in arrays:
        X *= float(arrays["pixel_scale"])
    shape = arrays.get("picture_shape")
    return Dataset(name, X, arrays["y"], source=f"{PACKAGE}/{FILES[name]}",
                   feature_names=tuple(arrays["feature_names"].tolist()),
                   picture_shape=None if shape is None else tuple(shape.tolist()))
