"""The window's look: theme, font size, which panels are shown, the two view toggles of the
controls, and the language. Each change restyles the panels (or retranslates them), ticks its
menu entry and is remembered for the next session (gui/view_settings.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from core.lesson_file import THRESHOLD_SETTING
from core.lesson_focus import lesson_focus
from gui import i18n
from gui.i18n import Language, RetranslatingObject
from gui.panel_layout import SLOT_OF_PANEL, Focus
from gui.theme import theme_by_name
from gui.view_settings import ViewSettings, valid_font_scale, valid_theme

TOGGLES = ("identity", "log_scale")  # the controls' view checkboxes, by settings name
MODEL_VIEW_SETTING = "model_view"  # a lesson's tab of the model slot in front, by objectName


class ViewOptions(RetranslatingObject, QObject):
    """Theme, font scale, focus and language of one MainWindow, and its view toggles."""

    def __init__(self, window, settings: ViewSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.theme_name, self.font_scale = "default", 1.0
        self.export_caption = False  # a caption line under exported images (not remembered)
        self._font_notice_given = False  # "no CJK font" is said once per window
        self._base_point_size = QApplication.font().pointSizeF()
        controls = window.controls
        self._checkboxes = {"identity": controls.identityInput,
                            "log_scale": controls.logScaleInput}
        controls.identityToggled.connect(self._on_identity_toggled)
        controls.logScaleToggled.connect(self._on_log_scale_toggled)

    def restore(self) -> None:
        """The last session's look (defaults for anything unreadable)."""
        self.theme_name = self._settings.theme
        self.set_font_scale(self._settings.font_scale)
        self.set_focus(self._settings.focus)
        for name, checkbox in self._checkboxes.items():
            checkbox.setChecked(self._settings.flag(name))
        self._show_language(i18n.current_language())  # chosen by the application at start

    def set_language(self, language: Language) -> None:
        """Speak `language` from now on (View > Language): every window retranslates at once,
        and the choice is remembered. The language is the application's, not only this
        window's (Qt's translators are global)."""
        i18n.set_language(language)
        self._settings.language = language
        self._show_language(language)

    def _show_language(self, language: Language) -> None:
        action = self._window.actions.get(f"language_{language.value}")
        if action is not None:
            action.setChecked(True)
        if not i18n.needs_cjk_font(language) or i18n.has_cjk_font():
            self._window.status.hide_missing_font()
        else:
            self._window.status.show_missing_font(say_it=not self._font_notice_given)
            self._font_notice_given = True

    def retranslate(self) -> None:
        # Texts of another length: the controls column fits them once every widget has its
        # new text (this event may reach us before the controls).
        QTimer.singleShot(0, self, self._window.fit_controls_width)

    def set_theme(self, name: str) -> None:
        """Restyle every panel: 'default' for the screen, 'presentation' for slides."""
        self.theme_name = name
        self._window.plots.apply_theme(theme_by_name(name, self.font_scale))
        self._window.actions[f"theme_{name}"].setChecked(True)
        self._settings.theme = name

    def set_font_scale(self, scale: float) -> None:
        """Bigger fonts in every panel and control, for the back of the classroom."""
        self.font_scale = scale
        window = self._window
        window.plots.set_font_scale(scale)
        font = QApplication.font()
        font.setPointSizeF(self._base_point_size * scale)
        window.setFont(font)
        window.fit_controls_width()
        self.set_theme(self.theme_name)
        action = window.actions.get(f"font_{scale:g}")
        if action is not None:
            action.setChecked(True)
        self._settings.font_scale = scale

    def set_focus(self, focus: Focus) -> None:
        """Every panel that fits, or one or two panels large (View > Focus)."""
        self._window.plots.set_focus(focus)
        self._window.actions[f"focus_{focus.name.lower()}"].setChecked(True)
        self._settings.focus = focus

    @Slot(bool)
    def set_export_caption(self, on: bool) -> None:
        self.export_caption = on

    def toggles(self) -> dict[str, bool]:
        return {name: checkbox.isChecked() for name, checkbox in self._checkboxes.items()}

    def apply_lesson(self, settings: dict) -> None:
        """A lesson file's look (its settings may hold anything: each is validated). What the
        lesson does not say stays as it is: a ready lesson carries no look, and opening one
        at 2x fonts in the presentation theme keeps them."""
        if "font_scale" in settings:
            self.set_font_scale(valid_font_scale(settings["font_scale"]))
        if "theme" in settings:
            self.set_theme(valid_theme(settings["theme"]))
        for name, checkbox in self._checkboxes.items():
            if name in settings:
                checkbox.setChecked(settings[name] is True)
        if THRESHOLD_SETTING in settings:  # checked when the file was read (core/lesson_file.py)
            self._window.plots.threshold.set(settings[THRESHOLD_SETTING])
        self._window.plots.set_lesson_focus(lesson_focus(settings))  # none: the usual panels
        view = settings.get(MODEL_VIEW_SETTING)
        if SLOT_OF_PANEL.get(view) == "model":  # a tab of the model slot to open with
            self._window.plots.bring_forward(view)

    @Slot(bool)
    def _on_identity_toggled(self, on: bool) -> None:
        self._window.sigmoidPlot.set_identity_visible(on)
        self._window.actions["identity"].setChecked(on)
        self._settings.set_flag("identity", on)

    @Slot(bool)
    def _on_log_scale_toggled(self, on: bool) -> None:
        self._window.lossPlot.set_log_scale(on)
        self._window.actions["log_scale"].setChecked(on)
        self._settings.set_flag("log_scale", on)
