"""The window's files: open a data file, open and save lessons, export the history as CSV.
Each asks for a path when none is given (the tests and the command line give one), and a
refused file leaves the current lesson untouched, with a dialog that says why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QFileDialog

from core.datasets import DataError, load_data_file
from core.history import MetricHistory
from core.history_csv import save_history_csv
from core.lesson_file import (
    REPLAY_SETTING,
    THRESHOLD_SETTING,
    Lesson,
    LessonFileError,
    history_arrays,
    lesson_data,
    load_lesson,
    replay_ends,
    replay_plan,
    replay_record,
    save_lesson,
    should_embed,
)
from core.lesson_focus import FOCUS_SETTING, focus_setting
from core.ready_lessons import UnknownLessonError, load_ready_lesson
from core.session import RunState
from gui.i18n import translate
from gui.replay_progress import ReplayProgress


class LessonFiles(QObject):
    """File > Open / Save of one MainWindow."""

    def __init__(self, window, worker) -> None:
        super().__init__(window)
        self._window = window
        self._worker = worker
        self.replay_progress = ReplayProgress(window, worker)

    @Slot()
    def open_data_file(self, path: str | None = None) -> bool:
        """Train on a .csv / .npz file."""
        path = self._path_or_ask(
            path, QFileDialog.getOpenFileName, translate("LessonFiles", "Open data file"), "",
            translate("LessonFiles", "Data files (*.csv *.npz);;All files (*)"))
        if not path:
            return False
        try:
            data = load_data_file(path)
        except DataError as error:
            self._window.status.show_problem("This file cannot be used", str(error))
            return False
        self._window.controls.add_data_file(data.name, str(path), data.n_features)
        self._window.reset_with(data)
        return True

    @Slot()
    def open_lesson(self, path: str | None = None) -> bool:
        """Re-open a lesson: the run is replayed step by step, so it continues exactly."""
        path = self._path_or_ask(path, QFileDialog.getOpenFileName,
                                 translate("LessonFiles", "Open lesson"), "",
                                 translate("LessonFiles", "Lesson (*.json)"))
        if not path:
            return False
        return self._open(lambda: load_lesson(path), Path(path).stem, Path(path).name)

    def open_ready_lesson(self, name: str) -> bool:
        """Open a ready lesson from resources/lessons (the Lessons menu, --lesson NAME)."""
        return self._open(lambda: load_ready_lesson(name), name, f"{name}.json")

    def _open(self, load, name: str, file_name: str) -> bool:
        """Open the lesson `load()` reads: everything is checked before anything changes, so a
        refused file (or one whose data file is gone) leaves the current lesson as it was. A
        lesson without a history (a ready lesson, an exercise) just sets up its run, idle, ready
        to Start. `file_name` names the lesson in a refusal."""
        window = self._window
        try:
            lesson = load()
            start, changes = replay_plan(lesson.settings)
            ends = replay_ends(lesson.settings)
            lesson_data(lesson, file_name)  # a data file that is gone: refused, naming both
        except (LessonFileError, UnknownLessonError) as error:
            window.status.show_problem("This lesson cannot be opened", str(error))
            return False
        window.pinned.replace([(pin["label"], MetricHistory.from_arrays(pin))
                               for pin in lesson.pins])
        window.view.apply_lesson(lesson.settings)
        window.guide.show(lesson, name)  # its note and locks; the last lesson's are gone
        window.controls.set_config(lesson.config)
        window.set_state(RunState.LOADING)
        final_step = len(lesson.history["cost"])
        self.replay_progress.expect(final_step)
        self._worker.request_replay(lesson.config.replace(**start), changes, final_step,
                                    lesson.embedded_data, chunk_ends=ends)
        return True

    @Slot()
    def save_lesson(self, path: str | None = None) -> bool:
        """Save settings, data (embedded when small), history, pins and view to a JSON file."""
        path = self._path_or_ask(path, QFileDialog.getSaveFileName,
                                 translate("LessonFiles", "Save lesson"), "lesson.json",
                                 translate("LessonFiles", "Lesson (*.json)"))
        if not path:
            return False
        try:
            save_lesson(self.lesson(), path)
        except LessonFileError as error:
            self._window.status.show_problem("Could not save the lesson", str(error))
            return False
        self._window.status.message(
            translate("LessonFiles", "Saved the lesson to {path}").format(path=path))
        return True

    @Slot()
    def export_history_csv(self, path: str | None = None) -> bool:
        """The cost and accuracy of every step, as CSV."""
        path = self._path_or_ask(path, QFileDialog.getSaveFileName,
                                 translate("LessonFiles", "Export history"), "history.csv",
                                 translate("LessonFiles", "CSV (*.csv)"))
        if not path:
            return False
        history = self._window.history
        try:
            save_history_csv(history, path)
        except OSError as error:
            self._window.status.show_problem("Could not save the history",
                                             f"{path}: {error.strerror}")
            return False
        self._window.status.message(translate("LessonFiles", "Saved {count} steps to {path}")
                                    .format(count=f"{len(history):,}", path=path))
        return True

    def lesson(self) -> Lesson:
        """The window's lesson as it is now."""
        window = self._window
        config, record = window.config, window.run_record
        embedded = None
        if config.data_path:
            try:
                data = load_data_file(config.data_path)
                embedded = data if should_embed(config, data) else None
            except DataError:  # moved or changed since: the lesson keeps the path only
                embedded = None
        return Lesson(
            config=config,
            history=history_arrays(window.history),
            pins=[{"label": label, **history_arrays(h)} for label, h in window.pinned.pins],
            markers=[(int(step), text) for step, text in window.lossPlot.markers()],
            embedded_data=embedded,
            settings={"theme": window.view.theme_name, "font_scale": window.view.font_scale,
                      **window.view.toggles(), THRESHOLD_SETTING: window.plots.threshold.value,
                      REPLAY_SETTING: replay_record(record.start, record.changes,
                                                    self._worker.advance_ends()),
                      **({FOCUS_SETTING: focus_setting(window.plots.lesson_focus)}
                         if window.plots.lesson_focus else {})},  # the panels it is about
            **window.guide.note_fields(),  # an exercise saved again stays that exercise
        )

    def _path_or_ask(self, path: str | None, ask, title: str, suggested: str,
                     file_filter: str) -> str:
        """`path`, or the one the user picks with `ask` (a QFileDialog getter); '' if none."""
        return path if path is not None else ask(self._window, title, suggested,
                                                 file_filter)[0]
