"""The menu bar: every command of the window, with its keyboard shortcut and a status tip.

Every title, text and tip is an English source text, marked for pyside6-lupdate where it is
written (QT_TRANSLATE_NOOP, context "Menus") and said in the language of the moment by
`MenuTexts`, again on every change of language (docs/ARCHITECTURE.md §14)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from gui.animation_dialog import open_animation_dialog
from gui.export_dialog import open_export_dialog
from gui.i18n import OVERRIDING_TIP, RetranslatingObject, translate
from gui.language_menu import LanguageMenu
from gui.lessons_menu import add_lessons_menu
from gui.panel_layout import Focus
from gui.theme import THEMES

FONT_SCALES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
# The themes' names and tips in the menu (a theme missing here shows its own name).
THEME_TEXTS = {
    "default": (QT_TRANSLATE_NOOP("Menus", "Default"),
                QT_TRANSLATE_NOOP("Menus", "The look for the screen")),
    "presentation": (QT_TRANSLATE_NOOP("Menus", "Presentation"),
                     QT_TRANSLATE_NOOP("Menus", "White background, thick lines and large "
                                       "fonts, for slides and projectors")),
}

Text = Callable[[], str]  # gives a text in the language of the moment


def in_context(context: str, source: str) -> Text:
    """The source text `source` (marked for lupdate where it is written), translated in
    `context` whenever it is shown."""
    return lambda: translate(context, source)


class MenuTexts(RetranslatingObject, QObject):
    """The texts of one window's menus: each menu's title and each action's text and tip,
    kept as what gives them (not as the text shown) and said again on a change of language."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self._entries: list[tuple[QMenu | QAction, Text, Text | None]] = []

    def add(self, target: QMenu | QAction, text: Text, tip: Text | None = None) -> None:
        """Show `text` as the title of menu `target`, or the text of action `target` with
        `tip` as its status tip and tooltip; and again whenever the language changes."""
        self._entries.append((target, text, tip))
        self._show(target, text, tip)

    def retranslate(self) -> None:
        for entry in self._entries:
            self._show(*entry)

    @staticmethod
    def _show(target: QMenu | QAction, text: Text, tip: Text | None) -> None:
        if isinstance(target, QMenu):
            target.setTitle(text())
            return
        target.setText(text())
        if tip is not None:
            shown = tip()
            target.setStatusTip(shown)
            target.setToolTip(target.property(OVERRIDING_TIP) or shown)


