"""The menu bar: every command of the window, with its keyboard shortcut and a status tip."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from gui.animation_dialog import open_animation_dialog
from gui.export_dialog import open_export_dialog
from gui.lessons_menu import add_lessons_menu
from gui.panel_layout import Focus
from gui.theme import THEMES

FONT_SCALES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0)


def _action(window, text: str, slot, shortcut=None, tip: str = "", checkable=False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.setCheckable(checkable)
    (action.toggled if checkable else action.triggered).connect(slot)
    return action


def build_menus(window) -> dict[str, QAction]:
    """Create the menus of `window` (a MainWindow); returns the actions by name."""
    actions: dict[str, QAction] = {}
    bar = window.menuBar()

    def add(menu, name: str, *args, **kwargs) -> QAction:
        actions[name] = _action(window, *args, **kwargs)
        menu.addAction(actions[name])
        return actions[name]

    file = bar.addMenu("&File")
    add(file, "open_data", "Open data file...", window.files.open_data_file,
        QKeySequence.StandardKey.Open, "Train on your own .csv or .npz file")
    add(file, "open_lesson", "Open lesson...", window.files.open_lesson, "Ctrl+Shift+O",
        "Re-open a saved lesson: settings, data, history and pinned runs")
    add(file, "save_lesson", "Save lesson...", window.files.save_lesson,
        QKeySequence.StandardKey.Save,
        "Save settings, data reference, history and pinned runs to a JSON lesson file")
    add(file, "save_exercise", "Save lesson as exercise...", window.exercises.open_dialog, None,
        "Save this lesson for students with chosen controls locked, and a note saying why")
    file.addSeparator()
    add(file, "export", "Export for slides...", lambda: open_export_dialog(window), "Ctrl+E",
        "Save a panel or the whole window as PNG (1x-4x) or SVG, with an optional caption")
    add(file, "export_animation", "Export animation...", lambda: open_animation_dialog(window),
        "Ctrl+Shift+E", "Save the run as a GIF, WebP, animated PNG or MP4 for slides, each "
        "frame rendered from the run's timeline")
    add(file, "export_csv", "Export history as CSV...", window.files.export_history_csv, None,
        "Save the cost and accuracy of every step to a CSV file")
    file.addSeparator()
    add(file, "quit", "Quit", window.close, QKeySequence.StandardKey.Quit, "Close the lab")

    add_lessons_menu(window, bar, actions)

    run = bar.addMenu("&Run")
    add(run, "toggle_run", "Start / pause", window.toggle_run, "Space",
        "Start training, or pause it")
    add(run, "step", "One step", window.step_once, "S",
        "Take one gradient-descent step (S; Right too, at the latest step)")
    rewind = run.addMenu("Rewind")  # the scrubber's keys; Right steps at the latest step
    for name, action in window.scrubber.actions.items():
        rewind.addAction(action)
        actions[name] = action
    add(run, "reset", "Reset", window.reset_run, "R",
        "Start again from the initial weights, applying changed data settings")
    run.addSeparator()
    add(run, "pin", "Pin this run", window.pinned.pin_run, "P",
        "Keep this run's curves as faded ghosts to compare the next run against")
    add(run, "clear_pins", "Clear pinned runs", window.pinned.clear_pins, None, "Remove the ghosts")

    view = bar.addMenu("&View")
    _add_theme_menu(window, view, actions)
    _add_font_menu(window, view, actions)
    _add_focus_menu(window, view, actions)
    view.addSeparator()
    add(view, "identity", "Show (1 + tanh(x/2)) / 2", window.controls.identityInput.setChecked,
        None, "Overlay the tanh form of the sigmoid: the same curve", checkable=True)
    add(view, "log_scale", "Log-scale cost", window.controls.logScaleInput.setChecked, None,
        "A log axis shows the slow final approach to the optimum", checkable=True)
    add(view, "gap_view", "Gap to optimum (log)", window.optimum.set_gap_view, None,
        "Plot cost minus the exact optimum on a log axis", checkable=True)
    add(view, "log_steps", "Log step axis", window.plots.set_log_steps, None,
        "Spread out the first steps, where most of the learning happens", checkable=True)
    add(view, "caption", "Caption on exports", window.view.set_export_caption, None,
        "Add a line with the settings under exported images", checkable=True)

    help_menu = bar.addMenu("&Help")
    add(help_menu, "maths", "About the maths", window.show_maths, "F1",
        "The model, cost and update formulas with the current values")
    return actions


def _add_theme_menu(window, view, actions) -> None:
    menu = view.addMenu("Theme")
    group = QActionGroup(window)
    for name in THEMES:
        action = _action(window, name.capitalize(),
                         lambda on, n=name: on and window.view.set_theme(n), None,
                         f"The {name} look", checkable=True)
        group.addAction(action)
        menu.addAction(action)
        actions[f"theme_{name}"] = action


def _add_font_menu(window, view, actions) -> None:
    menu = view.addMenu("Font size")
    group = QActionGroup(window)
    for scale in FONT_SCALES:
        action = _action(window, f"{scale:g} x",
                         lambda on, s=scale: on and window.view.set_font_scale(s), None,
                         "Bigger text for the back of the classroom", checkable=True)
        group.addAction(action)
        menu.addAction(action)
        actions[f"font_{scale:g}"] = action


def _add_focus_menu(window, view, actions) -> None:
    menu = view.addMenu("Focus")
    group = QActionGroup(window)
    for index, focus in enumerate(Focus):
        tip = ("Every panel that has room at this font size" if focus is Focus.OVERVIEW
               else f"Show {focus.title.lower()} as large as the window allows")
        action = _action(window, focus.title, lambda on, f=focus: on and window.view.set_focus(f),
                         f"Ctrl+{index}", tip, checkable=True)
        group.addAction(action)
        menu.addAction(action)
        actions[f"focus_{focus.name.lower()}"] = action
