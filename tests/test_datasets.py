"""Tests for core.datasets: presets, file loading and its refusals, splitting and scaling."""

import dataclasses
import os
import pickle
import zipfile

import numpy as np
import pytest
from scipy.optimize import linprog

from core import datasets
from core.datasets import (
    PRESET_DEFAULT_VAL_FRACTION,
    PRESETS,
    REAL_DATA_PRESETS,
    DataError,
    Dataset,
    load_data_file,
    make_preset,
    save_csv,
    save_npz,
    split_dataset,
    standardise,
)


def linearly_separable(data: Dataset) -> bool:
    """Independent check: is there (w, b) with (2y-1)(w.x + b) >= 1 for every sample? (an LP)"""
    signs = 2 * data.y - 1
    rows = -signs[:, None] * np.hstack([data.X, np.ones((data.n_samples, 1))])
    result = linprog(
        np.zeros(data.n_features + 1),
        A_ub=rows,
        b_ub=-np.ones(data.n_samples),
        bounds=[(None, None)] * (data.n_features + 1),
        method="highs",
    )
    assert result.status in (0, 2), result.message  # 0 feasible, 2 infeasible
    return result.status == 0


# ---------------------------------------------------------------- presets


def test_preset_names_and_order():
    assert list(PRESETS)[:5] == ["seed", "blobs", "overlap", "xor", "overfit"]
    assert all(text.strip() for text in PRESETS.values())
    assert PRESET_DEFAULT_VAL_FRACTION == {"overfit": 0.25}


def test_seed_preset_is_the_notebook_data():
    data = make_preset("seed")
    assert data.name == "seed" and data.source is None
    assert data.X.shape == (400, 784) and data.y.shape == (400,)
    assert data.X.dtype == np.float64 and data.y.dtype == np.float64
    assert data.X.flags.c_contiguous
    assert set(np.unique(data.y)) == {0.0, 1.0}
    assert abs(data.X.mean()) < 0.01
    assert abs(data.X.std() - 1) < 0.01
    assert 0.4 < data.y.mean() < 0.6  # uniform labels, not balanced by construction
    assert data.n_samples == 400 and data.n_features == 784
    assert data.describe() == "seed: 400 samples x 784 features"


def test_seed_preset_uses_a_default_rng_like_the_notebook():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((50, 3))
    y = rng.integers(0, 2, size=50)
    data = make_preset("seed", samples=50, features=3, seed=7)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


# Real data (tests/test_real_datasets.py) is the same whatever the seed.
@pytest.mark.parametrize("name", [name for name in PRESETS if name not in REAL_DATA_PRESETS])
def test_presets_are_deterministic_per_seed(name):
    first = make_preset(name, samples=60, features=5, seed=3)
    again = make_preset(name, samples=60, features=5, seed=3)
    other = make_preset(name, samples=60, features=5, seed=4)
    np.testing.assert_array_equal(first.X, again.X)
    np.testing.assert_array_equal(first.y, again.y)
    assert not np.array_equal(first.X, other.X)


def test_overfit_is_the_seed_data_with_a_default_split():
    seed, overfit = make_preset("seed", seed=5), make_preset("overfit", seed=5)
    np.testing.assert_array_equal(seed.X, overfit.X)
    np.testing.assert_array_equal(seed.y, overfit.y)
    assert overfit.name == "overfit"


def test_tiny_random_preset_still_has_both_classes():
    for seed in range(40):
        assert set(make_preset("seed", samples=2, features=1, seed=seed).y) == {0.0, 1.0}


@pytest.mark.parametrize("name", ["blobs", "overlap", "xor"])
@pytest.mark.parametrize("samples", [2, 7, 400])
def test_2d_presets_are_balanced_and_ignore_features(name, samples):
    data = make_preset(name, samples=samples, features=784)
    assert data.X.shape == (samples, 2)
    assert int(data.y.sum()) == samples - samples // 2  # the odd sample goes to class 1


def test_2d_presets_are_shuffled():
    y = make_preset("blobs").y
    assert 0 < np.count_nonzero(np.diff(y)) and not np.array_equal(y, np.sort(y))


def test_blobs_with_small_noise_are_separable():
    data = make_preset("blobs", noise=0.5)
    assert linearly_separable(data)
    # The centres lie along (1, 1): class 1 sits on the positive side.
    side = data.X @ np.array([1.0, 1.0])
    assert np.all((side > 0) == (data.y == 1))


