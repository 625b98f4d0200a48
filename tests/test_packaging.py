"""pyproject.toml's runtime dependencies are what the application imports: every module that
main.py, core/ or gui/ imports comes with `pip install .` (scipy draws the exact optimum in the
cost panel, a teaching feature, so it is not left to the test extra), and every dependency is
imported by something (one that nothing imports only costs an install). And `.ci/run` runs
exactly README.md's test command, so that what CI passes is what a new user runs."""

from __future__ import annotations

import ast
import functools
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = {"core", "gui", "main"}
# Imports that a feature tries and does without (each in an extra of pyproject.toml): module ->
# (extra, distribution). core/animation.py looks for imageio-ffmpeg's ffmpeg for .mp4 files.
OPTIONAL = {"imageio_ffmpeg": ("mp4", "imageio-ffmpeg")}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # a distribution's name as pip compares it


def requirement_name(requirement: str) -> str:
    return normalise(re.match(r"[A-Za-z0-9._-]+", requirement.strip()).group(0))


def declared_dependencies() -> set[str]:
    """The names in [project] dependencies (read as text: tomllib is not in Python 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.DOTALL | re.MULTILINE)
    assert block, "pyproject.toml has no [project] dependencies list"
    return {requirement_name(r)
            for r in re.findall(r'^\s*"([^"]+)"', block.group(1), re.MULTILINE)}


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the files that import it, for modules outside the project and the
    standard library (imports inside functions included: scipy's are)."""
    found: dict[str, set[str]] = {}
    sources = [ROOT / "main.py", *(ROOT / "core").rglob("*.py"), *(ROOT / "gui").rglob("*.py")]
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in OWN and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


@functools.cache
def installed_modules() -> dict[str, list[str]]:
    return metadata.packages_distributions()  # reads every installed package's file list


def providers(module: str) -> set[str]:
    """The installed distributions that provide `module` (e.g. PySide6 -> pyside6-essentials)."""
    return {normalise(name) for name in installed_modules().get(module, [])}


def requirements_of(distribution: str) -> set[str]:
    """What an installed distribution itself needs, extras left out (e.g. shiboken6)."""
    return {requirement_name(r) for r in metadata.requires(distribution) or []
            if "extra ==" not in r}


def test_the_import_scan_sees_imports_inside_functions():
    assert {"numpy", "torch", "PySide6", "pyqtgraph"} <= set(third_party_imports())
    assert "core/optimum.py" in third_party_imports().get("scipy", set())


def test_every_imported_module_is_a_runtime_dependency():
    declared = declared_dependencies()
    brought = declared | {name for dependency in declared for name in requirements_of(dependency)}
    missing = {module: sorted(files) for module, files in third_party_imports().items()
               if not providers(module) & brought and module not in OPTIONAL}
    assert missing == {}, (
        f"imported but not brought by pyproject.toml's dependencies: {missing}")


def test_optional_imports_are_declared_as_extras():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extras = text.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    for module, (extra, distribution) in OPTIONAL.items():
        line = re.search(rf"^{extra} = \[(.*)\]", extras, re.MULTILINE)
        assert line and distribution in {requirement_name(r) for r in
                                         re.findall(r'"([^"]+)"', line.group(1))}, module


def test_every_runtime_dependency_is_imported():
    imported = {name for module in third_party_imports() for name in providers(module)}
    unused = sorted(declared_dependencies() - imported)
    assert unused == [], f"dependencies that no code imports: {unused}"


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "README.md's 'Run the tests' has no bash block"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0].strip()


def test_ci_runs_exactly_readmes_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()
    assert script[-1].strip() == readme_test_command()
    assert "|| true" not in "\n".join(script)  # a failing test run fails CI
