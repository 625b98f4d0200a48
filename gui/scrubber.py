"""The scrubber: rewind a paused or finished run to any step it took, and branch from there.

A vertical cursor on the cost and accuracy plots (dragged, or moved by keys) chooses a step;
the worker answers with the model the run had then (core.timeline), which every model view and
the status bar show. Keys, active while the run is paused, finished or diverged:
Left / Right one step, Shift+Left / Shift+Right 100, Home / End the first and the latest step.
Right is "one step forward in time": through the recorded run while rewound, and, at the latest
step, one training step (as S, its other key, always is). Start or Step from a rewound step
continues from there after a confirmation: the later steps are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from core.session import RunState
from core.timeline import ModelAtStep
from gui.i18n import RetranslatingObject, translate

SCRUBBING_STATES = (RunState.PAUSED, RunState.FINISHED, RunState.DIVERGED)
BIG_STEP = 100  # Shift+Left / Shift+Right
# The rewind actions: key, text and tip (source texts, translated when shown).
ACTION_TEXTS = {
    "rewind_back": ("Left", QT_TRANSLATE_NOOP("Scrubber", "Back one step"), QT_TRANSLATE_NOOP(
        "Scrubber", "Rewind: show the model one step earlier (Left)")),
    "rewind_forward": ("Right", QT_TRANSLATE_NOOP("Scrubber", "Forward one step"),
                       QT_TRANSLATE_NOOP("Scrubber", "Rewound: show the model one step later; "
                                         "at the latest step of a paused run, take one "
                                         "training step as S does (Right)")),
    "rewind_back_100": ("Shift+Left", QT_TRANSLATE_NOOP("Scrubber", "Back 100 steps"),
                        QT_TRANSLATE_NOOP("Scrubber",
                                          "Rewind: show the model 100 steps earlier (Shift+Left)")),
    "rewind_forward_100": ("Shift+Right", QT_TRANSLATE_NOOP("Scrubber", "Forward 100 steps"),
                           QT_TRANSLATE_NOOP("Scrubber", "Rewound: show the model 100 steps "
                                             "later (Shift+Right)")),
    "rewind_first": ("Home", QT_TRANSLATE_NOOP("Scrubber", "First step"), QT_TRANSLATE_NOOP(
        "Scrubber", "Rewind to step 0, the starting weights (Home)")),
    "rewind_latest": ("End", QT_TRANSLATE_NOOP("Scrubber", "Latest step"), QT_TRANSLATE_NOOP(
        "Scrubber", "Back to the latest step: the live model again (End)")),
}


class Scrubber(RetranslatingObject, QObject):
    """Owns the cursor, the rewind keys and the seeks of one window (a MainWindow)."""

    # The model views were just redrawn for this step (the answer to a seek, or the latest):
    # an animated export (gui/animation_recorder.py) renders its frame then.
    shownStepChanged = Signal(int)
    rewindableChanged = Signal(bool)  # whether seeks are possible (a paused or ended run)

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._plots = (window.lossPlot, window.accuracyPlot)
        self._enabled = False
        self._target: int | None = None  # the step the user wants shown (None: the latest)
        self._in_flight: int | None = None  # the step of the seek sent and not yet answered
        self._model: ModelAtStep | None = None  # the rewound model shown, None: the live one
        for plot in self._plots:
            plot.cursorDragged.connect(self.seek)
        self.actions = self._make_actions(window)
        self.retranslate()
        self._update_actions()

    # ----- wiring ------------------------------------------------------------------------

    def connect_worker(self, worker) -> None:
        self._worker = worker
        worker.modelAtStep.connect(self._on_model)
        worker.batchReady.connect(self._on_batch)
        worker.truncated.connect(self._on_truncated)

    def _make_actions(self, window) -> dict[str, QAction]:
        slots = {
            "rewind_back": lambda: self.move_by(-1),
            "rewind_forward": self._forward,
            "rewind_back_100": lambda: self.move_by(-BIG_STEP),
            "rewind_forward_100": lambda: self.move_by(BIG_STEP),
            "rewind_first": lambda: self.seek(0),
            "rewind_latest": lambda: self.seek(self.latest_step()),
        }
        actions = {}
        for name, (key, _, _) in ACTION_TEXTS.items():
            action = QAction(window)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slots[name])
            window.addAction(action)  # active without a menu too
            actions[name] = action
        return actions

    def retranslate(self) -> None:
        for name, (_, text, tip) in ACTION_TEXTS.items():
            action = self.actions[name]
            action.setText(translate("Scrubber", text))
            action.setStatusTip(translate("Scrubber", tip))
            action.setToolTip(translate("Scrubber", tip))

    # ----- state -------------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        """The window's run state: the cursor shows while a run can be rewound."""
        was_enabled, self._enabled = self._enabled, state in SCRUBBING_STATES
        if not self._enabled:
            self._target = self._in_flight = None
            if self._model is not None and state != RunState.RUNNING:
                self._model = None  # a reset or a replay: the rewound model is gone
        self._show_cursor()
        self._update_actions()
        if self._enabled != was_enabled:
            self.rewindableChanged.emit(self._enabled)

    def rewindable(self) -> bool:
        return self._enabled

    def latest_step(self) -> int:
        batch = self._window.latest_batch
        return batch.step if batch is not None else 0

    def rewound(self) -> bool:
        """Whether the views show an earlier step than the latest."""
        return self._model is not None

    def shown_step(self) -> int:
        """The step the model views show."""
        return self._model.step if self._model is not None else self.latest_step()

    def model_or(self, live):
        """What the model views draw: the rewound model, else `live` (the latest batch)."""
        return self._model if self._model is not None else live

    def step_text(self, total: int) -> str:
        """The status bar's step: "step 412 of 10,001 (rewound)" while rewound."""
        if self._model is not None:
            return translate("Scrubber", "step {step} of {latest} (rewound)").format(
                step=f"{self._model.step:,}", latest=f"{self.latest_step():,}")
        return translate("Scrubber", "step {step} / {total}").format(
            step=f"{self.latest_step():,}", total=f"{total:,}")

    # ----- moving --------------------------------------------------------------------------

    @Slot(int)
    def seek(self, step: int) -> None:
        """Show the model at `step` (clamped to the run); the latest step shows the live one."""
        if not self._enabled:
            return
        step = min(max(int(step), 0), self.latest_step())
        self._target = step
        for plot in self._plots:
            plot.move_cursor(step)
        if step == self.latest_step():
            self._in_flight = None  # any answer still coming is for an outdated step
            self._show(None)
        elif self._in_flight is None:  # at most one seek in flight: the rest wait for it
            self._send(step)

    def move_by(self, steps: int) -> None:
        if self._enabled:
            self.seek((self.shown_step() if self._target is None else self._target) + steps)

    def _forward(self) -> None:
        if self._enabled and self.rewound():
            self.move_by(1)
        else:
            self._window.step_once()  # at the latest step Right trains one step, as S does

    def _send(self, step: int) -> None:
        self._in_flight = step
        self._worker.request_seek(step)

    @Slot(object)
    def _on_model(self, model: ModelAtStep) -> None:
        if self._in_flight is None or model.step != self._in_flight:
            return  # for a step no longer wanted (or asked before a reset)
        self._in_flight = None
        if self._target is not None and self._target != model.step:
            # The cursor moved on while this seek ran: ask for where it is now, and only draw
            # the answer that matches it.
            if self._target == self.latest_step():
                self._show(None)
            else:
                self._send(self._target)
            return
        if self._enabled:
            self._show(model)

    def _show(self, model: ModelAtStep | None) -> None:
        self._model = model
        state = self._window.state
        # A finished (or diverged) run rewound can go on from there: Start and Step branch.
        self._window.controls.set_run_state(state, finished=model is None and state in (
            RunState.FINISHED, RunState.DIVERGED))
        self._window.redraw_now()
        self.shownStepChanged.emit(self.shown_step())

    @Slot(object)
    def _on_batch(self, _batch) -> None:
        if self._enabled and self._model is None:
            self._target = None
            self._show_cursor()  # a step taken while paused: the cursor stays at the latest

    @Slot(int)
    def _on_truncated(self, step: int) -> None:
        self._model, self._target, self._in_flight = None, None, None
        window = self._window
        window.history.truncate(step)
        for plot in self._plots:
            plot.drop_markers_after(step)

    # ----- branching -----------------------------------------------------------------------

    def continue_with(self, allowed: bool, go) -> None:
        """Call `go` (Start / Step) when it may go on: if `allowed` at the latest step; from a
        rewound one, once the user agreed to drop the later steps (the run is then cut back
        there first). The question is asked without a nested event loop (open(), not exec()):
        one held the GUI thread inside exec() while the worker's signals queued up."""
        if self._model is None:
            if allowed:
                go()
            return
        step, latest = self._model.step, self.latest_step()
        box = QMessageBox(QMessageBox.Icon.Question,
                          translate("Scrubber", "Continue from a rewound step"),
                          translate("Scrubber", "Continue from step {step}? The {later} later "
                                    "steps will be dropped.").format(
                              step=f"{step:,}", later=f"{latest - step:,}"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self._window)
        box.setObjectName("branchDialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                self._worker.request_branch(step)
                go()

        box.finished.connect(answered)
        box.open()

    # ----- drawing -------------------------------------------------------------------------

    def _show_cursor(self) -> None:
        visible = self._enabled and self.latest_step() > 0
        for plot in self._plots:
            if visible:
                plot.show_cursor(self.shown_step() if self._target is None else self._target)
            else:
                plot.hide_cursor()

    def _update_actions(self) -> None:
        for name, action in self.actions.items():
            # Right also steps at the latest step, which the window refuses when it cannot.
            action.setEnabled(self._enabled or name == "rewind_forward")
