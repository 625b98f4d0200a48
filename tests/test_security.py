"""Files are never unpickled (docs/ARCHITECTURE.md §8): static checks over the application's
sources, and malicious files whose payload would leave a marker file behind if anything unpickled
them."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from core.config import TrainingConfig
from core.datasets import DataError, load_data_file
from core.session import RunState

ROOT = Path(__file__).resolve().parents[1]
PICKLE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "shelve", "joblib",
                  "marshal"}


def sources() -> list[Path]:
    files = sorted([*(ROOT / "core").rglob("*.py"), *(ROOT / "gui").rglob("*.py"),
                    ROOT / "main.py"])
    assert len(files) > 10 and ROOT / "core" / "datasets.py" in files
    return files


def parsed() -> list[tuple[str, ast.AST]]:
    return [(str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path)))
            for path in sources()]


def calls(tree: ast.AST):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def dotted(node: ast.AST) -> str:
    """'np.load' for np.load, 'eval' for eval, '' for anything more complex."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def is_constant(node, value) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def where(name: str, node: ast.AST) -> str:
    return f"{name}:{node.lineno}"


# ---------------------------------------------------------------- static checks


def test_no_pickle_module_is_imported_or_used():
    found = []
    for name, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [where(name, node) for alias in node.names
                          if alias.name.split(".")[0] in PICKLE_MODULES]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.split(".")[0] in PICKLE_MODULES:
                    found.append(where(name, node))
            elif isinstance(node, ast.Attribute) and dotted(node).split(".")[0] in PICKLE_MODULES:
                found.append(where(name, node))
    assert found == []


def test_nothing_enables_pickle_loading():
    found = [where(name, call) for name, tree in parsed() for call in calls(tree)
             if is_constant(keyword(call, "allow_pickle"), True)
             or (any(k.arg is None for k in call.keywords)  # **options could hide allow_pickle
                 and dotted(call.func).endswith("load"))]
    assert found == []


def test_no_eval_or_exec():
    found = [where(name, call) for name, tree in parsed() for call in calls(tree)
             if dotted(call.func) in ("eval", "exec", "builtins.eval", "builtins.exec",
                                      "compile", "__import__")]
    assert found == []


def test_every_np_load_refuses_pickles_explicitly():
    loads = [(name, call) for name, tree in parsed() for call in calls(tree)
             if dotted(call.func) in ("np.load", "numpy.load")]
    assert loads, "no np.load found: the check looks in the wrong place"
    missing = [where(name, call) for name, call in loads
               if not is_constant(keyword(call, "allow_pickle"), False)]
    assert missing == []


def test_torch_load_is_never_used_on_files():
    """torch.load unpickles unless weights_only=True."""
    found = [where(name, call) for name, tree in parsed() for call in calls(tree)
             if dotted(call.func) == "torch.load"
             and not is_constant(keyword(call, "weights_only"), True)]
    assert found == []


# ---------------------------------------------------------------- malicious files


class Payload:
    """Unpickling this creates `marker` (a harmless stand-in for arbitrary code)."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def object_npz(path: Path, marker: Path, key: str = "X") -> Path:
    arrays = {"X": np.zeros((3, 2)), "y": np.array([0.0, 1.0, 1.0])}
    arrays[key] = np.array([Payload(marker), 1, 2], dtype=object)
    np.savez(path, **arrays)
    return path


def raw_pickle(path: Path, marker: Path) -> Path:
    path.write_bytes(pickle.dumps({"X": Payload(marker), "y": [0, 1]}))
    return path


def npy_pickle(path: Path, marker: Path) -> Path:
    with open(path, "wb") as handle:
        np.save(handle, np.array([Payload(marker)], dtype=object), allow_pickle=True)
    return path


MALICIOUS = {
    "object-X-npz": lambda folder, marker: object_npz(folder / "evil.npz", marker, "X"),
    "object-y-npz": lambda folder, marker: object_npz(folder / "evil.npz", marker, "y"),
    "raw-pickle-as-npz": lambda folder, marker: raw_pickle(folder / "evil.npz", marker),
    "pickled-npy-as-npz": lambda folder, marker: npy_pickle(folder / "evil.npz", marker),
    "raw-pickle-as-csv": lambda folder, marker: raw_pickle(folder / "evil.csv", marker),
}


def test_the_payload_really_runs_when_unpickled(tmp_path):
    """The control: numpy with allow_pickle=True does run it, so a marker would appear."""
    marker = tmp_path / "control-marker"
    path = object_npz(tmp_path / "control.npz", marker)
    with np.load(path, allow_pickle=True) as archive:
        archive["X"]
    assert marker.exists()
    marker2 = tmp_path / "control-marker-2"
    pickle.loads(raw_pickle(tmp_path / "control.pkl", marker2).read_bytes())
    assert marker2.exists()


@pytest.mark.parametrize("make", list(MALICIOUS.values()), ids=list(MALICIOUS))
def test_core_refuses_a_malicious_file_without_running_it(tmp_path, make):
    marker = tmp_path / "marker"
    path = make(tmp_path, marker)
    with pytest.raises(DataError) as caught:
        load_data_file(path)
    assert str(caught.value).startswith(f"{path.name}: ")
    assert not marker.exists(), "the payload ran: the file was unpickled"


@pytest.mark.parametrize("make", list(MALICIOUS.values()), ids=list(MALICIOUS))
def test_the_window_refuses_a_malicious_file_without_running_it(qtbot, tmp_path, make):
    from gui.main_window import MainWindow

    marker = tmp_path / "marker"
    path = make(tmp_path, marker)
    config = TrainingConfig(samples=40, features=5, iterations=20, device="cpu")
    window = MainWindow(config, threads=1)
    try:
        window.show()
        qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=20000)
        assert window.files.open_data_file(str(path)) is False
        qtbot.wait(200)  # time for a worker that wrongly got the file to load it
        dialog = window.findChild(QMessageBox, "problemDialog")
        assert dialog is not None and path.name in dialog.text()
        assert window.engine_info.config == config
        assert not marker.exists(), "the payload ran: the file was unpickled"
    finally:
        window.close()
        if not window.worker_thread.isRunning():
            shiboken6.delete(window)  # now, not at a random moment by the garbage collector
