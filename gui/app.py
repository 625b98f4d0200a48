"""Starting the application: the QApplication, the window, and the --screenshot and --record
modes (both train to the end offscreen, then render: one picture, or an animation)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from importlib import resources

from PySide6.QtCore import QCoreApplication, QSettings, QTimer, qInstallMessageHandler
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

import gui.worker
from core.cli import lesson_option
from core.config import TrainingConfig
from core.session import RunState
from core.session_process import SessionHost
from gui.panel_layout import Focus

ORGANISATION, APPLICATION = "LogisticRegressionLab", "Logistic Regression Lab"
SCREENSHOT_SIZE = (1600, 1000)
OPTIMUM_WAIT_S = 30.0  # a screenshot waits this long, at most, for the exact optimum
# How long a closing window waits for its worker thread when the process leaves right after
# (main.leave): past it, a thread still importing torch or building a lesson ends with the
# process rather than holding it open for seconds.
SHUTDOWN_WAIT_MS = 100
# Where the window's training session runs (LRLAB_SESSION_HOST overrides it): in a child
# process, drawing does not hold the GIL the steps need (docs/ARCHITECTURE.md §4, §15).
# Screenshots, recordings and tests keep gui/worker.py's default, the thread.
APPLICATION_SESSION_HOST = SessionHost.PROCESS
# What the offscreen platform prints for every window although nothing is wrong; only these
# exact messages are dropped, everything else Qt says still reaches stderr.
OFFSCREEN_NOISE = frozenset({
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
})
PROG = "logistic-regression-lab"
# The icon and the Linux desktop entry share this name (resources/icons,
# resources/logistic-regression-lab.desktop): a taskbar matches the window to its entry by it.
DESKTOP_NAME = "logistic-regression-lab"
ICON_PACKAGE = "resources.icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # rendered by resources/icons/make_icons.py
_kept_until_exit: list = []  # windows whose worker may still run when the process leaves


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setWindowIcon(application_icon())  # every window's, and the taskbar's
    app.setDesktopFileName(DESKTOP_NAME)
    return app


def application_icon() -> QIcon:
    """The icon in every size shipped, read as package data (it loads from a wheel too)."""
    icon = QIcon()
    folder = resources.files(ICON_PACKAGE)
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(folder.joinpath(f"{DESKTOP_NAME}-{size}.png").read_bytes()):
            icon.addPixmap(pixmap)
    return icon


NO_DISPLAY = ("no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
              "cannot open. Run it in a desktop session, or use --screenshot PATH to render "
              "the window to a PNG, or --headless to train without a window.")


def prepare_display(screenshot: bool) -> str | None:
    """Pick where Qt draws; returns why the window cannot open here, or None. A screenshot
    needs no screen: without one it renders offscreen, rather than failing the way Qt would
    (an abort naming xcb plugins)."""
    if (os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin")
            or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    return NO_DISPLAY


@contextmanager
def throwaway_settings():
    """Point QSettings at an empty temporary store for the duration, removed afterwards: a
    screenshot must look the same on every machine (no toggles or lesson from the last
    session) and must not change what the user's next session restores. The window needs no
    special case: every QSettings it makes lands here."""
    folder = tempfile.mkdtemp(prefix="lrlab-screenshot-settings-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def quiet_offscreen_noise():
    """Drop Qt's known offscreen messages (OFFSCREEN_NOISE) while rendering a screenshot."""
    previous = None

    def handler(mode, context, message: str) -> None:
        if message in OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def run_app(config: TrainingConfig, args: argparse.Namespace, options_given: bool) -> int:
    """Open the window (restoring the last session unless options were given) and run Qt."""
    rendering = bool(args.screenshot or args.record)
    problem = prepare_display(rendering)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = create_application()
    from gui.i18n import start_in_language

    # Before the window is built; a screenshot speaks English unless --lang says otherwise,
    # whatever the last session or the system chose (docs/ARCHITECTURE.md §14).
    start_in_language(args.lang, screenshot=rendering)
    if rendering:
        with throwaway_settings(), quiet_offscreen_noise():
            return _run_screenshot(app, config, args)
    from gui.main_window import MainWindow  # after QApplication: pyqtgraph needs one

    if "LRLAB_SESSION_HOST" not in os.environ:
        gui.worker.SESSION_HOST = APPLICATION_SESSION_HOST
    window = MainWindow(config if options_given else None)
    _kept_until_exit.append(window)  # never destroyed while its thread might still run
    window.setProperty("shutdownWaitMs", SHUTDOWN_WAIT_MS)  # the process leaves right after
    _apply_look_options(window, args)
    window.show()
    if _open_lesson_of(window, args):  # a refusal shows its dialog; the window stays
        _apply_look_options(window, args)
    return app.exec()


