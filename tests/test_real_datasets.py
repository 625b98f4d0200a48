"""The real datasets bundled in resources/datasets: contents, licences, loading from an installed
wheel, the presets that name them, and training on them headless and in the window."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from core.datasets import PRESETS, REAL_DATA_PRESETS, DataError, load_data_file, make_preset
from core.ready_lessons import READY_LESSONS, load_ready_lesson
from core.real_datasets import FILES, load_real_dataset
from core.session import RunState
from tests.conftest import choose_dataset

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "resources" / "datasets"
# name: (samples, features, samples in class 1, picture shape, pixel quantum or None), from the
# sources' own documentation (class counts of MNIST's 5k subset, scikit-learn's DESCR files).
EXPECTED = {
    "mnist-3-8": (1000, 784, 500, (28, 28), 1 / 255),
    "digits-3-8": (357, 64, 174, (8, 8), 1 / 16),
    "breast-cancer": (569, 30, 212, None, None),
    "iris-petals": (100, 2, 50, None, None),
}


def test_every_real_preset_has_a_file_a_description_and_expectations():
    assert tuple(FILES) == REAL_DATA_PRESETS == tuple(EXPECTED)
    assert all(name in PRESETS and PRESETS[name].strip() for name in REAL_DATA_PRESETS)
    assert sorted(path.name for path in DATASETS.glob("*.npz")) == sorted(FILES.values())


@pytest.mark.parametrize("name", REAL_DATA_PRESETS)
def test_shape_labels_names_and_values(name):
    samples, features, ones, picture, quantum = EXPECTED[name]
    data = make_preset(name, samples=7, features=3)  # fixed size: the size arguments are ignored
    assert data.X.shape == (samples, features) and data.y.shape == (samples,)
    assert set(np.unique(data.y)) == {0.0, 1.0} and int(data.y.sum()) == ones
    assert len(data.feature_names) == features and all(data.feature_names)
    assert len(set(data.feature_names)) == features
    assert data.picture_shape == picture
    assert np.isfinite(data.X).all()
    if quantum is not None:  # pixels: intensities scaled to [0, 1], whole steps of the source
        assert data.X.min() == 0.0 and data.X.max() == 1.0
        steps = data.X / quantum
        np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)


@pytest.mark.parametrize("name", ["mnist-3-8", "digits-3-8"])
def test_pixels_form_upright_pictures(name):
    """Row-major pictures: an 8 closes its loops on the left where a 3 is open, so the mean 8
    minus the mean 3 is positive on the left half; a transposed picture would show it on top."""
    data = load_real_dataset(name)
    rows, columns = data.picture_shape
    diff = (data.X[data.y == 1].mean(0) - data.X[data.y == 0].mean(0)).reshape(rows, columns)
    half = columns // 2
    assert diff[:, :half].sum() > 0 > diff[:, half:].sum()
    assert diff[:, :half].sum() > 2 * abs(diff[: rows // 2].sum() - diff[rows // 2:].sum())
    if name == "mnist-3-8":  # MNIST centres each digit's 20 x 20 box: the edges stay blank
        mean = data.X.mean(axis=0).reshape(rows, columns)
        edges = np.concatenate([mean[:2].ravel(), mean[-2:].ravel(), mean[:, :2].ravel(),
                                mean[:, -2:].ravel()])
        assert edges.max() < 0.01 and mean[9:19, 9:19].mean() > 0.2


def test_breast_cancer_values_and_names_match_uci():
    data = load_real_dataset("breast-cancer")
    names = data.feature_names
    assert names[:3] == ("mean radius", "mean texture", "mean perimeter")
    assert names[10] == "radius error" and names[-1] == "worst fractal dimension"
    # Min and max from the UCI description (scikit-learn's DESCR).
    radius, worst_area = data.X[:, names.index("mean radius")], data.X[:, names.index("worst area")]
    assert (radius.min(), radius.max()) == (6.981, 28.11)
    assert (worst_area.min(), worst_area.max()) == (185.2, 4254.0)
    # Malignant tumours are larger: class 1 must be the malignant one.
    assert radius[data.y == 1].mean() > radius[data.y == 0].mean() + 3


def test_iris_is_versicolor_against_virginica_on_the_petals():
    data = load_real_dataset("iris-petals")
    assert data.feature_names == ("petal length (cm)", "petal width (cm)")
    length, width = data.X.T
    assert (length.min(), length.max(), width.min(), width.max()) == (3.0, 6.9, 1.0, 2.5)
    # Virginica's petals are the larger, and the classes overlap (no axis-aligned cut).
    assert length[data.y == 1].mean() > length[data.y == 0].mean()
    assert length[data.y == 1].min() < length[data.y == 0].max()


def readme_sections() -> dict[str, str]:
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {part.split(":")[0].strip(): part for part in parts}


@pytest.mark.parametrize("name", REAL_DATA_PRESETS)
def test_readme_names_source_and_licence(name):
    section = readme_sections()[name]
    assert re.search(r"^- Source: \S", section, flags=re.MULTILINE)
    # The licence bullet, continuation lines included, names a Creative Commons licence.
    assert re.search(r"^- Licence: .*(\n  .*)*CC BY", section, flags=re.MULTILINE)
    table = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert f"| `{name}` | `{FILES[name]}` |" in table


def test_unknown_real_dataset_is_a_data_error():
    with pytest.raises(DataError, match="unknown real dataset 'mnist'"):
        load_real_dataset("mnist")


# ---------------------------------------------------------------- feature names from files


def test_csv_header_gives_feature_names(tmp_path):
    path = tmp_path / "named.csv"
    path.write_text("height, weight,label\n1.5,60,0\n1.8,90,1\n", encoding="utf-8")
    assert load_data_file(path).feature_names == ("height", "weight")
    path.write_text("1.5,60,0\n1.8,90,1\n", encoding="utf-8")
    assert load_data_file(path).feature_names is None


def test_npz_feature_names_array_gives_feature_names(tmp_path):
    X, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 1])
    np.savez(tmp_path / "named.npz", X=X, y=y, feature_names=np.array(["a", "b"]))
    assert load_data_file(tmp_path / "named.npz").feature_names == ("a", "b")
    np.savez(tmp_path / "bytes.npz", X=X, y=y, feature_names=np.array([b"a", b"b"]))
    assert load_data_file(tmp_path / "bytes.npz").feature_names == ("a", "b")
    # Names that do not fit X are ignored: they are optional.
    np.savez(tmp_path / "wrong.npz", X=X, y=y, feature_names=np.array(["a", "b", "c"]))
    assert load_data_file(tmp_path / "wrong.npz").feature_names is None


def test_split_and_standardise_keep_names_and_picture():
    from core.datasets import split_dataset, standardise

    train, val = split_dataset(load_real_dataset("digits-3-8"), 0.25, seed=1)
    train, val = standardise(train, val)
    for part in (train, val):
        assert part.picture_shape == (8, 8) and len(part.feature_names) == 64


# ---------------------------------------------------------------- headless training


def run_headless(tmp_path, *args: str) -> dict:
    report = tmp_path / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "main.py", "--headless", "--report", str(report),
                           *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(report.read_text())


def scipy_optimum(X: np.ndarray, y: np.ndarray, l2: float) -> tuple[float, float]:
    """(cost, training accuracy) at the minimum of the documented cost, by L-BFGS."""
    def cost(p):
        w, b = p[:-1], p[-1]
        z = X @ w + b
        r = expit(z) - y
        value = np.mean(np.logaddexp(0.0, z) - y * z) + l2 * w @ w
        return value, np.append(X.T @ r / len(y) + 2 * l2 * w, r.mean())

    found = minimize(cost, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B",
                     options={"gtol": 1e-10, "maxiter": 10_000})
    z = X @ found.x[:-1] + found.x[-1]
    return float(found.fun), float(np.mean((z > 0) == (y == 1)))


def test_breast_cancer_headless_reaches_a_sensible_accuracy_and_the_optimum(tmp_path):
    data = load_real_dataset("breast-cancer")
    X = (data.X - data.X.mean(axis=0)) / data.X.std(axis=0)  # population std, as documented
    best_cost, best_accuracy = scipy_optimum(X, data.y, l2=0.01)
    assert best_accuracy >= 0.95  # the data itself: a linear model separates it well
    quick = run_headless(tmp_path, "--preset", "breast-cancer", "--standardise",
                         "--iterations", "100")
    assert quick["train_accuracy"] >= 0.9 and quick["final_cost"] >= best_cost
    assert quick["config"]["dataset"] == "breast-cancer"
    full = run_headless(tmp_path, "--preset", "breast-cancer", "--standardise", "--lr", "1",
                        "--iterations", "300", "--dtype", "float64")
    assert full["final_cost"] == pytest.approx(best_cost, abs=1e-6)
    assert full["train_accuracy"] == pytest.approx(best_accuracy)


def test_fixed_size_preset_ignores_samples_and_features(tmp_path):
    report = run_headless(tmp_path, "--preset", "iris-petals", "--samples", "10",
                          "--features", "5", "--iterations", "100", "--standardise")
    # 100 iris flowers on 2 features (94 % of them on the right side), not 10 x 5 random values.
    assert 0.9 <= report["train_accuracy"] < 1.0
    assert round(report["train_accuracy"] * 100, 3).is_integer()


# ---------------------------------------------------------------- from an installed wheel


def test_installed_wheel_loads_every_dataset_and_lesson(tmp_path):
    """Build the project's wheel, install it alone into a fresh environment that borrows this
    one's numpy, and load every bundled dataset and ready lesson from another directory (and
    train one lesson there headless)."""
    wheels, env_dir, elsewhere = tmp_path / "wheels", tmp_path / "env", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # pip builds in the source tree: build a copy, so the checkout gets no build/ or egg-info.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".*cache", "venv", ".venv"))
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, env=clean_env, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(wheels.glob("logistic_regression_lab-*.whl"))
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages",
                           "--without-pip", str(env_dir)], capture_output=True, text=True,
                          timeout=120)
    if made.returncode != 0:
        pytest.skip(f"cannot create a virtual environment here: {made.stderr.strip()}")
    python = env_dir / "bin" / "python"
    # This test's own site-packages (torch, numpy, pip) are a plain path in the new
    # environment: its .pth files, among them the checkout's editable install, are not run.
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                   "print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps",
                                "--ignore-installed", "--no-index", str(wheel)],
                               capture_output=True, text=True, env=clean_env, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    script = (
        "import core, resources\n"
        "from core.datasets import REAL_DATA_PRESETS, make_preset\n"
        "print(core.__file__)\nprint(resources.__file__)\n"
        "for name in REAL_DATA_PRESETS:\n"
        "    d = make_preset(name)\n"
        "    print(name, d.n_samples, d.n_features, int(d.y.sum()), d.picture_shape)\n"
        "from core.ready_lessons import READY_LESSONS, load_ready_lesson\n"
        "for name in READY_LESSONS:\n"
        "    print(name, load_ready_lesson(name).title)\n"
    )
    loaded = subprocess.run([str(python), "-c", script], cwd=elsewhere, env=clean_env,
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    lines = loaded.stdout.splitlines()
    assert all(Path(line).is_relative_to(env_dir) for line in lines[:2]), lines[:2]
    expected = [f"{name} {s} {f} {ones} {shape}" for name, (s, f, ones, shape, _) in
                EXPECTED.items()]
    expected += [f"{name} {load_ready_lesson(name).title}" for name in READY_LESSONS]
    assert lines[2:] == expected
    trained = subprocess.run([str(python), "-c", "import main; raise SystemExit(main.run(["
                              "'--headless', '--lesson', 'xor', '--print-every', '5000']))"],
                             cwd=elsewhere, env=clean_env, capture_output=True, text=True,
                             timeout=300)
    assert trained.returncode == 0, trained.stderr
    assert "training accuracy 50.0%" in trained.stdout


# ---------------------------------------------------------------- in the window

WAIT_MS = 20000


def test_dataset_list_groups_real_data_under_a_heading_that_cannot_be_chosen(qtbot):
    from PySide6.QtCore import Qt

    from core.config import TrainingConfig
    from gui.controls import REAL_DATA_HEADING, ControlPanel

    panel = ControlPanel(TrainingConfig())
    qtbot.addWidget(panel)
    box = panel.datasetInput
    texts = [box.itemText(i) for i in range(box.count())]
    heading = texts.index(REAL_DATA_HEADING)
    assert texts[heading + 1: heading + 1 + len(REAL_DATA_PRESETS)] == list(REAL_DATA_PRESETS)
    assert box.itemData(heading - 1, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    assert box.model().item(heading).flags() == Qt.ItemFlag.NoItemFlags
    for name in REAL_DATA_PRESETS:
        tip = box.itemData(box.findData(name), Qt.ItemDataRole.ToolTipRole)
        assert tip == PRESETS[name]
    # Keys step over the heading: Down from the last synthetic preset lands on real data.
    box.setCurrentIndex(box.findData("overfit"))
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == REAL_DATA_PRESETS[0]


def test_breast_cancer_in_the_window_trains_and_names_its_weights(make_window, qtbot):
    from core.config import TrainingConfig

    window = make_window(TrainingConfig(samples=60, features=20, iterations=5, device="cpu",
                                        dtype="float64"))
    c = window.controls
    choose_dataset(window, qtbot, "breast-cancer")
    assert c.standardiseInput.isChecked()  # unscaled, the default learning rate crawls
    assert not c.samplesInput.isEnabled() and c.samplesInput.value() == 569
    assert not c.featuresInput.isEnabled() and c.featuresInput.value() == 30
    assert c.datasetDescription.text() == PRESETS["breast-cancer"]
    assert window.engine_info.feature_names == load_real_dataset("breast-cancer").feature_names
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        c.startButton.click()
    assert len(window.history) == 5
    cost = np.asarray(window.history.cost)
    assert cost[-1] < cost[0]
    weights = window.plots.weightsPlot
    qtbot.waitUntil(lambda: weights.mode() == "bars" and len(weights.bar_heights()) == 30,
                    timeout=WAIT_MS)
    shown = weights.shown_names()
    names = window.engine_info.feature_names
    assert shown[0] == "mean radius" and 3 <= len(shown) <= 30
    assert shown == list(names[:: names.index(shown[1])])  # every k-th, from the first
    assert weights.hover_text(1.0, 0.0).startswith("mean radius (j = 1): w = ")
    assert c.config().samples == 60  # the user's own size waits for the next random preset


def test_mnist_in_the_window_draws_its_weights_as_a_28_by_28_picture(make_window, qtbot):
    from core.config import TrainingConfig

    window = make_window(TrainingConfig(samples=60, features=20, iterations=3, device="cpu",
                                        dtype="float64"))
    choose_dataset(window, qtbot, "mnist-3-8")
    assert window.controls.initInput.currentText() == "zeros"
    with qtbot.waitSignal(window.trainingFinished, timeout=WAIT_MS):
        window.controls.startButton.click()
    weights = window.plots.weightsPlot
    qtbot.waitUntil(lambda: weights.mode() == "image", timeout=WAIT_MS)
    assert weights.image_data().shape == (28, 28)
    assert "784 weights as a 28 × 28 picture" in weights.caption_text()
    # From zero weights, blank edge pixels never move; the centre does.
    picture = weights.image_data()
    assert np.all(picture[:2] == 0) and np.abs(picture[9:19, 9:19]).max() > 0


def test_weights_follow_the_datas_names_and_picture_shape(qtbot):
    from gui.plots.weights_plot import WeightsPlot

    plot = WeightsPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    w = np.arange(1.0, 10.0)
    plot.set_weights(w, 0.0)
    assert plot.mode() == "image"  # nine unnamed weights: a 3 x 3 picture, as before
    plot.set_feature_layout(tuple(f"f{j}" for j in range(9)), None)
    assert plot.mode() == "bars"  # nine named features are not pixels
    np.testing.assert_array_equal(plot.bar_heights(), w)
    assert plot.shown_names()[0] == "f0" and plot.hover_text(9.2, 0.0) == "f8 (j = 9): w = 9"
    plot.set_feature_layout(None, (2, 3))
    plot.set_weights(np.arange(6.0), 0.0)
    assert plot.mode() == "image" and plot.shown_names() == []
    np.testing.assert_array_equal(plot.image_data(), [[0, 1, 2], [3, 4, 5]])
    assert plot.hover_text(2.5, 1.5) == "pixel row 1, column 2: w = 5"
    assert plot.hover_text(3.5, 1.5) == ""
    plot.set_feature_layout(None, None)
    plot.set_weights(np.arange(6.0), 0.0)
    assert plot.mode() == "bars" and plot.shown_names() == []


def test_iris_decision_plot_names_its_axes(make_window, qtbot):
    from core.config import TrainingConfig

    window = make_window(TrainingConfig(samples=60, features=20, iterations=3, device="cpu"))
    choose_dataset(window, qtbot, "iris-petals")  # which ticks "Standardise features"
    decision = window.plots.decisionPlot
    assert window.plots.model_view.currentWidget() is decision
    assert decision.axis_label("bottom") == "petal length (cm), standardised"
    assert decision.axis_label("left") == "petal width (cm), standardised"
    window.controls.standardiseInput.setChecked(False)
    window.reset_run()
    qtbot.waitUntil(lambda: window.state is RunState.IDLE
                    and not window.engine_info.config.standardise, timeout=WAIT_MS)
    assert decision.axis_label("bottom") == "petal length (cm)"  # in cm again
    choose_dataset(window, qtbot, "blobs")
    assert decision.axis_label("bottom") == "feature x₁"
