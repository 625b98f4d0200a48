"""The main window: controls on the left, five live panels on the right, state in the status bar.

Data flow (DESIGN.md §3): a control changes -> a command to the worker -> the worker trains a
chunk -> one batch signal -> appended to the history here -> the redraw timer refreshes the plots.
"""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QSettings, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGridLayout,
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
from gui.controls import ControlPanel
from gui.plots import AccuracyPlot, LossPlot, PredictionsPlot, SamplesPlot, SigmoidPlot
from gui.worker import EngineInfo, TrainingBatch, TrainingWorker

REDRAW_INTERVAL_MS = 33  # ~30 Hz, whatever the training speed
SETTINGS_CONFIG_KEY = "lesson/config"


class MainWindow(QMainWindow):
    """One lesson: a configuration, the worker training it, and the panels showing it."""

    trainingFinished = Signal()  # the run ended: iterations reached, diverged, or failed

    def __init__(self, config: TrainingConfig | None = None, threads: int | None = None):
        super().__init__()
        self.setWindowTitle("Logistic Regression Lab")
        self._settings = QSettings()
        restore = config is None
        self._config = self._restored_config() if restore else config
        self._history = MetricHistory(has_val=False)
        self._steps_axis = np.empty(0)
        self._info: EngineInfo | None = None
        self._latest: TrainingBatch | None = None
        self._state = "loading"
        self._dirty = False
        self.frames_drawn = 0
        self._build(restore)
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
        scroll.setMinimumWidth(self.controls.sizeHint().width() + 24)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self._build_plots())
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._build_status_bar()
        self._build_shortcuts()
        self._connect_controls()
        self.controls.set_run_state("loading", finished=False)
        geometry = self._settings.value("window/geometry") if restore else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 940)

    def _build_plots(self) -> QWidget:
        self.sigmoidPlot, self.samplesPlot = SigmoidPlot(), SamplesPlot()
        self.lossPlot, self.accuracyPlot = LossPlot(), AccuracyPlot()
        self.predictionsPlot = PredictionsPlot()
        panels = QWidget()
        grid = QGridLayout(panels)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.samplesPlot, 0, 0)
        grid.addWidget(self.sigmoidPlot, 0, 1)
        grid.addWidget(self.lossPlot, 1, 0)
        grid.addWidget(self.accuracyPlot, 1, 1)
        grid.addWidget(self.predictionsPlot, 2, 0, 1, 2)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 4)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return panels

    def _build_status_bar(self) -> None:
        self._state_label, self._step_label = QLabel(), QLabel()
        self._speed_label, self._device_label = QLabel(), QLabel()
        self._progress = QProgressBar(maximumWidth=220, textVisible=True)
        bar = self.statusBar()
        for widget in (self._state_label, self._step_label, self._speed_label):
            bar.addWidget(widget)
        bar.addPermanentWidget(self._device_label)
        bar.addPermanentWidget(self._progress)
        self._state_label.setText("Loading PyTorch...")

    def _build_shortcuts(self) -> None:
        bindings = ((Qt.Key.Key_Space, self._toggle_run), (Qt.Key.Key_S, self._step),
                    (Qt.Key.Key_Right, self._step), (Qt.Key.Key_R, self._reset))
        for key, slot in bindings:
            QShortcut(QKeySequence(key), self, activated=slot)

    def _connect_controls(self) -> None:
        c = self.controls
        c.startRequested.connect(self._start)
        c.pauseRequested.connect(self._pause)
        c.stepRequested.connect(self._step)
        c.resetRequested.connect(self._reset)
        c.hyperparametersEdited.connect(self._on_hyperparameters_edited)
        c.speedChanged.connect(self._on_speed_changed)
        c.dataSettingsEdited.connect(self._on_data_settings_edited)
        c.openFileRequested.connect(self.open_data_file)
        c.identityToggled.connect(self.sigmoidPlot.set_identity_visible)
        c.logScaleToggled.connect(self.lossPlot.set_log_scale)

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
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._worker.request_speed(self.controls.speedInput.currentData())
        self._thread.start()

    # ----- user actions ------------------------------------------------------------------

    @Slot()
    def _start(self) -> None:
        if self._state in ("idle", "paused", "error"):
            self._worker.request_start()

    @Slot()
    def _pause(self) -> None:
        self._worker.request_pause()

    @Slot()
    def _toggle_run(self) -> None:
        self._pause() if self._state == "running" else self._start()

    @Slot()
    def _step(self) -> None:
        if self._state in ("idle", "paused", "error"):
            self._worker.request_step(1)

    @Slot()
    def _reset(self) -> None:
        try:
            self._config = self.controls.config()
        except ConfigError as error:
            self._show_problem("These settings cannot be used", str(error))
            return
        self._set_state("loading")
        self._worker.request_reset(self._config)

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
            self._reset()  # nothing trained yet, so nothing is lost by applying at once
        else:
            self._state_label.setText("Data settings changed: press Reset to apply them")
            self.controls.resetButton.setDefault(True)

    @Slot()
    def open_data_file(self, path: str | None = None) -> bool:
        """Load a .csv / .npz chosen by the user; a refused file leaves the lesson untouched."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Open data file", "", "Data files (*.csv *.npz);;All files (*)")
            if not path:
                return False
        try:
            data = load_data_file(path)
        except DataError as error:
            self._show_problem("This file cannot be used", str(error))
            return False
        self.controls.add_data_file(data.name, str(path))
        self._reset()
        return True

    # ----- worker signals ----------------------------------------------------------------

    @Slot(object)
    def _on_engine_ready(self, info: EngineInfo) -> None:
        self._info = info
        self._config = info.config
        self._history = MetricHistory(has_val=info.val_X is not None)
        self._latest = None
        self.lossPlot.clear()
        self.accuracyPlot.clear()
        self.controls.set_cuda_available(info.cuda_available)
        self.controls.resetButton.setDefault(False)
        threads = f"{info.threads} thread{'s' if info.threads > 1 else ''}"
        self._device_label.setText(f"{info.dataset_label}  |  {info.device} ({info.method}, "
                                   f"{threads})")
        if info.notice:
            self.statusBar().showMessage(info.notice, 8000)
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
            self._redraw()
            self.trainingFinished.emit()

    @Slot(int, dict)
    def _on_hyperparameters_applied(self, step: int, changes: dict) -> None:
        names = {"lr": "lr", "l2": "L2", "iterations": "iterations"}
        for name, (old, new) in changes.items():
            if name in ("lr", "l2"):
                text = f"{names[name]} {old:g} → {new:g}"
                self.lossPlot.add_marker(step, text)
                self.accuracyPlot.add_marker(step, text)
        self._dirty = True

    @Slot(int, float, str)
    def _on_diverged(self, step: int, last_cost: float, message: str) -> None:
        self.statusBar().showMessage(f"Diverged at step {step}", 0)
        self._show_problem("Training diverged", message)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        if self._info is not None:  # a refused reset: the current lesson goes on
            self._config = self._info.config
            self.controls.set_config(self._config)
        self._show_problem("Training stopped", message)

    @Slot(str)
    def _on_warning(self, message: str) -> None:
        self.statusBar().showMessage(f"Warning: {message}", 8000)

    # ----- drawing -----------------------------------------------------------------------

    @Slot()
    def _redraw(self) -> None:
        if not self._dirty or self._info is None:
            return
        self._dirty = False
        self.frames_drawn += 1
        history = self._history
        steps = self._steps(len(history))
        self.lossPlot.set_history(steps, history.cost, history.val_cost)
        self.accuracyPlot.set_history(steps, history.train_accuracy, history.val_accuracy)
        if self._latest is not None:
            self._draw_model_state(self._latest)
        self._update_status()

    def _draw_model_state(self, batch: TrainingBatch) -> None:
        info = self._info
        self.samplesPlot.set_samples(batch.logits, info.train_y, batch.val_logits, info.val_y)
        self.predictionsPlot.set_predictions(info.train_y, (batch.logits > 0).astype(np.float64))

    def _steps(self, count: int) -> np.ndarray:
        """x values 0..count-1 as float64, from a cached array grown geometrically."""
        if len(self._steps_axis) < count:
            self._steps_axis = np.arange(max(count, 2 * len(self._steps_axis)), dtype=np.float64)
        return self._steps_axis[:count]

    def _update_status(self) -> None:
        total = self._config.iterations
        step = self._latest.step if self._latest is not None else 0
        self._step_label.setText(f"step {step:,} / {total:,}")
        rate = self._latest.steps_per_second if self._latest is not None else 0.0
        self._speed_label.setText(f"{rate:,.0f} steps/s" if self._state == "running" else "")
        self._progress.setMaximum(total)
        self._progress.setValue(min(step, total))

    def _set_state(self, state: str) -> None:
        self._state = state
        finished = state in ("finished", "diverged")
        self.controls.set_run_state(state, finished)
        labels = {"loading": "Preparing data...", "idle": "Ready: press Start (Space)",
                  "running": "Training", "paused": "Paused", "finished": "Finished",
                  "diverged": "Diverged: lower the learning rate, then Reset",
                  "error": "Stopped by an error"}
        self._state_label.setText(labels.get(state, state))
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

    def _show_problem(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message.splitlines()[0], 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        box.setObjectName("problemDialog")
        box.open()  # not exec(): the window (and its redraws) keep running

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
    def shutdown(self) -> None:
        """Stop the worker and wait for its thread: never terminate(), never leave it running."""
        if not self._thread.isRunning():
            return
        self._redraw_timer.stop()
        self._worker.request_stop()
        self._thread.quit()
        self._thread.wait()

    def closeEvent(self, event) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
