"""Feature transforms of 2-D data (core/feature_transforms.py): the expanded columns and the
decision view's grid against numpy written here, where the pipeline applies them, the setting
in configurations, lesson files and on the command line, the controls, the real engine on XOR,
and the window's decision view drawing the curved boundary."""

from __future__ import annotations

import json

import numpy as np
import pytest

import main as lab
from core.config import ConfigError, TrainingConfig
from core.datasets import Dataset, make_preset, save_csv, split_dataset, standardise
from core.feature_transforms import (
    PRESET_FEATURES,
    FeatureTransform,
    column_names,
    expand_features,
    grid_logits,
)
from core.lesson import prepare_data
from core.lesson_file import Lesson, LessonFileError, load_lesson, save_lesson
from core.ready_lessons import load_ready_lesson
from core.session import RunState
from tests.test_cli_inputs import refused

WAIT_MS = 60000
ALL = tuple(FeatureTransform)
EMPTY = {"cost": np.empty(0), "train_accuracy": np.empty(0)}  # a lesson's history, untrained


def numpy_columns(X: np.ndarray) -> dict[str, np.ndarray]:
    """Each transform's column, by its spelling, computed here."""
    x1, x2 = X[:, 0], X[:, 1]
    return {"x1^2": x1 ** 2, "x2^2": x2 ** 2, "x1x2": x1 * x2, "sin_x1": np.sin(x1),
            "sin_x2": np.sin(x2)}


# ---------------------------------------------------------------- the columns


@pytest.mark.parametrize("names", [("x1x2",), ("sin_x2", "x1^2"), ("x1^2", "x2^2", "x1x2",
                                                                    "sin_x1", "sin_x2")])
def test_expanded_columns_are_x1_x2_then_the_transforms_in_a_fixed_order(names):
    X = np.random.default_rng(3).normal(0, 2, (50, 2))
    expected_order = [s for s in ("x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2") if s in names]
    columns = numpy_columns(X)
    expected = np.column_stack([X[:, 0], X[:, 1]] + [columns[s] for s in expected_order])
    chosen = [FeatureTransform(name) for name in names]
    np.testing.assert_allclose(expand_features(X, chosen), expected, rtol=1e-15)
    np.testing.assert_allclose(expand_features(X, reversed(chosen)), expected, rtol=1e-15)


def test_column_names():
    assert column_names(ALL) == ("x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin x₁", "sin x₂")
    assert column_names([FeatureTransform.X1_X2]) == ("x₁", "x₂", "x₁·x₂")
    assert column_names([FeatureTransform.SIN_X2], ("length", "width")) == (
        "length", "width", "sin width")


def test_grid_logits_are_w_dot_phi_plus_b_at_each_grid_point():
    w, b = np.array([0.5, -1.0, 0.25, 2.0, -0.75, 1.5, 0.3]), -0.4
    xs, ys = np.linspace(-3, 2, 7), np.linspace(-1, 4, 5)
    logits = grid_logits(w, b, ALL, xs, ys)
    assert logits.shape == (5, 7)
    for i, j in ((0, 0), (4, 6), (2, 3), (1, 5)):
        x1, x2 = xs[j], ys[i]
        phi = np.array([x1, x2, x1 * x1, x2 * x2, x1 * x2, np.sin(x1), np.sin(x2)])
        assert logits[i, j] == pytest.approx(w @ phi + b, rel=1e-12)


def test_the_presets_feature_counts_are_their_datas():
    for name, count in PRESET_FEATURES.items():
        assert make_preset(name, samples=40).n_features == count, name


# ---------------------------------------------------------------- the data pipeline