def _action(window, slot, shortcut=None, checkable=False) -> QAction:
    action = QAction(window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        # Called without `checked`: triggered passes it (False) to a slot that takes an
        # argument, and the file commands took it for a path they had been given.
        action.triggered.connect(lambda: slot())
    return action


def build_menus(window) -> dict[str, QAction]:
    """Create the menus of `window` (a MainWindow); returns the actions by name."""
    actions: dict[str, QAction] = {}
    bar = window.menuBar()
    texts = MenuTexts(window)

    def menu(parent, title: str) -> QMenu:
        child = parent.addMenu("")
        texts.add(child, in_context("Menus", title))
        return child

    def add(parent, name: str, text: str, slot, shortcut=None, tip: str = "",
            checkable=False) -> QAction:
        actions[name] = _action(window, slot, shortcut, checkable)
        texts.add(actions[name], in_context("Menus", text), in_context("Menus", tip))
        parent.addAction(actions[name])
        return actions[name]

    file = menu(bar, QT_TRANSLATE_NOOP("Menus", "&File"))
    add(file, "open_data", QT_TRANSLATE_NOOP("Menus", "Open data file..."),
        window.files.open_data_file, QKeySequence.StandardKey.Open,
        QT_TRANSLATE_NOOP("Menus", "Train on your own .csv or .npz file"))
    add(file, "open_lesson", QT_TRANSLATE_NOOP("Menus", "Open lesson..."),
        window.files.open_lesson, "Ctrl+Shift+O",
        QT_TRANSLATE_NOOP("Menus", "Re-open a saved lesson: settings, data, history and "
                          "pinned runs"))
    add(file, "save_lesson", QT_TRANSLATE_NOOP("Menus", "Save lesson..."),
        window.files.save_lesson, QKeySequence.StandardKey.Save,
        QT_TRANSLATE_NOOP("Menus", "Save settings, data reference, history and pinned runs "
                          "to a JSON lesson file"))
    add(file, "save_exercise", QT_TRANSLATE_NOOP("Menus", "Save lesson as exercise..."),
        window.exercises.open_dialog, None,
        QT_TRANSLATE_NOOP("Menus", "Save this lesson for students with chosen controls "
                          "locked, and a note saying why"))
    file.addSeparator()
    add(file, "export", QT_TRANSLATE_NOOP("Menus", "Export for slides..."),
        lambda: open_export_dialog(window), "Ctrl+E",
        QT_TRANSLATE_NOOP("Menus", "Save a panel or the whole window as PNG (1x-4x) or SVG, "
                          "with an optional caption"))
    add(file, "export_animation", QT_TRANSLATE_NOOP("Menus", "Export animation..."),
        lambda: open_animation_dialog(window), "Ctrl+Shift+E",
        QT_TRANSLATE_NOOP("Menus", "Save the run as a GIF, WebP, animated PNG or MP4 for "
                          "slides, each frame rendered from the run's timeline"))
    add(file, "export_csv", QT_TRANSLATE_NOOP("Menus", "Export history as CSV..."),
        window.files.export_history_csv, None,
        QT_TRANSLATE_NOOP("Menus", "Save the cost and accuracy of every step to a CSV file"))
    file.addSeparator()
    add(file, "quit", QT_TRANSLATE_NOOP("Menus", "Quit"), window.close,
        QKeySequence.StandardKey.Quit, QT_TRANSLATE_NOOP("Menus", "Close the lab"))

    add_lessons_menu(window, bar, actions, texts)

    run = menu(bar, QT_TRANSLATE_NOOP("Menus", "&Run"))
    add(run, "toggle_run", QT_TRANSLATE_NOOP("Menus", "Start / pause"), window.toggle_run,
        "Space", QT_TRANSLATE_NOOP("Menus", "Start training, or pause it"))
    add(run, "step", QT_TRANSLATE_NOOP("Menus", "One step"), window.step_once, "S",
        QT_TRANSLATE_NOOP("Menus", "Take one gradient-descent step (S; Right too, at the "
                          "latest step)"))
    # The scrubber's keys (their texts are the scrubber's); Right steps at the latest step.
    rewind = menu(run, QT_TRANSLATE_NOOP("Menus", "Rewind"))
    for name, action in window.scrubber.actions.items():
        rewind.addAction(action)
        actions[name] = action
    add(run, "reset", QT_TRANSLATE_NOOP("Menus", "Reset"), window.reset_run, "R",
        QT_TRANSLATE_NOOP("Menus", "Start again from the initial weights, applying changed "
                          "data settings"))
    run.addSeparator()
    add(run, "pin", QT_TRANSLATE_NOOP("Menus", "Pin this run"), window.pinned.pin_run, "P",
        QT_TRANSLATE_NOOP("Menus", "Keep this run's curves as faded ghosts to compare the "
                          "next run against"))
    add(run, "clear_pins", QT_TRANSLATE_NOOP("Menus", "Clear pinned runs"),
        window.pinned.clear_pins, None, QT_TRANSLATE_NOOP("Menus", "Remove the ghosts"))

    view = menu(bar, QT_TRANSLATE_NOOP("Menus", "&View"))
    _add_theme_menu(window, menu(view, QT_TRANSLATE_NOOP("Menus", "Theme")), actions, texts)
    _add_font_menu(window, menu(view, QT_TRANSLATE_NOOP("Menus", "Font size")), actions, texts)
    _add_focus_menu(window, menu(view, QT_TRANSLATE_NOOP("Menus", "Focus")), actions, texts)
    view.addMenu(LanguageMenu(window, actions))  # its own texts (gui/language_menu.py)
    view.addSeparator()
    add(view, "identity", QT_TRANSLATE_NOOP("Menus", "Show (1 + tanh(x/2)) / 2"),
        window.controls.identityInput.setChecked, None,
        QT_TRANSLATE_NOOP("Menus", "Overlay the tanh form of the sigmoid: the same curve"),
        checkable=True)
    add(view, "log_scale", QT_TRANSLATE_NOOP("Menus", "Log-scale cost"),
        window.controls.logScaleInput.setChecked, None,
        QT_TRANSLATE_NOOP("Menus", "A log axis shows the slow final approach to the optimum"),
        checkable=True)
    add(view, "gap_view", QT_TRANSLATE_NOOP("Menus", "Gap to optimum (log)"),
        window.optimum.set_gap_view, None,
        QT_TRANSLATE_NOOP("Menus", "Plot cost minus the exact optimum on a log axis"),
        checkable=True)
    add(view, "log_steps", QT_TRANSLATE_NOOP("Menus", "Log step axis"),
        window.plots.set_log_steps, None,
        QT_TRANSLATE_NOOP("Menus", "Spread out the first steps, where most of the learning "
                          "happens"), checkable=True)
    add(view, "caption", QT_TRANSLATE_NOOP("Menus", "Caption on exports"),
        window.view.set_export_caption, None,
        QT_TRANSLATE_NOOP("Menus", "Add a line with the settings under exported images"),
        checkable=True)

    help_menu = menu(bar, QT_TRANSLATE_NOOP("Menus", "&Help"))
    add(help_menu, "maths", QT_TRANSLATE_NOOP("Menus", "About the maths"), window.show_maths,
        "F1", QT_TRANSLATE_NOOP("Menus", "The model, cost and update formulas with the "
                                "current values"))
    return actions


def _add_theme_menu(window, menu: QMenu, actions, texts: MenuTexts) -> None:
    group = QActionGroup(window)
    for name in THEMES:
        action = _action(window, lambda on, n=name: on and window.view.set_theme(n),
                         checkable=True)
        if name in THEME_TEXTS:
            shown, tip = THEME_TEXTS[name]
            texts.add(action, in_context("Menus", shown), in_context("Menus", tip))
        else:
            texts.add(action, lambda n=name: n.capitalize(), lambda: "")
        group.addAction(action)
        menu.addAction(action)
        actions[f"theme_{name}"] = action


def _add_font_menu(window, menu: QMenu, actions, texts: MenuTexts) -> None:
    group = QActionGroup(window)
    for scale in FONT_SCALES:
        action = _action(window, lambda on, s=scale: on and window.view.set_font_scale(s),
                         checkable=True)
        # "1.5 x" reads the same in every language; the tip is translated.
        texts.add(action, lambda s=scale: f"{s:g} x", in_context(
            "Menus", QT_TRANSLATE_NOOP("Menus", "Bigger text for the back of the classroom")))
        group.addAction(action)
        menu.addAction(action)
        actions[f"font_{scale:g}"] = action


def _add_focus_menu(window, menu: QMenu, actions, texts: MenuTexts) -> None:
    group = QActionGroup(window)
    for index, focus in enumerate(Focus):
        action = _action(window, lambda on, f=focus: on and window.view.set_focus(f),
                         f"Ctrl+{index}", checkable=True)
        texts.add(action, lambda f=focus: f.shown_title, focus.menu_tip)
        group.addAction(action)
        menu.addAction(action)
        actions[f"focus_{focus.name.lower()}"] = action
