"""core/ never imports Qt (docs/ARCHITECTURE.md §3): checked by importing it and by reading its
sources."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "core"
QT_PACKAGES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "pyqtgraph", "shiboken6", "qtpy", "superqt")


def core_modules() -> list[str]:
    return sorted(f"core.{path.stem}" for path in CORE.glob("*.py") if path.stem != "__init__")


def test_core_has_the_expected_modules():
    expected = {"config", "model", "devices", "steppers", "engine", "history", "lesson", "cli",
                "headless", "datasets"}
    assert expected <= {name.split(".")[1] for name in core_modules()}


def test_importing_all_of_core_loads_no_qt():
    modules = core_modules()
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONSTARTUP"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(modules) <= set(loaded)  # the check really imported them
    assert "torch" in loaded  # ... including the engine's dependencies
    qt = [name for name in loaded if name.split(".")[0] in QT_PACKAGES]
    assert qt == []


IMPORT_OF_QT = re.compile(
    r"^\s*(?:from|import)\s+(?:" + "|".join(QT_PACKAGES) + r")\b|"
    r"""import_module\(\s*["'](?:""" + "|".join(QT_PACKAGES) + r")",
    re.MULTILINE,
)


def test_core_sources_contain_no_qt_import():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for match in IMPORT_OF_QT.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.name}: {match.group(0).strip()}")
    assert offenders == []


def test_the_static_check_would_see_a_qt_import():
    samples = ["from PySide6.QtCore import QObject", "import pyqtgraph as pg",
               "    import shiboken6", "importlib.import_module('PySide6.QtWidgets')"]
    assert all(IMPORT_OF_QT.search(sample) for sample in samples)
    assert not IMPORT_OF_QT.search("# the window (PySide6) shows this")
