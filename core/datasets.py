"""Datasets for the lab: the notebook's random data, 2-D teaching presets, .csv and .npz files.

Bad input is refused with a DataError whose message names the file and says what to do."""

from __future__ import annotations

import csv
import dataclasses
import math
import operator
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import UserError


class DataError(UserError, ValueError):
    """A data file or preset request that cannot be used; the message names the file and the
    problem and says what to do."""


@dataclass(frozen=True, eq=False)  # eq=False: comparing arrays with == has no single truth value
class Dataset:
    """Features X (N, D) and 0/1 labels y (N,), both float64, with a name for the user;
    optionally a name per feature, and the (rows, columns) picture that pixel data forms."""

    name: str
    X: np.ndarray
    y: np.ndarray
    source: str | None = None
    feature_names: tuple[str, ...] | None = None
    picture_shape: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        # Coerce once here so every consumer (torch, plots) can rely on float64 C-contiguous data.
        X = np.ascontiguousarray(self.X, dtype=np.float64)
        y = np.ascontiguousarray(self.y, dtype=np.float64)
        _check_shapes(self.name, X, y)
        if not (_all_finite(X) and _all_finite(y)):
            raise DataError(f"{self.name}: contains NaN or infinite values.")
        if not np.all((y == 0.0) | (y == 1.0)):
            raise DataError(f"{self.name}: labels must be 0 or 1.")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        self._check_layout()

    def _check_layout(self) -> None:
        if self.feature_names is not None:
            names = tuple(str(name) for name in self.feature_names)
            if len(names) != self.n_features:
                raise DataError(f"{self.name}: {len(names)} feature names for "
                                f"{self.n_features} features.")
            object.__setattr__(self, "feature_names", names)
        if self.picture_shape is not None:
            shape = tuple(int(side) for side in self.picture_shape)
            if len(shape) != 2 or min(shape) < 1 or shape[0] * shape[1] != self.n_features:
                raise DataError(f"{self.name}: a {shape} picture does not hold "
                                f"{self.n_features} features.")
            object.__setattr__(self, "picture_shape", shape)

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    def describe(self) -> str:
        samples = "sample" if self.n_samples == 1 else "samples"
        features = "feature" if self.n_features == 1 else "features"
        return f"{self.name}: {self.n_samples} {samples} x {self.n_features} {features}"


PRESETS: dict[str, str] = {
    "seed": "The notebook's data: standard normal features, random 0/1 labels (400 x 784).",
    "blobs": "Two 2-D Gaussian clusters, separable when noise is small.",
    "overlap": "Two overlapping 2-D clusters: accuracy cannot reach 1.",
    "xor": "Four 2-D clusters in an XOR pattern: a linear model fails.",
    "overfit": (
        "The notebook's random labels; with a held-out split training accuracy reaches 1 "
        "while held-out stays near 0.5."
    ),
}
PRESETS.update({  # bundled real data (resources/datasets): their size is fixed
    "mnist-3-8": "Real data: MNIST handwritten 3s (class 0) and 8s (class 1), "
                 "1 000 pictures of 28 x 28 pixels.",
    "digits-3-8": "Real data: small 8 x 8 handwritten 3s (class 0) and 8s (class 1), "
                  "357 pictures.",
    "breast-cancer": "Real data: 569 breast tumours, 30 measurements, malignant = 1; "
                     "standardise the features first.",
    "iris-petals": "Real data: Iris versicolor (0) and virginica (1) by petal length and "
                   "width in cm; they overlap.",
})
REAL_DATA_PRESETS = ("mnist-3-8", "digits-3-8", "breast-cancer", "iris-petals")
PRESET_DEFAULT_VAL_FRACTION: dict[str, float] = {"overfit": 0.25}

MAX_FILE_BYTES = 2 * 1024**3  # beyond this a teaching tool would stall or run out of memory
# The float64 features and labels a file may become. A file's size alone does not bound them:
# "0,1\n" is 2 bytes per value on disk and 8 in memory, and a small .npz can declare any shape.
MAX_ARRAY_BYTES = 2 * 1024**3
MAX_CSV_LINE_CHARS = 16 * 1024**2  # one row of a CSV; a file without line breaks is one "row"
SNIFF_BYTES = 64 * 1024  # enough of a file's start to tell text from binary data
MAX_VAL_FRACTION = 0.9
_SUPPORTED = "use .csv (numeric columns, the last is the 0/1 label) or .npz (arrays X and y)"