def test_overlap_is_not_separable():
    assert not linearly_separable(make_preset("overlap"))


def test_xor_follows_the_quadrant_pattern_and_is_not_separable():
    data = make_preset("xor", noise=0.5)
    opposite_signs = data.X[:, 0] * data.X[:, 1] < 0
    assert np.mean(opposite_signs == (data.y == 1)) > 0.99
    assert not linearly_separable(data)


def test_noise_scales_the_spread():
    tight, wide = make_preset("blobs", noise=0.5), make_preset("blobs", noise=2.0)
    spread = [d.X[d.y == 1].std(axis=0).mean() for d in (tight, wide)]
    assert spread[0] == pytest.approx(0.5, rel=0.2) and spread[1] == pytest.approx(2.0, rel=0.2)


@pytest.mark.parametrize(
    "kwargs, phrase",
    [
        ({"name": "nope"}, "seed, blobs, overlap, xor, overfit"),
        ({"name": "seed", "samples": 1}, "samples must be at least 2"),
        ({"name": "blobs", "samples": 0}, "samples must be at least 2"),
        ({"name": "seed", "features": 0}, "features must be at least 1"),
        ({"name": "seed", "samples": 10.5}, "whole number"),
        ({"name": "xor", "noise": 0.0}, "noise must be a positive number"),
        ({"name": "blobs", "noise": -1.0}, "noise must be a positive number"),
        ({"name": "blobs", "noise": float("nan")}, "noise must be a positive number"),
    ],
)
def test_bad_preset_requests(kwargs, phrase):
    with pytest.raises(DataError, match=phrase):
        make_preset(**kwargs)


# ---------------------------------------------------------------- Dataset


def test_dataset_coerces_to_contiguous_float64():
    X = np.arange(12, dtype=np.int32).reshape(4, 3).T[:3]  # non-contiguous integers
    data = Dataset("d", X, np.array([0, 1, 1], dtype=bool))
    assert data.X.dtype == np.float64 and data.X.flags.c_contiguous
    assert data.y.dtype == np.float64
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.name = "other"


@pytest.mark.parametrize(
    "X, y, phrase",
    [
        (np.zeros((3, 2)), np.array([0.0, 1.0]), "3 rows but y has 2"),
        (np.zeros(3), np.array([0.0, 1.0, 1.0]), "2-D"),
        (np.array([[0.0], [np.nan]]), np.array([0.0, 1.0]), "NaN or infinite"),
        (np.zeros((2, 1)), np.array([0.0, 2.0]), "0 or 1"),
    ],
)
def test_dataset_refuses_broken_arrays(X, y, phrase):
    with pytest.raises(DataError, match=phrase):
        Dataset("d", X, y)


# ---------------------------------------------------------------- round trips


def test_csv_round_trip_is_exact(tmp_path):
    data = make_preset("seed", samples=30, features=4, seed=1)
    # Include values whose decimal text is awkward to get back bit for bit.
    X = data.X.copy()
    X[0, :] = [0.1, -0.0, 1e-300, 1 / 3]
    data = Dataset("seed", X, data.y)
    path = tmp_path / "out.csv"
    save_csv(data, path)
    assert path.read_text().splitlines()[0] == "x1,x2,x3,x4,label"
    loaded = load_data_file(path)
    np.testing.assert_array_equal(loaded.X, data.X)
    np.testing.assert_array_equal(loaded.y, data.y)
    assert loaded.name == "out.csv"
    assert loaded.source == os.path.abspath(path)
    assert loaded.describe() == "out.csv: 30 samples x 4 features"


def test_npz_round_trip_is_exact(tmp_path):
    data = make_preset("xor", samples=33, seed=2)
    path = tmp_path / "out.npz"
    save_npz(data, path)
    loaded = load_data_file(path)
    np.testing.assert_array_equal(loaded.X, data.X)
    np.testing.assert_array_equal(loaded.y, data.y)
    assert loaded.name == "out.npz"


