"""One table of settings: the configuration, the command line and the window's controls accept
exactly the same values (each limit taken, the value just past it refused), and every control's
label and tooltip and every option's help come from the table."""

from __future__ import annotations

import dataclasses
import math

import pytest
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QWidget

import main as lab
from core.cli import build_parser, config_from_args, option_dest
from core.config import ConfigError, TrainingConfig
from core.settings_table import SETTINGS
from gui.controls import SETTING_INPUTS, ControlPanel, LogScaleInput

NUMERIC = [name for name, setting in SETTINGS.items() if setting.numeric]
QSPINBOX_MAX = 2**31 - 1  # a QSpinBox holds a signed 32-bit int
PROG = "logistic-regression-lab: error: "


def limits(name: str) -> tuple:
    setting = SETTINGS[name]
    return setting.low, setting.high


def just_outside(name: str) -> tuple:
    """The nearest values past each limit: the next whole number, or the adjacent double."""
    low, high = limits(name)
    if SETTINGS[name].kind is int:
        return low - 1, high + 1
    return math.nextafter(low, -math.inf), math.nextafter(high, math.inf)


def spin_box(panel: ControlPanel, name: str):
    widget = panel.findChild(QWidget, SETTING_INPUTS[name])
    return widget.entry if isinstance(widget, LogScaleInput) else widget


@pytest.fixture
def panel(qtbot):
    controls = ControlPanel(TrainingConfig())
    qtbot.addWidget(controls)
    return controls


def test_the_table_covers_every_setting_and_every_control():
    fields = {field.name for field in dataclasses.fields(TrainingConfig)}
    # start_weights is a pair chosen by a click on the cost landscape, not a table row.
    assert set(SETTINGS) == fields - {"start_weights"}
    assert set(SETTING_INPUTS) == fields - {"data_path", "start_weights"}  # a file: "Open file..."
    defaults = TrainingConfig()
    for name in NUMERIC:
        low, high = limits(name)
        assert low <= getattr(defaults, name) <= high, name
        assert SETTINGS[name].default == getattr(defaults, name)
        if SETTINGS[name].kind is int:
            assert high <= QSPINBOX_MAX, name


@pytest.mark.parametrize("name", NUMERIC)
def test_the_configuration_takes_the_limits_and_refuses_just_past_them(name):
    for value in limits(name):
        assert getattr(TrainingConfig(**{name: value}), name) == value
    for value in just_outside(name):
        with pytest.raises(ConfigError, match="(?i)" + SETTINGS[name].said):
            TrainingConfig(**{name: value})


@pytest.mark.parametrize("name", NUMERIC)
def test_the_command_line_takes_the_limits_and_refuses_just_past_them(name, capsys):
    flag = SETTINGS[name].flag
    for value in limits(name):
        args = build_parser().parse_args([f"{flag}={value!r}"])
        assert getattr(config_from_args(args), name) == value
    for value in just_outside(name):
        # "--l2=-5e-324": argparse reads "-5e-324" after a space as an option
        assert lab.main(["--headless", "--iterations", "1", f"{flag}={value!r}"]) == 2
        captured = capsys.readouterr()
        lines = [line for line in captured.err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith(f"{PROG}{flag}: "), lines
        assert "Traceback" not in captured.err and "iter " not in captured.out


@pytest.mark.filterwarnings("ignore:libshiboken. Overflow")
@pytest.mark.parametrize("name", NUMERIC)
def test_the_control_takes_the_limits_and_refuses_just_past_them(panel, name):
    spin = spin_box(panel, name)
    low, high = limits(name)
    assert (spin.minimum(), spin.maximum()) == (low, high)
    for value in (low, high):
        spin.setValue(value)
        assert spin.value() == value
        text = spin.textFromValue(value)
        assert spin.validate(text, len(text))[0] == QValidator.State.Acceptable, text
    for value, clamped in zip(just_outside(name), (low, high), strict=True):
        if value > QSPINBOX_MAX:  # the binding refuses it before the spin box sees it
            with pytest.raises(OverflowError):
                spin.setValue(value)
        else:
            spin.setValue(value)
            assert spin.value() == clamped
        text = repr(value)
        assert spin.validate(text, len(text))[0] != QValidator.State.Acceptable, text
    spin.setValue(getattr(TrainingConfig(), name))  # a valid panel: config() must still build
    assert panel.config() == TrainingConfig()


def test_every_control_has_the_tables_label_and_tooltip(panel):
    for name, object_name in SETTING_INPUTS.items():
        setting = SETTINGS[name]
        widget = panel.findChild(QWidget, object_name)
        assert widget.toolTip() == setting.description(), name
        if isinstance(widget, QCheckBox):
            assert widget.text() == setting.label
        else:
            label = widget.parentWidget().layout().labelForField(widget)
            assert label.text() == setting.label, name


def test_every_options_help_comes_from_the_table(capsys):
    with pytest.raises(SystemExit):
        lab.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    defaults = build_parser().parse_args([])
    for name, setting in SETTINGS.items():
        assert hasattr(defaults, option_dest(setting)), setting.flag
        assert f"{setting.flag}" in text
        described = " ".join(setting.description().split())
        if name in ("dataset", "data_path", "val_fraction", "standardise", "transforms"):
            assert described in text, name  # their defaults are said in words
        else:
            assert f"{described} (default: {setting.default})" in text, name