def test_transforms_follow_standardising_on_training_and_held_out_data_alike():
    config = TrainingConfig(dataset="blobs", samples=200, val_fraction=0.25, standardise=True,
                            transforms=("x1x2", "x1^2"))
    train, val = prepare_data(config)
    raw_train, raw_val = split_dataset(make_preset("blobs", 200, seed=0), 0.25, 0)
    mean, std = raw_train.X.mean(axis=0), raw_train.X.std(axis=0)
    for got, raw in ((train, raw_train), (val, raw_val)):
        z = (raw.X - mean) / std  # standardised with the training set's statistics
        expected = np.column_stack([z, z[:, 0] ** 2, z[:, 0] * z[:, 1]])
        np.testing.assert_allclose(got.X, expected, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(got.y, raw.y)
    assert train.feature_names == ("x₁", "x₂", "x₁²", "x₁·x₂")
    standardised, _ = standardise(raw_train, None)
    assert np.abs(train.X).max() < 4 * np.abs(standardised.X).max() ** 2  # sensible scales


def test_a_file_without_two_features_is_refused_naming_it(tmp_path):
    path = tmp_path / "three.csv"
    save_csv(Dataset("three", np.arange(30.0).reshape(10, 3), np.arange(10) % 2), path)
    config = TrainingConfig(dataset="three.csv", data_path=str(path), transforms=("x1x2",))
    with pytest.raises(ConfigError, match="three.csv: has 3 features; .* need exactly two"):
        prepare_data(config)


# ---------------------------------------------------------------- the setting


def test_the_setting_is_kept_in_column_order_and_checked():
    config = TrainingConfig(dataset="xor", transforms=["sin_x1", "x1x2"])
    assert config.transforms == ("x1x2", "sin_x1")
    assert config == TrainingConfig.from_dict({"dataset": "xor",
                                               "transforms": ["x1x2", "sin_x1"]})
    assert TrainingConfig(dataset="seed", features=2, transforms=("x2^2",)).transforms
    for values, message in (
        ({"dataset": "xor", "transforms": ("x3",)}, "no transform named x3"),
        ({"dataset": "xor", "transforms": "x1x2"}, "must be a list"),
        ({"dataset": "xor", "transforms": ("x1x2", "x1x2")}, "named twice"),
        ({"dataset": "seed", "transforms": ("x1x2",)}, "exactly two features.*784"),
        ({"dataset": "mnist-3-8", "transforms": ("x1x2",)}, "exactly two features"),
    ):
        with pytest.raises(ConfigError, match=message):
            TrainingConfig(**values)


def test_lessons_keep_the_transforms_and_older_files_open(tmp_path):
    config = TrainingConfig(dataset="xor", transforms=("x1x2", "x2^2"), iterations=50)
    path = tmp_path / "lesson.json"
    save_lesson(Lesson(config, EMPTY), path)
    assert json.loads(path.read_text())["config"]["transforms"] == ["x2^2", "x1x2"]
    assert load_lesson(path).config == config
    document = json.loads(path.read_text())
    del document["config"]["transforms"]  # as a lesson saved before the setting existed
    path.write_text(json.dumps(document))
    assert load_lesson(path).config.transforms == ()


@pytest.mark.parametrize(("value", "message"), [
    (["cube"], "no transform named cube"), ("x1x2", "must be a list"), ([1], "by text"),
    (["x1x2", "x1x2"], "named twice"),
])
def test_bad_transforms_in_a_lesson_file_are_refused_naming_the_file(tmp_path, value, message):
    path = tmp_path / "bad.json"
    save_lesson(Lesson(TrainingConfig(dataset="xor"), EMPTY), path)
    document = json.loads(path.read_text())
    document["config"]["transforms"] = value
    path.write_text(json.dumps(document))
    with pytest.raises(LessonFileError, match=f"bad.json: config: .*{message}"):
        load_lesson(path)


def test_transforms_on_data_without_two_features_are_refused_in_a_lesson_file(tmp_path):
    path = tmp_path / "seed.json"
    save_lesson(Lesson(TrainingConfig(), EMPTY), path)
    document = json.loads(path.read_text())
    document["config"]["transforms"] = ["x1x2"]
    path.write_text(json.dumps(document))
    with pytest.raises(LessonFileError, match="seed.json: .*exactly two features"):
        load_lesson(path)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(("args", "words"), [
    (["--preset", "xor", "--transforms", "x1x2,cube"], ("--transforms", "cube", "x1^2")),
    (["--preset", "xor", "--transforms", ""], ("--transforms", "empty")),
    (["--preset", "xor", "--transforms", "x1x2,x1x2"], ("--transforms", "twice")),
    (["--transforms", "x1x2"], ("--transforms", "two features", "784")),
    (["--preset", "breast-cancer", "--transforms", "x1x2"], ("--transforms", "30")),
])
def test_bad_transforms_options_exit_2_naming_the_option(capsys, tmp_path, args, words):
    refused(capsys, ["--headless", *args], *words)
    refused(capsys, ["--screenshot", str(tmp_path / "x.png"), *args], *words)
    assert not (tmp_path / "x.png").exists()


def test_transforms_of_a_file_without_two_features_exit_2(capsys, tmp_path):
    path = tmp_path / "three.csv"
    save_csv(Dataset("three", np.arange(30.0).reshape(10, 3), np.arange(10) % 2), path)
    for mode in (["--headless"], ["--screenshot", str(tmp_path / "x.png")]):
        refused(capsys, [*mode, "--data", str(path), "--transforms", "x1^2"],
                "--transforms", "three.csv", "3")


def test_xor_with_x1x2_learns_at_the_default_settings_with_the_real_engine(tmp_path, capsys):
    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--preset", "xor", "--transforms", "x1x2", "--device",
                     "cpu", "--print-every", "100000", "--report", str(report)]) == 0
    done = json.loads(report.read_text())
    assert done["config"]["transforms"] == ["x1x2"] and done["config"]["lr"] == 0.1
    assert done["train_accuracy"] >= 0.95 and not done["diverged"]
    # the same data without the product stays near chance
    assert lab.main(["--headless", "--preset", "xor", "--device", "cpu", "--print-every",
                     "100000", "--report", str(report)]) == 0
    assert json.loads(report.read_text())["train_accuracy"] < 0.6


