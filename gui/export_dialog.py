"""The export dialog: which panel (or the whole window), PNG or SVG, scale, optional caption."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from gui.export import ExportError, copy_image_to_clipboard, export_png, export_svg
from gui.i18n import RetranslatingWidget, translate

WHOLE_WINDOW = "whole window"  # the key of the window among the targets (and a file name)
# What the target list calls each target (source texts, translated when shown).
TARGET_TEXTS = {
    WHOLE_WINDOW: QT_TRANSLATE_NOOP("ExportDialog", "whole window"),
    "sigmoidPlot": QT_TRANSLATE_NOOP("ExportDialog", "sigmoid function"),
    "lossPlot": QT_TRANSLATE_NOOP("ExportDialog", "cost"),
    "accuracyPlot": QT_TRANSLATE_NOOP("ExportDialog", "accuracy"),
    "samplesPlot": QT_TRANSLATE_NOOP("ExportDialog", "samples on the sigmoid"),
    "predictionsPlot": QT_TRANSLATE_NOOP("ExportDialog", "labels and predictions"),
    "decisionPlot": QT_TRANSLATE_NOOP("ExportDialog", "decision boundary"),
    "weightsPlot": QT_TRANSLATE_NOOP("ExportDialog", "weights"),
    "sampleInspector": QT_TRANSLATE_NOOP("ExportDialog", "sample inspector"),
    "rocPlot": QT_TRANSLATE_NOOP("ExportDialog", "ROC and precision-recall curves"),
    "landscapePlot": QT_TRANSLATE_NOOP("ExportDialog", "cost landscape"),
}


def export_widget(widget: QWidget, path: str, scale: float = 1.0, caption: str | None = None
                  ) -> None:
    """Write `widget` to `path`: SVG when the name ends in .svg, otherwise PNG at `scale`."""
    if Path(path).suffix.lower() == ".svg":
        export_svg(widget, path, caption=caption)
    else:
        export_png(widget, path, scale=scale, caption=caption)


class ExportDialog(RetranslatingWidget, QDialog):
    """Asks what to export; `targets` maps a name (objectName or WHOLE_WINDOW) to its widget;
    `caption` is the caption's text, or gives it (in the language of the moment)."""

    def __init__(self, targets: dict[str, QWidget], caption: str | Callable[[], str],
                 parent=None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._targets = targets
        self._caption_text = caption if callable(caption) else lambda: caption
        self.targetInput = QComboBox(objectName="exportTargetInput")
        for name in targets:
            self.targetInput.addItem("", name)  # texts: retranslate()
        self.formatInput = QComboBox(objectName="exportFormatInput")
        self.formatInput.addItems(["PNG", "SVG"])
        self.scaleInput = QSpinBox(objectName="exportScaleInput", minimum=1, maximum=4,
                                   suffix=" x")
        self.scaleInput.setValue(2)
        self.captionInput = QCheckBox(objectName="exportCaptionInput")
        self._labels = [QLabel() for _ in range(4)]  # export, format, scale, caption
        form = QFormLayout(self)
        form.addRow(self._labels[0], self.targetInput)
        form.addRow(self._labels[1], self.formatInput)
        form.addRow(self._labels[2], self.scaleInput)
        form.addRow(self.captionInput)
        self._preview = QLabel(wordWrap=True)
        form.addRow(self._labels[3], self._preview)
        self._add_buttons(form)
        self.formatInput.currentTextChanged.connect(
            lambda text: self.scaleInput.setEnabled(text == "PNG"))
        self.retranslate()

    def _add_buttons(self, form: QFormLayout) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self._copy = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self._copy.clicked.connect(self.copy_to_clipboard)
        buttons.accepted.connect(self._choose_file_and_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("ExportDialog", "Export for slides"))
        for index in range(self.targetInput.count()):
            name = self.targetInput.itemData(index)
            self.targetInput.setItemText(index, translate("ExportDialog", TARGET_TEXTS[name])
                                         if name in TARGET_TEXTS else name)
        self.captionInput.setText(translate("ExportDialog", "Add a caption with the settings"))
        texts = (translate("ExportDialog", "Export"), translate("ExportDialog", "Format"),
                 translate("ExportDialog", "Scale (PNG)"), translate("ExportDialog", "Caption"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self._copy.setText(translate("ExportDialog", "Copy image"))
        self._preview.setText(self._caption_text())

    def select_target(self, name: str) -> None:
        """Choose the target `name` (an objectName, or WHOLE_WINDOW)."""
        self.targetInput.setCurrentIndex(self.targetInput.findData(name))

    def target(self) -> QWidget:
        return self._targets[self.targetInput.currentData()]

    def caption(self) -> str | None:
        return self._caption_text() if self.captionInput.isChecked() else None

    def save_to(self, path: str) -> None:
        """Export with the dialog's choices; raises ExportError with a readable message."""
        export_widget(self.target(), path, self.scaleInput.value(), self.caption())

    def copy_to_clipboard(self) -> None:
        copy_image_to_clipboard(self.target(), scale=self.scaleInput.value())

    def _choose_file_and_save(self) -> None:
        suffix = self.formatInput.currentText().lower()
        name = f"{self.targetInput.currentData().replace(' ', '-')}.{suffix}"
        path, _ = QFileDialog.getSaveFileName(
            self, translate("ExportDialog", "Export"), name,
            translate("ExportDialog", "{format} image (*.{suffix})").format(
                format=suffix.upper(), suffix=suffix))
        if not path:
            return
        try:
            self.save_to(path)
        except ExportError as error:  # the dialog stays open to pick another place
            QMessageBox.warning(self, translate("ExportDialog", "Export failed"), str(error))
            return
        self.accept()


def open_export_dialog(window) -> ExportDialog:
    """File > Export for slides for `window` (a MainWindow): the whole window or a visible
    panel, captioned with its settings when View > Caption on exports is on."""
    targets = {WHOLE_WINDOW: window, **{name: panel for name, panel in window.panels().items()
                                        if panel.isVisible()}}
    dialog = ExportDialog(targets, lambda: settings_caption(window), window)
    dialog.captionInput.setChecked(window.view.export_caption)
    dialog.open()
    return dialog


def settings_caption(window) -> str:
    """One line with `window`'s settings and the step it shows, for captions under exports
    (translated in the window's context, where it was first written)."""
    c, (samples, features) = window.config, window.data_shape()
    info = window.engine_info
    return translate("MainWindow", "{dataset} · N {samples} · D {features} · lr {lr} · "
                     "L2 {l2} · step {step} · {device}").format(
        dataset=c.dataset, samples=samples, features=features, lr=f"{c.lr:g}",
        l2=f"{c.l2:g}", step=f"{window.scrubber.shown_step():,}",
        device=info.device if info is not None else c.device)
