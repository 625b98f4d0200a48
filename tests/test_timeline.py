"""core.timeline: the model at a rewound step against a FRESH engine run stopped at that step
(never against the timeline itself), bit for bit, and the live engine left untouched.

The Gram stepper re-bases its state at the end of every advance, so two runs whose chunks end
at different steps differ in the last bits (checked below); a run "stopped at step t" is then
the one that took the same chunks and a last one ending at t, as a pause at t would have made.
Primal and mini-batch steps do not depend on chunks at all (also checked).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.config import TrainingConfig
from core.lesson import create_engine
from core.timeline import Timeline

SEED64 = TrainingConfig(dtype="float64", device="cpu", iterations=3000)
BLOBS = TrainingConfig(dataset="blobs", samples=300, features=2, val_fraction=0.2, lr=0.5,
                       iterations=3000, device="cpu", dtype="float64")
MINI = BLOBS.replace(batch_size=16, samples=400)
LR_CHANGES = {400: {"lr": 2.0}, 1100: {"lr": 0.05, "l2": 0.1}, 1900: {"lr": 0.7}}


def chunk_plan(seed: int, total: int) -> list[int]:
    sizes = np.random.default_rng(seed).integers(1, 300, size=total)
    ends = np.cumsum(sizes)
    return [int(s) for s in sizes[: int(np.searchsorted(ends, total)) + 1]]


def run_to(config, plan: list[int], stop: int, changes=None, timeline=None):
    """A run taking the chunks of `plan` (the last one cut at `stop`), applying `changes` at
    their steps; with a timeline, recording it as the session does."""
    engine = create_engine(config, threads=1)
    if timeline is not None:
        timeline.start(engine)
    changes = changes or {}
    for size in plan:
        if engine.step in changes:
            engine.set_hyperparameters(**changes[engine.step])
            if timeline is not None:
                timeline.settings_changed(engine)
        if engine.step >= stop or engine.finished:
            break
        engine.run_chunk(min(size, stop - engine.step))
        if timeline is not None:
            timeline.after_chunk(engine)
    return engine


def changes_on_chunk_ends(plan: list[int], wanted: dict) -> dict:
    """Live changes land between chunks: move each wanted one to the next chunk end."""
    ends = np.cumsum([0, *plan])
    return {int(ends[np.searchsorted(ends, step)]): values for step, values in wanted.items()}


def assert_same_model(model, fresh) -> None:
    w, b = fresh.parameters()
    assert model.step == fresh.step
    np.testing.assert_array_equal(model.weights, w)
    assert model.bias == b
    np.testing.assert_array_equal(model.logits, fresh.logits())
    if fresh.X_val is None:
        assert model.val_logits is None
    else:
        np.testing.assert_array_equal(model.val_logits, fresh.val_logits())


CASES = {
    "seed float64 (Gram)": (SEED64, {}),
    "blobs, live lr / L2 changes": (BLOBS, LR_CHANGES),
    "mini-batches, live lr changes": (MINI, LR_CHANGES),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_rewound_step_is_the_model_of_a_fresh_run_stopped_there(case):
    config, wanted = CASES[case]
    plan = chunk_plan(1, 2500)
    changes = changes_on_chunk_ends(plan, wanted)
    timeline = Timeline()
    live = run_to(config, plan, 2500, changes, timeline)
    assert live.step == 2500
    if case.startswith("seed"):
        assert live.method == "gram"
    steps = [0, 1, 2499, *changes, *np.random.default_rng(2).integers(0, 2500, size=8)]
    for step in steps:
        model = timeline.model_at(live, int(step))
        assert_same_model(model, run_to(config, plan, int(step), changes))
    assert_same_model(timeline.model_at(live, 2500), run_to(config, plan, 2500, changes))


def test_chunk_ends_change_the_last_bits_of_a_gram_run_only():
    # Why the timeline records where advances ended: without that, no replay would match.
    gram = [run_to(SEED64, plan, 1000) for plan in ([1000], [7] * 143)]
    assert gram[0].method == "gram"
    assert not np.array_equal(gram[0].parameters()[0], gram[1].parameters()[0])
    np.testing.assert_allclose(gram[0].parameters()[0], gram[1].parameters()[0], rtol=1e-9,
                               atol=1e-12)
    for config in (BLOBS, MINI):
        runs = [run_to(config, plan, 1000) for plan in ([1000], [7] * 143)]
        np.testing.assert_array_equal(runs[0].parameters()[0], runs[1].parameters()[0])


def test_seeking_leaves_the_live_run_exactly_where_it_was():
    plan = chunk_plan(3, 3000)
    timeline = Timeline()
    live = run_to(SEED64, plan[:10], 3000, timeline=timeline)
    for step in (5, live.step - 1, 0, 17):
        timeline.model_at(live, step)
    for size in plan[10:]:  # the run goes on after the seeks
        live.run_chunk(size)
        timeline.after_chunk(live)
    assert_same_model(timeline.model_at(live, live.step), run_to(SEED64, plan, 3000))


def test_a_run_that_diverged_rewinds_to_every_step_it_kept():
    config = SEED64.replace(samples=60, features=100, lr=1e4)  # runs away within ~20 steps
    plan = [7] * 60
    timeline = Timeline()
    live = run_to(config, plan, 3000, timeline=timeline)
    assert live.method == "gram" and live.divergence is not None
    assert live.step % 7 != 0  # stopped inside a chunk: the kept steps were advanced again
    for step in range(live.step + 1):
        assert_same_model(timeline.model_at(live, step), run_to(config, plan, step))


def test_checkpoints_are_spaced_to_bound_the_replay_and_thinned_to_the_budget():
    plan, config = [40] * 100, SEED64.replace(iterations=4000)
    timeline = Timeline(max_replay=256)
    live = run_to(config, plan, 4000, timeline=timeline)
    gaps = np.diff(timeline.checkpoint_steps)
    assert gaps.max() <= 256 and gaps.min() > 256 - 40  # one per ~256 steps, at chunk ends
    one = timeline.nbytes / len(timeline.checkpoint_steps)
    small = Timeline(max_replay=256, budget_bytes=int(4 * one))
    live = run_to(config, plan, 4000, timeline=small)
    assert small.nbytes <= 4 * one and len(small.checkpoint_steps) >= 2
    assert_same_model(small.model_at(live, 3333), run_to(config, plan, 3333))


def test_a_step_outside_the_run_is_refused():
    timeline = Timeline()
    live = run_to(BLOBS, [10], 10, timeline=timeline)
    with pytest.raises(ValueError, match="step 11 is outside the run"):
        timeline.model_at(live, 11)


def numpy_cost(engine, l2: float) -> float:
    """§2's cost of the engine's current model, computed in numpy from its parameters."""
    w, b = engine.parameters()
    X, y = engine.train_data.X.astype(np.float64), engine.train_data.y.astype(np.float64)
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + l2 * w @ w)


@pytest.mark.parametrize("branch", [1500, 1100, 700])
def test_a_branch_that_drops_changes_measures_runaways_from_where_its_lr_began(branch):
    """After a cut back to `branch`, a runaway is measured from the cost where the lr / L2 in
    force at `branch` began, as in a replay of the branch's record; it was the cost of the
    step after the cut."""
    plan = [100] * 30
    changes = changes_on_chunk_ends(plan, LR_CHANGES)
    timeline = Timeline()
    engine = run_to(BLOBS, plan, 3000, changes, timeline)
    timeline.truncate(engine, branch)
    began = max(step for step in (0, *changes) if step <= branch)
    fresh = run_to(BLOBS, plan, began, changes)
    in_force = BLOBS.replace(**{k: v for s in sorted(changes) if s <= branch
                                for k, v in changes[s].items()})
    assert (engine.config.lr, engine.config.l2) == (in_force.lr, in_force.l2)
    assert engine._reference_cost == pytest.approx(numpy_cost(fresh, in_force.l2), rel=1e-12)