def _open_lesson_of(window, args: argparse.Namespace) -> bool:
    """Open the lesson that --open or --lesson names (core/cli.py refuses both at once);
    False when there is none or it was refused."""
    if args.lesson:
        return window.files.open_lesson(args.lesson)
    if args.ready_lesson:
        return window.files.open_ready_lesson(args.ready_lesson)
    return False


def _apply_look_options(window, args: argparse.Namespace) -> None:
    """--font-scale, --theme and --threshold as typed win over a lesson's own: a teacher at
    2x fonts who opens a lesson from the command line asked for 2x."""
    if args.font_scale is not None:
        window.view.set_font_scale(args.font_scale)
    if args.theme is not None:
        window.view.set_theme(args.theme)
    if args.threshold is not None:  # checked by core/cli.py: check_threshold
        window.plots.threshold.set(args.threshold)


def _run_screenshot(app: QApplication, config: TrainingConfig,
                    args: argparse.Namespace) -> int:
    """Train to the end at full speed, save a PNG (--screenshot) or an animation (--record) of
    the window (or one panel), exit; a run that fails or a lesson that is refused writes no
    file and gives status 2."""
    from gui.main_window import MainWindow

    window = MainWindow(config, reproducible=True)
    window.view.set_font_scale(args.font_scale or 1.0)
    window.view.set_theme(args.theme or "default")
    if args.panel:  # one panel as large as the window allows, not its cell in the grid
        window.view.set_focus(Focus.showing(args.panel))
        window.plots.bring_forward(args.panel)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    outcome = {"status": 0}
    # This run quits by itself once the picture is saved. Closing its (last) window must not
    # ask the application to quit as well: with no event loop running, that request stays
    # pending and ends the next loop at once (main() called in-process, as tests do).
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    try:
        if (args.lesson or args.ready_lesson) and not _open_lesson_of(window, args):
            _report_problems(window, args)
            return 2
        _apply_look_options(window, args)
        window.controls.speedInput.setCurrentIndex(window.controls.speedInput.count() - 1)
        window.trainingFinished.connect(lambda: QTimer.singleShot(
            300, lambda: _save_when_complete(app, window, args, outcome,
                                             time.monotonic() + OPTIMUM_WAIT_S)))
        QTimer.singleShot(0, lambda: _start_when_ready(window))
        app.exec()
        return outcome["status"]
    finally:
        # The worker stopped and its thread ended before the window goes: returning with the
        # thread running aborted the process ("QThread: Destroyed while thread is still
        # running") before the refusal was printed.
        window.close()
        app.setQuitOnLastWindowClosed(quit_on_close)


def _save_when_complete(app: QApplication, window, args: argparse.Namespace, outcome: dict,
                        deadline: float) -> None:
    """Save once the exact optimum is drawn too (found in the background): the same command
    must give the same picture, whichever finished first."""
    wanted = args.at_step  # a step to rewind to (gui/scrubber.py), clamped to the run's end
    if wanted is not None and (step := min(wanted, window.scrubber.latest_step())) != \
            window.scrubber.shown_step():
        window.scrubber.seek(step)  # answered by the worker in the background: polled here
        QTimer.singleShot(50, lambda: _save_when_complete(app, window, args, outcome, deadline))
    elif window.optimum.pending() and time.monotonic() < deadline:
        QTimer.singleShot(50, lambda: _save_when_complete(app, window, args, outcome, deadline))
    elif args.record:
        _record(app, window, args, outcome)
    else:
        _save(app, window, args, outcome)


def _refused(window, args: argparse.Namespace, what: str) -> bool:
    """Print why the finished run gives no picture, if it does not: a failed run (its picture
    would mislead) or a --panel the data does not show."""
    panel = window.panels()[args.panel] if args.panel else None
    if _report_problems(window, args) or window.state is RunState.ERROR:
        return True
    # The landscape tab is there for every data set, but draws nothing (and says why) for
    # data without two original features: a picture of that is no landscape.
    empty = args.panel == "landscapePlot" and not panel.supported()
    if panel is not None and (empty or not panel.isVisible()):
        shown = PANEL_DATA.get(args.panel, "data that is not 2-D")
        print(f"{PROG}: error: --panel {args.panel}: this panel is drawn only for {shown}; "
              f"no {what} written", file=sys.stderr)
        return True
    return False


