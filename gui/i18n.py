"""The window's languages: English (the source text) and Simplified Chinese, with Qt's own
translation machinery (docs/ARCHITECTURE.md §14).

Every user-visible string of gui/ goes through `translate(context, source)`
(QCoreApplication.translate; the context is the class that shows it). `pyside6-lupdate` collects
those calls into resources/i18n/lrlab_zh_CN.ts, `pyside6-lrelease` compiles it to the .qm loaded
here (resources/i18n/update_translations.py runs both). Switching language installs or removes
QTranslators; Qt then posts a LanguageChange event to every window, and each widget with texts
sets them again in its `retranslate()` (the mixins below call it), the same method that set them
at construction: there is no second table of strings.

The command line's messages and the headless printout stay English (core/ never translates).
"""

from __future__ import annotations

import sys
from enum import Enum
from importlib import resources

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QTranslator,
)
from PySide6.QtGui import QFontDatabase

# lupdate recognises calls to `translate(context, source)` under this name too.
translate = QCoreApplication.translate


class Language(Enum):
    """A language the window speaks: its value is the code of --lang, the settings and the
    .qm file's name."""

    EN = "en"
    ZH_CN = "zh_CN"

    @property
    def native_name(self) -> str:
        """The language's name in itself, as language menus show it (never translated)."""
        return {"en": "English", "zh_CN": "简体中文"}[self.value]


SOURCE_LANGUAGE = Language.EN  # the texts in the code; needs no translator
CATALOGUE = "lrlab"  # resources/i18n/lrlab_<code>.qm
QT_BASE_CATALOGUE = "qtbase"  # Qt's own: standard buttons, file dialogs
# Chinese UI languages written with simplified characters. zh-TW, zh-HK and zh-Hant-* (the
# traditional script) come to this translation only through the bare "zh" that ends their
# list of UI languages, after any other language the user prefers: as QTranslator.load(QLocale)
# falls back.
SIMPLIFIED_CHINESE = ("zh", "zh-cn", "zh-sg", "zh-hans")
CJK_FONT_HINT = ("No font with Chinese characters was found, so Chinese text shows as empty "
                 "boxes. Install one (Debian / Ubuntu: sudo apt-get install fonts-noto-cjk) "
                 "and restart the lab.")

# A QAction property: a tooltip shown in place of the action's own tip while set (an exercise's
# lock, gui/lesson_guide.py), which a change of language must not replace (gui/menus.py).
OVERRIDING_TIP = "overridingTip"


class LanguageError(RuntimeError):
    """A language whose translation file is missing or unreadable (a broken install)."""


_installed: list[QTranslator] = []  # ours and Qt's, installed on the application now
_current = SOURCE_LANGUAGE


def parse_language(code) -> Language | None:
    """The Language with code `code` ('en', 'zh_CN'), or None for anything else (settings and
    command lines may hold any value)."""
    return next((language for language in Language if language.value == code), None)


def language_of_locale_name(name: str) -> Language | None:
    """The Language that serves UI language `name` (a BCP 47 name such as 'zh-Hans-CN' or
    'en-GB', as QLocale.uiLanguages gives them), or None where there is none."""
    parts = name.replace("_", "-").lower().split("-")
    if parts[0] == "en" or name in ("C", "POSIX"):
        return Language.EN
    if parts[0] == "zh":
        script_or_region = "-".join(parts[:2])
        return Language.ZH_CN if script_or_region in SIMPLIFIED_CHINESE else None
    return None


def system_language(locale: QLocale | None = None) -> Language:
    """The first of the system's preferred UI languages that the window speaks (as
    QTranslator.load(QLocale) picks a catalogue); English when none is."""
    locale = locale if locale is not None else QLocale.system()
    for name in locale.uiLanguages():
        language = language_of_locale_name(name)
        if language is not None:
            return language
    return SOURCE_LANGUAGE


def startup_language(requested: str | None, remembered: Language | None,
                     follow_system: bool = True) -> Language:
    """The language to start in: the one asked for (--lang), else the one chosen last time
    (gui/view_settings.py), else the system's (or English where `follow_system` is off: a
    screenshot should not depend on the machine). `requested` must be a valid code."""
    if requested is not None:
        language = parse_language(requested)
        if language is None:
            raise ValueError(f"unknown language {requested!r}; choose one of: "
                             + ", ".join(language.value for language in Language))
        return language
    if remembered is not None:
        return remembered
    return system_language() if follow_system else SOURCE_LANGUAGE


def start_in_language(requested: str | None = None, screenshot: bool = False) -> Language:
    """Install the language to start in (gui/app.py, before the window is built): --lang's
    `requested`, else the one chosen last, else the system's; a screenshot ignores the last
    session and the system (English unless --lang), so that it looks the same everywhere. A
    missing catalogue (a broken install) falls back to English with a warning on stderr."""
    from gui.view_settings import ViewSettings  # here: view_settings imports this module

    remembered = None if screenshot else ViewSettings().language
    language = startup_language(requested, remembered, follow_system=not screenshot)
    try:
        set_language(language)
    except LanguageError as error:
        print(f"warning: {error}; the window speaks English", file=sys.stderr)
        language = SOURCE_LANGUAGE
        set_language(language)
    return language


def current_language() -> Language:
    """The language the window speaks now."""
    return _current


def translations_folder() -> str:
    """Where the compiled .qm files are (package data of resources.i18n)."""
    return str(resources.files("resources.i18n"))


def _load(catalogue: str, language: Language, folder: str) -> QTranslator | None:
    translator = QTranslator()
    return translator if translator.load(f"{catalogue}_{language.value}", folder) else None


def set_language(language: Language, app: QCoreApplication | None = None) -> None:
    """Speak `language` from now on: our catalogue and Qt's own base one (standard buttons and
    dialogs) replace the translators installed before. Qt posts a LanguageChange event to every
    window; widgets retranslate when it is delivered (the next time events are processed).
    Raises LanguageError when our catalogue cannot be loaded: the language stays as it was."""
    global _current
    app = app if app is not None else QCoreApplication.instance()
    translators: list[QTranslator] = []
    if language is not SOURCE_LANGUAGE:
        ours = _load(CATALOGUE, language, translations_folder())
        if ours is None:
            raise LanguageError(f"the translation file {CATALOGUE}_{language.value}.qm is missing "
                                f"from {translations_folder()}; reinstall the lab")
        translators.append(ours)
        # Some Qt builds ship without translations: standard buttons then stay English.
        qt_base = _load(QT_BASE_CATALOGUE, language,
                        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        if qt_base is not None:
            translators.append(qt_base)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed[:] = translators
    for translator in translators:
        app.installTranslator(translator)
    _current = language


def needs_cjk_font(language: Language) -> bool:
    return language is Language.ZH_CN


def has_cjk_font() -> bool:
    """Whether some installed font family can write Simplified Chinese (without one, Qt draws
    Chinese text as empty boxes)."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange


class RetranslatingWidget:
    """Mixin for a QWidget with texts (put it before the Qt class in the bases): its
    `retranslate()` sets every text it shows, is called once the widget is built, and again
    whenever the language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


class RetranslatingObject:
    """The same for a QObject that is not a widget (it receives LanguageChange as a child of
    the window, which passes the event on to all its children)."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def event(self, event: QEvent) -> bool:
        if is_language_change(event):
            self.retranslate()
        return super().event(event)
