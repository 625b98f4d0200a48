"""The status bar: what the run is doing, which step the views show, how fast it trains, where
it trains, and problems in one short sentence (the whole message goes to a dialog)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QRect, QSize, Qt, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStatusBar,
    QStyle,
    QStyleOption,
    QWidget,
)

from core.session import EngineInfo, RunState
from gui.divergence_text import divergence_text
from gui.i18n import CJK_FONT_HINT, RetranslatingObject, translate

# Source texts (English), translated when shown (context "RunStatusBar").
STATE_TEXTS = {
    RunState.LOADING: QT_TRANSLATE_NOOP("RunStatusBar", "Preparing data..."),
    RunState.REPLAYING: QT_TRANSLATE_NOOP("RunStatusBar",
                                          "Opening the lesson: re-training its run..."),
    RunState.IDLE: QT_TRANSLATE_NOOP("RunStatusBar", "Ready: press Start (Space)"),
    RunState.RUNNING: QT_TRANSLATE_NOOP("RunStatusBar", "Training"),
    RunState.PAUSED: QT_TRANSLATE_NOOP("RunStatusBar", "Paused"),
    RunState.FINISHED: QT_TRANSLATE_NOOP("RunStatusBar", "Finished"),
    RunState.DIVERGED: QT_TRANSLATE_NOOP("RunStatusBar",
                                         "Diverged: lower the learning rate, then Reset"),
    RunState.ERROR: QT_TRANSLATE_NOOP("RunStatusBar", "Stopped by an error"),
}
# How the engine steps (core.engine.TrainingEngine.method), as the device label names it.
METHOD_TEXTS = {
    "gram": QT_TRANSLATE_NOOP("RunStatusBar", "gram"),
    "primal": QT_TRANSLATE_NOOP("RunStatusBar", "primal"),
    "mini-batch": QT_TRANSLATE_NOOP("RunStatusBar", "mini-batch"),
}
# core.devices.resolve_device's notice; another one would show as core wrote it.
NOTICE_TEXTS = {
    "no GPU found: training on the CPU": QT_TRANSLATE_NOOP("RunStatusBar",
                                                           "no GPU found: training on the CPU"),
}
# Titles of the problem dialogs (callers in other files pass these source texts; each is
# translated when shown, and the English one kept as the dialog's "sourceTitle" property, so
# that the command line reports problems in English whatever the window's language).
PROBLEM_TITLES = (
    QT_TRANSLATE_NOOP("RunStatusBar", "These settings cannot be used"),
    QT_TRANSLATE_NOOP("RunStatusBar", "This value cannot be used"),
    QT_TRANSLATE_NOOP("RunStatusBar", "Training diverged"),
    QT_TRANSLATE_NOOP("RunStatusBar", "Training stopped"),
    QT_TRANSLATE_NOOP("RunStatusBar", "This file cannot be used"),
    QT_TRANSLATE_NOOP("RunStatusBar", "This lesson cannot be opened"),
    QT_TRANSLATE_NOOP("RunStatusBar", "Could not save the lesson"),
    QT_TRANSLATE_NOOP("RunStatusBar", "Could not save the history"),
    QT_TRANSLATE_NOOP("RunStatusBar", "Could not save the exercise"),
)


MESSAGE_MARGIN = 6  # pixels between a temporary message and the bar's edge or a widget


class ElidingStatusBar(QStatusBar):
    """A status bar whose temporary message is cut short with an ellipsis before the permanent
    widgets on the right: QStatusBar draws it whole, clipped mid-letter against them (at 2x
    fonts "...Esc cle" ran into the data label)."""

    def __init__(self, permanent: list[QWidget] | None = None) -> None:
        super().__init__()
        self.permanent: list[QWidget] = permanent or []

    def message_rect(self) -> QRect:
        """Where the temporary message is drawn: from the left edge to the first shown
        permanent widget."""
        right = self.width() - MESSAGE_MARGIN
        for widget in self.permanent:
            if widget.isVisible() and widget.parent() is self:
                right = min(right, widget.geometry().left() - MESSAGE_MARGIN)
        return QRect(MESSAGE_MARGIN, 0, max(0, right - MESSAGE_MARGIN), self.height())

    def shown_message(self) -> str:
        """The temporary message as drawn: elided to its room ('' when there is none)."""
        message = self.currentMessage()
        if not message:
            return ""
        return self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def paintEvent(self, event) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # QStatusBar.paintEvent without its frames around the widgets a message hides, and
        # with the message elided.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter,
                                   self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(), Qt.AlignmentFlag.AlignLeading
                         | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
                         self.shown_message())


class ElidingLabel(QLabel):
    """A status-bar label that is cut short with an ellipsis where the bar has no room for it.
    A QLabel's minimum is its whole text, and the labels together (at 2x fonts a long step
    text, in Chinese or at 3x) widened the window past the size asked for: a --screenshot at
    1600 x 1000 came out 1713 to 2840 pixels wide, a different width for each lesson."""

    def __init__(self, keep_chars: int = 0) -> None:
        super().__init__()
        self._keep_chars = keep_chars  # about this many characters stay readable, if it has them

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        keep = max(metrics.horizontalAdvance("...") * 2,
                   metrics.averageCharWidth() * self._keep_chars)
        return QSize(min(hint.width(), keep), hint.height())

    def shown_text(self) -> str:
        """The text as drawn: elided to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.contentsRect(), Qt.AlignmentFlag.AlignLeading
                         | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
                         self.shown_text())


