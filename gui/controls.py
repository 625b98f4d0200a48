"""The control panel: run buttons, data and training settings, view toggles.

It only edits a TrainingConfig and says what the user asked for; the window decides what to do.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
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

from core.classification import DEFAULT_THRESHOLD
from core.config import TrainingConfig
from core.datasets import PRESETS, REAL_DATA_PRESETS
from core.feature_transforms import preset_feature_count
from core.session import RunState
from core.settings_table import SETTINGS, Setting, number_text
from gui.i18n import RetranslatingWidget, translate
from gui.threshold import THRESHOLD_RANGE
from gui.transform_inputs import TransformInputs

# Item texts are source texts (English), translated when shown (context "ControlPanel").
SPEEDS = ((QT_TRANSLATE_NOOP("ControlPanel", "1 step/s"), 1.0),
          (QT_TRANSLATE_NOOP("ControlPanel", "10 steps/s"), 10.0),
          (QT_TRANSLATE_NOOP("ControlPanel", "100 steps/s"), 100.0),
          (QT_TRANSLATE_NOOP("ControlPanel", "1 000 steps/s"), 1000.0),
          (QT_TRANSLATE_NOOP("ControlPanel", "10 000 steps/s"), 10000.0),
          (QT_TRANSLATE_NOOP("ControlPanel", "max"), None))
OPEN_FILE_ITEM = QT_TRANSLATE_NOOP("ControlPanel", "Open file...")
TWO_D_PRESETS = ("blobs", "overlap", "xor")  # two features whatever the Features field says
FIXED_SIZE_PRESETS = REAL_DATA_PRESETS  # their samples and features are the data's own
REAL_DATA_HEADING = QT_TRANSLATE_NOOP("ControlPanel", "Real data")
# Choices of the device, precision and initial-weights lists are the values of the settings
# table (and of the command line), shown as they are except for these words.
CHOICE_TEXTS = {"auto": QT_TRANSLATE_NOOP("ControlPanel", "auto"),
                "zeros": QT_TRANSLATE_NOOP("ControlPanel", "zeros")}
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
    "device": "deviceInput", "dtype": "dtypeInput", "transforms": "transformsInput",
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


class ControlPanel(RetranslatingWidget, QWidget):
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
        self._lock_tip = ""  # why, first in the locked controls' tooltips
        self._paused = False  # Start reads "Resume" while paused
        self._row_labels: dict[QWidget, QLabel] = {}  # a form row's control -> its label
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_buttons())
        layout.addWidget(self._build_training())
        layout.addWidget(self._build_data())
        layout.addWidget(self._build_view())
        layout.addStretch(1)
        self.set_config(config)
        self.retranslate()
        self._connect()

    # ----- building ----------------------------------------------------------------------

    def _build_buttons(self) -> QWidget:
        self._run_box = box = QGroupBox()
        grid = QGridLayout(box)
        self.startButton = self._button("startButton")
        self.pauseButton = self._button("pauseButton")
        self.stepButton = self._button("stepButton")
        self.resetButton = self._button("resetButton")
        for index, button in enumerate((self.startButton, self.pauseButton, self.stepButton,
                                        self.resetButton)):
            grid.addWidget(button, index // 2, index % 2)
        return box

    def _build_training(self) -> QWidget:
        self._training_box = box = QGroupBox()
        form = QFormLayout(box)
        lr = SETTINGS["lr"]
        self.learningRateInput = LogScaleInput(LEARNING_RATE_SLIDER, (lr.low, lr.high))
        self.l2Input = _spin_box("l2")
        self.iterationsInput = _spin_box("iterations")
        self.iterationsInput.setGroupSeparatorShown(True)
        self.speedInput = QComboBox()
        for _, speed in SPEEDS:
            self.speedInput.addItem("", speed)  # texts: retranslate()
        self.speedInput.setCurrentIndex(len(SPEEDS) - 1)
        self.initInput = _combo(SETTINGS["init"].choices)
        self.batchSizeInput = _spin_box("batch_size")
        self.batchSizeInput.setGroupSeparatorShown(True)
        self.speedInput.setObjectName("speedInput")
        for widget in (self.learningRateInput, self.l2Input, self.iterationsInput,
                       self.speedInput, self.initInput, self.batchSizeInput):
            self._add_row(form, widget)
        return box

    def _build_data(self) -> QWidget:
        self._data_box = box = QGroupBox()
        form = QFormLayout(box)
        self.datasetInput = QComboBox()
        for name in PRESETS:
            if name == REAL_DATA_PRESETS[0]:
                self._add_heading()
            self.datasetInput.addItem(name, name)  # preset names are the command line's
        self.datasetInput.insertSeparator(self.datasetInput.count())
        self.datasetInput.addItem("", None)  # "Open file...", always the last item
        self.datasetDescription = QLabel()
        self.datasetDescription.setObjectName("datasetDescription")
        self.datasetDescription.setWordWrap(True)
        self.samplesInput = _spin_box("samples")
        self.featuresInput = _spin_box("features")
        self.noiseInput = _spin_box("noise")
        self.seedInput = _spin_box("seed")
        self.valFractionInput = _spin_box("val_fraction")
        self.standardiseInput = QCheckBox()
        self.transformsInput = TransformInputs()
        self._file_features: int | None = None  # a loaded file's own (show_data_shape)
        self.deviceInput = _combo(("auto", "cpu"))  # cuda when there is one: set_cuda_available
        self.dtypeInput = _combo(SETTINGS["dtype"].choices)
        for widget in (self.datasetInput, self.datasetDescription, self.samplesInput,
                       self.featuresInput, self.noiseInput, self.seedInput,
                       self.valFractionInput, self.standardiseInput, self.transformsInput,
                       self.deviceInput,
                       self.dtypeInput):
            self._add_row(form, widget)
        return box

    def _add_row(self, form: QFormLayout, widget: QWidget) -> None:
        """A form row whose label (empty for a checkbox, which names itself, and the
        description) retranslate() writes; a setting's control is named after the setting."""
        name = next((key for key, value in SETTING_INPUTS.items() if getattr(self, value, None)
                     is widget), None)
        if name is not None:
            widget.setObjectName(SETTING_INPUTS[name])
        label = QLabel()
        self._row_labels[widget] = label
        form.addRow(label, widget)

    def _add_heading(self) -> None:
        """A separator and a bold, disabled title item that groups the items after it (its
        text: retranslate())."""
        box = self.datasetInput
        box.insertSeparator(box.count())
        box.addItem("", None)
        self._heading_index = box.count() - 1
        item = box.model().item(box.count() - 1)
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # neither selectable nor reachable by keys
        heading_font = box.font()
        heading_font.setBold(True)
        item.setFont(heading_font)

    def _build_view(self) -> QWidget:
        self._view_box = box = QGroupBox()
        column = QVBoxLayout(box)
        self.identityInput = QCheckBox()
        self.identityInput.setObjectName("identityInput")
        self.logScaleInput = QCheckBox()
        self.logScaleInput.setObjectName("logScaleInput")
        column.addWidget(self.identityInput)
        column.addWidget(self.logScaleInput)
        # The decision threshold: a view setting (gui/threshold.py holds it), not training's.
        self.thresholdInput = QDoubleSpinBox()
        self.thresholdInput.setObjectName("thresholdInput")
        self.thresholdInput.setDecimals(3)
        self.thresholdInput.setRange(*THRESHOLD_RANGE)
        self.thresholdInput.setSingleStep(0.05)
        self.thresholdInput.setValue(DEFAULT_THRESHOLD)
        self._threshold_label = QLabel()
        self._threshold_label.setBuddy(self.thresholdInput)
        row = QHBoxLayout()
        row.addWidget(self._threshold_label)
        row.addWidget(self.thresholdInput)
        column.addLayout(row)
        return box

    def _button(self, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        return button

    # ----- texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text of the panel in the current language (at construction and on a change
        of language). Settings' labels and help come from core's table, translated in context
        "Setting" (gui/core_texts.py lists them for lupdate)."""
        self._run_box.setTitle(translate("ControlPanel", "Run"))
        self._training_box.setTitle(translate("ControlPanel", "Training"))
        self._data_box.setTitle(translate("ControlPanel", "Data"))
        self._view_box.setTitle(translate("ControlPanel", "View"))
        self._show_start_text()
        buttons = (
            (self.startButton, translate(
                "ControlPanel", "Start training, or resume after a pause (Space)")),
            (self.pauseButton, translate(
                "ControlPanel", "Pause training; the plots keep the current state (Space)")),
            (self.stepButton, translate(
                "ControlPanel", "Take one gradient-descent step and show it (S or Right arrow)")),
            (self.resetButton, translate(
                "ControlPanel", "Start again from the initial weights, applying any changed "
                "data settings (R)")),
        )
        for button, tip in buttons:
            button.setToolTip(tip)
        self.pauseButton.setText(translate("ControlPanel", "Pause"))
        self.stepButton.setText(translate("ControlPanel", "Step"))
        self.resetButton.setText(translate("ControlPanel", "Reset"))
        for name, object_name in SETTING_INPUTS.items():
            widget = getattr(self, object_name)
            label = setting_label(SETTINGS[name])
            if isinstance(widget, QCheckBox):
                widget.setText(label)
                label = ""
            self._row_labels[widget].setText(label)
        self._show_setting_tooltips()
        self._row_labels[self.speedInput].setText(translate("ControlPanel", "Speed"))
        self.speedInput.setToolTip(translate(
            "ControlPanel", "Steps per second, slow enough to watch the first steps, or 'max'."))
        for index, (text, _) in enumerate(SPEEDS):
            self.speedInput.setItemText(index, translate("ControlPanel", text))
        self.batchSizeInput.setSpecialValueText(translate("ControlPanel", "full batch"))  # 0
        self.datasetDescription.setToolTip(translate("ControlPanel", "What the chosen data is."))
        box = self.datasetInput
        box.setItemText(self._heading_index, translate("ControlPanel", REAL_DATA_HEADING))
        box.setItemText(box.count() - 1, translate("ControlPanel", OPEN_FILE_ITEM))
        for name in PRESETS:
            box.setItemData(box.findData(name), preset_description(name),
                            Qt.ItemDataRole.ToolTipRole)
        for combo in (self.initInput, self.deviceInput, self.dtypeInput):
            for index in range(combo.count()):
                combo.setItemText(index, choice_text(combo.itemData(index)))
        self._show_description()
        self.identityInput.setText(translate("ControlPanel", "Show (1 + tanh(x/2)) / 2"))
        self.identityInput.setToolTip(translate(
            "ControlPanel", "Overlay the tanh form: it is the same curve as the sigmoid."))
        self.logScaleInput.setText(translate("ControlPanel", "Log-scale cost"))
        self.logScaleInput.setToolTip(translate(
            "ControlPanel", "A log axis shows the slow final approach to the optimum."))
        self._threshold_label.setText(translate("ControlPanel", "&Threshold p >"))
        self.thresholdInput.setToolTip(translate(
            "ControlPanel", "Samples with p = s(z) above this are called class 1. Training does "
            "not use it: it only decides which samples count as class 1 in the predictions, "
            "the rings and the ROC point. The dashed line on the samples panel can be dragged "
            "too."))

    def _show_start_text(self) -> None:
        self.startButton.setText(translate("ControlPanel", "Resume") if self._paused
                                 else translate("ControlPanel", "Start"))

    def _show_description(self) -> None:
        from_file = self.datasetInput.currentData(Qt.ItemDataRole.UserRole + 1) is not None
        preset = self.datasetInput.currentData()
        self.datasetDescription.setText(
            translate("ControlPanel", "Your own data file.") if from_file
            else preset_description(preset) if preset in PRESETS else "")

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
        self.transformsInput.edited.connect(self.dataSettingsEdited)
        self.featuresInput.valueChanged.connect(self._update_transforms_allowed)
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
            self.transformsInput.set_values(config.transforms)
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
            device=self.deviceInput.currentData(), dtype=self.dtypeInput.currentData(),
            init=self.initInput.currentData(), batch_size=self.batchSizeInput.value(),
            transforms=self.transformsInput.values(),
        )

    def set_start_weights(self, weights: tuple[float, float] | None) -> None:
        """The (w1, w2) the next Reset starts from (None: the init rule's): chosen on the cost
        landscape, so no field here shows it; it rides in the configuration."""
        self._config = self._config.replace(start_weights=weights)

    def start_weights(self) -> tuple[float, float] | None:
        return self._config.start_weights

    def set_cuda_available(self, available: bool) -> None:
        if available and self.deviceInput.findData("cuda") < 0:
            self.deviceInput.blockSignals(True)
            self.deviceInput.addItem(choice_text("cuda"), "cuda")
            self.deviceInput.blockSignals(False)

    def add_data_file(self, label: str, path: str, features: int | None = None) -> None:
        """Offer a loaded file in the dataset list and select it (without signals);
        `features`: its feature count, where it is known (only 2 can take transforms)."""
        self.datasetInput.blockSignals(True)
        index = self.datasetInput.findText(label)
        if index < 0:
            index = self.datasetInput.count() - 1  # before "Open file..."
            self.datasetInput.insertItem(index, label, None)
        self.datasetInput.setItemData(index, path, Qt.ItemDataRole.UserRole + 1)
        self.datasetInput.setItemData(index, path, Qt.ItemDataRole.ToolTipRole)
        if features is not None or index != self.datasetInput.currentIndex():
            self._file_features = features  # None: known once the worker has read it
        self.datasetInput.setCurrentIndex(index)
        self.datasetInput.blockSignals(False)
        self._update_enabled_fields()

    def set_locked(self, names, tip: str = "") -> None:
        """Disable the controls of the settings `names` (an exercise's locks, by setting name)
        with `tip` first in their tooltips; no names unlocks every control. The data's own
        rules (a 2-D preset fixes the features...) still apply to the unlocked ones."""
        self._locked, self._lock_tip = frozenset(names), tip
        self._show_setting_tooltips()
        self._update_enabled_fields()

    def _show_setting_tooltips(self) -> None:
        """Each setting's help, after the lock's reason where an exercise locks it."""
        for name, attribute in SETTING_INPUTS.items():
            tooltip = setting_tooltip(SETTINGS[name])
            getattr(self, attribute).setToolTip(f"{self._lock_tip}\n{tooltip}"
                                                if name in self._locked else tooltip)

    @property
    def locked(self) -> frozenset[str]:
        return self._locked

    def set_run_state(self, state: RunState, finished: bool) -> None:
        """Enable the buttons that make sense in `state`; `finished`: the run cannot go on."""
        running, busy = state is RunState.RUNNING, state.busy
        self._paused = state is RunState.PAUSED
        self._show_start_text()
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
        if index == self.datasetInput.count() - 1:  # "Open file..."
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
        """The size of the data in use (its own features, before any transforms), shown in the
        size fields that the data fixes."""
        self._file_features = features
        self._update_transforms_allowed()
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
        data_allows = {**self._size_free, "noise": preset in TWO_D_PRESETS,
                       "transforms": self._update_transforms_allowed()}
        for name, attribute in SETTING_INPUTS.items():
            getattr(self, attribute).setEnabled(data_allows.get(name, True)
                                                and name not in self._locked)
        self._show_description()


    def _update_transforms_allowed(self, *_) -> bool:
        """Offer the transforms to data with two features only; whether they are offered."""
        from_file = self.datasetInput.currentData(Qt.ItemDataRole.UserRole + 1) is not None
        features = self._file_features if from_file else preset_feature_count(
            self.datasetInput.currentData(), self.featuresInput.value())
        inputs = self.transformsInput
        inputs.set_data_features(features)
        inputs.setEnabled(inputs.allowed and "transforms" not in self._locked)
        return inputs.allowed


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


def setting_label(setting: Setting) -> str:
    """The setting's label (core's table) in the current language."""
    return translate("Setting", setting.label)


def setting_tooltip(setting: Setting) -> str:
    """The setting's help with its range, as Setting.description() says it, translated."""
    limits = "" if not setting.numeric else translate("ControlPanel", "From {low} to {high}.") \
        .format(low=number_text(setting.low), high=number_text(setting.high))
    return " ".join(part for part in (translate("Setting", setting.help), limits) if part)


def preset_description(name: str) -> str:
    """What a preset is (core.datasets.PRESETS), in the current language."""
    return translate("Preset", PRESETS[name])


def choice_text(value: str) -> str:
    """How a setting's choice (a command-line value) is shown in its list."""
    return translate("ControlPanel", CHOICE_TEXTS[value]) if value in CHOICE_TEXTS else value


def _set_quietly(spin: QSpinBox, value: int) -> None:
    spin.blockSignals(True)
    spin.setValue(value)
    spin.blockSignals(False)


def _combo(values) -> QComboBox:
    """A list of a setting's choices: each item's data is the value, its text choice_text()."""
    box = QComboBox()
    for value in values:
        box.addItem(choice_text(value), value)
    return box


def _select(box: QComboBox, value: str, add_missing: bool = False) -> None:
    """Select the item whose data is `value` (the dataset list: whose preset name)."""
    index = box.findData(value)
    if index < 0 and add_missing:
        box.addItem(choice_text(value), value)
        index = box.count() - 1
    if index >= 0:
        box.setCurrentIndex(index)
