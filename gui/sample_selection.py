"""Linked samples: the samples picked in one sample view are highlighted in all of them and
inspected in the model slot's Sample tab (docs/ARCHITECTURE.md §16).

`SelectedSamples` holds the selection (a core.sample_selection.SampleSelection) and says when
it changes; `SampleSelector` wires it to a window: the clicks and rectangles of the samples,
decision and predictions views, the halos they draw, the inspector, Esc, and a new lesson (a
reset), after which the indices would name other samples.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from core.sample_selection import SampleSelection, SelectMode
from gui.i18n import RetranslatingObject, translate


class SelectedSamples(QObject):
    """The selection of one window; the views read it when `selectionChanged` says so."""

    selectionChanged = Signal(object)  # the new SampleSelection

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._selection = SampleSelection()

    def selection(self) -> SampleSelection:
        return self._selection

    def pick(self, picked: SampleSelection, mode: SelectMode) -> None:
        """Samples clicked or dragged over: they replace the selection, or join it."""
        self.set(self._selection.combined(picked, mode))

    def set(self, selection: SampleSelection) -> None:
        if selection != self._selection:
            self._selection = selection
            self.selectionChanged.emit(selection)

    def clear(self) -> None:
        self.set(SampleSelection())


class SampleSelector(RetranslatingObject, QObject):
    """The selection's wiring in one MainWindow."""

    def __init__(self, window, worker) -> None:
        super().__init__(window)
        self._window = window
        self.samples = SelectedSamples(self)
        plots = window.plots
        self._inspector = plots.sampleInspector
        self._views = (plots.samplesPlot, plots.decisionPlot, plots.predictionsPlot)
        for view in self._views:
            box = view.plotItem.vb
            box.pointClicked.connect(partial(self._clicked, view))
            box.rectDragged.connect(partial(self._dragged, view))
        # Bring the Sample tab forward on a selection, unless the user chose another tab
        # since the last one: someone who looks at the weights while picking samples in the
        # other views keeps the weights (a new selection after clearing brings it again).
        self._follow = True
        self._bringing = False
        plots.model_slot.currentChanged.connect(self._on_tab_changed)
        self.samples.selectionChanged.connect(self._show)
        # A reset or another lesson: the indices would name other samples (or none).
        worker.engineReady.connect(self._on_engine_ready)
        self.clear_action = QAction(window)
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.clear_action.triggered.connect(self.samples.clear)
        self.clear_action.setEnabled(False)  # Esc is left to others while nothing is selected
        window.addAction(self.clear_action)
        self.retranslate()

    def retranslate(self) -> None:
        tip = translate("SampleSelector", "Click a sample to inspect it, or drag a rectangle "
                        "round several; Shift adds to the selection, Ctrl adds the samples "
                        "not selected and removes those selected, Esc clears it")
        self.clear_action.setText(translate("SampleSelector", "Clear the sample selection"))
        self.clear_action.setToolTip(tip)
        for view in self._views:
            view.setToolTip(tip)

    def selection(self) -> SampleSelection:
        return self.samples.selection()

    def select_training(self, indices) -> None:
        """Select training samples by index (--select)."""
        self.samples.set(SampleSelection.of(training=indices))

    @Slot(object)
    def _on_engine_ready(self, _info) -> None:
        self.samples.clear()

    # ----- picking -------------------------------------------------------------------------

    def _clicked(self, view, point: QPointF, mode: SelectMode) -> None:
        self.samples.pick(view.picked_at(point.x(), point.y()), mode)

    def _dragged(self, view, rect: QRectF, mode: SelectMode) -> None:
        self.samples.pick(view.picked_in((rect.left(), rect.right(), rect.top(), rect.bottom())),
                          mode)

    # ----- showing -------------------------------------------------------------------------

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if not self._bringing and not self.selection().is_empty():
            self._follow = self._window.plots.model_slot.currentWidget() is self._inspector

    def _show(self, selection: SampleSelection) -> None:
        for view in self._views:
            view.set_selected(selection)
        self._inspector.set_selection(selection)
        self.clear_action.setEnabled(not selection.is_empty())
        window = self._window
        if selection.is_empty():
            self._follow = True
            window.status.message(translate("SampleSelector", "Sample selection cleared"))
        else:
            if self._follow:
                self._bringing = True
                try:
                    window.plots.model_slot.show_view(self._inspector)
                finally:
                    self._bringing = False
            window.status.message(translate(
                # Short enough for the status bar at 2x fonts; the views' tooltip says more.
                "SampleSelector", "{count} selected (Ctrl-click toggles, Esc clears)").format(
                    count=self._count_text(selection)))
        window.frames.draw_now()

    @staticmethod
    def _count_text(selection: SampleSelection) -> str:
        if len(selection) == 1:
            return translate("SampleSelector", "1 sample")
        return translate("SampleSelector", "{count} samples").format(count=len(selection))