# What a --panel that some data sets do not show is drawn for (else: data that is not 2-D).
PANEL_DATA = {"decisionPlot": "2-D data",
              "landscapePlot": "data with two features x1, x2 (with or without extra features)"}


def _record(app: QApplication, window, args: argparse.Namespace, outcome: dict) -> None:
    """Render the animation (gui/animation_recorder.py), then leave; a refusal writes
    nothing."""
    from core.animation import AnimationError, describe
    from core.cli import recording_plan
    from core.config import ConfigError
    from gui.animation_recorder import AnimationRecorder

    def done(status: int) -> None:
        outcome["status"] = status
        window.close()
        app.quit()

    def failed(message: str) -> None:  # the message names the file
        print(f"{PROG}: error: --record: {message}", file=sys.stderr)
        done(2)

    if not _selected(window, args, "animation"):
        done(2)
        return
    window.redraw_now()
    if _refused(window, args, "animation"):
        done(2)
        return
    try:
        plan = recording_plan(args, window.scrubber.latest_step())
        panel = window.panels()[args.panel] if args.panel else window
        recorder = AnimationRecorder(window, panel, plan, args.record, scale=args.scale)
        recorder.failed.connect(failed)
        recorder.finished.connect(lambda path: (
            print(f"wrote {path}: {describe(plan)}"), done(0)))
        recorder.start()
    except ConfigError as error:  # --record-steps past the end of a run that diverged early
        print(f"{PROG}: error: {error}", file=sys.stderr)
        done(2)
    except AnimationError as error:
        failed(str(error))


def _selected(window, args: argparse.Namespace, what: str) -> bool:
    """Select the training samples --select names (core/cli.py checked its form); False, with
    the error printed, when one of them is not a sample of the data loaded."""
    if args.select is None:
        return True
    from core.sample_selection import out_of_range, parse_indices

    indices = parse_indices(args.select)
    problem = out_of_range(indices, len(window.engine_info.train_y))
    if problem is not None:
        print(f"{PROG}: error: --select {problem}; no {what} written", file=sys.stderr)
        return False
    window.selection.select_training(indices)  # brings the Sample tab forward...
    if args.panel:
        window.plots.bring_forward(args.panel)  # ...unless another panel was asked for
    return True


def _save(app: QApplication, window, args: argparse.Namespace, outcome: dict) -> None:
    if not _selected(window, args, "screenshot"):
        outcome["status"] = 2
        window.close()
        app.quit()
        return
    window.redraw_now()
    # The samples' logit range fitted to the step shown: while a run goes on it is kept
    # steady, so it depended on which frames were drawn, and a run rewound to step N
    # (--at-step) differed from one stopped at N.
    window.samplesPlot.reset_view()
    panel = window.panels()[args.panel] if args.panel else None
    if _refused(window, args, "screenshot"):
        outcome["status"] = 2
    else:
        from gui.export import ExportError, export_png

        try:
            export_png(panel or window, args.screenshot, scale=args.scale)
        except ExportError as error:
            print(f"{PROG}: error: --screenshot: {error}", file=sys.stderr)
            outcome["status"] = 2
    window.close()
    app.quit()


def _report_problems(window, args: argparse.Namespace) -> bool:
    """Print the problem dialogs (no one is there to read them); True when there were any
    besides a divergence, which is a result worth a picture, not a failure."""
    failed, lesson = False, args.lesson
    for dialog in window.findChildren(QMessageBox, "problemDialog"):
        # The English title: the window may speak another language (--lang), the command
        # line does not (gui/status_bar.py: show_problem).
        title = dialog.property("sourceTitle") or dialog.windowTitle()
        text = " ".join(line.strip() for line in dialog.text().splitlines() if line.strip())
        if title == "This lesson cannot be opened" and lesson:
            name = os.path.basename(lesson) or lesson
            text = text if text.startswith(name) else f"--open {lesson}: {text}"
        divergence = dialog.property("divergence")
        failure = divergence is None
        if divergence is not None:  # core's English words, with the command line's advice
            text = divergence.command_line_message(lesson_option(args))
        print(f"{PROG}: {'error: ' + title + ': ' if failure else ''}{text}", file=sys.stderr)
        failed |= failure
        dialog.close()
    return failed


def _start_when_ready(window) -> None:
    if window.state in (RunState.IDLE, RunState.PAUSED):
        window.controls.startButton.click()
    elif window.state is RunState.LOADING:
        QTimer.singleShot(50, lambda: _start_when_ready(window))
