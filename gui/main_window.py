"""The main window: controls on the left, five live panels on the right, state in the status bar.

Data flow (docs/ARCHITECTURE.md §3): a control changes -> a command to the worker -> the worker
trains a chunk -> one batch signal -> appended to the history here -> the redraw timer refreshes
the plots.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QWidget,
)

from core.config import ConfigError, TrainingConfig
from core.datasets import DataError, load_data_file
from core.devices import training_threads
from core.history import MetricHistory
from core.lesson import initial_weights, prepare_data
from core.session import SLOW_MOTION_SPEED
from gui.controls import ControlPanel
from gui.export_dialog import WHOLE_WINDOW, ExportDialog
from gui.maths_dialog import MathsDialog
from gui.menus import build_menus
from gui.optimum_finder import OptimumFinder
from gui.panel_layout import Focus
from gui.plot_panels import MODEL_VIEWS, PlotPanels
from gui.replay_progress import ReplayProgress
from gui.scrubber import Scrubber
from gui.theme import THEMES, theme_by_name
from gui.worker import EngineInfo, TrainingBatch, TrainingWorker

REDRAW_INTERVAL_MS = 33  # ~30 Hz, whatever the training speed
SETTINGS_CONFIG_KEY = "lesson/config"
PREVIEW_VALUES = 1_000_000  # a preset this small is built in milliseconds, torch-free


class MainWindow(QMainWindow):
    """One lesson: a configuration, the worker training it, and the panels showing it."""

    trainingFinished = Signal()  # the run ended: iterations reached, diverged, or failed

    def __init__(self, config: TrainingConfig | None = None, threads: int | None = None):
        super().__init__()
        self.setWindowTitle("Logistic Regression Lab")
        self._settings = QSettings()
        restore = config is None
        self._restored = restore  # the lesson comes from the last session's settings
        self._config = self._restored_config() if restore else config
        self._history = MetricHistory(has_val=False)
        self._info: EngineInfo | None = None
        self._latest: TrainingBatch | None = None
        self._state = "loading"
        self._dirty = False
        self.frames_drawn = 0
        self._model_turn = 0  # which model view the next frame of a run refreshes
        self._views_showing: dict[str, object] = {}  # view -> the logits array it shows
        self._pins: list[tuple[str, MetricHistory]] = []
        # lr / L2 at the start of the run and every live change since: enough to replay it.
        self._run_start: dict = {}
        self._changes: list[tuple[int, dict]] = []
        self._optimum = None
        self._theme_name, self._font_scale = "default", 1.0
        self._export_caption = False
        self._maths_dialog: MathsDialog | None = None
        self._optimum_finder = OptimumFinder(self)
        self._optimum_finder.found.connect(self._on_optimum_found)
        self._optimum_finder.failed.connect(self._on_optimum_failed)
        self._build(restore)
        self._show_preview()
        self._start_worker(threads or training_threads(leave_core_for_gui=True))
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS)
        self._redraw_timer.timeout.connect(self._redraw)
        self._redraw_timer.start()
        self._worker.request_reset(self._config)

    # ----- building ----------------------------------------------------------------------

    def _build(self, restore: bool) -> None:
        self.controls = ControlPanel(self._config)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        self._controls_scroll = scroll
        self._fit_controls_width()
        splitter = QSplitter()
        splitter.addWidget(scroll)
        self.plots = p = PlotPanels()
        # The panels also as window attributes, by their objectNames (docs/ARCHITECTURE.md §6).
        self.sigmoidPlot, self.samplesPlot, self.lossPlot = p.sigmoidPlot, p.samplesPlot, p.lossPlot
        self.accuracyPlot, self.predictionsPlot = p.accuracyPlot, p.predictionsPlot
        self.decisionPlot, self.weightsPlot = p.decisionPlot, p.weightsPlot
        splitter.addWidget(self.plots)
        self.plots.arrangementChanged.connect(self._on_arrangement_changed)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._build_status_bar()
        self.scrubber = Scrubber(self)  # rewinding a paused run: cursor, keys, seeks, branches
        self.actions = build_menus(self)
        self._connect_controls()
        self.controls.set_run_state("loading", finished=False)
        self._restore_view_settings()
        geometry = self._settings.value("window/geometry") if restore else None
        # PySide6 returns a stored QByteArray as QByteArray; anything else is garbage.
        valid = isinstance(geometry, (QByteArray, bytes, bytearray))
        if not valid or not self.restoreGeometry(geometry):
            self.resize(1500, 940)

    def _show_preview(self) -> None:
        """The lesson's data at its starting weights (numpy only) while the worker loads torch,
        which takes seconds on a cold start: the window never opens on empty axes."""
        config = self._config
        if config.data_path or config.samples * config.features > PREVIEW_VALUES:
            return  # a file or a large preset: read by the worker, off the GUI thread
        try:
            train, val = prepare_data(config)
        except DataError:
            return  # the worker reports it
        w0 = initial_weights(train.n_features, config)
        self.plots.set_up(train.X, train.y, None if val is None else val.X,
                          None if val is None else val.y, config.iterations,
                          feature_names=train.feature_names, picture_shape=train.picture_shape,
                          standardised=config.standardise)
        self.plots.show_model(train.X @ w0, train.y, None if val is None else val.X @ w0,
                              None if val is None else val.y, w0, 0.0)

    def panels(self) -> dict[str, QWidget]:
        """Every plot panel by objectName (the names of docs/ARCHITECTURE.md §6 and the model
        views)."""
        return self.plots.panels()


    def _fit_controls_width(self) -> None:
        """The controls column as wide as its fields need at the current font size (with room
        for the vertical scroll bar), up to a third of the window, past which it scrolls
        sideways: at 2x fonts it cut Pause and Reset off, and at 3x the plots need the room."""
        self.controls.ensurePolished()
        bar = self._controls_scroll.verticalScrollBar().sizeHint().width()
        needed = self.controls.sizeHint().width() + bar + 8
        self._controls_scroll.setMinimumWidth(min(needed, max(self.width() // 3, 200)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_controls_scroll"):  # resized once before the controls are built
            self._fit_controls_width()

    def _build_status_bar(self) -> None:
        self._state_label, self._step_label = QLabel(), QLabel()
        self._speed_label, self._device_label = QLabel(), QLabel()
        self._panels_label = QLabel()
        self._panels_label.setToolTip("Big fonts leave room for fewer panels; View > Focus "
                                      "(Ctrl+0 to Ctrl+8) chooses which to show large.")
        self._progress = QProgressBar(maximumWidth=220, textVisible=True)
        bar = self.statusBar()
        for widget in (self._state_label, self._step_label, self._speed_label,
                       self._panels_label):
            bar.addWidget(widget)
        bar.addPermanentWidget(self._device_label)
        bar.addPermanentWidget(self._progress)
        self._state_label.setText("Loading PyTorch (a few seconds on a first start)...")

    def _connect_controls(self) -> None:
        c = self.controls
        c.startRequested.connect(self._start)
        c.pauseRequested.connect(self._pause)
        c.stepRequested.connect(self.step_once)
        c.resetRequested.connect(self.reset_run)
        c.hyperparametersEdited.connect(self._on_hyperparameters_edited)
        c.speedChanged.connect(self._on_speed_changed)
        c.dataSettingsEdited.connect(self._on_data_settings_edited)
        c.openFileRequested.connect(self.open_data_file)
        c.identityToggled.connect(self._on_identity_toggled)
        c.logScaleToggled.connect(self._on_log_scale_toggled)

    def _start_worker(self, threads: int) -> None:
        self._thread = QThread(self)
        self._worker = TrainingWorker(threads=threads)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.stopped.connect(self._thread.quit)
        self._worker.engineReady.connect(self._on_engine_ready)
        self._worker.batchReady.connect(self._on_batch)
        self._worker.stateChanged.connect(self._on_state_changed)
        self._worker.hyperparametersApplied.connect(self._on_hyperparameters_applied)
        self._worker.diverged.connect(self._on_diverged)
        self._worker.errorOccurred.connect(self._on_error)
        self._worker.warningRaised.connect(self._on_warning)
        self._worker.truncated.connect(self._on_truncated)
        self.scrubber.connect_worker(self._worker)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._worker.request_speed(self.controls.speedInput.currentData())
        self._replay_progress = ReplayProgress(self, self._worker)
        self._thread.start()

    # ----- user actions ------------------------------------------------------------------

    @Slot()
    def _start(self) -> None:
        self.scrubber.continue_with(self._state in ("idle", "paused", "error"),
                                    self._worker.request_start)

    @Slot()
    def _pause(self) -> None:
        self._worker.request_pause()

    @Slot()
    def toggle_run(self) -> None:
        self._pause() if self._state == "running" else self._start()

    @Slot()
    def step_once(self) -> None:
        self.scrubber.continue_with(self._state in ("idle", "paused", "error"),
                                    lambda: self._worker.request_step(1))

    @Slot()
    def reset_run(self) -> None:
        self._reset_with(data=None)

    def _reset_with(self, data) -> None:
        """Reset to the controls' settings; `data`, a Dataset already loaded, spares the worker
        reading the file again."""
        try:
            self._config = self.controls.config()
        except ConfigError as error:
            self._show_problem("These settings cannot be used", str(error))
            return
        self._set_state("loading")
        self._worker.request_reset(self._config, data)

    @Slot(dict)
    def _on_hyperparameters_edited(self, values: dict) -> None:
        try:
            self._config = self._config.replace(**values)
        except ConfigError as error:
            self._show_problem("This value cannot be used", str(error))
            self.controls.set_config(self._config)
            return
        self._worker.request_hyperparameters(**values)
        self._save_settings()

    @Slot(object)
    def _on_speed_changed(self, steps_per_second) -> None:
        self._worker.request_speed(steps_per_second)

    @Slot()
    def _on_data_settings_edited(self) -> None:
        if self._state == "idle" and len(self._history) == 0:
            self.reset_run()  # nothing trained yet, so nothing is lost by applying at once
        else:
            self._state_label.setText("Data settings changed: press Reset to apply them")
            self.controls.resetButton.setDefault(True)

    @Slot()
    def open_data_file(self, path: str | None = None) -> bool:
        """Load a .csv / .npz chosen by the user; a refused file leaves the lesson untouched."""
        path = self._path_or_ask(path, QFileDialog.getOpenFileName, "Open data file", "",
                                 "Data files (*.csv *.npz);;All files (*)")
        if not path:
            return False
        try:
            data = load_data_file(path)
        except DataError as error:
            self._show_problem("This file cannot be used", str(error))
            return False
        self.controls.add_data_file(data.name, str(path))
        self._reset_with(data)
        return True

    def _path_or_ask(self, path: str | None, ask, title: str, suggested: str,
                     file_filter: str) -> str:
        """`path`, or the one the user picks with `ask` (a QFileDialog getter); '' if none."""
        return path if path is not None else ask(self, title, suggested, file_filter)[0]

    # ----- worker signals ----------------------------------------------------------------

    @Slot(object)
    def _on_engine_ready(self, info: EngineInfo) -> None:
        self._info = info
        self._config = info.config
        self._run_start = {"lr": info.config.lr, "l2": info.config.l2}
        self._changes = []
        self._history = MetricHistory(has_val=info.val_X is not None)
        self._latest = None
        self.plots.set_up(info.train_X, info.train_y, info.val_X, info.val_y,
                          info.config.iterations, info.val_sample_size,
                          feature_names=info.feature_names, picture_shape=info.picture_shape,
                          standardised=info.config.standardise)
        self.plots.show_pins(self._pins)
        self._request_optimum()
        self.controls.set_cuda_available(info.cuda_available)
        held_out = 0 if info.val_X is None else len(info.val_X)
        self.controls.show_data_shape(len(info.train_X) + held_out, info.train_X.shape[1])
        self.controls.resetButton.setDefault(False)
        threads = f"{info.threads} thread{'s' if info.threads > 1 else ''}"
        self._device_label.setText(f"{info.dataset_label}  |  {info.device} ({info.method}, "
                                   f"{threads})")
        # The notice ("no GPU found: training on the CPU") in the tooltip: in the text it ran
        # the status bar out of room at big fonts.
        self._device_label.setToolTip(info.notice or "")
        self._save_settings()
        self._dirty = True

    @Slot(object)
    def _on_batch(self, batch: TrainingBatch) -> None:
        if self._info is None or batch.run_id != self._info.run_id:
            return  # from before the last reset
        self._history.append(batch)
        self._latest = batch
        self._dirty = True

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        self._set_state(state)
        if state in ("finished", "diverged", "error"):
            self.redraw_now()
            self.trainingFinished.emit()

    # ----- view ----------------------------------------------------------------------------

    @Slot(bool)
    def _on_identity_toggled(self, on: bool) -> None:
        self.sigmoidPlot.set_identity_visible(on)
        self.actions["identity"].setChecked(on)
        self._settings.setValue("view/identity", on)

    @Slot(bool)
    def _on_log_scale_toggled(self, on: bool) -> None:
        self.lossPlot.set_log_scale(on)
        self.actions["log_scale"].setChecked(on)
        self._settings.setValue("view/log_scale", on)

    @Slot(bool)
    def set_gap_view(self, on: bool) -> None:
        """Cost minus the exact optimum, on a log axis (needs the optimum, found in background)."""
        self.lossPlot.set_gap_view(on)
        if on and self._optimum is None:
            self.statusBar().showMessage("The gap view appears once the optimum is known.", 5000)

    @Slot(bool)
    def set_export_caption(self, on: bool) -> None:
        self._export_caption = on

    def set_theme(self, name: str) -> None:
        """Restyle every panel: 'default' for the screen, 'presentation' for slides."""
        theme = theme_by_name(name, self._font_scale)
        self._theme_name = name
        self.plots.apply_theme(theme)
        self.actions[f"theme_{name}"].setChecked(True)
        self._settings.setValue("view/theme", name)

    def set_focus(self, focus: Focus) -> None:
        """Every panel that fits, or one or two panels large (View > Focus)."""
        self.plots.set_focus(focus)
        self.actions[f"focus_{focus.name.lower()}"].setChecked(True)
        self._settings.setValue("view/focus", focus.name)

    @Slot(int, int)
    def _on_arrangement_changed(self, shown: int, total: int) -> None:
        self._panels_label.setText("" if shown == total else
                                   f"{shown} of {total} panels")

    def set_font_scale(self, scale: float) -> None:
        """Bigger fonts in every panel and control, for the back of the classroom."""
        self._font_scale = scale
        self.plots.set_font_scale(scale)
        font = QApplication.font()
        base = self._base_point_size = getattr(self, "_base_point_size", font.pointSizeF())
        font.setPointSizeF(base * scale)
        self.setFont(font)
        self._fit_controls_width()
        self.set_theme(self._theme_name)
        action = self.actions.get(f"font_{scale:g}")
        if action is not None:
            action.setChecked(True)
        self._settings.setValue("view/font_scale", scale)

    def _restore_view_settings(self) -> None:
        settings = self._settings
        theme = settings.value("view/theme", "default")
        scale = _as_float(settings.value("view/font_scale", 1.0), 1.0)
        self._theme_name = theme if theme in THEMES else "default"
        self.set_font_scale(scale if 1.0 <= scale <= 3.0 else 1.0)
        focus = settings.value("view/focus", Focus.OVERVIEW.name)
        self.set_focus(Focus[focus] if focus in Focus.__members__ else Focus.OVERVIEW)
        for name, checkbox in (("identity", self.controls.identityInput),
                               ("log_scale", self.controls.logScaleInput)):
            checkbox.setChecked(settings.value(f"view/{name}", False) in (True, "true"))

    # ----- teaching tools ----------------------------------------------------------------

    @Slot()
    def pin_run(self) -> None:
        """Keep this run's curves as faded ghosts under the next runs."""
        if len(self._history) == 0:
            self.statusBar().showMessage("Nothing to pin yet: train a few steps first.", 5000)
            return
        from gui.plots.pins import run_label

        # Named with its history: a run that went lr 0.1 -> 1 -> 0.01 is not "lr 0.01".
        settings = run_label(self._run_start or {"lr": self._config.lr, "l2": self._config.l2},
                             self._changes)
        label = f"pinned: {settings}"
        history = self._history.copy()
        self._pins.append((label, history))
        self.plots.remember_pin_markers(history, self.lossPlot.markers())
        self.plots.show_pins(self._pins)
        self.statusBar().showMessage(f"Pinned the run ({settings}). Change a setting, "
                                     "Reset and Start to compare.", 8000)

    @Slot()
    def clear_pins(self) -> None:
        self._pins.clear()
        self.plots.show_pins(self._pins)

    def _request_optimum(self) -> None:
        self._optimum = None
        self.lossPlot.set_reference(None)
        info = self._info
        if info is None or not OptimumFinder.available():
            self.actions["gap_view"].setEnabled(False)
            return
        self._optimum_finder.request((info.run_id, self._config.l2), info.train_X, info.train_y,
                                     self._config.l2)

    @Slot(object, object)
    def _on_optimum_found(self, tag, optimum) -> None:
        if self._info is None or tag != (self._info.run_id, self._config.l2):
            return  # an answer for older data or another L2
        self._optimum = optimum
        if optimum.converged:
            self.lossPlot.set_reference(optimum.cost)
        else:
            self.statusBar().showMessage(
                "No finite optimum: the data are separable and L2 is 0, so the cost keeps "
                "falling towards 0 as the weights grow.", 10000)

    @Slot(object, str)
    def _on_optimum_failed(self, tag, message: str) -> None:
        self.statusBar().showMessage(f"Could not compute the optimum: {message}", 8000)

    @Slot()
    def show_maths(self) -> None:
        if self._maths_dialog is None:
            self._maths_dialog = MathsDialog(self)
        info = self._info
        samples, features = (info.train_X.shape if info is not None
                             else (self._config.samples, self._config.features))
        self._maths_dialog.show_for(self._config, samples, features)

    # ----- exports and files -------------------------------------------------------------

    def caption_text(self) -> str:
        """One line with the settings, for captions under exported images."""
        c, step = self._config, self.scrubber.shown_step()
        shape = self._info.train_X.shape if self._info is not None else (c.samples, c.features)
        device = self._info.device if self._info is not None else c.device
        return (f"{c.dataset} · N {shape[0]} · D {shape[1]} · lr {c.lr:g} · L2 {c.l2:g} · "
                f"step {step:,} · {device}")

    @Slot()
    def open_export_dialog(self) -> ExportDialog:
        targets = {WHOLE_WINDOW: self, **{name: p for name, p in self.panels().items()
                                          if p.isVisible()}}
        dialog = ExportDialog(targets, self.caption_text(), self)
        dialog.captionInput.setChecked(self._export_caption)
        dialog.open()
        return dialog

    @Slot()
    def export_history_csv(self, path: str | None = None) -> bool:
        from core.history_csv import save_history_csv

        path = self._path_or_ask(path, QFileDialog.getSaveFileName, "Export history",
                                 "history.csv", "CSV (*.csv)")
        if not path:
            return False
        try:
            save_history_csv(self._history, path)
        except OSError as error:
            self._show_problem("Could not save the history", f"{path}: {error.strerror}")
            return False
        self.statusBar().showMessage(f"Saved {len(self._history):,} steps to {path}", 5000)
        return True

    @Slot()
    def save_lesson(self, path: str | None = None) -> bool:
        """Save settings, data (embedded when small), history, pins and view to a JSON file."""
        from core.lesson_file import LessonFileError, save_lesson

        path = self._path_or_ask(path, QFileDialog.getSaveFileName, "Save lesson",
                                 "lesson.json", "Lesson (*.json)")
        if not path:
            return False
        try:
            save_lesson(self._lesson(), path)
        except LessonFileError as error:
            self._show_problem("Could not save the lesson", str(error))
            return False
        self.statusBar().showMessage(f"Saved the lesson to {path}", 5000)
        return True

    def _lesson(self):
        from core.lesson_file import (
            REPLAY_SETTING,
            Lesson,
            history_arrays,
            replay_record,
            should_embed,
        )

        embedded = None
        if self._config.data_path:
            try:
                data = load_data_file(self._config.data_path)
                embedded = data if should_embed(self._config, data) else None
            except DataError:  # moved or changed since: the lesson keeps the path only
                embedded = None
        return Lesson(
            config=self._config,
            history=history_arrays(self._history),
            pins=[{"label": label, **history_arrays(h)} for label, h in self._pins],
            markers=[(int(step), text) for step, text in self.lossPlot.markers()],
            embedded_data=embedded,
            settings={"theme": self._theme_name, "font_scale": self._font_scale,
                      "identity": self.controls.identityInput.isChecked(),
                      "log_scale": self.controls.logScaleInput.isChecked(),
                      REPLAY_SETTING: replay_record(self._run_start, self._changes,
                                                    self._worker.advance_ends())},
        )

    @Slot()
    def open_lesson(self, path: str | None = None) -> bool:
        """Re-open a lesson: the run is replayed step by step, so it continues exactly."""
        from core.lesson_file import LessonFileError, load_lesson, replay_ends, replay_plan

        path = self._path_or_ask(path, QFileDialog.getOpenFileName, "Open lesson", "",
                                 "Lesson (*.json)")
        if not path:
            return False
        try:
            lesson = load_lesson(path)
            start, changes = replay_plan(lesson.settings)
            ends = replay_ends(lesson.settings)
        except LessonFileError as error:
            self._show_problem("This lesson cannot be opened", str(error))
            return False
        config = lesson.config.replace(**start)
        self._pins = [(pin["label"], MetricHistory.from_arrays(pin)) for pin in lesson.pins]
        self._apply_lesson_view(lesson.settings)
        self.controls.set_config(lesson.config)
        self._set_state("loading")
        self._replay_progress.expect(len(lesson.history["cost"]))
        self._worker.request_replay(config, changes, len(lesson.history["cost"]),
                                    lesson.embedded_data, chunk_ends=ends)
        return True

    def _apply_lesson_view(self, settings: dict) -> None:
        scale = _as_float(settings.get("font_scale", 1.0), 1.0)
        self.set_font_scale(scale if 1.0 <= scale <= 3.0 else 1.0)
        self.set_theme(settings.get("theme") if settings.get("theme") in THEMES else "default")
        self.controls.identityInput.setChecked(settings.get("identity") is True)
        self.controls.logScaleInput.setChecked(settings.get("log_scale") is True)

    @Slot(int, dict)
    def _on_hyperparameters_applied(self, step: int, changes: dict) -> None:
        names = {"lr": "lr", "l2": "L2", "iterations": "iterations"}
        self._changes.append((step, {name: new for name, (_, new) in changes.items()}))
        if "iterations" in changes:
            for plot in (self.lossPlot, self.accuracyPlot):
                plot.set_planned_steps(changes["iterations"][1])
        if "l2" in changes:
            self._request_optimum()
        for name, (old, new) in changes.items():
            if name in ("lr", "l2"):
                text = f"{names[name]} {old:g} → {new:g}"
                self.lossPlot.add_marker(step, text)
                self.accuracyPlot.add_marker(step, text)
        self._dirty = True

    @Slot(int)
    def _on_truncated(self, step: int) -> None:
        """A branch from a rewound step (gui/scrubber.py): the lesson's record loses what came
        after it."""
        self._changes = [(at, change) for at, change in self._changes if at <= step]

    @Slot(object)
    def _on_diverged(self, divergence) -> None:
        # A linear axis squeezes a blow-up into one corner (x1e27): show it on a log axis.
        self.controls.logScaleInput.setChecked(True)
        self._show_problem("Training diverged", divergence.message, divergence.summary)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        if self._info is not None:  # a refused reset: the current lesson goes on
            self._config = self._info.config
            self.controls.set_config(self._config)
        elif self._restored and self._config != TrainingConfig():
            # The last session's lesson cannot be built any more (its file was moved, a stored
            # size does not fit in memory...): open the default lesson rather than none at all.
            self._config = TrainingConfig()
            self.controls.set_config(self._config)
            self._worker.request_reset(self._config)
            message += "\n\nThe last session's lesson could not be opened; the default one was."
        self._show_problem("Training stopped", message)

    @Slot(str)
    def _on_warning(self, message: str) -> None:
        self.statusBar().showMessage(f"Warning: {message}", 8000)

    # ----- drawing -----------------------------------------------------------------------

    def redraw_now(self) -> None:
        """Draw the latest state at once (before a screenshot), not at the next timer tick."""
        self._dirty = True
        self._redraw(every_view=True)

    @Slot()
    def _redraw(self, every_view: bool = False) -> None:
        if not self._dirty or self._info is None:
            return
        self._dirty = False
        self.frames_drawn += 1
        axis_jumped = self.plots.show_history(self._history)
        views = MODEL_VIEWS
        speed = self.controls.speedInput.currentData()  # steps per second, None for max
        # Slow motion shows every step in every view: each step is a batch of its own there.
        every_view |= speed is not None and speed <= SLOW_MOTION_SPEED
        batch, info = self.scrubber.model_or(self._latest), self._info
        if batch is not None and self._state == "running":
            # On a large data set the worker reads the model out only every few frames: a
            # view that already shows this reading is left alone.
            views = tuple(view for view in views
                          if self._views_showing.get(view) is not batch.logits)
        if self._state == "running" and not every_view:
            # While training runs, each frame refreshes one model view in turn (each at ~10 Hz):
            # together they cost more than the curves, and drawing holds the GIL the worker's
            # steps need. The turn passes to the next view that needs it, so none is starved.
            # A frame whose step axis jumped repaints the curves in full: it refreshes no view
            # (the next frame takes the turn), so that no frame stalls the GUI thread much
            # longer than the others.
            order = MODEL_VIEWS[self._model_turn:] + MODEL_VIEWS[:self._model_turn]
            views = () if axis_jumped else tuple(v for v in order if v in views)[:1]
            if views:
                self._model_turn = (MODEL_VIEWS.index(views[0]) + 1) % len(MODEL_VIEWS)
        # The step count and progress bar (which repaints at once) follow the samples view:
        # during a run they change every frame, faster than anyone reads them.
        if "samples" in views or self._state != "running":
            self._update_status()
        if batch is not None and views:
            self.plots.show_model(batch.logits, info.train_y, batch.val_logits, info.val_y,
                                  batch.weights, batch.bias, views)
            self._views_showing.update(dict.fromkeys(views, batch.logits))

    def _update_status(self) -> None:
        total = self._config.iterations
        step = self._latest.step if self._latest is not None else 0
        self._step_label.setText(self.scrubber.step_text(total))
        rate = self._latest.steps_per_second if self._latest is not None else 0.0
        self._speed_label.setText(f"{rate:,.0f} steps/s" if self._state == "running" else "")
        self._progress.setMaximum(total)
        self._progress.setValue(min(step, total))

    def _set_state(self, state: str) -> None:
        self._state = state
        self.scrubber.set_state(state)
        self.plots.set_fast_drawing(state == "running")
        finished = state in ("finished", "diverged")
        self.controls.set_run_state(state, finished)
        labels = {"loading": "Preparing data...",
                  "replaying": "Opening the lesson: re-training its run...",
                  "idle": "Ready: press Start (Space)",
                  "running": "Training", "paused": "Paused", "finished": "Finished",
                  "diverged": "Diverged: lower the learning rate, then Reset",
                  "error": "Stopped by an error"}
        self._state_label.setText(labels.get(state, state))
        # At a divergence in the first steps "0 %" would read as "nothing happened".
        self._progress.setFormat("diverged" if state == "diverged" else "%p%")
        self._dirty = True

    # ----- settings and shutdown ---------------------------------------------------------

    def _restored_config(self) -> TrainingConfig:
        """The last session's settings; anything unreadable falls back to the defaults."""
        stored = self._settings.value(SETTINGS_CONFIG_KEY)
        try:
            return TrainingConfig.from_dict(json.loads(stored)) if stored else TrainingConfig()
        except (ConfigError, ValueError, TypeError):
            return TrainingConfig()

    def _save_settings(self) -> None:
        self._settings.setValue(SETTINGS_CONFIG_KEY, json.dumps(self._config.to_dict()))

    def _show_problem(self, title: str, message: str, summary: str | None = None) -> None:
        """A dialog with the whole message; the status bar keeps `summary` (or the message's
        first sentence): a long one would be cut off mid-sentence there."""
        first_sentence = message.splitlines()[0].split(". ")[0].rstrip(".")
        self.statusBar().showMessage(summary or first_sentence, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        box.setObjectName("problemDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # so dialogs do not pile up
        box.open()  # not exec(): the window (and its redraws) keep running

    def optimum_pending(self) -> bool:
        """Whether the exact optimum (the cost plot's dashed line) is still being computed."""
        return self._optimum_finder.busy()

    @property
    def state(self) -> str:
        return self._state

    @property
    def history(self) -> MetricHistory:
        return self._history

    @property
    def latest_batch(self) -> TrainingBatch | None:
        return self._latest

    @property
    def engine_info(self) -> EngineInfo | None:
        return self._info

    @Slot()
    def shutdown(self) -> bool:
        """Stop the worker and wait for its thread: never terminate(), never leave it running
        for Qt to destroy. True once the thread has ended (at once when it already had).

        A process that leaves right after (gui/app.py sets the "shutdownWaitMs" property)
        waits at most that long: a worker still importing torch or building a lesson cannot
        stop sooner, and it ends with the process, which never destroys this window. The
        optimum search is then not waited for either, for the same reason."""
        if not self._thread.isRunning():
            return True
        bound = self.property("shutdownWaitMs")
        self._redraw_timer.stop()
        self._worker.request_stop()
        self._thread.quit()
        ended = self._thread.wait() if bound is None else self._thread.wait(int(bound))
        if bound is None:
            self._optimum_finder.shutdown()
        return ended

    def closeEvent(self, event) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self.shutdown()
        self._settings.sync()  # written now: the process may leave without Qt's teardown
        super().closeEvent(event)


def _as_float(value, default: float) -> float:
    """A number from QSettings (which may hold a string, or garbage), else `default`."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
