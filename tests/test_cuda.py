"""The engine on a CUDA GPU: the same results as on the CPU, no host synchronisation inside a
chunk, real graph capture, mini-batches streamed from host memory. Skipped without CUDA."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.optimize import minimize

from core.config import TrainingConfig
from core.cuda_graphs import GRAPH_STEPS
from core.engine import TrainingEngine
from core.lesson import prepare_data

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

SEED64 = TrainingConfig(dtype="float64", iterations=3 * GRAPH_STEPS)


def make_engine(config: TrainingConfig, **options) -> TrainingEngine:
    return TrainingEngine(config, *prepare_data(config), **options)


def run_all(engine: TrainingEngine, chunk: int) -> np.ndarray:
    costs = []
    while not engine.finished:
        costs.append(engine.run_chunk(chunk).cost)
    return np.concatenate(costs)


@pytest.mark.parametrize("graphs", [False, True], ids=["eager", "graphs"])
def test_the_gpu_gives_the_cpu_results_in_float64(graphs):
    gpu = make_engine(SEED64.replace(device="cuda"), graphs=graphs)
    cpu = make_engine(SEED64.replace(device="cpu"))
    assert gpu.device.type == "cuda" and gpu.uses_graphs == graphs
    np.testing.assert_allclose(run_all(gpu, GRAPH_STEPS), run_all(cpu, GRAPH_STEPS), rtol=1e-10)
    np.testing.assert_allclose(gpu.parameters()[0], cpu.parameters()[0], rtol=1e-9, atol=1e-12)


def test_a_long_float64_run_on_the_gpu_reaches_scipys_optimum():
    config = TrainingConfig(samples=120, features=10, dtype="float64", device="cuda", lr=1.0,
                            iterations=40 * GRAPH_STEPS)
    engine = make_engine(config)
    run_all(engine, 8 * GRAPH_STEPS)
    train, _ = prepare_data(config)

    def objective(params):
        w, b = params[:-1], params[-1]
        z = train.X @ w + b
        return np.mean(np.logaddexp(0, z) - train.y * z) + config.l2 * w @ w

    best = minimize(objective, np.zeros(11), method="BFGS", options={"gtol": 1e-10})
    assert engine.current_cost() == pytest.approx(best.fun, rel=1e-7)


@pytest.mark.parametrize("graphs", [False, True], ids=["eager", "graphs"])
def test_a_chunk_never_synchronises_with_the_host(graphs):
    engine = make_engine(SEED64.replace(device="cuda", dtype="float32"), graphs=graphs)
    engine.run_chunk(GRAPH_STEPS)  # captures (with its warm-up) outside the checked region
    stepper = engine._stepper()
    start = engine._switch_to(stepper)
    torch.cuda.set_sync_debug_mode("error")
    try:
        engine._advance(stepper, 2 * GRAPH_STEPS, start)  # everything but the one copy back
    finally:
        torch.cuda.set_sync_debug_mode("default")


def test_mini_batches_streamed_from_host_memory_equal_device_resident_ones(monkeypatch):
    config = TrainingConfig(dtype="float64", device="cuda", batch_size=32, iterations=200,
                            val_fraction=0.2)
    resident = run_all(make_engine(config), 50)
    monkeypatch.setattr("core.engine.free_device_memory", lambda device: 1000)
    streamed_engine = make_engine(config)
    assert streamed_engine._X1.device.type == "cpu" and streamed_engine._X1.is_pinned()
    np.testing.assert_allclose(run_all(streamed_engine, 50), resident, rtol=1e-12)
