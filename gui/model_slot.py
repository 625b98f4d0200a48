"""The model slot of the plot area: one panel with tabs, each a way to look inside the model.

The first tab is the model itself (the decision boundary for 2-D data, the weights otherwise);
the others are added by the views that explain it (docs/ARCHITECTURE.md §16). Tabs rather than
more panels: at big fonts the overview already drops panels, and a teacher shows one view of
the model at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

from gui.i18n import RetranslatingWidget, translate


class ModelSlot(RetranslatingWidget, QTabWidget):
    """Tabs of model views; `model` (the boundary or the weights) is the first."""

    def __init__(self, model: QStackedWidget, parent=None):
        super().__init__(parent)
        self.setObjectName("modelSlot")
        self.setDocumentMode(True)  # no frame around the plots: the tabs sit on the panel's edge
        self._titles: dict[QWidget, Callable[[], str]] = {}
        self._tips: dict[QWidget, Callable[[], str]] = {}
        self.model = model
        self.add_view(model, lambda: translate("ModelSlot", "Model"),
                      lambda: translate("ModelSlot", "The decision boundary for data with two "
                                        "features, the weights otherwise"))

    def add_view(self, view: QWidget, title: Callable[[], str],
                 tip: Callable[[], str] | None = None) -> None:
        """A tab for `view`; `title` and `tip` give its texts in the current language."""
        self._titles[view] = title
        if tip is not None:
            self._tips[view] = tip
        self.addTab(view, title())
        self._retitle(view)

    def show_view(self, view: QWidget) -> None:
        """Bring `view` to the front: a tab, or the model tab for one of its panels (which of
        those the model tab shows is the data's choice, not the caller's)."""
        self.setCurrentWidget(view if self.indexOf(view) >= 0 else self.model)

    def shows(self, view: QWidget) -> bool:
        """Whether `view` is the tab (or the model tab's panel) in front."""
        current = self.currentWidget()
        return view is current or (current is self.model and self.model.currentWidget() is view)

    def retranslate(self) -> None:
        for view in self._titles:
            self._retitle(view)

    def _retitle(self, view: QWidget) -> None:
        index = self.indexOf(view)
        self.setTabText(index, self._titles[view]())
        if view in self._tips:
            self.setTabToolTip(index, self._tips[view]())
