"""The main window: controls on the left, the plot panels on the right, state in the status bar.

Data flow (docs/ARCHITECTURE.md §3): a control changes -> a command to the worker -> the worker
trains a chunk -> one batch signal -> appended to the history here -> the frame scheduler's
next tick redraws the plots. The window holds the run's state and wires its parts together;
each concern lives in its own file (docs/ARCHITECTURE.md §11).
"""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

from core.config import ConfigError, TrainingConfig
from core.devices import training_threads
from core.history import MetricHistory
from core.run_record import RunRecord
from core.session import EngineInfo, RunState, TrainingBatch
from gui.controls import ControlPanel
from gui.controls_column import ControlsColumn
from gui.cost_landscape import CostLandscape
from gui.exercise_dialog import ExerciseSaver
from gui.frame_budget import budget_for
from gui.frame_scheduler import FrameScheduler
from gui.i18n import RetranslatingWidget, translate
from gui.lesson_files import LessonFiles
from gui.lesson_guide import LessonGuide
from gui.lesson_note import LessonNote, with_note_above
from gui.maths_dialog import MathsDialog
from gui.menus import build_menus
from gui.pinned_runs import PinnedRuns
from gui.plot_panels import PlotPanels
from gui.reference_optimum import ReferenceOptimum
from gui.sample_selection import SampleSelector
from gui.scrubber import Scrubber
from gui.status_bar import RunStatusBar
from gui.threshold import ThresholdControl
from gui.view_options import ViewOptions
from gui.view_settings import ViewSettings
from gui.worker import TrainingWorker