# ---------------------------------------------------------------- shared checks


def _all_finite(a: np.ndarray) -> bool:
    # min/max propagate NaN and expose inf without allocating an N x D boolean mask.
    return a.size == 0 or bool(np.isfinite(a.min()) and np.isfinite(a.max()))


def _check_shapes(name: str, X: np.ndarray, y: np.ndarray) -> None:
    if X.ndim != 2 or y.ndim != 1:
        raise DataError(f"{name}: X must be 2-D and y 1-D (got {X.ndim}-D and {y.ndim}-D).")
    if X.shape[0] != y.shape[0]:
        raise DataError(f"{name}: X has {X.shape[0]} rows but y has {y.shape[0]} labels.")
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise DataError(f"{name}: needs at least one sample and one feature (got {X.shape}).")


def _format_values(values: np.ndarray, limit: int = 5) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:limit])
    return shown + (f" (and {len(values) - limit} more)" if len(values) > limit else "")


def _check_labels(name: str, y: np.ndarray, where) -> None:
    """Refuse labels other than 0/1 and single-class data; `where(i)` names sample i's place."""
    bad = ~((y == 0.0) | (y == 1.0))
    if bad.any():
        first = int(np.argmax(bad))
        raise DataError(
            f"{name}: labels must be 0 or 1; found {_format_values(np.unique(y[bad]))} "
            f"(first at {where(first)}). Recode the classes as 0 and 1."
        )
    classes = np.unique(y)
    if classes.size < 2:
        raise DataError(
            f"{name}: all labels are {classes[0]:g}: logistic regression needs both classes. "
            "Add samples of the other class."
        )


def _non_finite_message(name: str, count: int, place: str) -> str:
    values = "value is" if count == 1 else "values are"
    return (
        f"{name}: {count} {values} NaN or infinite; the first is at {place}. "
        "Remove or fill them before loading."
    )


# ---------------------------------------------------------------- presets


def _count(value, what: str, minimum: int) -> int:
    try:
        number = operator.index(value)
    except TypeError:
        raise DataError(f"{what} must be a whole number (got {value!r}).") from None
    if number < minimum:
        raise DataError(f"{what} must be at least {minimum} (got {number}).")
    return number


def _random_labels_dataset(name: str, samples: int, features: int, seed: int) -> Dataset:
    # The notebook: X = randn(N, feats), y = randint(0, 2, N), here with a modern Generator.
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, features))
    y = rng.integers(0, 2, size=samples)
    # Tiny N can draw one class only (probability 2^(1-N)); redraw so the lesson has both.
    while y.min() == y.max():
        y = rng.integers(0, 2, size=samples)
    return Dataset(name, X, y.astype(np.float64))


def _clusters_dataset(name: str, samples: int, seed: int, noise: float) -> Dataset:
    """Balanced 2-D clusters; each class is drawn around its centres in turn, then shuffled."""
    centres, std = {
        "blobs": ({0: [(-2.0, -2.0)], 1: [(2.0, 2.0)]}, 1.0),
        "overlap": ({0: [(-0.7, -0.7)], 1: [(0.7, 0.7)]}, 1.0),
        # XOR: the label is 1 where the centre's coordinates have opposite signs.
        "xor": ({0: [(1.5, 1.5), (-1.5, -1.5)], 1: [(1.5, -1.5), (-1.5, 1.5)]}, 0.5),
    }[name]
    rng = np.random.default_rng(seed)
    sizes = {0: samples // 2, 1: samples - samples // 2}  # the odd sample goes to class 1
    points, labels = [], []
    for label, count in sizes.items():
        # Alternate between the class's centres so each gets an equal share.
        at = np.asarray(centres[label])[np.arange(count) % len(centres[label])]
        points.append(at + std * noise * rng.standard_normal((count, 2)))
        labels.append(np.full(count, float(label)))
    order = rng.permutation(samples)
    return Dataset(name, np.concatenate(points)[order], np.concatenate(labels)[order])


def check_preset(name: str) -> None:
    """DataError, naming the presets there are, unless `name` is one of them."""
    if name not in PRESETS:
        raise DataError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}.")


