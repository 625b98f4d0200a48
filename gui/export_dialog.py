"""The export dialog: which panel (or the whole window), PNG or SVG, scale, optional caption."""

from __future__ import annotations

from pathlib import Path

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

WHOLE_WINDOW = "whole window"


def export_widget(widget: QWidget, path: str, scale: float = 1.0, caption: str | None = None
                  ) -> None:
    """Write `widget` to `path`: SVG when the name ends in .svg, otherwise PNG at `scale`."""
    if Path(path).suffix.lower() == ".svg":
        export_svg(widget, path, caption=caption)
    else:
        export_png(widget, path, scale=scale, caption=caption)


class ExportDialog(QDialog):
    """Asks what to export; `targets` maps a name (objectName or WHOLE_WINDOW) to its widget."""

    def __init__(self, targets: dict[str, QWidget], caption: str, parent=None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export for slides")
        self._targets = targets
        self._caption = caption
        self.targetInput = QComboBox(objectName="exportTargetInput")
        self.targetInput.addItems(list(targets))
        self.formatInput = QComboBox(objectName="exportFormatInput")
        self.formatInput.addItems(["PNG", "SVG"])
        self.scaleInput = QSpinBox(objectName="exportScaleInput", minimum=1, maximum=4,
                                   suffix=" x")
        self.scaleInput.setValue(2)
        self.captionInput = QCheckBox("Add a caption with the settings",
                                      objectName="exportCaptionInput")
        preview = QLabel(caption, wordWrap=True)
        form = QFormLayout(self)
        form.addRow("Export", self.targetInput)
        form.addRow("Format", self.formatInput)
        form.addRow("Scale (PNG)", self.scaleInput)
        form.addRow(self.captionInput)
        form.addRow("Caption", preview)
        self._add_buttons(form)
        self.formatInput.currentTextChanged.connect(
            lambda text: self.scaleInput.setEnabled(text == "PNG"))

    def _add_buttons(self, form: QFormLayout) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        copy = buttons.addButton("Copy image", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_to_clipboard)
        buttons.accepted.connect(self._choose_file_and_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def target(self) -> QWidget:
        return self._targets[self.targetInput.currentText()]

    def caption(self) -> str | None:
        return self._caption if self.captionInput.isChecked() else None

    def save_to(self, path: str) -> None:
        """Export with the dialog's choices; raises ExportError with a readable message."""
        export_widget(self.target(), path, self.scaleInput.value(), self.caption())

    def copy_to_clipboard(self) -> None:
        copy_image_to_clipboard(self.target(), scale=self.scaleInput.value())

    def _choose_file_and_save(self) -> None:
        suffix = self.formatInput.currentText().lower()
        name = f"{self.targetInput.currentText().replace(' ', '-')}.{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Export", name,
                                              f"{suffix.upper()} image (*.{suffix})")
        if not path:
            return
        try:
            self.save_to(path)
        except ExportError as error:  # the dialog stays open to pick another place
            QMessageBox.warning(self, "Export failed", str(error))
            return
        self.accept()


def open_export_dialog(window) -> ExportDialog:
    """File > Export for slides for `window` (a MainWindow): the whole window or a visible
    panel, captioned with its settings when View > Caption on exports is on."""
    targets = {WHOLE_WINDOW: window, **{name: panel for name, panel in window.panels().items()
                                        if panel.isVisible()}}
    dialog = ExportDialog(targets, window.caption_text(), window)
    dialog.captionInput.setChecked(window.view.export_caption)
    dialog.open()
    return dialog