class RunStatusBar(RetranslatingObject, QObject):
    """The labels and progress bar of `window`'s status bar. Each label keeps what it shows
    (a state, a number, the engine) rather than its text, so a change of language rewrites
    it; the step text comes from the window's next frame."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        # What the run does and which step is shown are read first: the data and engine
        # give way to them where the bar is short (3x fonts).
        self.stateLabel, self.stepLabel = ElidingLabel(keep_chars=20), ElidingLabel(keep_chars=24)
        self.speedLabel, self.deviceLabel = ElidingLabel(), ElidingLabel()
        # The font notice shows where Chinese is chosen without a CJK font.
        self.panelsLabel, self.fontNoticeLabel = ElidingLabel(keep_chars=14), ElidingLabel()
        self.fontNoticeLabel.setObjectName("fontNoticeLabel")
        self.fontNoticeLabel.setVisible(False)
        self.progress = QProgressBar(maximumWidth=220, textVisible=True)
        self.progress.setObjectName("runProgress")
        bar = ElidingStatusBar([self.fontNoticeLabel, self.deviceLabel, self.progress])
        window.setStatusBar(bar)
        self._left = (self.stateLabel, self.stepLabel, self.speedLabel, self.panelsLabel)
        for widget in self._left:
            bar.addWidget(widget)
        bar.addPermanentWidget(self.fontNoticeLabel)
        bar.addPermanentWidget(self.deviceLabel)
        bar.addPermanentWidget(self.progress)
        bar.messageChanged.connect(self._on_message_changed)
        self._state_text: Callable[[], str] = lambda: translate(
            "RunStatusBar", "Loading PyTorch (a few seconds on a first start)...")
        self._state: RunState | None = None
        self._steps_per_second: float | None = None
        self._throttled: tuple[float, float] | None = None  # curves' fps, model views' period
        self._engine: EngineInfo | None = None
        self._arrangement = (0, 0)
        self.retranslate()

    def retranslate(self) -> None:
        self.stateLabel.setText(self._state_text())
        self.panelsLabel.setToolTip(translate(
            "RunStatusBar", "Big fonts leave room for fewer panels; View > Focus "
            "(Ctrl+0 to Ctrl+8) chooses which to show large."))
        self._show_speed()
        self._show_progress_format()
        self._show_device()
        self.show_arrangement(*self._arrangement)

    def show_state(self, state: RunState) -> None:
        self._state = state
        self._state_text = lambda: translate("RunStatusBar", STATE_TEXTS[state])
        self.stateLabel.setText(self._state_text())
        self._show_progress_format()

    def _show_progress_format(self) -> None:
        # At a divergence in the first steps "0 %" would read as "nothing happened".
        diverged = self._state is RunState.DIVERGED
        self.progress.setFormat(translate("RunStatusBar", "diverged") if diverged else "%p%")

    def show_note(self, text: str | Callable[[], str]) -> None:
        """A lasting note in place of the state (e.g. what Reset would apply); a callable
        `text` gives it in the language of the moment (a plain string stays as it is)."""
        self._state_text = text if callable(text) else lambda: text
        self.stateLabel.setText(self._state_text())

    def show_progress(self, step_text: str, latest_step: int, total: int,
                      steps_per_second: float | None) -> None:
        """`step_text` says which step the views show; the bar follows the run's latest step,
        rewound or not (how far the run got does not change by looking back)."""
        self.stepLabel.setText(step_text)
        self._steps_per_second = steps_per_second
        self._show_speed()
        self.progress.setMaximum(total)
        self.progress.setValue(min(latest_step, total))

    def show_drawing_rate(self, budget) -> None:
        """Whether the frame budget (gui/frame_budget.py) draws less often than on a fast
        machine: the speed then says so, and its tooltip how often it draws."""
        plan = budget.plan()
        throttled = ((budget.frames_per_second(), plan.model_every * plan.interval)
                     if budget.throttling() else None)
        if throttled != self._throttled:
            self._throttled = throttled
            self._show_speed()

    def _show_speed(self) -> None:
        speed, throttled = self._steps_per_second, self._throttled
        if speed is None:
            text = ""
        elif throttled is None:
            text = translate("RunStatusBar", "{speed} steps/s").format(speed=f"{speed:,.0f}")
        else:
            text = translate("RunStatusBar", "{speed} steps/s, drawing less often to train "
                             "faster").format(speed=f"{speed:,.0f}")
        self.speedLabel.setText(text)
        self.speedLabel.setToolTip("" if speed is None or throttled is None else translate(
            "RunStatusBar", "Drawing takes time the training needs, so on this machine the "
            "window draws the curves {fps} times a second and a model view every {ms} ms.")
            .format(fps=f"{throttled[0]:.0f}", ms=f"{throttled[1] * 1000:.0f}"))

    def show_engine(self, info: EngineInfo) -> None:
        self._engine = info
        self._show_device()

    def _show_device(self) -> None:
        info = self._engine
        if info is None:
            return
        samples, features = info.train_X.shape
        name = info.config.dataset
        if info.val_X is not None:  # the label counts the training set only
            name = translate("RunStatusBar", "{name} (train)").format(name=name)
        samples_text = (translate("RunStatusBar", "1 sample") if samples == 1 else
                        translate("RunStatusBar", "{count} samples").format(count=samples))
        features_text = (translate("RunStatusBar", "1 feature") if features == 1 else
                         translate("RunStatusBar", "{count} features").format(count=features))
        threads = (translate("RunStatusBar", "1 thread") if info.threads == 1 else
                   translate("RunStatusBar", "{count} threads").format(count=info.threads))
        method = METHOD_TEXTS.get(info.method)
        self.deviceLabel.setText(translate(
            "RunStatusBar", "{data}  |  {device} ({method}, {threads})").format(
            data=translate("RunStatusBar", "{name}: {samples} x {features}").format(
                name=name, samples=samples_text, features=features_text), device=info.device,
            method=info.method if method is None else translate("RunStatusBar", method),
            threads=threads))
        # The notice ("no GPU found: training on the CPU") in the tooltip: in the text it ran
        # the status bar out of room at big fonts.
        notice = NOTICE_TEXTS.get(info.notice or "")
        self.deviceLabel.setToolTip(info.notice or "" if notice is None
                                    else translate("RunStatusBar", notice))

    def show_arrangement(self, shown: int, total: int) -> None:
        self._arrangement = (shown, total)
        self.panelsLabel.setText("" if shown == total else translate(
            "RunStatusBar", "{shown} of {total} panels").format(shown=shown, total=total))

    def show_missing_font(self, say_it: bool) -> None:
        """A label (its tooltip says how to install a CJK font) while Chinese is chosen without
        one; `say_it`: the status bar says so too (once). In English: without the font,
        Chinese would show as empty boxes."""
        self.fontNoticeLabel.setText("No CJK font")
        self.fontNoticeLabel.setToolTip(CJK_FONT_HINT)
        self.fontNoticeLabel.setVisible(True)
        if say_it:
            self.message(CJK_FONT_HINT, 20000)

    def hide_missing_font(self) -> None:
        self.fontNoticeLabel.setVisible(False)

    def message(self, text: str, milliseconds: int = 5000) -> None:
        self._window.statusBar().showMessage(text, milliseconds)

    @Slot(str)
    def _on_message_changed(self, message: str) -> None:
        # A temporary message takes the place of the left-hand labels. QStatusBar hides them
        # itself only where they are visible already: a message shown before the window
        # (a lesson's threshold, a screenshot) was drawn over "Finished step ...".
        for widget in self._left:
            widget.setVisible(not message)

    def show_divergence(self, divergence) -> None:
        """A core.engine.Divergence: the whole story and what the buttons allow in a dialog
        (keeping the divergence as its "divergence" property, for the command line's own
        words), and a short sentence in the status bar; both translated."""
        box = self.show_problem("Training diverged", divergence_text(divergence), translate(
            # Short enough for a 2x font's status bar; the dialog names Resume as well.
            "RunStatusBar", "Diverged at step {step}: lower the learning rate, then Reset")
            .format(step=f"{divergence.step:,}"))
        box.setProperty("divergence", divergence)

    def show_problem(self, title: str, message: str, summary: str | None = None) -> QMessageBox:
        """A dialog with the whole message; the status bar keeps `summary` (or the message's
        first sentence): a long one would be cut off mid-sentence there. `title` is a source
        text (English): shown translated, kept as the dialog's "sourceTitle" property."""
        first_sentence = message.splitlines()[0].split(". ")[0].rstrip(".")
        self.message(summary or first_sentence, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, translate("RunStatusBar", title), message,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("problemDialog")
        box.setProperty("sourceTitle", title)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # so dialogs do not pile up
        box.open()  # not exec(): the window (and its redraws) keep running
        return box