def test_the_xor_feature_lesson_separates_xor(tmp_path):
    lesson = load_ready_lesson("xor-feature")
    assert lesson.config.dataset == "xor" and lesson.config.transforms == ("x1x2",)
    assert "x₁·x₂" in lesson.text and "Press Start" in lesson.text
    assert "XOR fixed by a feature" in load_ready_lesson("xor").text
    report = tmp_path / "report.json"
    assert lab.main(["--headless", "--lesson", "xor-feature", "--device", "cpu",
                     "--print-every", "100000", "--report", str(report)]) == 0
    assert json.loads(report.read_text())["train_accuracy"] >= 0.95


# ---------------------------------------------------------------- the controls


def test_the_checkboxes_edit_the_setting_and_wait_for_2d_data(qtbot):
    from PySide6.QtWidgets import QCheckBox

    from gui.controls import ControlPanel
    from gui.transform_inputs import object_name

    panel = ControlPanel(TrainingConfig(dataset="xor"))
    qtbot.addWidget(panel)
    product = panel.findChild(QCheckBox, object_name(FeatureTransform.X1_X2))
    assert product.isEnabled() and "x₁·x₂" in product.toolTip()
    with qtbot.waitSignal(panel.dataSettingsEdited):
        product.click()
    assert panel.config().transforms == ("x1x2",)
    box = panel.datasetInput
    box.setCurrentIndex(box.findData("seed"))
    box.activated.emit(box.currentIndex())
    assert not product.isEnabled() and not product.isChecked()
    assert "exactly two features" in product.toolTip() and "784" in product.toolTip()
    assert panel.config().transforms == ()  # a valid configuration for the 784 features
    panel.featuresInput.setValue(2)  # the random labels with two features take them
    assert product.isEnabled() and panel.config().transforms == ("x1x2",)
    box.setCurrentIndex(box.findData("iris-petals"))
    box.activated.emit(box.currentIndex())
    assert product.isChecked() and panel.config().transforms == ("x1x2",)


