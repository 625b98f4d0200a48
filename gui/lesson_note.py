"""The lesson note: the open lesson's title, its text (what to do, what to look at) and the
controls an exercise locks, above the plot panels. A header button folds it to one line, so
that at big fonts it gives the room back to the plots; hidden when no lesson is open."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import RetranslatingWidget, translate

# The text scrolls past this many lines, or past this share of the height of the note and
# the plots together, whichever is less: at 2x fonts six lines took a fifth of a
# 1000-pixel window and squeezed the samples panel to a strip (docs/ARCHITECTURE.md §13).
MAX_TEXT_LINES = 6
MAX_HEIGHT_SHARE = 0.16
MIN_TEXT_LINES = 2


class LessonNote(RetranslatingWidget, QFrame):
    """The note of one window: `show_lesson` fills and shows it, `clear` hides it. Its texts
    come translated from gui/lesson_guide.py, which says them again on a change of language
    (`set_texts`); the note itself translates only its fold hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # The header: a triangle that folds and unfolds (text, not Qt's arrow icon, which
        # stays small at 2x fonts) and the title, elided, so that a long title at 3x cannot
        # widen the window. No style sheet: a styled widget stops following the window's
        # font size (View > Font size).
        self.toggle = QToolButton()
        self.toggle.setObjectName("lessonNoteToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_expanded)
        self.heading = _ClickableLabel()
        self.heading.setObjectName("lessonNoteTitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.clicked.connect(self.toggle.click)
        self._title = ""
        bold = QFont()  # only the weight is set: the size still follows the window's
        bold.setBold(True)
        self.heading.setFont(bold)
        self.toggle.setFont(bold)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 4, 0)
        header.addWidget(self.toggle)
        header.addWidget(self.heading, 1)
        self.text = QLabel()
        self.text.setObjectName("lessonNoteText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # a lesson file's text, never markup
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.locks = QLabel()
        self.locks.setObjectName("lessonNoteLocks")
        self.locks.setTextFormat(Qt.TextFormat.PlainText)
        self.locks.setWordWrap(True)
        # Selectable as the text is: such a label lays its lines out as a QTextDocument does,
        # which _line_bottoms repeats to end the scrolled view under a whole line.
        self.locks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        italic = QFont()  # only the style is set: the size still follows the window's
        italic.setItalic(True)
        self.locks.setFont(italic)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 0, 6, 4)
        column.addWidget(self.locks)  # first: short, and what a student must know at once
        column.addWidget(self.text)
        self.body = QScrollArea()
        self.body.setObjectName("lessonNoteBody")
        self.body.setWidget(body)
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.body)
        self._room = 0  # the height of the note and the plots together; 0 until laid out
        self._fit_height()
        self.hide()

    def show_lesson(self, title: str, text: str, locks: str) -> None:
        """Show a lesson's `title`, `text` and what its exercise locks (`locks`, '' if none),
        unfolded."""
        self.set_texts(title, text, locks)
        self.toggle.setChecked(True)
        self.set_expanded(True)
        self.show()
        self._fit_height()

    def set_texts(self, title: str, text: str, locks: str) -> None:
        """The same lesson's texts in another language: folded or not, it stays so."""
        self._title = title
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.locks.setText(locks)
        self.locks.setVisible(bool(locks))
        self._show_title()
        self._fit_height()

    def retranslate(self) -> None:
        self._show_title()

    def clear(self) -> None:
        """No lesson open: no note."""
        self._title = ""
        self.heading.clear()
        self.text.clear()
        self.locks.clear()
        self.hide()

    def set_expanded(self, expanded: bool) -> None:
        """Unfolded: the title, the text and the locks; folded: the title line alone."""
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # comes back here through toggled
            return
        self.body.setVisible(expanded)
        self._show_title()

    def _show_title(self) -> None:
        self.toggle.setText("▾" if self.toggle.isChecked() else "▸")
        metrics, room = self.heading.fontMetrics(), self.heading.width()
        self.heading.setText(metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, room)
                             if room > 0 else self._title)
        tip = translate("LessonNote", "{title}\n(click to fold or unfold the lesson note)").format(
            title=self._title) if self._title else ""
        self.heading.setToolTip(tip)
        self.toggle.setToolTip(tip)

    def title(self) -> str:
        """The title shown ('' with no lesson open)."""
        return self._title

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Font size
            self._fit_height()
            self._show_title()

    def fit_to(self, room: int) -> None:
        """The note and the plots share `room` pixels of height."""
        self._room = room
        self._fit_height()

    def _fit_height(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = MAX_TEXT_LINES
        if self._room:
            lines = max(MIN_TEXT_LINES, min(lines, int(self._room * MAX_HEIGHT_SHARE) // line))
        cap = lines * line + 8
        # As tall as the wrapped text at this width, up to the cap: a scroll area left to
        # itself stretched two lines of text over six, with gaps between them.
        content = self.body.widget().layout()
        needed = content.totalHeightForWidth(max(1, self.body.width()))
        if needed < 0:  # no wrapped text to measure (nothing shown yet)
            needed = content.sizeHint().height()
        if needed <= cap:
            self.body.setFixedHeight(needed)
            return
        # Too tall: it scrolls, and the view ends under the last whole line that fits, as
        # the text lies beside the scroll bar. The cap alone cut a line in half at 2x fonts
        # (the labels' margins and gap, and Chinese lines, are not whole lines of the font).
        bar = self.body.verticalScrollBar()
        bottoms, step = self._line_bottoms(self.body.width() - bar.sizeHint().width())
        fitting = [bottom for bottom in bottoms if bottom <= cap]
        self.body.setFixedHeight(max(fitting, default=bottoms[0] if bottoms else cap))
        # The wheel and the arrows scroll by the text's lines, so that the view still ends
        # under a whole line of it.
        bar.setSingleStep(step or line)

    def _line_bottoms(self, width: int) -> tuple[list[int], int]:
        """Where each shown line of the locks and the text ends, in pixels from the top of
        the scrolled column `width` pixels wide, as its layout will place them; and the
        height of the text's first line (0 without text)."""
        content = self.body.widget().layout()
        margins = content.contentsMargins()
        label_width = max(1, width - margins.left() - margins.right())
        top, bottoms, step = margins.top(), [], 0
        for label in (self.locks, self.text):
            if label.isHidden():
                continue
            own = _wrapped_line_bottoms(label, label_width)
            bottoms += [top + bottom for bottom in own]
            step = own[0] if own else 0
            top += label.heightForWidth(label_width) + content.spacing()
        return bottoms, step

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # the text wraps anew
            self._fit_height()
            self._show_title()


def _wrapped_line_bottoms(label: QLabel, width: int) -> list[int]:
    """Where each line of a selectable, word-wrapped plain-text `label` `width` pixels wide
    ends, in whole pixels from its top: such a label lays out its text as this document does
    (no margin, its font), and a line is as tall as the fonts on it (a Chinese fallback font's
    lines are taller than the window font's lineSpacing)."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(label.font())
    option = document.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)
    document.setPlainText(label.text())
    document.setTextWidth(width)
    layout, block, bottoms = document.documentLayout(), document.begin(), []
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            bottoms.append(math.ceil(top + line.y() + line.height()))
        block = block.next()
    return bottoms


class _ClickableLabel(QLabel):
    """The title: a click on it folds or unfolds the note, as one on the triangle does."""

    clicked = Signal()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class _NoteColumn(QWidget):
    """The note above the plots; it tells the note how much height the two share."""

    def __init__(self, note: LessonNote, widget: QWidget) -> None:
        super().__init__()
        self._note = note
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(note)
        layout.addWidget(widget, 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._note.fit_to(self.height())


def with_note_above(note: LessonNote, widget: QWidget) -> QWidget:
    """`widget` (the plot panels) in a column under `note`, which takes only its own height."""
    return _NoteColumn(note, widget)
