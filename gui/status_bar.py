"""The status bar: what the run is doing, which step the views show, how fast it trains, where
it trains, and problems in one short sentence (the whole message goes to a dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar

from core.session import EngineInfo, RunState

STATE_TEXTS = {
    RunState.LOADING: "Preparing data...",
    RunState.REPLAYING: "Opening the lesson: re-training its run...",
    RunState.IDLE: "Ready: press Start (Space)",
    RunState.RUNNING: "Training",
    RunState.PAUSED: "Paused",
    RunState.FINISHED: "Finished",
    RunState.DIVERGED: "Diverged: lower the learning rate, then Reset",
    RunState.ERROR: "Stopped by an error",
}


class RunStatusBar:
    """The labels and progress bar of `window`'s status bar."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self.stateLabel, self.stepLabel = QLabel(), QLabel()
        self.speedLabel, self.deviceLabel, self.panelsLabel = QLabel(), QLabel(), QLabel()
        self.panelsLabel.setToolTip("Big fonts leave room for fewer panels; View > Focus "
                                    "(Ctrl+0 to Ctrl+8) chooses which to show large.")
        self.progress = QProgressBar(maximumWidth=220, textVisible=True)
        self.progress.setObjectName("runProgress")
        bar = window.statusBar()
        for widget in (self.stateLabel, self.stepLabel, self.speedLabel, self.panelsLabel):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.deviceLabel)
        bar.addPermanentWidget(self.progress)
        self.stateLabel.setText("Loading PyTorch (a few seconds on a first start)...")

    def show_state(self, state: RunState) -> None:
        self.stateLabel.setText(STATE_TEXTS[state])
        # At a divergence in the first steps "0 %" would read as "nothing happened".
        self.progress.setFormat("diverged" if state is RunState.DIVERGED else "%p%")

    def show_note(self, text: str) -> None:
        """A lasting note in place of the state (e.g. what Reset would apply)."""
        self.stateLabel.setText(text)

    def show_progress(self, step_text: str, latest_step: int, total: int,
                      steps_per_second: float | None) -> None:
        """`step_text` says which step the views show; the bar follows the run's latest step,
        rewound or not (how far the run got does not change by looking back)."""
        self.stepLabel.setText(step_text)
        self.speedLabel.setText("" if steps_per_second is None
                                else f"{steps_per_second:,.0f} steps/s")
        self.progress.setMaximum(total)
        self.progress.setValue(min(latest_step, total))

    def show_engine(self, info: EngineInfo) -> None:
        threads = f"{info.threads} thread{'s' if info.threads > 1 else ''}"
        self.deviceLabel.setText(f"{info.dataset_label}  |  {info.device} ({info.method}, "
                                 f"{threads})")
        # The notice ("no GPU found: training on the CPU") in the tooltip: in the text it ran
        # the status bar out of room at big fonts.
        self.deviceLabel.setToolTip(info.notice or "")

    def show_arrangement(self, shown: int, total: int) -> None:
        self.panelsLabel.setText("" if shown == total else f"{shown} of {total} panels")

    def message(self, text: str, milliseconds: int = 5000) -> None:
        self._window.statusBar().showMessage(text, milliseconds)

    def show_problem(self, title: str, message: str, summary: str | None = None) -> None:
        """A dialog with the whole message; the status bar keeps `summary` (or the message's
        first sentence): a long one would be cut off mid-sentence there."""
        first_sentence = message.splitlines()[0].split(". ")[0].rstrip(".")
        self.message(summary or first_sentence, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("problemDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # so dialogs do not pile up
        box.open()  # not exec(): the window (and its redraws) keep running