def make_preset(
    name: str, samples: int = 400, features: int = 784, seed: int = 0, noise: float = 1.0
) -> Dataset:
    """Build a preset by name; 2-D presets ignore `features` and scale their spread by `noise`;
    real data ignores all but `name`."""
    check_preset(name)
    if name in REAL_DATA_PRESETS:
        from core.real_datasets import load_real_dataset  # it imports this module

        return load_real_dataset(name)
    samples = _count(samples, f"preset {name!r}: samples", 2)
    features = _count(features, f"preset {name!r}: features", 1)
    if not (np.isfinite(noise) and noise > 0):
        raise DataError(f"preset {name!r}: noise must be a positive number (got {noise!r}).")
    if name in ("seed", "overfit"):
        return _random_labels_dataset(name, samples, features, seed)
    return _clusters_dataset(name, samples, seed, float(noise))


# ---------------------------------------------------------------- file loading


# The last file loaded, keyed by its identity on disk: the command line checks a --data file
# before the window opens, and the window's worker then builds its lesson from the same file;
# this way it is parsed once. A changed file (size, time, inode) is read again.
_last_loaded: tuple[tuple, Dataset] | None = None


def load_data_file(path: str | os.PathLike) -> Dataset:
    """Load a .csv or .npz file, or raise DataError naming the file and the problem."""
    global _last_loaded
    path = Path(path)
    name = path.name or str(path)
    try:
        kind = _checked_file_kind(path, name)
        key = _file_identity(path)
        recent = _last_loaded
        if recent is not None and recent[0] == key and recent[1].name == name:
            return recent[1]
        data = _load_csv(path, name) if kind == ".csv" else _load_npz(path, name)
        _last_loaded = (key, data)
        return data
    except MemoryError:
        raise DataError(
            f"{name}: does not fit in this machine's memory. Use a sample of the data."
        ) from None
    except PermissionError:
        raise DataError(
            f"{name}: cannot be read (permission denied). Check the file's "
            "permissions or copy it somewhere readable."
        ) from None
    except OSError as error:
        raise DataError(f"{name}: cannot be read ({error.strerror or error}).") from None


