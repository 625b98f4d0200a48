"""The Data group's "Extra features" row: a checkbox per feature transform of 2-D data
(core/feature_transforms.py), applied on Reset like the other data settings."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from core.feature_transforms import FeatureTransform
from gui.i18n import RetranslatingWidget, translate

COLUMNS = 3  # x₁² x₂² x₁·x₂ on one line, sin x₁ sin x₂ on the next: narrow enough at 2x fonts
TIPS = {
    FeatureTransform.X1_SQUARED: QT_TRANSLATE_NOOP(
        "TransformInputs", "Adds x₁² as a feature: lets a linear model draw a boundary curved "
        "along x₁ in the (x₁, x₂) plane (a parabola; with x₂² too, an ellipse)."),
    FeatureTransform.X2_SQUARED: QT_TRANSLATE_NOOP(
        "TransformInputs", "Adds x₂² as a feature: lets a linear model draw a boundary curved "
        "along x₂ in the (x₁, x₂) plane (a parabola; with x₁² too, an ellipse)."),
    FeatureTransform.X1_X2: QT_TRANSLATE_NOOP(
        "TransformInputs", "Adds x₁·x₂ as a feature: lets a linear model draw a curved boundary "
        "in the (x₁, x₂) plane. It separates XOR: x₁·x₂ is positive in two opposite corners and "
        "negative in the other two."),
    FeatureTransform.SIN_X1: QT_TRANSLATE_NOOP(
        "TransformInputs", "Adds sin x₁ as a feature: lets a linear model draw a boundary that "
        "waves along x₁ in the (x₁, x₂) plane."),
    FeatureTransform.SIN_X2: QT_TRANSLATE_NOOP(
        "TransformInputs", "Adds sin x₂ as a feature: lets a linear model draw a boundary that "
        "waves along x₂ in the (x₁, x₂) plane."),
}


def object_name(transform: FeatureTransform) -> str:
    """The checkbox's objectName: transformInput_x1_x2, transformInput_sin_x1, ..."""
    return f"transformInput_{transform.name.lower()}"


class TransformInputs(RetranslatingWidget, QWidget):
    """Five checkboxes. Data without exactly two features cannot take transforms: they are then
    shown unticked, with a tooltip that says why, and the choice waits for 2-D data."""

    edited = Signal()  # the user ticked or unticked one

    def __init__(self, parent=None):
        super().__init__(parent)
        self._chosen: tuple[str, ...] = ()  # the user's (or lesson's) choice, by spelling
        self._features: int | None = 2  # the data's feature count, None: not known yet
        self.boxes: dict[FeatureTransform, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, transform in enumerate(FeatureTransform):
            box = QCheckBox(transform.label)  # mathematics: the same in every language
            box.setObjectName(object_name(transform))
            box.toggled.connect(self._on_toggled)
            grid.addWidget(box, index // COLUMNS, index % COLUMNS)
            self.boxes[transform] = box
        self.retranslate()

    @property
    def allowed(self) -> bool:
        """Whether the data can take transforms (a file not read yet is given the benefit)."""
        return self._features in (None, 2)

    def values(self) -> tuple[str, ...]:
        """The chosen transforms' spellings, in column order; none for data that is not 2-D."""
        return self._chosen if self.allowed else ()

    def set_values(self, names) -> None:
        """Tick the transforms `names` (spellings), without emitting `edited`."""
        self._chosen = tuple(t.value for t in FeatureTransform if t.value in set(names))
        self._show()

    def set_data_features(self, features: int | None) -> None:
        """The data's feature count (None: a file not read yet): only 2 can take transforms."""
        if features != self._features:
            self._features = features
            self._show()
            self._show_tooltips()

    def retranslate(self) -> None:
        self._show_tooltips()

    def _show_tooltips(self) -> None:
        why = "" if self.allowed else translate(
            "TransformInputs", "Only data with exactly two features, x₁ and x₂, can take extra "
            "features; this data has {count}.").format(count=self._features)
        for transform, box in self.boxes.items():
            tip = translate("TransformInputs", TIPS[transform])
            box.setToolTip(f"{why}\n{tip}" if why else tip)

    def _show(self) -> None:
        shown = set(self.values())
        for transform, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(transform.value in shown)
            box.blockSignals(False)

    def _on_toggled(self, _checked: bool) -> None:
        self._chosen = tuple(t.value for t, box in self.boxes.items() if box.isChecked())
        self.edited.emit()
