"""Progress, with Cancel, while a lesson's recorded run is re-trained on opening it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from core.session import RunState
from gui.i18n import RetranslatingObject, translate

SHOW_AFTER_MS = 400  # a replay shorter than this never flashes a dialog


class ReplayProgress(RetranslatingObject, QObject):
    """A progress dialog fed by the worker's batches while the session is replaying; Cancel
    asks the worker to stop there (the run stays at that step, paused)."""

    def __init__(self, parent: QWidget, worker) -> None:
        super().__init__(parent)
        self._worker = worker
        self._final_step = 0
        self._shown_step: int | None = None  # the step the label says, None: none yet
        self.dialog = QProgressDialog("", translate("ReplayProgress", "Cancel"), 0, 1, parent)
        self.dialog.setObjectName("replayProgress")
        # Not modal: a modal progress dialog runs the event loop inside setValue, re-entering
        # this slot from the next batch (and it hung a test run). The controls that could
        # disturb a replay are disabled while it runs anyway.
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self._on_cancel)
        self.dialog.reset()  # hidden until a replay starts
        worker.batchReady.connect(self._on_batch)
        worker.stateChanged.connect(self._on_state)
        self.retranslate()

    def retranslate(self) -> None:
        self.dialog.setWindowTitle(translate("ReplayProgress", "Opening the lesson"))
        self.dialog.setCancelButtonText(translate("ReplayProgress", "Cancel"))
        if self._shown_step is not None:
            self._show_step(self._shown_step)

    def expect(self, final_step: int) -> None:
        """A replay to `final_step` was asked for."""
        self._final_step = final_step

    @Slot(object)
    def _on_state(self, state: RunState) -> None:
        if state is RunState.REPLAYING:
            self.dialog.setRange(0, max(1, self._final_step))
            self.dialog.setValue(0)  # starts the minimum-duration clock
            self._show_step(0)
        elif self.dialog.value() >= 0:  # shown or pending: the replay is over
            self.dialog.reset()

    @Slot(object)
    def _on_batch(self, batch) -> None:
        if self.dialog.value() >= 0 and not self.dialog.wasCanceled():
            self.dialog.setValue(min(batch.step, self.dialog.maximum()))
            self._show_step(batch.step)

    def _show_step(self, step: int) -> None:
        self._shown_step = step
        self.dialog.setLabelText(translate(
            "ReplayProgress", "Re-training the lesson's run so that it continues exactly: "
            "step {step} of {final}").format(step=f"{step:,}", final=f"{self._final_step:,}"))

    @Slot()
    def _on_cancel(self) -> None:
        self._worker.request_cancel_replay()
