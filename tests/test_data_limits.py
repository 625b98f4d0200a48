"""Data files that would cost memory out of proportion to their size are refused before the
memory is taken, with a message naming the file; CSV headers are told from data by a stated
rule; --standardise overflow is named; a file checked once is not parsed again."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

from core import datasets
from core.datasets import DataError, load_data_file, split_dataset, standardise


def npy_bytes(shape, descr="<f8", data=b"") -> bytes:
    stream = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        stream, {"descr": descr, "fortran_order": False, "shape": shape})
    return stream.getvalue() + data


def write_npz(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, content in members.items():
            archive.writestr(f"{key}.npy", content)


def good_y(n: int) -> bytes:
    return npy_bytes((n,), data=np.tile([0.0, 1.0], n // 2).tobytes())


def peak_bytes_of(load) -> int:
    tracemalloc.start()
    try:
        try:
            load()
        except DataError:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_small_npz_declaring_a_huge_array_is_refused_before_allocating(tmp_path):
    path = tmp_path / "huge.npz"
    # 10^6 x 10^5 float64 = 800 GB declared, 64 bytes of data.
    write_npz(path, {"X": npy_bytes((10**6, 10**5), data=bytes(64)), "y": good_y(4)})
    assert path.stat().st_size < 2000
    with pytest.raises(DataError) as caught:
        load_data_file(path)
    message = str(caught.value)
    assert message.startswith("huge.npz: ") and "damaged" in message
    assert peak_bytes_of(lambda: load_data_file(path)) < 10 * 1024**2


def test_a_consistent_npz_over_the_memory_cap_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_ARRAY_BYTES", 8 * 1000)
    path = tmp_path / "big.npz"
    np.savez(path, X=np.zeros((600, 2)), y=np.tile([0.0, 1.0], 300))
    with pytest.raises(DataError, match=r"^big\.npz: declares 1,800 values .* is refused"):
        load_data_file(path)


def test_a_decompression_bomb_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.npz"
    content = npy_bytes((4, 2), data=bytes(64))
    write_npz(path, {"X": content, "y": good_y(4)})
    # A real bomb takes minutes to build; what gives it away is the same: the sizes the zip
    # declares, here set to 3 GB in its directory (which zipfile trusts).
    size = struct.pack("<I", len(content))
    path.write_bytes(path.read_bytes().replace(size, struct.pack("<I", 3 * 1024**3)))
    with pytest.raises(DataError, match=r"^bomb\.npz: unpacks to 3\.0 GB"):
        load_data_file(path)
    assert peak_bytes_of(lambda: load_data_file(path)) < 10 * 1024**2


def test_an_oversized_npy_header_is_not_called_a_pickle(tmp_path):
    header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"
    header = header + b" " * (20_000 - len(header) - 1) + b"\n"
    member = b"\x93NUMPY\x02\x00" + struct.pack("<I", len(header)) + header + bytes(16)
    path = tmp_path / "header.npz"
    write_npz(path, {"X": member, "y": good_y(2)})
    with pytest.raises(DataError) as caught:
        load_data_file(path)
    message = str(caught.value)
    assert message.startswith("header.npz: ") and "header too large" in message
    assert "pickle" not in message


def test_an_object_array_is_still_called_pickled(tmp_path):
    path = tmp_path / "objects.npz"
    write_npz(path, {"X": npy_bytes((2, 1), descr="|O", data=bytes(16)), "y": good_y(2)})
    with pytest.raises(DataError, match=r"^objects\.npz: contains pickled Python objects"):
        load_data_file(path)


def test_a_file_of_nul_bytes_is_refused_at_once_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "zeros.csv"
    with open(path, "wb") as handle:
        handle.truncate(300 * 1024**2)  # sparse: 300 MB of NUL bytes
    parsed = []
    monkeypatch.setattr(datasets, "_read_csv_rows", lambda *a: parsed.append(a))
    with pytest.raises(DataError, match=r"^zeros\.csv: is not a text file \(row 1, column 1"):
        load_data_file(path)
    assert parsed == []
    assert peak_bytes_of(lambda: load_data_file(path)) < 1024**2


def test_a_csv_without_line_breaks_is_refused_by_line_length(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_CSV_LINE_CHARS", 1000)
    path = tmp_path / "one-line.csv"
    path.write_text("1," * 5000 + "0\n")
    with pytest.raises(DataError, match=r"^one-line\.csv: line 1 is longer than"):
        load_data_file(path)


def test_a_csv_over_the_memory_cap_is_refused_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "MAX_ARRAY_BYTES", 8 * 3 * 100)
    path = tmp_path / "long.csv"
    path.write_text("".join(f"{i},{i % 2}\n" for i in range(150)) + "1,0\n")
    with pytest.raises(DataError, match=r"^long\.csv: holds at least .* is refused"):
        load_data_file(path)


def test_csv_memory_stays_near_the_size_of_its_values(tmp_path):
    rows, columns = 20_000, 20
    rng = np.random.default_rng(0)
    X = rng.standard_normal((rows, columns))
    y = np.arange(rows) % 2
    path = tmp_path / "wide.csv"
    path.write_text("".join(",".join(map(repr, r)) + f",{int(label)}\n"
                            for r, label in zip(X.tolist(), y, strict=True)))
    values_bytes = rows * (columns + 1) * 8
    peak = peak_bytes_of(lambda: load_data_file(path))
    # A list of Python floats took ~9x the file; the array plus its copies for X and y is
    # about 3x the values (the features, the labels and the parsed table).
    assert peak < 3.5 * values_bytes, (peak, values_bytes)
    data = load_data_file(path)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


@pytest.mark.parametrize("text, phrase", [
    ("0x10,2,1\n3,4,0\n", r"row 1, column 1: '0x10' is not a number"),
    ("1,2,0,\n3,4,1,\n", r"row 1, column 4 is empty"),
    ("1,2,0x1\n3,4,0\n", r"row 1, column 3: '0x1' is not a number"),
])
def test_a_first_row_with_a_number_like_label_is_data_not_a_header(tmp_path, text, phrase):
    path = tmp_path / "first.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=rf"^first\.csv: {phrase}"):
        load_data_file(path)


@pytest.mark.parametrize("header", ["x1,x2,label", "0,1,label", " a , b , y "])
def test_a_first_row_whose_label_is_a_name_is_a_header(tmp_path, header):
    path = tmp_path / "named.csv"
    path.write_text(f"{header}\n1.5,2,1\n3,4,0\n")
    np.testing.assert_array_equal(load_data_file(path).X, [[1.5, 2], [3, 4]])


def test_standardising_values_near_the_float64_limit_names_the_overflow(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("1e308,0\n1.5e308,1\n-1.7e308,0\n1e308,1\n")
    train, val = split_dataset(load_data_file(path), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no raw numpy RuntimeWarning either
        with pytest.raises(DataError) as caught:
            standardise(train, val)
    message = str(caught.value)
    assert message.startswith("huge.csv: ") and "overflow" in message
    assert "NaN" not in message


def test_a_file_loaded_twice_unchanged_is_parsed_once(tmp_path, monkeypatch):
    path = tmp_path / "once.csv"
    path.write_text("1,0\n2,1\n")
    first = load_data_file(path)
    monkeypatch.setattr(datasets, "_read_csv_rows", lambda *a: pytest.fail("parsed again"))
    assert load_data_file(str(path)) is first
    monkeypatch.undo()
    time.sleep(0.01)
    path.write_text("1,0\n2,1\n3,0\n")  # changed: read again
    assert load_data_file(path).n_samples == 3
