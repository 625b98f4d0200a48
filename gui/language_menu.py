"""View > Language: one entry per language, named in that language (a reader who cannot read the
current one still finds their own), checked for the language spoken now. Choosing one switches
the window at once and is remembered (gui/view_options.py, docs/ARCHITECTURE.md §14)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from gui import i18n
from gui.i18n import Language, RetranslatingWidget, translate


class LanguageMenu(RetranslatingWidget, QMenu):
    """The menu of `window` (a MainWindow); its actions go into `actions` as
    "language_<code>" (ViewOptions ticks the one spoken)."""

    def __init__(self, window, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self.setObjectName("languageMenu")
        group = QActionGroup(self)
        for language in Language:
            action = QAction(language.native_name, self, checkable=True)
            action.setChecked(language is i18n.current_language())
            # Ticked from ViewOptions after a switch: not a second request for the same one.
            action.toggled.connect(lambda on, chosen=language: on and (
                chosen is not i18n.current_language()) and window.view.set_language(chosen))
            group.addAction(action)
            self.addAction(action)
            actions[f"language_{language.value}"] = action
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(translate("LanguageMenu", "Language"))
        for action in self.actions():
            tip = translate("LanguageMenu", "Show the window in {language} (remembered)")
            action.setStatusTip(tip.format(language=action.text()))
