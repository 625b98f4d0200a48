"""Bring the translations up to date with the code. From the repository root:

    python resources/i18n/update_translations.py

1. writes gui/core_texts.py: the texts of core's tables that the window shows (the settings'
   labels and help, the presets' descriptions) and of the bundled ready lessons (each one's
   title, text and reason for its locks), marked for lupdate, which sees only literal
   strings in calls such as translate("Context", "text") (core/ never imports Qt);
2. runs pyside6-lupdate over gui/ into lrlab_<language>.ts: a new or changed string comes in
   as an unfinished entry, a string gone from the code is dropped;
3. runs pyside6-lrelease: lrlab_<language>.qm, which the window loads (gui/i18n.py).

Then translate the unfinished entries (Qt Linguist: `pyside6-linguist
resources/i18n/lrlab_zh_CN.ts`, or in a text editor: fill <translation> and remove
type="unfinished") and run this again, which compiles them. tests/test_i18n.py fails while an
entry is unfinished or the .qm is older than the .ts (docs/ARCHITECTURE.md §14).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from core.datasets import PRESETS  # noqa: E402
from core.ready_lessons import READY_LESSONS, load_ready_lesson  # noqa: E402
from core.settings_table import SETTINGS  # noqa: E402

FOLDER = ROOT / "resources" / "i18n"
CORE_TEXTS = ROOT / "gui" / "core_texts.py"
LANGUAGES = ("zh_CN",)  # English is the source language: it needs no file
CORE_TEXTS_HEADER = '''"""Made from core's tables by resources/i18n/update_translations.py.

Never edit it. The texts of core/settings_table.py (each setting's label and help),
core/datasets.py (each preset's description) and the ready lessons of resources/lessons (each
one's title, text and reason for its locks) that the window shows, marked for
pyside6-lupdate, which collects only literal strings from gui/. The window translates them in
the contexts named here (gui/controls.py, gui/lesson_guide.py, gui/lessons_menu.py);
tests/test_i18n.py checks that this file matches the tables and the lessons."""

# ruff: noqa: E501

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEXTS = (
'''


def ts_file(language: str) -> Path:
    return FOLDER / f"lrlab_{language}.ts"


def qm_file(language: str) -> Path:
    return FOLDER / f"lrlab_{language}.qm"


def core_texts_source() -> str:
    """gui/core_texts.py as the tables make it now."""
    entries = [("Setting", text) for setting in SETTINGS.values()
               for text in (setting.label, setting.help)]
    entries += [("Preset", description) for description in PRESETS.values()]
    entries += [("Lesson", text) for text in ready_lesson_texts()]
    lines = [f"    QT_TRANSLATE_NOOP({json.dumps(context)}, "
             f"{json.dumps(text, ensure_ascii=False)}),"
             for context, text in dict.fromkeys(entries)]
    return CORE_TEXTS_HEADER + "\n".join(lines) + "\n)\n"


def ready_lesson_texts() -> list[str]:
    """The title, text and reason for the locks of every ready lesson, in teaching order (a
    lesson file's own texts: a user's lesson is shown as written, a bundled one translated)."""
    texts = []
    for name in READY_LESSONS:
        lesson = load_ready_lesson(name)
        texts += [text for text in (lesson.title, lesson.text, lesson.locked_reason) if text]
    return texts


def sources() -> list[Path]:
    """The files whose strings are translated: every module of gui/ (core_texts.py included)."""
    return sorted((ROOT / "gui").rglob("*.py"))


def qt_tool(name: str) -> str:
    """A Qt tool that ships inside PySide6 (lupdate, lrelease), as pyside6-<name> runs it."""
    package = importlib.util.find_spec("PySide6").submodule_search_locations[0]
    suffix = ".exe" if sys.platform == "win32" else ""
    return str(Path(package).resolve() / f"{name}{suffix}")


def run_lupdate(ts: Path, language: str) -> None:
    """Merge the strings of sources() into `ts` (made if missing). No line numbers: they
    would change with every edit of gui/ and make merges of the .ts conflict."""
    command = [qt_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
               "-source-language", "en", "-target-language", language,
               *map(str, sources()), "-ts", str(ts)]
    subprocess.run(command, check=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    CORE_TEXTS.write_text(core_texts_source(), encoding="utf-8")
    for language in LANGUAGES:
        run_lupdate(ts_file(language), language)
        run_lrelease(ts_file(language), qm_file(language))
        text = ts_file(language).read_text(encoding="utf-8")
        unfinished = text.count('type="unfinished"')
        print(f"{ts_file(language).relative_to(ROOT)}: {unfinished} unfinished entries"
              + ("; translate them and run this again" if unfinished else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