def _file_identity(path: Path) -> tuple:
    info = path.stat()
    return (os.path.abspath(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _too_big(name: str, values: int, what: str) -> DataError:
    return DataError(
        f"{name}: {what} {values:,} values ({values * 8 / 1024**3:.1f} GB as float64); more "
        f"than {MAX_ARRAY_BYTES / 1024**3:g} GB is refused. Use a sample of the data."
    )


def _checked_file_kind(path: Path, name: str) -> str:
    """Check everything that can be known without reading: existence, type, extension, size."""
    if not path.exists():
        raise DataError(
            f"{name}: file not found (looked for {os.path.abspath(path)}). Check the path."
        )
    if path.is_dir():
        raise DataError(f"{name}: is a folder, not a data file; {_SUPPORTED}.")
    kind = path.suffix.lower()
    if kind not in (".csv", ".npz"):
        shown = f"'{path.suffix}'" if path.suffix else "(none)"
        raise DataError(f"{name}: unsupported file type {shown}; {_SUPPORTED}.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(
            f"{name}: is {size / 1024**3:.1f} GB; files larger than "
            f"{MAX_FILE_BYTES / 1024**3:g} GB are refused. Use a sample of the data."
        )
    if size == 0:
        raise DataError(f"{name}: the file is empty.")
    return kind


# ---- csv


def _load_csv(path: Path, name: str) -> Dataset:
    _refuse_binary(path, name)
    values, lines, header = _read_csv_rows(path, name)
    if not _all_finite(values):
        bad = ~np.isfinite(values)
        i, j = np.argwhere(bad)[0]
        place = f"row {lines[i]}, column {j + 1}"
        raise DataError(_non_finite_message(name, int(bad.sum()), place))
    X, y = values[:, :-1], values[:, -1]
    _check_labels(name, y, lambda i: f"row {lines[i]}")
    names = None if header is None else tuple(field.strip() for field in header[:-1])
    return Dataset(name, X, y, source=os.path.abspath(path), feature_names=names)


def _refuse_binary(path: Path, name: str) -> None:
    """A NUL byte near the start means binary data: refused at once, not after parsing GBs."""
    with open(path, "rb") as handle:
        start = handle.read(SNIFF_BYTES)
    at = start.find(b"\0")
    if at >= 0:
        line_start = start.rfind(b"\n", 0, at) + 1
        row, column = start.count(b"\n", 0, at) + 1, start.count(b",", line_start, at) + 1
        raise DataError(
            f"{name}: is not a text file (row {row}, column {column} holds a NUL byte: "
            "binary data). Save it as a plain comma-separated .csv."
        )


def _bounded_lines(handle, name: str):
    """The file's lines, each read with a length limit, so that one endless line cannot fill
    the memory before the csv module sees it."""
    number = 0
    while True:
        line = handle.readline(MAX_CSV_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_CSV_LINE_CHARS:
            raise DataError(
                f"{name}: line {number} is longer than {MAX_CSV_LINE_CHARS // 1024**2} MB. "
                "Rows must end with a line break; is this really a .csv file?"
            )
        yield line


class _Rows:
    """Numeric rows written into one float64 array that grows in place (ndarray.resize), so a
    CSV takes about the memory of its values rather than a Python list of floats (~9x)."""

    def __init__(self, name: str, width: int, expected_rows: int) -> None:
        self.name, self.width, self.count = name, width, 0
        self.values = np.empty((0, width))
        self.lines = np.empty(0, dtype=np.int64)
        self._grow(min(max(16, expected_rows), self._most_rows()))

    def _most_rows(self) -> int:
        return max(1, MAX_ARRAY_BYTES // (8 * self.width))

    def _grow(self, rows: int) -> None:
        if rows > self._most_rows():
            raise _too_big(self.name, rows * self.width, "holds at least")
        self.values.resize((rows, self.width), refcheck=False)
        self.lines.resize(rows, refcheck=False)

    def append(self, row: list[float], line: int) -> None:
        if self.count == len(self.values):
            self._grow(max(self.count + 1, min(self.count * 3 // 2, self._most_rows())))
        self.values[self.count] = row
        self.lines[self.count] = line
        self.count += 1

    def trimmed(self) -> tuple[np.ndarray, np.ndarray]:
        self.values.resize((self.count, self.width), refcheck=False)  # shrinks in place
        self.lines.resize(self.count, refcheck=False)
        return self.values, self.lines


def _read_csv_rows(path: Path, name: str
                   ) -> tuple[np.ndarray, np.ndarray, list[str] | None]:
    """Parse numeric rows (float64, rows x columns), their 1-based line numbers and the header
    (the first row, when it holds names: see _is_header), or None."""
    rows: _Rows | None = None
    width = header = None
    size = path.stat().st_size
    try:
        # utf-8-sig: spreadsheet programs often start the file with a byte-order mark.
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(_bounded_lines(handle, name))
            for fields in reader:
                if not any(field.strip() for field in fields):
                    continue  # blank lines, including a trailing one, carry no data
                if width is None:
                    width = _check_width(name, fields)
                    if _is_header(fields):
                        header = fields  # column names, not data
                        continue
                elif len(fields) != width:
                    raise DataError(
                        f"{name}: row {reader.line_num} has {len(fields)} values but the first "
                        f"row has {width}. Every row needs the same number of columns."
                    )
                row = _parse_row(name, fields, reader.line_num)
                if rows is None:  # sized from the first data row's length: one allocation
                    line_chars = sum(len(field) + 1 for field in fields)
                    rows = _Rows(name, width, size // line_chars + 16)
                rows.append(row, reader.line_num)
    except UnicodeDecodeError as error:
        raise DataError(
            f"{name}: is not a text file (bytes that are not UTF-8 text at byte {error.start}). "
            "Save it as a plain comma-separated .csv."
        ) from None
    except csv.Error as error:
        raise DataError(f"{name}: is not valid CSV ({error}).") from None
    if width is None:
        raise DataError(f"{name}: the file is empty (only blank lines).")
    if rows is None:
        raise DataError(f"{name}: has a header but no data rows.")
    return (*rows.trimmed(), header)


def _is_header(fields: list[str]) -> bool:
    """The first row is a header when its last field, the label's column, is a name: neither
    empty nor a number nor number-like text. "x1,x2,label" and pandas' "0,1,label" are headers;
    "1,2,0," (a trailing comma) and "0x10,2,1" are data rows, refused with the field named,
    rather than silently dropped as a header."""
    label = fields[-1].strip()
    return bool(label) and not _is_number(label) and not _NUMBER_LIKE.match(label)


_NUMBER_LIKE = re.compile(r"[+-]?\.?\d")


def _check_width(name: str, fields: list[str]) -> int:
    if len(fields) < 2:
        hint = " Values must be separated by commas." if _has_other_separator(fields) else ""
        raise DataError(
            f"{name}: needs at least 2 columns (features, then the 0/1 label); "
            f"found {len(fields)}.{hint}"
        )
    return len(fields)


def _has_other_separator(fields: list[str]) -> bool:
    return any(sep in field for field in fields for sep in (";", "\t"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parse_row(name: str, fields: list[str], line: int) -> list[float]:
    try:
        return [float(field) for field in fields]  # float() itself tolerates surrounding spaces
    except ValueError:
        pass
    # Only on failure: find which field, so the message points at it.
    for column, field in enumerate(fields, start=1):
        if not _is_number(field):
            raise DataError(_non_numeric_message(name, line, column, field)) from None
    raise AssertionError("unreachable: some field failed to parse")


def _non_numeric_message(name: str, line: int, column: int, field: str) -> str:
    where = f"{name}: row {line}, column {column}"
    if not field.strip():
        return f"{where} is empty. Every value must be numeric; the last column is the 0/1 label."
    hint = " Values must be separated by commas." if _has_other_separator([field]) else ""
    text = field.strip()
    shown = repr(text if len(text) <= 30 else text[:27] + "...")
    return (
        f"{where}: {shown} is not a number. "
        f"Every value must be numeric; the last column is the 0/1 label.{hint}"
    )


# ---- npz

_NPZ_HOW = "Save it with np.savez(path, X=features, y=labels)."


def _load_npz(path: Path, name: str) -> Dataset:
    X, y, names = _read_npz_arrays(path, name)
    X = _numeric(name, "X", X)
    y = _numeric(name, "y", y)
    X, y = _npz_shapes(name, X, y)
    for label, array in (("X", X), ("y", y)):
        if not _all_finite(array):
            bad = ~np.isfinite(array)
            place = f"{label}[{', '.join(str(int(k)) for k in np.argwhere(bad)[0])}]"
            raise DataError(_non_finite_message(name, int(bad.sum()), place))
    _check_labels(name, y, lambda i: f"y[{i}]")
    if names is not None and (names.ndim != 1 or len(names) != X.shape[1]):
        names = None  # optional: names that do not fit X are ignored, not an error
    return Dataset(name, X, y, source=os.path.abspath(path),
                   feature_names=None if names is None else tuple(names.astype(str).tolist()))


def _read_npz_arrays(path: Path, name: str
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """X, y and, when the archive has a text array `feature_names`, the names."""
    try:
        with open(path, "rb") as handle:
            # Anything but zip or .npy would send np.load to its pickle fallback: say what it is.
            magic = handle.read(6)
            if not (magic.startswith(b"PK") or magic == b"\x93NUMPY"):
                raise DataError(
                    f"{name}: is not a valid .npz archive (np.savez writes a zip file). {_NPZ_HOW}"
                )
            handle.seek(0)
            archive = np.load(handle, allow_pickle=False)  # never unpickle user files
            if isinstance(archive, np.ndarray):
                raise DataError(
                    f"{name}: holds a single array (.npy data), not X and y. {_NPZ_HOW}"
                )
            with archive:
                _check_npz_contents(name, archive)
                names = archive["feature_names"] if "feature_names" in archive.files else None
                if names is not None and names.dtype.kind not in "US":
                    names = None
                return archive["X"], archive["y"], names
    except DataError:
        raise
    except ValueError as error:
        if "pickle" in str(error) or "Object arrays" in str(error):
            raise DataError(
                f"{name}: contains pickled Python objects, which are never loaded for safety. "
                f"Store plain numeric arrays. {_NPZ_HOW}"
            ) from None
        raise DataError(f"{name}: is not a valid .npz archive ({error}).") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as error:
        raise DataError(f"{name}: is not a valid .npz archive or is damaged ({error}).") from None


def _check_npz_contents(name: str, archive) -> None:
    for key in ("X", "y"):
        if key not in archive.files:
            found = ", ".join(archive.files) or "nothing"
            raise DataError(f"{name}: has no array named '{key}' (found: {found}). {_NPZ_HOW}")
    # The zip's own sizes reveal a decompression bomb before anything is inflated.
    unpacked = sum(info.file_size for info in archive.zip.infolist())
    if unpacked > MAX_FILE_BYTES:
        raise DataError(
            f"{name}: unpacks to {unpacked / 1024**3:.1f} GB; more than "
            f"{MAX_FILE_BYTES / 1024**3:g} GB is refused. Use a sample of the data."
        )
    # np.load allocates what an array's header declares before reading its data: check each
    # header against the member's size (which also bounds what is inflated) and the cap first.
    values = sum(_declared_values(name, archive.zip, key) for key in ("X", "y"))
    if values * 8 > MAX_ARRAY_BYTES:
        raise _too_big(name, values, "declares")


def _declared_values(name: str, archive: zipfile.ZipFile, key: str) -> int:
    """How many values array `key` holds, read from its .npy header without loading it."""
    member = f"{key}.npy" if f"{key}.npy" in archive.namelist() else key
    info = archive.getinfo(member)
    with archive.open(member) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise DataError(f"{name}: array {key} has an unsupported .npy version "
                                f"{version[0]}.{version[1]}. {_NPZ_HOW}")
            shape, _, dtype = read_header(stream)
        except ValueError as error:
            if "large" in str(error):  # numpy's refusal of a header over its size limit
                raise DataError(
                    f"{name}: array {key} has a .npy header too large to be genuine; the file "
                    f"is damaged or was not written by numpy. {_NPZ_HOW}"
                ) from None
            raise DataError(f"{name}: array {key} is not a valid .npy array ({error}). "
                            f"{_NPZ_HOW}") from None
        header_bytes = stream.tell()
    if dtype.hasobject:
        raise DataError(
            f"{name}: contains pickled Python objects, which are never loaded for safety. "
            f"Store plain numeric arrays. {_NPZ_HOW}"
        )
    count = math.prod(shape)
    if header_bytes + count * dtype.itemsize != info.file_size:
        raise DataError(
            f"{name}: array {key} declares shape {shape} of {dtype} ({count * dtype.itemsize:,} "
            f"bytes) but holds {info.file_size - header_bytes:,}: the file is damaged. "
            f"{_NPZ_HOW}"
        )
    return count


def _numeric(name: str, key: str, array: np.ndarray) -> np.ndarray:
    kind = array.dtype.kind
    if kind in "biuf":  # bool, signed, unsigned, float
        return array.astype(np.float64)
    what = {"c": "complex numbers", "U": "text", "S": "text"}.get(kind, f"{array.dtype} values")
    raise DataError(f"{name}: {key} holds {what}, not real numbers. {_NPZ_HOW}")


def _npz_shapes(name: str, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if X.ndim == 1:
        X = X[:, None]  # a 1-D X is one feature per sample
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]  # a column vector of labels is common and unambiguous
    if X.ndim != 2:
        raise DataError(
            f"{name}: X must be 2-D (samples x features) or 1-D (one feature); "
            f"it has {X.ndim} dimensions, shape {X.shape}."
        )
    if y.ndim != 1:
        raise DataError(
            f"{name}: y must be 1-D (one 0/1 label per sample); it has shape {y.shape}."
        )
    if X.shape[0] != y.shape[0]:
        raise DataError(f"{name}: X has {X.shape[0]} rows but y has {y.shape[0]} labels.")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise DataError(f"{name}: has no data (X has shape {X.shape}).")
    return X, y


# ---------------------------------------------------------------- split and scale


def split_dataset(
    data: Dataset, val_fraction: float, seed: int = 0
) -> tuple[Dataset, Dataset | None]:
    """Stratified random split into training and held-out sets; fraction 0 means no split."""
    if not (np.isfinite(val_fraction) and 0.0 <= val_fraction <= MAX_VAL_FRACTION):
        raise DataError(
            f"held-out fraction must be between 0 and {MAX_VAL_FRACTION} (got {val_fraction!r})."
        )
    if val_fraction == 0:
        return data, None
    n_val = round(data.n_samples * val_fraction)
    if n_val < 1 or n_val > data.n_samples - 1:
        side = "held-out" if n_val < 1 else "training"
        raise DataError(
            f"{data.name}: a held-out fraction of {val_fraction:g} of {data.n_samples} samples "
            f"leaves the {side} set empty. Use more samples or a "
            f"{'larger' if n_val < 1 else 'smaller'} fraction."
        )
    val_index = _stratified_pick(data.y, n_val, np.random.default_rng(seed))
    is_val = np.zeros(data.n_samples, dtype=bool)
    is_val[val_index] = True
    train = _subset(data, ~is_val, f"{data.name} (train)")
    return train, _subset(data, is_val, f"{data.name} (held-out)")


def _stratified_pick(y: np.ndarray, n_val: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of n_val held-out samples, keeping each class's share and both sides two-class."""
    zeros, ones = np.flatnonzero(y == 0), np.flatnonzero(y == 1)
    n0, n1 = len(zeros), len(ones)
    v0 = round(n_val * n0 / (n0 + n1))
    # Feasible class-0 counts, then the narrower range that leaves each class on both sides.
    low, high = max(0, n_val - n1), min(n0, n_val)
    both_low, both_high = max(low, 1, n_val - n1 + 1), min(high, n0 - 1, n_val - 1)
    if both_low <= both_high:
        low, high = both_low, both_high
    v0 = min(max(v0, low), high)
    return np.concatenate([rng.permutation(zeros)[:v0], rng.permutation(ones)[: n_val - v0]])


def _subset(data: Dataset, rows: np.ndarray, name: str) -> Dataset:
    return dataclasses.replace(data, name=name, X=data.X[rows], y=data.y[rows])


def standardise(train: Dataset, val: Dataset | None) -> tuple[Dataset, Dataset | None]:
    """z-score features with the training set's mean and std only, so no held-out data leaks."""
    X = train.X
    constant = X.min(axis=0) == X.max(axis=0)
    # Values near float64's limit (~1e308) overflow in the mean or the spread: caught here and
    # named, rather than numpy warnings on stderr and a "NaN or infinite values" that the file
    # does not contain.
    with np.errstate(over="ignore", invalid="ignore"):
        # A constant column's mean can differ from its value by rounding; use the value so it
        # becomes 0.
        mean = np.where(constant, X[0], X.mean(axis=0))
        std = X.std(axis=0)
        scale = np.where(constant | (std == 0), 1.0, std)
        scaled = [(data.X - mean) / scale for data in (train, val) if data is not None]
    if not (_all_finite(mean) and _all_finite(scale) and all(map(_all_finite, scaled))):
        name = Path(train.source).name if train.source else train.name
        raise DataError(
            f"{name}: values as large as {np.abs(X).max():.3g} overflow when standardised "
            "(their mean or spread exceeds float64's range). Rescale the data before loading, "
            "or train without --standardise."
        )
    train = dataclasses.replace(train, X=scaled[0])
    return train, None if val is None else dataclasses.replace(val, X=scaled[1])


# ---------------------------------------------------------------- saving


def save_csv(data: Dataset, path: str | os.PathLike) -> None:
    """Write "x1,...,xD,label" rows; repr() gives the shortest text that reads back exactly."""
    header = ",".join([f"x{j + 1}" for j in range(data.n_features)] + ["label"])
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header + "\n")
        for features, label in zip(data.X.tolist(), data.y.tolist(), strict=True):
            handle.write(",".join(map(repr, features)) + f",{int(label)}\n")


def save_npz(data: Dataset, path: str | os.PathLike) -> None:
    """Write arrays X and y (np.savez adds ".npz" when the path lacks it)."""
    np.savez(path, X=data.X, y=data.y)
