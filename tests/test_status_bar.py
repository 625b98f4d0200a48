"""The status bar's temporary messages at 2x fonts (gui/status_bar.py): a message takes the
place of the left-hand labels, shown before the window or after it, and is cut short with an
ellipsis before the labels on the right instead of running into them."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from core.config import TrainingConfig

CONFIG = TrainingConfig(dataset="blobs", samples=200, features=2, lr=0.5, iterations=50,
                        device="cpu", dtype="float64")
LONG = ("Threshold 0.1: samples with p > 0.1 are called class 1 (training is unchanged); "
        "2 samples selected (Shift or Ctrl adds, Esc clears)")


def test_a_message_replaces_the_left_labels_and_is_elided_before_the_right_ones(make_window,
                                                                               qtbot):
    window = make_window(CONFIG)
    window.view.set_font_scale(2.0)
    # Shown before the window (as a lesson's threshold is): the labels it replaces were drawn
    # under it.
    window.hide()
    window.status.message(LONG, 60000)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    bar, status = window.statusBar(), window.status
    assert bar.currentMessage() == LONG
    for label in (status.stateLabel, status.stepLabel, status.speedLabel, status.panelsLabel):
        assert not label.isVisible(), label.text()
    shown = bar.shown_message()
    assert shown.endswith("…") and shown[:-1] in LONG  # too long for the room: elided
    room = bar.message_rect()
    assert room.right() < status.deviceLabel.geometry().left()
    assert QFontMetrics(bar.font()).horizontalAdvance(shown) <= room.width()
    # The message gone, the labels are back.
    bar.clearMessage()
    QApplication.processEvents()
    assert status.stateLabel.isVisible() and status.stepLabel.isVisible()
    assert bar.shown_message() == ""
