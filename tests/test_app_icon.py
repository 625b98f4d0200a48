"""The application icon (resources/icons) on the application and its windows, the Linux desktop
entry (resources/logistic-regression-lab.desktop), and both shipped as package data."""

from __future__ import annotations

import configparser
import fnmatch
import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
DESKTOP = ROOT / "resources" / "logistic-regression-lab.desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICON_FILES = [f"logistic-regression-lab-{size}.png" for size in SIZES] + [
    "logistic-regression-lab.svg"]


def test_each_png_size_is_a_square_rgba_picture_of_that_size():
    for size in SIZES:
        with Image.open(ICONS / f"logistic-regression-lab-{size}.png") as image:
            assert image.format == "PNG" and image.size == (size, size)
            assert image.mode == "RGBA"
            alpha = image.getchannel("A")
            assert alpha.getextrema() == (0, 255)  # transparent corners, an opaque middle
            assert alpha.getpixel((size // 2, size // 2)) == 255


def test_the_application_and_its_window_carry_the_icon(qapp, make_window):
    from PySide6.QtCore import QCoreApplication, QSize

    from core.config import TrainingConfig
    from gui.app import DESKTOP_NAME, application_icon, create_application

    icon = application_icon()
    assert not icon.isNull()
    assert {(s.width(), s.height()) for s in icon.availableSizes()} == {(n, n) for n in SIZES}
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    try:
        app = create_application()
        assert app is qapp
        assert {s.width() for s in app.windowIcon().availableSizes()} == set(SIZES)
        assert app.desktopFileName() == DESKTOP_NAME
        window = make_window(TrainingConfig(dataset="blobs", iterations=10, device="cpu"))
        assert {s.width() for s in window.windowIcon().availableSizes()} == set(SIZES)
        assert window.windowIcon().pixmap(QSize(48, 48)).width() == 48
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_desktop_entry_starts_the_installed_command_with_the_icon():
    entry = desktop_entry()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    script = re.search(r'^\[project\.scripts\]\n([\w-]+) = "main:main"', pyproject,
                       re.MULTILINE).group(1)
    assert entry["Exec"] == script == "logistic-regression-lab"
    assert entry["Icon"] == "logistic-regression-lab"  # a theme name: the PNGs' stem
    assert all(name.startswith(entry["Icon"]) for name in ICON_FILES)
    assert entry["Name"] == "Logistic Regression Lab"
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Education" in entry["Categories"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_the_desktop_entry_is_valid():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                            text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_pyproject_ships_the_icon_and_the_desktop_entry_as_package_data():
    """Each file matches a package-data pattern of its package (read as text: tomllib is
    not in Python 3.10), and resources/icons is a package that packages.find includes."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    table = text.split("[tool.setuptools.package-data]", 1)[1].split("\n[", 1)[0]
    patterns = {key: re.findall(r'"([^"]+)"', value) for key, value in
                re.findall(r'^"([^"]+)" = \[(.*?)\]', table, re.MULTILINE)}
    assert (ICONS / "__init__.py").is_file()

    def shipped(package: str, name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern)
                   for pattern in patterns.get(package, []) + patterns.get("*", []))

    for name in ICON_FILES:
        assert shipped("resources.icons", name), name
    assert shipped("resources", DESKTOP.name)


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None,
                    reason="setuptools not installed: the wheel cannot be built offline")
def test_a_wheel_holds_the_icon_and_the_desktop_entry(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("core", "gui", "resources"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.npz"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--no-build-isolation", "--no-index", "-q", "-w",
                             str(tmp_path / "wheel"), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ICON_FILES:
        assert f"resources/icons/{name}" in names
    assert "resources/logistic-regression-lab.desktop" in names
    assert "resources/icons/make_icons.py" in names  # the recipe travels with the pictures