@pytest.mark.parametrize(
    "text",
    [
        "1,2,0\n3,4,1\n5,6,1",  # no header, no trailing newline
        "a,b,label\n1,2,0\n3,4,1\n5,6,1\n",  # header
        " 1 , 2 ,0\r\n3,  4,1 \r\n5,6 , 1\r\n\r\n",  # spaces, CRLF, trailing blank line
        "\ufeffx1,x2,y\n1,2,0\n\n3,4,1\n5,6,1.0\n",  # byte-order mark, blank line, 1.0 label
    ],
)
def test_csv_variants_load(tmp_path, text):
    path = tmp_path / "ok.csv"
    path.write_text(text, encoding="utf-8")
    data = load_data_file(path)
    np.testing.assert_array_equal(data.X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(data.y, [0, 1, 1])


def test_csv_with_numeric_header_names_detects_header_by_label_text(tmp_path):
    path = tmp_path / "pandas.csv"
    path.write_text("0,1,label\n1.5,2,1\n3,4,0\n")
    data = load_data_file(path)
    np.testing.assert_array_equal(data.X, [[1.5, 2], [3, 4]])


def test_load_accepts_str_path_and_upper_case_extension(tmp_path):
    path = tmp_path / "DATA.CSV"
    path.write_text("1,0\n2,1\n")
    assert load_data_file(str(path)).X.shape == (2, 1)


@pytest.mark.parametrize(
    "y",
    [
        np.array([True, False, True]),
        np.array([1, 0, 1], dtype=np.int64),
        np.array([1, 0, 1], dtype=np.uint8),
        np.array([[1.0], [0.0], [1.0]]),  # a column vector of labels
    ],
)
def test_npz_accepts_bool_integer_and_column_labels(tmp_path, y):
    path = tmp_path / "ok.npz"
    np.savez(path, X=np.arange(6, dtype=np.int32).reshape(3, 2), y=y)
    data = load_data_file(path)
    assert data.y.dtype == np.float64
    np.testing.assert_array_equal(data.y, [1, 0, 1])
    np.testing.assert_array_equal(data.X, [[0, 1], [2, 3], [4, 5]])


def test_npz_one_dimensional_x_is_one_feature(tmp_path):
    path = tmp_path / "one.npz"
    np.savez_compressed(path, X=np.array([0.5, 1.5, 2.5]), y=np.array([0, 1, 1]))
    assert load_data_file(path).X.shape == (3, 1)


# ---------------------------------------------------------------- bad files


def write_text(name, text):
    def make(tmp_path):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def write_bytes(name, content):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return make


def write_npz(name, **arrays):
    def make(tmp_path):
        path = tmp_path / name
        np.savez(path, **arrays)
        return path

    return make


def missing_file(tmp_path):
    return tmp_path / "missing.csv"


def a_folder(tmp_path):
    path = tmp_path / "folder.csv"
    path.mkdir()
    return path


def npy_renamed(tmp_path):
    path = tmp_path / "single.npz"
    with open(path, "wb") as handle:
        np.save(handle, np.zeros((3, 2)))
    return path


def truncated_npz(tmp_path):
    path = tmp_path / "cut.npz"
    np.savez(path, X=np.zeros((50, 2)), y=np.zeros(50))
    path.write_bytes(path.read_bytes()[:300])
    return path


def corrupt_member_npz(tmp_path):
    path = tmp_path / "crc.npz"
    np.savez(path, X=np.arange(200.0).reshape(100, 2), y=np.arange(100) % 2)
    content = bytearray(path.read_bytes())
    content[400] ^= 0xFF  # inside X's data: the zip's CRC check catches it
    path.write_bytes(bytes(content))
    return path


GOOD_X = np.arange(6.0).reshape(3, 2)
GOOD_Y = np.array([0.0, 1.0, 1.0])

BAD_FILES = [
    ("missing", missing_file, "missing.csv", "not found"),
    ("folder", a_folder, "folder.csv", "is a folder"),
    ("extension", write_text("data.txt", "1,0\n2,1\n"), "data.txt", "use .csv"),
    ("no-extension", write_text("data", "1,0\n2,1\n"), "data", "unsupported file type"),
    ("empty-csv", write_text("empty.csv", ""), "empty.csv", "empty"),
    ("blank-csv", write_text("blank.csv", "\n \n\n"), "blank.csv", "empty"),
    ("empty-npz", write_bytes("empty.npz", b""), "empty.npz", "empty"),
    ("header-only", write_text("head.csv", "x1,x2,label\n"), "head.csv", "no data rows"),
    (
        "non-numeric",
        write_text("bad.csv", "1,2,0\n4,5,1\n3,abc,1\n"),
        "bad.csv",
        "bad.csv: row 3, column 2: 'abc' is not a number",
    ),
    (
        "non-numeric-after-header",
        write_text("bad.csv", "a,b,y\n1,2,0\n3,4,yes\n"),
        "bad.csv",
        "row 3, column 3: 'yes' is not a number",
    ),
    (
        "empty-value",
        write_text("hole.csv", "1,2,0\n3,,1\n"),
        "hole.csv",
        "row 2, column 2 is empty",
    ),
    (
        "semicolons",
        write_text("semi.csv", "1;2;0\n3;4;1\n"),
        "semi.csv",
        "separated by commas",
    ),
    (
        "ragged",
        write_text("ragged.csv", "1,2,0\n3,4,1\n5,1\n6,7,0\n"),
        "ragged.csv",
        "row 3 has 2 values but the first row has 3",
    ),
    (
        "ragged-long",
        write_text("ragged.csv", "x,y,label\n1,2,0\n3,4,5,1\n"),
        "ragged.csv",
        "row 3 has 4 values",
    ),
    ("one-column", write_text("col.csv", "0\n1\n"), "col.csv", "at least 2 columns"),
    (
        "nan-csv",
        write_text("nan.csv", "1,2,0\n3,nan,1\n5,NaN,0\n"),
        "nan.csv",
        "2 values are NaN or infinite; the first is at row 2, column 2",
    ),
    (
        "inf-csv",
        write_text("inf.csv", "x,y,l\n1,2,0\n3,4,1\n-inf,5,1\n"),
        "inf.csv",
        "1 value is NaN or infinite; the first is at row 4, column 1",
    ),
    (
        "overflow-csv",
        write_text("big.csv", "1e999,2,0\n3,4,1\n"),
        "big.csv",
        "NaN or infinite",
    ),
    (
        "labels",
        write_text("lab.csv", "1,0\n2,2\n3,-1\n4,2\n5,1\n"),
        "lab.csv",
        r"labels must be 0 or 1; found -1, 2 \(first at row 2\)",
    ),
    (
        "many-labels",
        write_text("lab.csv", "".join(f"{i},{i}\n" for i in range(10))),
        "lab.csv",
        r"found 2, 3, 4, 5, 6 \(and 3 more\)",
    ),
    (
        "single-class",
        write_text("one.csv", "x,label\n1,1\n2,1\n3,1\n"),
        "one.csv",
        "all labels are 1: logistic regression needs both classes",
    ),
    (
        "binary-csv",
        write_bytes("garbage.csv", bytes(range(256)) * 4),
        "garbage.csv",
        "not a text file",
    ),
    (
        "latin1-csv",
        write_bytes("latin.csv", "caf\xe9,x,label\n1,2,0\n".encode("latin-1")),
        "latin.csv",
        "not UTF-8",
    ),
    (
        "nul-csv",
        write_bytes("nul.csv", b"1,2,0\n3,\x004,1\n"),
        "nul.csv",
        "row 2, column 2",
    ),
    (
        "length-mismatch",
        write_npz("len.npz", X=np.zeros((3, 2)), y=np.array([0.0, 1.0])),
        "len.npz",
        "X has 3 rows but y has 2 labels",
    ),
    ("missing-X", write_npz("nox.npz", features=GOOD_X, y=GOOD_Y), "nox.npz", "no array named 'X'"),
    ("missing-y", write_npz("noy.npz", X=GOOD_X, labels=GOOD_Y), "noy.npz", "found: X, labels"),
    (
        "object-X",
        write_npz("obj.npz", X=np.array([[1, "a"], [2, None]], dtype=object), y=GOOD_Y[:2]),
        "obj.npz",
        "pickled Python objects",
    ),
    (
        "object-y",
        write_npz("obj.npz", X=GOOD_X, y=np.array([0, 1, {}], dtype=object)),
        "obj.npz",
        "never loaded for safety",
    ),
    ("X-3d", write_npz("cube.npz", X=np.zeros((3, 2, 2)), y=GOOD_Y), "cube.npz", "3 dimensions"),
    ("X-0d", write_npz("dot.npz", X=np.float64(1.0), y=GOOD_Y), "dot.npz", "0 dimensions"),
    ("y-2d", write_npz("wide.npz", X=GOOD_X, y=np.zeros((3, 2))), "wide.npz", "y must be 1-D"),
    (
        "X-empty",
        write_npz("none.npz", X=np.zeros((0, 2)), y=np.zeros(0)),
        "none.npz",
        "has no data",
    ),
    (
        "X-text",
        write_npz("txt.npz", X=np.array([["a", "b"]] * 3), y=GOOD_Y),
        "txt.npz",
        "X holds text",
    ),
    (
        "X-complex",
        write_npz("cplx.npz", X=GOOD_X + 1j, y=GOOD_Y),
        "cplx.npz",
        "complex numbers",
    ),
    (
        "nan-npz",
        write_npz("nan.npz", X=np.array([[0.0, 1.0], [2.0, np.nan], [np.inf, 5.0]]), y=GOOD_Y),
        "nan.npz",
        r"2 values are NaN or infinite; the first is at X\[1, 1\]",
    ),
    (
        "nan-y",
        write_npz("nany.npz", X=GOOD_X, y=np.array([0.0, np.nan, 1.0])),
        "nany.npz",
        r"at y\[1\]",
    ),
    (
        "labels-npz",
        write_npz("lab.npz", X=GOOD_X, y=np.array([0, 1, 3])),
        "lab.npz",
        r"found 3 \(first at y\[2\]\)",
    ),
    (
        "single-class-npz",
        write_npz("zero.npz", X=GOOD_X, y=np.zeros(3, dtype=bool)),
        "zero.npz",
        "all labels are 0: logistic regression needs both classes",
    ),
    (
        "pickle-npz",
        write_bytes("pickle.npz", pickle.dumps({"X": [[1.0]], "y": [1]})),
        "pickle.npz",
        "not a valid .npz",
    ),
    ("text-npz", write_text("text.npz", "1,2,0\n3,4,1\n"), "text.npz", "not a valid .npz"),
    ("truncated-npz", truncated_npz, "cut.npz", "not a valid .npz"),
    ("corrupt-npz", corrupt_member_npz, "crc.npz", "damaged"),
    ("npy-as-npz", npy_renamed, "single.npz", "single array"),
]


@pytest.mark.parametrize(
    "make, filename, phrase", [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, make, filename, phrase):
    path = make(tmp_path)
    with pytest.raises(DataError, match=phrase) as caught:
        load_data_file(path)
    assert str(caught.value).startswith(f"{filename}: ")


def test_pickled_npz_is_never_unpickled(tmp_path, monkeypatch):
    path = tmp_path / "evil.npz"
    np.savez(path, X=np.array([object()], dtype=object), y=GOOD_Y)
    unpickled = []
    monkeypatch.setattr("pickle.loads", lambda *a, **k: unpickled.append(a))
    monkeypatch.setattr("pickle.load", lambda *a, **k: unpickled.append(a))
    with pytest.raises(DataError, match="evil.npz: contains pickled"):
        load_data_file(path)
    assert unpickled == []


def test_permission_error_becomes_data_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.csv"
    path.write_text("1,0\n2,1\n")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Running as root ignores chmod, so make open() itself refuse.
    monkeypatch.setattr(datasets, "open", refuse, raising=False)
    with pytest.raises(DataError, match="locked.csv: cannot be read \\(permission denied\\)"):
        load_data_file(path)


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    path.write_text("1,0\n2,1\n")
    monkeypatch.setattr(datasets, "MAX_FILE_BYTES", 4)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(datasets, "open", no_reading, raising=False)
    with pytest.raises(DataError, match="huge.csv: .*larger than .* GB are refused"):
        load_data_file(path)


def test_real_size_limit_is_two_gigabytes(tmp_path):
    assert datasets.MAX_FILE_BYTES == 2 * 1024**3
    path = tmp_path / "sparse.csv"
    with open(path, "wb") as handle:
        handle.truncate(datasets.MAX_FILE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(DataError, match="sparse.csv: is 2.0 GB"):
        load_data_file(path)


def test_npz_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, X=np.zeros((2000, 2)), y=np.arange(2000) % 2)
    assert path.stat().st_size < 4000
    monkeypatch.setattr(datasets, "MAX_FILE_BYTES", 20_000)
    with pytest.raises(DataError, match="bomb.npz: unpacks to"):
        load_data_file(path)


def test_npz_members_are_read_from_a_real_zip(tmp_path):
    # Guards the corrupt-npz case: the corruption must really be inside a valid zip.
    path = corrupt_member_npz(tmp_path)
    assert zipfile.is_zipfile(path)


# ---------------------------------------------------------------- split


def labelled(n_zeros, n_ones, features=2):
    y = np.array([0.0] * n_zeros + [1.0] * n_ones)
    X = np.arange(len(y) * features, dtype=float).reshape(len(y), features)
    return Dataset("d", X, y)


def test_zero_fraction_means_no_split():
    data = labelled(5, 5)
    train, val = split_dataset(data, 0.0)
    assert train is data and val is None


@pytest.mark.parametrize("n, fraction", [(400, 0.25), (10, 0.5), (7, 0.3), (3, 0.5), (101, 0.9)])
def test_split_sizes_partition_the_data(n, fraction):
    data = make_preset("seed", samples=n, features=3)
    train, val = split_dataset(data, fraction)
    assert val.n_samples == round(n * fraction)
    assert train.n_samples + val.n_samples == n
    assert train.name == "seed (train)" and val.name == "seed (held-out)"
    # Every sample lands on exactly one side.
    rows = np.vstack([train.X, val.X])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, data.X))


