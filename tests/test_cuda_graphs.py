"""The CUDA-graph path of the engine, run on any machine: a stand-in capture replays the chunk
eagerly but, like a real graph, runs it in warm-up first and freezes lr / L2 at capture. The
real capture is exercised by tests/test_cuda.py on a CUDA machine."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from core.config import TrainingConfig
from core.cuda_graphs import GRAPH_STEPS, WARMUP_RUNS, ChunkGraphs
from core.engine import TrainingEngine
from core.lesson import prepare_data

CONFIG = TrainingConfig(samples=60, features=80, iterations=1000, dtype="float64", device="cpu",
                        val_fraction=0.25)


def make_engine(config: TrainingConfig = CONFIG, **options) -> TrainingEngine:
    return TrainingEngine(config, *prepare_data(config), **options)


class StandInCapture:
    """Runs the chunk WARMUP_RUNS times (as the real warm-up does, changing the state), then
    replays it by calling it; records what each capture froze."""

    def __init__(self):
        self.captures = 0

    def __call__(self, run):
        for _ in range(WARMUP_RUNS):
            run()
        self.captures += 1
        return run


def run_all(engine, chunk: int):
    costs, val_costs = [], []
    while not engine.finished:
        metrics = engine.run_chunk(chunk)
        costs.append(metrics.cost)
        val_costs.append(metrics.val_cost)
    return np.concatenate(costs), np.concatenate(val_costs)


@pytest.fixture
def stand_in(monkeypatch):
    capture = StandInCapture()
    monkeypatch.setattr("core.cuda_graphs.cuda_capture", capture)
    return capture


@pytest.mark.parametrize("gram", [True, False], ids=["gram", "primal"])
def test_graphed_chunks_give_the_eager_results(stand_in, gram):
    eager = make_engine(gram=gram, graphs=False)
    graphed = make_engine(gram=gram, graphs=True)
    assert graphed.uses_graphs and not eager.uses_graphs
    expected = run_all(eager, 300)
    got = run_all(graphed, 300)
    for a, b in zip(got, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    w_eager, b_eager = eager.parameters()
    w_graph, b_graph = graphed.parameters()
    np.testing.assert_allclose(w_graph, w_eager, rtol=1e-11, atol=1e-13)
    assert b_graph == pytest.approx(b_eager, rel=1e-11)
    assert stand_in.captures == 1  # captured once, replayed for every whole graph


def test_chunks_are_whole_graphs_and_short_ones_run_eagerly(stand_in):
    engine = make_engine(CONFIG.replace(iterations=10 * GRAPH_STEPS), graphs=True)
    assert len(engine.run_chunk(2 * GRAPH_STEPS + 57)) == 2 * GRAPH_STEPS
    assert len(engine.run_chunk(GRAPH_STEPS - 1)) == GRAPH_STEPS - 1  # a single step, a rest
    assert len(engine.run_chunk(1)) == 1
    assert engine.step == 3 * GRAPH_STEPS


def test_a_live_lr_change_captures_again(stand_in):
    engine = make_engine(graphs=True)
    engine.run_chunk(GRAPH_STEPS)
    engine.run_chunk(GRAPH_STEPS)
    assert stand_in.captures == 1
    engine.set_hyperparameters(lr=0.05)
    engine.run_chunk(GRAPH_STEPS)
    assert stand_in.captures == 2


def test_divergence_in_a_graph_rolls_back_like_eager(stand_in):
    config = CONFIG.replace(lr=1e4, dtype="float32", val_fraction=0.0)
    results = []
    for graphs in (False, True):
        engine = make_engine(config, graphs=graphs)
        engine.run_chunk(GRAPH_STEPS)
        while not engine.finished:
            engine.run_chunk(GRAPH_STEPS)
        results.append((engine.divergence, engine.step, engine.parameters()[1]))
    (eager_div, eager_step, eager_b), (graph_div, graph_step, graph_b) = results
    assert eager_div is not None and graph_div == eager_div
    assert graph_step == eager_step and graph_b == eager_b


def test_without_cuda_a_failed_capture_warns_once_and_trains_eagerly():
    engine, eager = make_engine(graphs=True), make_engine(graphs=False)
    with pytest.warns(RuntimeWarning, match="CUDA graph capture failed.*without graphs"):
        engine.run_chunk(GRAPH_STEPS)
    assert not engine.uses_graphs
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second warning would fail here
        engine.run_chunk(2 * GRAPH_STEPS)
    eager.run_chunk(3 * GRAPH_STEPS)
    np.testing.assert_allclose(engine.parameters()[0], eager.parameters()[0], rtol=1e-11)


def test_chunk_graphs_restore_the_state_after_every_capture_attempt():
    restored = []

    def failing(run):
        run()
        raise RuntimeError("capture not supported")

    graphs = ChunkGraphs(capture=failing)
    with pytest.warns(RuntimeWarning, match="capture not supported"):
        assert graphs.replay_for("key", lambda: None, restore=lambda: restored.append(1)) is None
    assert restored == [1] and graphs.failure == "RuntimeError: capture not supported"
    assert graphs.replay_for("key", lambda: None, restore=lambda: restored.append(2)) is None
    assert restored == [1]  # given up: nothing is captured, nothing to restore
