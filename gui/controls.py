"""The control panel: run buttons, data and training settings, view toggles.

It only edits a TrainingConfig and says what the user asked for; the window decides what to do.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.config import TrainingConfig
from core.datasets import PRESETS, REAL_DATA_PRESETS
from core.session import RunState
from core.settings_table import SETTINGS

SPEEDS = (("1 step/s", 1.0), ("10 steps/s", 10.0), ("100 steps/s", 100.0),
          ("1 000 steps/s", 1000.0), ("10 000 steps/s", 10000.0), ("max", None))
OPEN_FILE_ITEM = "Open file..."
TWO_D_PRESETS = ("blobs", "overlap", "xor")  # two features whatever the Features field says
FIXED_SIZE_PRESETS = REAL_DATA_PRESETS  # their samples and features are the data's own
REAL_DATA_HEADING = "Real data"
# Features in mixed units (cm, areas in the hundreds): unscaled, the default learning rate
# crawls or diverges, so choosing one of these ticks "Standardise features".
STANDARDISED_PRESETS = ("breast-cancer", "iris-petals")
# Pixels that are blank in every picture get no gradient: from the notebook's random start
# their noise would hide the learned template, so these start from zero weights.
ZERO_START_PRESETS = ("mnist-3-8", "digits-3-8")
# The objectName of the control that edits each setting (the file path has none: it comes with
# the "Open file..." item); its label, tooltip, range and step come from the settings table.
SETTING_INPUTS = {
    "lr": "learningRateInput", "l2": "l2Input", "iterations": "iterationsInput",
    "init": "initInput", "batch_size": "batchSizeInput", "dataset": "datasetInput",
    "samples": "samplesInput", "features": "featuresInput", "noise": "noiseInput",
    "seed": "seedInput", "val_fraction": "valFractionInput", "standardise": "standardiseInput",
    "device": "deviceInput", "dtype": "dtypeInput",
}
# The slider's decades: a teaching choice (where lessons happen); the exact-entry field beside
# it takes the setting's whole range.
LEARNING_RATE_SLIDER = (1e-4, 10.0)


class ScientificSpinBox(QDoubleSpinBox):
    """A spin box that shows 0.0001 or 1e-05 as typed, instead of a fixed number of decimals."""

    def __init__(self, minimum: float, maximum: float, parent=None):
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)  # apply when the user presses Enter or leaves the field

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        return float(text)

    def validate(self, text: str, pos: int):
        try:
            value = float(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        inside = self.minimum() <= value <= self.maximum() and math.isfinite(value)
        return (QValidator.State.Acceptable if inside else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:
        # One arrow press multiplies by 10^(1/4): a log-scale quantity moves by ratios.
        self.setValue(self.value() * 10 ** (steps / 4))


class LogScaleInput(QWidget):
    """A learning-rate input: a slider over log10(value) and an exact-entry field beside it."""

    valueChanged = Signal(float)
    TICKS_PER_DECADE = 100

    def __init__(self, slider_range: tuple[float, float], entry_range: tuple[float, float],
                 parent=None):
        super().__init__(parent)
        self._log_low, self._log_high = (math.log10(v) for v in slider_range)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, round((self._log_high - self._log_low) * self.TICKS_PER_DECADE))
        self.entry = ScientificSpinBox(*entry_range)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 3)
        layout.addWidget(self.entry, 2)
        self.slider.valueChanged.connect(self._on_slider)
        self.entry.valueChanged.connect(self._on_entry)

    def value(self) -> float:
        return self.entry.value()

    def setValue(self, value: float) -> None:
        self.entry.setValue(value)
        self._sync_slider(self.entry.value())  # also when the entry's signals are blocked

    def _on_slider(self, position: int) -> None:
        if self.slider.signalsBlocked():
            return
        value = 10 ** (self._log_low + position / self.TICKS_PER_DECADE)
        self.entry.setValue(float(f"{value:.3g}"))

    def _on_entry(self, value: float) -> None:
        self._sync_slider(value)
        self.valueChanged.emit(value)

    def _sync_slider(self, value: float) -> None:
        position = (math.log10(value) - self._log_low) * self.TICKS_PER_DECADE
        self.slider.blockSignals(True)
        self.slider.setValue(round(min(max(position, 0), self.slider.maximum())))
        self.slider.blockSignals(False)


class ControlPanel(QWidget):
    """Buttons and settings. Signals carry what the user asked for, nothing is applied here."""

    startRequested = Signal()
    pauseRequested = Signal()
    stepRequested = Signal()
    resetRequested = Signal()
    hyperparametersEdited = Signal(dict)  # applied live: {"lr": ..., "l2": ..., "iterations": ...}
    dataSettingsEdited = Signal()  # data or shape changed: needs a reset
    openFileRequested = Signal()
    speedChanged = Signal(object)  # steps per second, or None for max
    identityToggled = Signal(bool)
    logScaleToggled = Signal(bool)

    def __init__(self, config: TrainingConfig, parent=None):
        super().__init__(parent)
        self._config = config
        # A field the data fixes (features of a 2-D preset, both sizes of a file) shows the
        # data's value, greyed out; the user's own value waits here for the next preset that
        # uses it.
        self._own_sizes = {"samples": config.samples, "features": config.features}
        self._size_free = {"samples": True, "features": True}  # False: the data fixes it
        self._locked: frozenset[str] = frozenset()  # settings an exercise locks
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_buttons())
        layout.addWidget(self._build_training())
        layout.addWidget(self._build_data())
        layout.addWidget(self._build_view())
        layout.addStretch(1)
        self.set_config(config)
        self._connect()

    # ----- building ----------------------------------------------------------------------

    def _build_buttons(self) -> QWidget:
        box = QGroupBox("Run")
        grid = QGridLayout(box)
        self.startButton = self._button("startButton", "Start", "Start training, or resume "
                                        "after a pause (Space)")
        self.pauseButton = self._button("pauseButton", "Pause", "Pause training; the plots keep "
                                        "the current state (Space)")
        self.stepButton = self._button("stepButton", "Step", "Take one gradient-descent step "
                                       "and show it (S or Right arrow)")
        self.resetButton = self._button("resetButton", "Reset", "Start again from the initial "
                                        "weights, applying any changed data settings (R)")
        for index, button in enumerate((self.startButton, self.pauseButton, self.stepButton,
                                        self.resetButton)):
            grid.addWidget(button, index // 2, index % 2)
        return box

    def _build_training(self) -> QWidget:
        box = QGroupBox("Training")
        form = QFormLayout(box)
        lr = SETTINGS["lr"]
        self.learningRateInput = LogScaleInput(LEARNING_RATE_SLIDER, (lr.low, lr.high))
        self.l2Input = _spin_box("l2")
        self.iterationsInput = _spin_box("iterations")
        self.iterationsInput.setGroupSeparatorShown(True)
        self.speedInput = QComboBox()
        for label, speed in SPEEDS:
            self.speedInput.addItem(label, speed)
        self.speedInput.setCurrentIndex(len(SPEEDS) - 1)
        self.initInput = _combo(SETTINGS["init"].choices)
        self.batchSizeInput = _spin_box("batch_size")
        self.batchSizeInput.setSpecialValueText("full batch")  # shown for 0
        self.batchSizeInput.setGroupSeparatorShown(True)
        rows = (
            _setting_row("lr", self.learningRateInput),
            _setting_row("l2", self.l2Input),
            _setting_row("iterations", self.iterationsInput),
            ("Speed", self.speedInput, "speedInput",
             "Steps per second, slow enough to watch the first steps, or 'max'."),
            _setting_row("init", self.initInput),
            _setting_row("batch_size", self.batchSizeInput),
        )
        _add_rows(form, rows)
        return box

    def _build_data(self) -> QWidget:
        box = QGroupBox("Data")
        form = QFormLayout(box)
        self.datasetInput = QComboBox()
        for name, description in PRESETS.items():
            if name == REAL_DATA_PRESETS[0]:
                self._add_heading(REAL_DATA_HEADING)
            self.datasetInput.addItem(name, name)
            self.datasetInput.setItemData(self.datasetInput.count() - 1, description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.datasetInput.insertSeparator(self.datasetInput.count())
        self.datasetInput.addItem(OPEN_FILE_ITEM, None)
        self.datasetDescription = QLabel()
        self.datasetDescription.setWordWrap(True)
        self.samplesInput = _spin_box("samples")
        self.featuresInput = _spin_box("features")
        self.noiseInput = _spin_box("noise")
        self.seedInput = _spin_box("seed")
        self.valFractionInput = _spin_box("val_fraction")
        self.standardiseInput = QCheckBox(SETTINGS["standardise"].label)
        self.deviceInput = _combo(("auto", "cpu"))  # cuda when there is one: set_cuda_available
        self.dtypeInput = _combo(SETTINGS["dtype"].choices)
        rows = (
            _setting_row("dataset", self.datasetInput),
            ("", self.datasetDescription, "datasetDescription", "What the chosen data is."),
            _setting_row("samples", self.samplesInput),
            _setting_row("features", self.featuresInput),
            _setting_row("noise", self.noiseInput),
            _setting_row("seed", self.seedInput),
            _setting_row("val_fraction", self.valFractionInput),
            _setting_row("standardise", self.standardiseInput),
            _setting_row("device", self.deviceInput),
            _setting_row("dtype", self.dtypeInput),
        )
        _add_rows(form, rows)
        return box

    def _add_heading(self, text: str) -> None:
        """A separator and a bold, disabled title item that groups the items after it."""
        box = self.datasetInput
        box.insertSeparator(box.count())
        box.addItem(text, None)
        item = box.model().item(box.count() - 1)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # neither selectable nor reachable by keys
        heading_font = box.font()
        heading_font.setBold(True)
        item.setFont(heading_font)

    def _build_view(self) -> QWidget:
        box = QGroupBox("View")
        column = QVBoxLayout(box)
        self.identityInput = QCheckBox("Show (1 + tanh(x/2)) / 2")
        self.identityInput.setObjectName("identityInput")
        self.identityInput.setToolTip("Overlay the tanh form: it is the same curve as the sigmoid.")
        self.logScaleInput = QCheckBox("Log-scale cost")
        self.logScaleInput.setObjectName("logScaleInput")
        self.logScaleInput.setToolTip("A log axis shows the slow final approach to the optimum.")
        column.addWidget(self.identityInput)
        column.addWidget(self.logScaleInput)
        return box

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    def _connect(self) -> None:
        self.startButton.clicked.connect(self.startRequested)
        self.pauseButton.clicked.connect(self.pauseRequested)
        self.stepButton.clicked.connect(self.stepRequested)
        self.resetButton.clicked.connect(self.resetRequested)
        self.learningRateInput.valueChanged.connect(
            lambda v: self.hyperparametersEdited.emit({"lr": v}))
        self.l2Input.valueChanged.connect(lambda v: self.hyperparametersEdited.emit({"l2": v}))
        self.iterationsInput.valueChanged.connect(
            lambda v: self.hyperparametersEdited.emit({"iterations": v}))
        self.speedInput.currentIndexChanged.connect(
            lambda _: self.speedChanged.emit(self.speedInput.currentData()))
        self.datasetInput.activated.connect(self._on_dataset_chosen)
        for spin in (self.samplesInput, self.featuresInput, self.noiseInput, self.seedInput,
                     self.valFractionInput, self.batchSizeInput):
            spin.valueChanged.connect(self.dataSettingsEdited)
        for box in (self.deviceInput, self.dtypeInput, self.initInput):
            box.currentIndexChanged.connect(self.dataSettingsEdited)
        self.standardiseInput.toggled.connect(self.dataSettingsEdited)
        self.identityInput.toggled.connect(self.identityToggled)
        self.logScaleInput.toggled.connect(self.logScaleToggled)

    # ----- state -------------------------------------------------------------------------

    def set_config(self, config: TrainingConfig) -> None:
        """Show `config` in the fields without emitting edit signals."""
        self._config = config
        widgets = self.findChildren(QWidget)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.learningRateInput.setValue(config.lr)
            self.l2Input.setValue(config.l2)
            self.iterationsInput.setValue(config.iterations)
            self._select_dataset(config)
            self._own_sizes = {"samples": config.samples, "features": config.features}
            self.samplesInput.setValue(config.samples)
            self.featuresInput.setValue(config.features)
            self.noiseInput.setValue(config.noise)
            self.seedInput.setValue(config.seed)
            self.valFractionInput.setValue(config.val_fraction)
            self.standardiseInput.setChecked(config.standardise)
            _select(self.deviceInput, config.device, add_missing=True)
            _select(self.dtypeInput, config.dtype)
            _select(self.initInput, config.init)
            self.batchSizeInput.setValue(config.batch_size)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._update_enabled_fields()

    def config(self) -> TrainingConfig:
        """The configuration the fields describe (validated; raises ConfigError)."""
        data_path = self.datasetInput.currentData(Qt.ItemDataRole.UserRole + 1)
        return self._config.replace(
            dataset=(self.datasetInput.currentText() if data_path
                     else self.datasetInput.currentData()),
            data_path=data_path, samples=self._size("samples", self.samplesInput),
            features=self._size("features", self.featuresInput), noise=self.noiseInput.value(),
            seed=self.seedInput.value(), val_fraction=round(self.valFractionInput.value(), 4),
            standardise=self.standardiseInput.isChecked(), lr=self.learningRateInput.value(),
            l2=self.l2Input.value(), iterations=self.iterationsInput.value(),
            device=self.deviceInput.currentText(), dtype=self.dtypeInput.currentText(),
            init=self.initInput.currentText(), batch_size=self.batchSizeInput.value(),
        )

    def set_cuda_available(self, available: bool) -> None:
        if available:
            _select(self.deviceInput, self.deviceInput.currentText(), add_missing=False)
            if self.deviceInput.findText("cuda") < 0:
                self.deviceInput.blockSignals(True)
                self.deviceInput.addItem("cuda")
                self.deviceInput.blockSignals(False)

    def add_data_file(self, label: str, path: str) -> None:
        """Offer a loaded file in the dataset list and select it (without signals)."""
        self.datasetInput.blockSignals(True)
        index = self.datasetInput.findText(label)
        if index < 0:
            index = self.datasetInput.count() - 1  # before "Open file..."
            self.datasetInput.insertItem(index, label, None)
        self.datasetInput.setItemData(index, path, Qt.ItemDataRole.UserRole + 1)
        self.datasetInput.setItemData(index, path, Qt.ItemDataRole.ToolTipRole)
        self.datasetInput.setCurrentIndex(index)
        self.datasetInput.blockSignals(False)
        self._update_enabled_fields()

    def set_locked(self, names, tip: str = "") -> None:
        """Disable the controls of the settings `names` (an exercise's locks, by setting name)
        with `tip` first in their tooltips; no names unlocks every control. The data's own
        rules (a 2-D preset fixes the features...) still apply to the unlocked ones."""
        self._locked = frozenset(names)
        for name, attribute in SETTING_INPUTS.items():
            tooltip = SETTINGS[name].description()
            getattr(self, attribute).setToolTip(f"{tip}\n{tooltip}" if name in self._locked
                                                else tooltip)
        self._update_enabled_fields()

    @property
    def locked(self) -> frozenset[str]:
        return self._locked

    def set_run_state(self, state: RunState, finished: bool) -> None:
        """Enable the buttons that make sense in `state`; `finished`: the run cannot go on."""
        running, busy = state is RunState.RUNNING, state.busy
        self.startButton.setText("Resume" if state is RunState.PAUSED else "Start")
        self.startButton.setEnabled(not running and not finished and not busy)
        self.pauseButton.setEnabled(running)
        self.stepButton.setEnabled(not running and not finished and not busy)
        self.resetButton.setEnabled(not busy)

    def _select_dataset(self, config: TrainingConfig) -> None:
        if config.data_path:
            self.add_data_file(config.dataset, config.data_path)
        else:
            _select(self.datasetInput, config.dataset)

    def _on_dataset_chosen(self, index: int) -> None:
        if self.datasetInput.itemText(index) == OPEN_FILE_ITEM:
            self._select_dataset(self._config)  # until a file is actually loaded
            self.openFileRequested.emit()
            return
        name = self.datasetInput.currentData()
        # A dataset's own defaults for other settings, unless an exercise locked those.
        free = {setting: setting not in self._locked
                for setting in ("val_fraction", "standardise", "init")}
        if name == "overfit" and self.valFractionInput.value() == 0 and free["val_fraction"]:
            self.valFractionInput.blockSignals(True)
            self.valFractionInput.setValue(0.25)  # the preset's lesson needs a held-out set
            self.valFractionInput.blockSignals(False)
        if (name in STANDARDISED_PRESETS and not self.standardiseInput.isChecked()
                and free["standardise"]):
            self.standardiseInput.blockSignals(True)
            self.standardiseInput.setChecked(True)
            self.standardiseInput.blockSignals(False)
        if name in ZERO_START_PRESETS and free["init"]:
            self.initInput.blockSignals(True)
            _select(self.initInput, "zeros")
            self.initInput.blockSignals(False)
        self._update_enabled_fields()
        self.dataSettingsEdited.emit()

    def show_data_shape(self, samples: int, features: int) -> None:
        """The size of the data in use, shown in the size fields that the data fixes."""
        for name, spin, value in (("samples", self.samplesInput, samples),
                                  ("features", self.featuresInput, features)):
            if not self._size_free[name]:
                _set_quietly(spin, value)

    def _size(self, name: str, spin: QSpinBox) -> int:
        return spin.value() if self._size_free[name] else self._own_sizes[name]

    def _update_enabled_fields(self) -> None:
        preset = self.datasetInput.currentData()
        from_file = self.datasetInput.currentData(Qt.ItemDataRole.UserRole + 1) is not None
        two_d = preset in TWO_D_PRESETS
        fixed = from_file or preset in FIXED_SIZE_PRESETS
        for name, spin, free in (("samples", self.samplesInput, not fixed),
                                 ("features", self.featuresInput, not fixed and not two_d)):
            if self._size_free[name] and not free:
                self._own_sizes[name] = spin.value()
            if free and not self._size_free[name]:
                _set_quietly(spin, self._own_sizes[name])
            self._size_free[name] = free
        if two_d:
            _set_quietly(self.featuresInput, 2)
        # Whether each setting's control takes input: what the data leaves free, less the
        # exercise's locks (kept apart: the data's rules decide which size a config() uses).
        data_allows = {**self._size_free, "noise": preset in TWO_D_PRESETS}
        for name, attribute in SETTING_INPUTS.items():
            getattr(self, attribute).setEnabled(data_allows.get(name, True)
                                                and name not in self._locked)
        self.datasetDescription.setText("Your own data file." if from_file
                                        else PRESETS.get(preset, ""))


def _spin_box(name: str) -> QSpinBox | QDoubleSpinBox:
    """A spin box over the setting's whole range, stepping as the table says."""
    setting = SETTINGS[name]
    if setting.kind is int:
        spin = QSpinBox()
    else:
        spin = QDoubleSpinBox()
        spin.setDecimals(setting.decimals)  # before the range, which it would round
    spin.setRange(setting.low, setting.high)
    spin.setSingleStep(setting.step)
    spin.setKeyboardTracking(False)  # apply when the user presses Enter or leaves the field
    return spin


def _setting_row(name: str, widget: QWidget) -> tuple[str, QWidget, str, str]:
    """A form row for a setting: its label (a checkbox names itself), control, tooltip."""
    setting = SETTINGS[name]
    label = "" if isinstance(widget, QCheckBox) else setting.label
    return label, widget, SETTING_INPUTS[name], setting.description()


def _set_quietly(spin: QSpinBox, value: int) -> None:
    spin.blockSignals(True)
    spin.setValue(value)
    spin.blockSignals(False)


def _combo(items) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    return box


def _select(box: QComboBox, text: str, add_missing: bool = False) -> None:
    index = box.findText(text)
    if index < 0 and add_missing:
        box.addItem(text)
        index = box.count() - 1
    if index >= 0:
        box.setCurrentIndex(index)


def _add_rows(form: QFormLayout, rows) -> None:
    for label, widget, name, tip in rows:
        widget.setObjectName(name)
        widget.setToolTip(tip)
        form.addRow(label, widget)