def test_split_is_stratified():
    data = labelled(300, 100)
    train, val = split_dataset(data, 0.25, seed=1)
    assert (val.n_samples, int(val.y.sum())) == (100, 25)
    assert (train.n_samples, int(train.y.sum())) == (300, 75)


def test_split_keeps_both_classes_on_both_sides_when_possible():
    data = labelled(18, 2)  # proportional share would put no class-1 sample in 2 held-out
    train, val = split_dataset(data, 0.1)
    assert set(train.y) == {0.0, 1.0} and set(val.y) == {0.0, 1.0}


def test_split_is_deterministic_per_seed():
    data = make_preset("seed", samples=100, features=2)
    a, b, c = (split_dataset(data, 0.3, seed=s)[1] for s in (4, 4, 5))
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("fraction", [-0.1, 0.95, 1.0, float("nan")])
def test_split_fraction_out_of_range(fraction):
    with pytest.raises(DataError, match="between 0 and 0.9"):
        split_dataset(labelled(10, 10), fraction)


@pytest.mark.parametrize(
    "n, fraction, phrase",
    [(4, 0.1, "held-out set empty"), (2, 0.9, "training set empty")],
)
def test_split_that_leaves_a_side_empty(n, fraction, phrase):
    with pytest.raises(DataError, match=f"d: .*{phrase}.*(more samples|fraction)"):
        split_dataset(labelled(n // 2, n - n // 2), fraction)


# ---------------------------------------------------------------- standardise


def test_standardise_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    train = Dataset("t", rng.normal(5.0, 3.0, (50, 3)), np.arange(50) % 2)
    val = Dataset("v", rng.normal(-4.0, 0.5, (20, 3)), np.arange(20) % 2)
    new_train, new_val = standardise(train, val)
    np.testing.assert_allclose(new_train.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(new_train.X.std(axis=0), 1, atol=1e-12)
    mean, std = train.X.mean(axis=0), train.X.std(axis=0)
    np.testing.assert_allclose(new_val.X, (val.X - mean) / std)
    assert abs(new_val.X.mean()) > 1  # the held-out set keeps its shift: no leak of its stats
    np.testing.assert_array_equal(new_val.y, val.y)
    assert new_train.name == "t" and new_val.name == "v"


def test_standardise_zero_std_column_is_centred_not_divided():
    X = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]])
    train = Dataset("t", X, np.array([0, 1, 1]))
    val = Dataset("v", np.array([[0.6, 2.0]]), np.array([1]))
    new_train, new_val = standardise(train, val)
    np.testing.assert_array_equal(new_train.X[:, 0], 0.0)
    assert new_val.X[0, 0] == pytest.approx(0.5)
    assert np.all(np.isfinite(new_train.X)) and np.all(np.isfinite(new_val.X))


def test_standardise_without_held_out_set():
    train = make_preset("blobs", samples=20)
    new_train, new_val = standardise(train, None)
    assert new_val is None
    np.testing.assert_allclose(new_train.X.std(axis=0), 1, atol=1e-12)
    assert train.X.std(axis=0)[0] != pytest.approx(1)  # the original is untouched