# ---------------------------------------------------------------- the window


def test_the_decision_view_draws_the_curved_boundary_of_xor_with_x1x2(make_window, qtbot):
    window = make_window(TrainingConfig(dataset="xor", transforms=("x1x2",), iterations=400,
                                        device="cpu", dtype="float64"))
    plots = window.plots
    assert plots.model_view.currentWidget() is plots.decisionPlot
    assert window.controls.featuresInput.value() == 2  # the data's own, not 3
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    window.redraw_now()
    batch, info, plot = window.latest_batch, window.engine_info, plots.decisionPlot
    w, b = batch.weights, batch.bias
    X = info.train_X
    np.testing.assert_allclose(X[:, 2], X[:, 0] * X[:, 1], rtol=1e-15)
    assert np.mean((X @ w + b > 0) == (info.train_y == 1)) >= 0.95
    assert plot.misclassified_count() == np.sum((X @ w + b > 0) != (info.train_y == 1))
    # The heat map: sigmoid(w·φ(x) + b) at its pixel centres, computed here.
    x0, x1, y0, y1 = plot.view_rect()
    image = plot.probability_map()
    rows, columns = image.shape
    xs = x0 + (np.arange(columns) + 0.5) * (x1 - x0) / columns
    ys = y0 + (np.arange(rows) + 0.5) * (y1 - y0) / rows
    gx, gy = np.meshgrid(xs, ys)
    grid_z = w[0] * gx + w[1] * gy + w[2] * gx * gy + b
    expected = 1 / (1 + np.exp(-grid_z))
    np.testing.assert_allclose(image, expected, rtol=1e-9, atol=1e-12)
    # The boundary: a curve (no straight segment) whose points have w·φ(x) + b ≈ 0.
    assert plot.boundary_segment() is None
    cx, cy = plot.boundary_curve()
    cx, cy = cx[np.isfinite(cx)], cy[np.isfinite(cy)]
    assert len(cx) > 50
    z = w[0] * cx + w[1] * cy + w[2] * cx * cy + b
    assert np.max(np.abs(z)) < 0.02 * np.max(np.abs(grid_z))
    assert np.ptp(cx) > 0.8 * (x1 - x0) and np.ptp(cy) > 0.8 * (y1 - y0)  # both arms
    # The weights view names each feature.
    plots.weightsPlot.set_weights(w, b)
    assert plots.weightsPlot.shown_names() == ["x₁", "x₂", "x₁·x₂"]


def test_a_data_file_without_two_features_turns_the_transforms_off_and_trains(make_window,
                                                                               qtbot, tmp_path):
    from PySide6.QtWidgets import QCheckBox

    from gui.transform_inputs import object_name

    path = tmp_path / "three.csv"
    rng = np.random.default_rng(1)
    save_csv(Dataset("three", rng.normal(size=(40, 3)), np.arange(40) % 2), path)
    window = make_window(TrainingConfig(dataset="xor", transforms=("x1x2",), iterations=5,
                                        device="cpu"))
    product = window.controls.findChild(QCheckBox, object_name(FeatureTransform.X1_X2))
    assert product.isChecked()
    assert window.files.open_data_file(str(path))
    qtbot.waitUntil(lambda: window.state is RunState.IDLE and window.engine_info.config.data_path
                    == str(path), timeout=WAIT_MS)
    assert window.engine_info.config.transforms == () and window.engine_info.train_X.shape[1] == 3
    assert not product.isEnabled() and "has 3" in product.toolTip()
    assert window.plots.model_view.currentWidget() is window.plots.weightsPlot