class MainWindow(RetranslatingWidget, QMainWindow):
    """One lesson: a configuration, the worker training it, and the panels showing it."""

    trainingFinished = Signal()  # the run ended: iterations reached, diverged, or failed

    def __init__(self, config: TrainingConfig | None = None, threads: int | None = None,
                 reproducible: bool = False):
        """`config` None: the last session's lesson. `reproducible`: train in fixed chunks, so
        that screenshots and recordings are the same bits on any machine (core/session.py)."""
        super().__init__()
        self.settings = ViewSettings()
        self._restored = config is None  # the lesson comes from the last session's settings
        self._config = self.settings.lesson_config if self._restored else config
        self._history = MetricHistory(has_val=False)
        self._info: EngineInfo | None = None
        self._latest: TrainingBatch | None = None
        self._state = RunState.LOADING
        self.run_record = RunRecord.starting(self._config)
        self._maths_dialog: MathsDialog | None = None
        self._worker = TrainingWorker(threads or training_threads(leave_core_for_gui=True),
                                      reproducible)
        self._build()
        self.retranslate()
        self.plots.show_preview(self._config)
        self._start_worker()
        self.frames.start()
        self._worker.request_reset(self._config)

    # ----- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.controls = ControlPanel(self._config)
        self._controls_column = ControlsColumn(self.controls)
        self.fit_controls_width()
        splitter = QSplitter()
        splitter.addWidget(self._controls_column)
        self.plots = p = PlotPanels()
        # The panels also as window attributes, by their objectNames (docs/ARCHITECTURE.md §6).
        self.sigmoidPlot, self.samplesPlot, self.lossPlot = p.sigmoidPlot, p.samplesPlot, p.lossPlot
        self.accuracyPlot, self.predictionsPlot = p.accuracyPlot, p.predictionsPlot
        self.decisionPlot, self.weightsPlot = p.decisionPlot, p.weightsPlot
        self.lesson_note = LessonNote()  # the open lesson's title and text, above the plots
        splitter.addWidget(with_note_above(self.lesson_note, self.plots))
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.status = RunStatusBar(self)
        self.plots.arrangementChanged.connect(self.status.show_arrangement)
        self.frames = FrameScheduler(self, share=budget_for(self._worker.host))
        self.scrubber = Scrubber(self)  # rewinding a paused run: cursor, keys, seeks, branches
        self.optimum = ReferenceOptimum(self)
        self.landscape = CostLandscape(self)  # the landscape tab: slice, path, chosen start
        self.pinned = PinnedRuns(self)
        self.selection = SampleSelector(self, self._worker)  # linked samples, the Sample tab
        self.view = ViewOptions(self, self.settings)
        self.threshold = ThresholdControl(self)  # which samples are called class 1
        self.files = LessonFiles(self, self._worker)
        self.guide = LessonGuide(self, self.lesson_note)  # the lesson note, an exercise's locks
        self.exercises = ExerciseSaver(self)
        self.actions = build_menus(self)
        self._connect_controls()
        self.controls.set_run_state(RunState.LOADING, finished=False)
        self.view.restore()
        geometry = self.settings.geometry if self._restored else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 940)

    def retranslate(self) -> None:
        """The title; the status bar's step text follows at the next frame."""
        self.setWindowTitle(translate("MainWindow", "Logistic Regression Lab"))
        self.frames.mark_dirty()

    def panels(self) -> dict[str, QWidget]:
        """Every plot panel by objectName (docs/ARCHITECTURE.md §6 and the model views)."""
        return self.plots.panels()

    def fit_controls_width(self) -> None:
        """The controls column as wide as its fields need at the current font size."""
        self._controls_column.fit_width(self.width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_controls_column"):  # resized once before the controls are built
            self.fit_controls_width()

    def _connect_controls(self) -> None:
        c = self.controls
        c.startRequested.connect(self._start)
        c.pauseRequested.connect(lambda: self._worker.request_pause())
        c.stepRequested.connect(self.step_once)
        c.resetRequested.connect(self.reset_run)
        c.hyperparametersEdited.connect(self._on_hyperparameters_edited)
        c.speedChanged.connect(lambda speed: self._worker.request_speed(speed))
        c.dataSettingsEdited.connect(self._on_data_settings_edited)
        c.openFileRequested.connect(self.files.open_data_file)

    def _start_worker(self) -> None:
        self.worker_thread, worker = QThread(self), self._worker
        worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(worker.run)
        worker.stopped.connect(self.worker_thread.quit)
        worker.engineReady.connect(self._on_engine_ready)
        worker.batchReady.connect(self._on_batch)
        worker.stateChanged.connect(self._on_state_changed)
        worker.hyperparametersApplied.connect(self._on_hyperparameters_applied)
        worker.diverged.connect(self._on_diverged)
        worker.errorOccurred.connect(self._on_error)
        worker.warningRaised.connect(lambda text: self.status.message(
            translate("MainWindow", "Warning: {text}").format(text=text), 8000))
        worker.truncated.connect(lambda step: self.run_record.truncate(step))
        self.scrubber.connect_worker(worker)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        worker.request_speed(self.controls.speedInput.currentData())
        self.worker_thread.start()

    # ----- user actions ------------------------------------------------------------------

    @Slot()
    def _start(self) -> None:
        self.scrubber.continue_with(self._state.can_train, self._worker.request_start)

    @Slot()
    def toggle_run(self) -> None:
        if self._state is RunState.RUNNING:
            self._worker.request_pause()
        else:
            self._start()

    @Slot()
    def step_once(self) -> None:
        self.scrubber.continue_with(self._state.can_train, lambda: self._worker.request_step(1))

    @Slot()
    def reset_run(self) -> None:
        self.reset_with(data=None)

    def reset_with(self, data) -> None:
        """Reset to the controls' settings; `data`, a Dataset already loaded, spares the worker
        reading the file again."""
        try:
            self._config = self.controls.config()
        except ConfigError as error:
            self.status.show_problem("These settings cannot be used", str(error))
            return
        self.set_state(RunState.LOADING)
        self._worker.request_reset(self._config, data)

    @Slot(dict)
    def _on_hyperparameters_edited(self, values: dict) -> None:
        try:
            self._config = self._config.replace(**values)
        except ConfigError as error:
            self.status.show_problem("This value cannot be used", str(error))
            self.controls.set_config(self._config)
            return
        self._worker.request_hyperparameters(**values)
        self.settings.lesson_config = self._config

    @Slot()
    def _on_data_settings_edited(self) -> None:
        if self._state is RunState.IDLE and len(self._history) == 0:
            self.reset_run()  # nothing trained yet, so nothing is lost by applying at once
        else:
            self.status.show_note(lambda: translate(
                "MainWindow", "Data settings changed: press Reset to apply them"))
            self.controls.resetButton.setDefault(True)

    @Slot()
    def show_maths(self) -> None:
        self._maths_dialog = self._maths_dialog or MathsDialog(self)
        self._maths_dialog.show_for(self._config, *self.data_shape())

    def data_shape(self) -> tuple[int, int]:
        """Training samples and features: the loaded data's, else the settings'."""
        info = self._info
        return info.train_X.shape if info is not None else (self._config.samples,
                                                             self._config.features)

    # ----- worker signals ----------------------------------------------------------------

    @Slot(object)
    def _on_engine_ready(self, info: EngineInfo) -> None:
        self._info = info
        self._config = info.config
        self.run_record = RunRecord.starting(info.config)
        self._history = MetricHistory(has_val=info.val_X is not None)
        self._latest = None
        self.plots.set_up_for(info)
        self.pinned.show()
        self.optimum.request()
        self.controls.set_cuda_available(info.cuda_available)
        held_out = 0 if info.val_X is None else len(info.val_X)
        self.controls.show_data_shape(len(info.train_X) + held_out,
                                      info.train_X.shape[1] - len(info.config.transforms))
        self.controls.resetButton.setDefault(False)
        self.status.show_engine(info)
        self.settings.lesson_config = self._config
        self.frames.mark_dirty()

    @Slot(object)
    def _on_batch(self, batch: TrainingBatch) -> None:
        if self._info is None or batch.run_id != self._info.run_id:
            return  # from before the last reset
        self._history.append(batch)
        self._latest = batch
        self.frames.mark_dirty()

    @Slot(object)
    def _on_state_changed(self, state: RunState) -> None:
        self.set_state(state)
        if state.ended or state is RunState.ERROR:
            self.frames.draw_now()
            self.trainingFinished.emit()

    @Slot(int, dict)
    def _on_hyperparameters_applied(self, step: int, changes: dict) -> None:
        """A live change reached the run at `step`: recorded (for lessons and pin labels) and
        marked on the curves."""
        self.run_record.record(step, changes)
        self.plots.show_live_changes(step, changes)
        if "l2" in changes:
            self.optimum.request()
        self.frames.mark_dirty()

    @Slot(object)
    def _on_diverged(self, divergence) -> None:
        # A linear axis squeezes a blow-up into one corner (x1e27): show it on a log axis.
        self.controls.logScaleInput.setChecked(True)
        self.status.show_divergence(divergence)

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
            message += "\n\n" + translate(
                "MainWindow", "The last session's lesson could not be opened; the default one was.")
        self.status.show_problem("Training stopped", message)

    def set_state(self, state: RunState) -> None:
        self._state = state
        self.scrubber.set_state(state)
        self.plots.set_fast_drawing(state is RunState.RUNNING)
        self.controls.set_run_state(state, state.ended)
        self.status.show_state(state)
        self.frames.mark_dirty()

    # ----- read-outs ---------------------------------------------------------------------

    def redraw_now(self) -> None:
        """Draw the latest state at once (before a screenshot), not at the next timer tick."""
        self.frames.draw_now()

    @property
    def state(self) -> RunState:
        return self._state

    @property
    def config(self) -> TrainingConfig:
        return self._config

    @property
    def history(self) -> MetricHistory:
        return self._history

    @property
    def latest_batch(self) -> TrainingBatch | None:
        return self._latest

    @property
    def engine_info(self) -> EngineInfo | None:
        return self._info

    # ----- shutdown ----------------------------------------------------------------------

    @Slot()
    def shutdown(self) -> bool:
        """Stop the worker and wait for its thread: never terminate(), never leave it running
        for Qt to destroy. True once the thread has ended (at once when it already had).

        A process that leaves right after (gui/app.py sets the "shutdownWaitMs" property)
        waits at most that long: a worker still importing torch or building a lesson cannot
        stop sooner, and it ends with the process, which never destroys this window. The
        optimum search is then not waited for either, for the same reason."""
        if not self.worker_thread.isRunning():
            return True
        bound = self.property("shutdownWaitMs")
        self.frames.stop()
        self._worker.request_stop()
        self.worker_thread.quit()
        ended = self.worker_thread.wait() if bound is None else self.worker_thread.wait(int(bound))
        if bound is None:
            self.optimum.shutdown()
        return ended

    def closeEvent(self, event) -> None:
        self.settings.geometry = self.saveGeometry()
        self.shutdown()
        self.settings.sync()  # written now: the process may leave without Qt's teardown
        super().closeEvent(event)
