"""The control panel's fields say what the data in use is, through the real window."""

from __future__ import annotations

import numpy as np

from core.config import TrainingConfig
from core.session import RunState
from tests.conftest import choose_dataset

WAIT_MS = 20000
SMALL = TrainingConfig(samples=60, features=20, iterations=50, device="cpu", dtype="float64")


def test_two_d_presets_show_two_features_and_keep_the_users_number(make_window, qtbot):
    # The 2-D presets showed a greyed-out "Features 784" while the data had 2.
    window = make_window(SMALL)
    features = window.controls.featuresInput
    assert features.isEnabled() and features.value() == 20
    choose_dataset(window, qtbot, "blobs")
    assert window.engine_info.train_X.shape[1] == 2
    assert not features.isEnabled() and features.value() == 2
    assert window.controls.config().features == 20  # the user's choice, for the next seed run
    choose_dataset(window, qtbot, "seed")
    assert window.engine_info.train_X.shape[1] == 20
    assert features.isEnabled() and features.value() == 20


def test_a_data_file_shows_its_own_size(make_window, qtbot, tmp_path):
    window = make_window(SMALL)
    rng = np.random.default_rng(0)
    rows = [",".join(f"{v:.6f}" for v in rng.standard_normal(3)) + f",{i % 2}"
            for i in range(37)]
    path = tmp_path / "small.csv"
    path.write_text("\n".join(rows) + "\n")
    assert window.files.open_data_file(str(path))
    qtbot.waitUntil(lambda: window.state is RunState.IDLE
                    and window.engine_info.config.data_path == str(path), timeout=WAIT_MS)
    c = window.controls
    assert not c.samplesInput.isEnabled() and c.samplesInput.value() == 37
    assert not c.featuresInput.isEnabled() and c.featuresInput.value() == 3
    choose_dataset(window, qtbot, "seed")
    assert c.samplesInput.isEnabled() and c.samplesInput.value() == SMALL.samples
    assert c.featuresInput.value() == SMALL.features
    assert window.engine_info.train_X.shape == (SMALL.samples, SMALL.features)


def test_the_window_opens_on_the_lessons_data_before_torch_is_ready(qtbot):
    # While the worker loads torch (seconds on a cold start) the panels showed empty,
    # meaningless axes. The data and its starting logits need numpy only.
    from core.datasets import make_preset
    from gui.main_window import MainWindow
    from tests.conftest import dispose_window

    config = SMALL.replace(seed=5)
    window = MainWindow(config, threads=1)  # no event processed yet: the engine is not ready
    try:
        assert window.state is RunState.LOADING and window.engine_info is None
        data = make_preset("seed", SMALL.samples, SMALL.features, seed=5)
        w0 = np.random.default_rng([5, 1]).standard_normal(SMALL.features)  # the notebook's w0
        z, _ = window.samplesPlot.train_positions()
        np.testing.assert_allclose(z, data.X @ w0, rtol=1e-12)
        assert window.predictionsPlot.counts()["tp"] + window.predictionsPlot.counts()["fn"] \
            == int(data.y.sum())
        assert "Loading PyTorch" in window.status.stateLabel.text()
        qtbot.waitUntil(lambda: window.state is RunState.IDLE, timeout=WAIT_MS)
        z_engine, _ = window.samplesPlot.train_positions()
        np.testing.assert_allclose(z_engine, data.X @ w0, rtol=1e-5)
    finally:
        dispose_window(window)
