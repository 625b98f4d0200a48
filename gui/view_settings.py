"""What the window remembers between sessions, typed: each value is read back validated, so a
store holding garbage (an old version's keys, a hand-edited file) opens the defaults, never a
traceback. The store is QSettings (tests point it at a temporary folder: tests/conftest.py)."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings

from core.cli import FONT_SCALE_RANGE
from core.config import ConfigError, TrainingConfig
from gui.i18n import Language, parse_language
from gui.panel_layout import Focus
from gui.theme import THEMES


class ViewSettings:
    """The lesson and view options of the last session, read and written by name."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    @property
    def lesson_config(self) -> TrainingConfig:
        """The last lesson's settings; anything unreadable gives the defaults."""
        stored = self.store.value("lesson/config")
        try:
            return TrainingConfig.from_dict(json.loads(stored)) if stored else TrainingConfig()
        except (ConfigError, ValueError, TypeError):
            return TrainingConfig()

    @lesson_config.setter
    def lesson_config(self, config: TrainingConfig) -> None:
        self.store.setValue("lesson/config", json.dumps(config.to_dict()))

    @property
    def theme(self) -> str:
        return valid_theme(self.store.value("view/theme"))

    @theme.setter
    def theme(self, name: str) -> None:
        self.store.setValue("view/theme", name)

    @property
    def font_scale(self) -> float:
        return valid_font_scale(self.store.value("view/font_scale"))

    @font_scale.setter
    def font_scale(self, scale: float) -> None:
        self.store.setValue("view/font_scale", scale)

    @property
    def focus(self) -> Focus:
        name = self.store.value("view/focus")
        return Focus[name] if isinstance(name, str) and name in Focus.__members__ \
            else Focus.OVERVIEW

    @focus.setter
    def focus(self, focus: Focus) -> None:
        self.store.setValue("view/focus", focus.name)

    @property
    def language(self) -> Language | None:
        """The language chosen last (View > Language), None until one was: the window then
        follows the system's (gui/i18n.py)."""
        return parse_language(self.store.value("view/language"))

    @language.setter
    def language(self, language: Language) -> None:
        self.store.setValue("view/language", language.value)

    def flag(self, name: str) -> bool:
        """A view toggle ("identity", "log_scale"): QSettings' INI files give bools back as
        strings."""
        return self.store.value(f"view/{name}", False) in (True, "true")

    def set_flag(self, name: str, on: bool) -> None:
        self.store.setValue(f"view/{name}", on)

    @property
    def geometry(self) -> QByteArray | None:
        stored = self.store.value("window/geometry")
        # PySide6 returns a stored QByteArray as QByteArray; anything else is garbage.
        return stored if isinstance(stored, (QByteArray, bytes, bytearray)) else None

    @geometry.setter
    def geometry(self, geometry: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)

    def sync(self) -> None:
        self.store.sync()


def valid_theme(name) -> str:
    """`name` if it is a theme, else the default one (stores and lesson files may hold any)."""
    return name if isinstance(name, str) and name in THEMES else "default"


def valid_font_scale(value) -> float:
    """`value` as a font scale within FONT_SCALE_RANGE, else 1."""
    try:
        scale = float(value)
    except (TypeError, ValueError):
        return 1.0
    low, high = FONT_SCALE_RANGE
    return scale if low <= scale <= high else 1.0
