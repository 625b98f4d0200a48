"""The training engine: full-batch gradient descent advanced in chunks of steps, with per-step
metrics returned once per chunk (one host synchronisation) and divergence caught, not crashed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from core import model
from core.config import TrainingConfig
from core.cuda_graphs import GRAPH_STEPS, ChunkGraphs
from core.datasets import Dataset
from core.device_memory import (
    DataDoesNotFit,
    HostCopy,
    data_placement,
    free_device_memory,
    with_ones_column,
)
from core.devices import resolve_device, training_threads
from core.errors import UserError
from core.landscape import PATH_MAX_FEATURES
from core.lesson import initial_weights
from core.minibatch import MiniBatchStepper
from core.steppers import GramStepper, PrimalStepper, StepBuffers


class EngineError(UserError, RuntimeError):
    """The engine cannot train on this data / device; the message says what to change."""


# A run is diverging once its cost passes this many times the cost where its current settings
# began (or chance, ln 2, if that is lower): gradient descent with a learning rate that suits
# the data never raises the cost, and noise from mini-batches stays far below this factor.
RUNAWAY_GROWTH = 1000.0
CHANCE_COST = math.log(2.0)


@dataclass(frozen=True)
class Divergence:
    """Where a run stopped because its cost stopped being a finite number, or ran away."""

    step: int  # first step whose cost was not finite, or passed the runaway limit
    last_finite_cost: float  # cost of the parameters the engine kept (those of step - 1); NaN
    # when even those have no finite cost any more (a live L2 change made the penalty overflow);
    # for a runaway, the cost at `step` (the engine keeps the parameters after that step's
    # update, those of step + 1: a report's final_cost is theirs)
    grown_from: float | None = None  # a runaway: the cost where the current settings began

    @property
    def description(self) -> str:
        """What happened, each cost labelled with its step; no advice: what the user can do
        depends on where it is shown (buttons in the window, options on the command line)."""
        if self.grown_from is not None:
            factor = self.last_finite_cost / self.grown_from
            return (
                f"Training diverged at step {self.step}: the cost grew from "
                f"{self.grown_from:.4g} to {self.last_finite_cost:.4g} ({factor:,.0f} times "
                "larger). Each step overshoots the minimum further, so the weights keep growing."
            )
        if not math.isfinite(self.last_finite_cost):
            return (
                f"Training stopped at step {self.step}: with the current settings the cost of "
                "the current weights is not a finite number (their L2 penalty overflows)."
            )
        return (
            f"Training diverged at step {self.step}: the cost is no longer a finite number "
            f"(last finite cost {self.last_finite_cost:.6g} at step {self.step - 1})."
        )

    def command_line_message(self, lesson: str | None = None) -> str:
        """The description and what to do on the command line. `lesson` names the option
        whose lesson gave the run its settings ("--lesson divergence", "--open x.json"): no
        option changes those, the window does. (The window words its own advice, with its
        buttons: gui/divergence_text.py.)"""
        if self.grown_from is not None:
            setting, option = "learning rate", "--lr (try a tenth of it)"
        elif not math.isfinite(self.last_finite_cost):
            setting, option = "L2 strength", "--l2"
        else:
            setting, option = "learning rate (or the L2 strength)", "--lr (or --l2)"
        if lesson is not None:
            return (f"{self.description} The lesson sets the {setting}: open it in the window "
                    f"({lesson}, without --headless or --screenshot) and lower it there.")
        return f"{self.description} Run again with a smaller {option}."


@dataclass(frozen=True)
class EngineCheckpoint:
    """The engine's exact state at one step (copies): `restore` resumes from it bit for bit."""

    step: int
    gram: bool  # whether the sample-space stepper was the active one
    tensors: tuple  # the active stepper's own checkpoint

    @property
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self.tensors)


@dataclass
class ChunkMetrics:
    """Per-step metrics for steps first_step .. first_step + len - 1 (host numpy copies)."""

    first_step: int
    cost: np.ndarray  # float64
    train_accuracy: np.ndarray  # float32
    val_cost: np.ndarray | None = None
    val_accuracy: np.ndarray | None = None
    divergence: Divergence | None = None
    # (steps, 2) float64: each step's (w1, w2) before its update, where the engine records
    # them (data with 2..PATH_MAX_FEATURES features; the cost landscape's path)
    path: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.cost)


class TrainingEngine:
    """Owns the data and parameters on one device and advances them chunk by chunk.

    Costs recorded for step i are those of the parameters before update i, as the notebook's
    `train` returns them; `step` counts the updates applied so far.
    """

    def __init__(
        self,
        config: TrainingConfig,
        train: Dataset,
        val: Dataset | None = None,
        threads: int | None = None,
        gram: bool | None = None,
        graphs: bool | None = None,
    ):
        self.config = config
        self.device, self.device_notice = resolve_device(config.device)
        self.threads = threads or training_threads(leave_core_for_gui=False)
        torch.set_num_threads(self.threads)
        self.dtype = getattr(torch, config.dtype)
        self._host = HostCopy(self.device)
        self.train_data, self.val_data = train, val
        # 0: full batch, as the notebook; a batch as large as the data is the full batch too.
        self.batch_size = config.batch_size if config.batch_size < train.n_samples else 0
        self._load_tensors(train, val)
        # The update on (w, b) itself: on every sample, or on one mini-batch per step.
        self._primal = (MiniBatchStepper(self._X1, self.y, self._X1_val, self.batch_size,
                                         config.seed, self.device) if self.batch_size
                        else PrimalStepper(self._X1, self.y, self._X1_val))
        # The held-out labels each step's metrics compare with: a sample of them for batches.
        rows = self._primal.val_rows
        self._y_val_steps = self.y_val if rows is None else self.y_val[rows.to(self.device)]
        use_gram = not self.batch_size and (gram if gram is not None else self._gram_is_cheaper())
        self._gram = GramStepper(self.X, self.y, self.X_val) if use_gram else None
        if self._gram is not None and not self._gram.is_finite():
            # X X^T overflows this dtype (huge features): its z would be inf * 0 = NaN from
            # step 0; the primal step computes them, and a divergence is then reported cleanly.
            self._gram = None
        # Each step's (w1, w2) for the cost landscape's path: full-batch steps recover them from
        # the logits they record anyway (w = pinv([X | 1]) z, one small product per chunk, inside
        # a CUDA graph too); mini-batch steps copy them (their logits are of a batch).
        self._path_projection = None if self.batch_size else self._path_projection_for(train)
        self.records_path = self._path_projection is not None or (
            bool(self.batch_size) and 2 <= train.n_features <= PATH_MAX_FEATURES)
        self._buffers: StepBuffers | None = None
        self._graph_buffers: StepBuffers | None = None
        # CUDA graphs by default on CUDA, where a step is launch-bound (see core/cuda_graphs.py).
        # Not for mini-batches: a graph would replay the batches it was captured with.
        use_graphs = self.device.type == "cuda" if graphs is None else graphs
        self._graphs = ChunkGraphs() if use_graphs and not self.batch_size else None
        self.divergence: Divergence | None = None
        self._reference_cost: float | None = None  # where the current lr / L2 began
        # The lengths of the stepper's advances that the last run_chunk kept. The Gram stepper
        # re-bases its state at the end of each advance, so where advances end changes the last
        # bits of the run: a replay that must be bit-identical advances by the same lengths.
        self.last_advances: list[int] = []
        self.reset()

    # ----- state -------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to step 0 with the configured initial weights (same seed, same start)."""
        w0 = initial_weights(self.train_data.n_features, self.config)
        self.step = 0
        self.divergence = None
        self._active = self._primal
        self._active.set_state(torch.as_tensor(w0, dtype=self.dtype, device=self.device),
                               torch.zeros((), dtype=self.dtype, device=self.device))
        self._reference_cost = self.current_cost()
        if not np.isfinite(self._reference_cost):
            remedies = ["standardise the features"]
            if self.config.dtype == "float32":
                remedies.append("use float64")
            if self.config.init == "randn":
                remedies.append("start from zero weights")
            raise EngineError(
                "The cost of the starting weights is not a finite number: the feature values are "
                f"too large for {self.config.dtype}. To train, {' or '.join(remedies)}."
            )

    def checkpoint(self) -> EngineCheckpoint:
        """The state of the model now (not the divergence or the settings), as copies."""
        return EngineCheckpoint(self.step, self._active is self._gram, self._active.checkpoint())

    def restore(self, checkpoint: EngineCheckpoint) -> None:
        """Back to a checkpoint's step and model, exactly; the settings stay as they are."""
        self._active = self._gram if checkpoint.gram else self._primal
        self._active.restore(checkpoint.tensors)
        self.step = checkpoint.step

    def replay(self, steps: int, lr: float, l2: float) -> None:
        """Apply `steps` updates under `lr` / `l2` as one advance of run_chunk does, without
        metrics or divergence checks: a replay of steps a run already took."""
        stepper = self._stepper_for(lr, l2)
        self._switch_to(stepper)
        self._seek(stepper, self.step)
        if steps > 0:
            if self._graphs is not None:  # the advance below may grow buffers a graph uses
                self._graphs.forget()
            stepper.advance(steps, lr, l2, self._buffers_for(steps))
            self.step += steps

    def set_hyperparameters(self, lr: float | None = None, l2: float | None = None,
                            iterations: int | None = None) -> None:
        """Change lr / L2 / iterations between chunks (validated like any configuration)."""
        changes = {k: v for k, v in (("lr", lr), ("l2", l2), ("iterations", iterations))
                   if v is not None}
        self.config = self.config.replace(**changes)
        if "lr" in changes or "l2" in changes:
            self.divergence = None  # the user acted on the advice: let the run go on
            self._reference_cost = None  # taken afresh from the next step's cost

    def set_runaway_reference(self, cost: float) -> None:
        """The cost a runaway is measured against: that of the step where the current lr / L2
        began (a branch that dropped later changes puts back the one it had then)."""
        self._reference_cost = cost

    @property
    def finished(self) -> bool:
        return self.divergence is not None or self.step >= self.config.iterations

    @property
    def method(self) -> str:
        """'gram' when steps run in sample space, 'mini-batch' on batches, else 'primal'."""
        if self.batch_size:
            return "mini-batch"
        return "gram" if self._stepper() is self._gram else "primal"

    def parameters(self) -> tuple[np.ndarray, float]:
        w, b = self._active.state()
        return w.cpu().numpy().astype(np.float64), float(b)

    def logits(self) -> np.ndarray:
        """z = X w + b of the training samples, for the current parameters."""
        return self._active.logits().cpu().numpy().astype(np.float64)

    def val_logits(self) -> np.ndarray | None:
        if self.X_val is None:
            return None
        return self._active.val_logits().cpu().numpy().astype(np.float64)

    def current_cost(self) -> float:
        z, w_norm2 = self._active.logits(), self._active.weight_norm2()
        return float(model.cross_entropy(z, self.y) + self.config.l2 * w_norm2)

    def train_accuracy(self) -> float:
        return float(model.accuracy(self._active.logits(), self.y))

    def val_accuracy(self) -> float | None:
        if self.X_val is None:
            return None
        return float(model.accuracy(self._active.val_logits(), self.y_val))

    def val_cost(self) -> float | None:
        if self.X_val is None:
            return None
        z = self._active.val_logits()
        penalty = self.config.l2 * self._active.weight_norm2()
        return float(model.cross_entropy(z, self.y_val) + penalty)

    # ----- training ----------------------------------------------------------------------

    def run_chunk(self, steps: int) -> ChunkMetrics:
        """Apply up to `steps` updates (never past `iterations`; with CUDA graphs, a whole
        number of graphs when there are enough) and return their metrics.

        If a cost stops being finite, the parameters go back to the last step whose cost was
        finite and the returned metrics end before it; `divergence` says where.
        """
        steps = self._chunk_length(steps)
        self.last_advances = []
        if steps == 0 or self.divergence is not None:
            return self._empty_metrics()
        stepper = self._stepper()
        start_state = self._switch_to(stepper)
        self._seek(stepper, self.step)
        packed = self._advance(stepper, steps, start_state)
        metrics = self._unpack(self._host.to_numpy(packed), steps)
        bad = np.flatnonzero(~np.isfinite(metrics.cost))
        first_bad = int(bad[0]) if bad.size else None
        if self._reference_cost is None and first_bad != 0:
            self._reference_cost = float(metrics.cost[0])
        # Whichever comes first: a cost that ran away, or one that is no longer a number.
        runaway = (None if self._reference_cost is None
                   else self._runaway_row(metrics.cost[:first_bad]))
        if runaway is not None:
            return self._stop_runaway(stepper, start_state, metrics, runaway, steps)
        if first_bad is not None:
            return self._roll_back(stepper, start_state, metrics, first_bad)
        metrics = _first_rows(metrics, steps)
        self.step += steps
        return metrics

    @property
    def val_sample_size(self) -> int | None:
        """How many held-out samples each step's held-out metrics cover (None: no split);
        fewer than the held-out set with mini-batches on a large one."""
        return None if self.X_val is None else len(self._y_val_steps)

    @property
    def uses_graphs(self) -> bool:
        """Whether chunks run as captured CUDA graphs (False once a capture failed)."""
        return self._graphs is not None and self._graphs.failure is None

    def _chunk_length(self, steps: int) -> int:
        steps = max(0, min(steps, self.config.iterations - self.step))
        if self.uses_graphs and steps >= GRAPH_STEPS:
            steps -= steps % GRAPH_STEPS  # whole graphs; a short rest runs eagerly next time
        return steps

    def _advance(self, stepper, steps: int, start_state) -> torch.Tensor:
        """Apply `steps` updates; returns their metrics, and those of the state after them."""
        replay = self._graph_replay(stepper, start_state) if steps >= GRAPH_STEPS else None
        if replay is None:
            buffers = self._buffers_for(steps)
            stepper.advance(steps, self.config.lr, self.config.l2, buffers)
            self.last_advances = [steps]
            return self._metrics_on_device(stepper, buffers, steps)
        self.last_advances = [GRAPH_STEPS] * (steps // GRAPH_STEPS)
        packed = None
        for first in range(0, steps, GRAPH_STEPS):
            graph_metrics = replay()  # the state after the graph is the next graph's first row
            if packed is None:
                packed = graph_metrics.new_empty((len(graph_metrics), steps + 1))
            packed[:, first:first + GRAPH_STEPS + 1].copy_(graph_metrics)
        return packed

    def _graph_replay(self, stepper, start_state):
        if not self.uses_graphs:
            return None
        if self._graph_buffers is None:  # static: the graph writes into these, always
            self._graph_buffers = self._allocate_buffers(GRAPH_STEPS)
        buffers, lr, l2 = self._graph_buffers, self.config.lr, self.config.l2

        def run() -> torch.Tensor:
            stepper.advance(GRAPH_STEPS, lr, l2, buffers)
            return self._metrics_on_device(stepper, buffers, GRAPH_STEPS)

        return self._graphs.replay_for((id(stepper), lr, l2), run,
                                       restore=lambda: stepper.set_state(*start_state))

    def _metrics_on_device(self, stepper, buffers: StepBuffers, steps: int) -> torch.Tensor:
        # Row `steps` is the state after the chunk, so a blow-up in the last update is caught now
        # (mini-batch steps record it themselves, on the next step's batch).
        if not self.batch_size:
            buffers.record_state(steps, stepper)
        l2, rows = self.config.l2, steps + 1
        z, norms = buffers.logits[:rows], buffers.weight_norm2[:rows]
        y = self.y if buffers.labels is None else buffers.labels[:rows]
        parts = [model.cross_entropy(z, y) + l2 * norms, model.accuracy(z, y).to(z)]
        if self.X_val is not None:
            zv = buffers.val_logits[:rows]
            parts += [model.cross_entropy(zv, self._y_val_steps) + l2 * norms,
                      model.accuracy(zv, self._y_val_steps).to(zv)]
        if self._path_projection is not None:
            parts += list((z @ self._path_projection).T)  # (w1, w2) of each row
        elif buffers.path is not None:
            parts += list(buffers.path[:rows].T)
        return torch.stack(parts).to(torch.float64)

    def _unpack(self, packed: np.ndarray, steps: int) -> ChunkMetrics:
        metrics = ChunkMetrics(self.step, packed[0], packed[1].astype(np.float32))
        if self.X_val is not None:
            metrics.val_cost, metrics.val_accuracy = packed[2], packed[3].astype(np.float32)
        if self.records_path:
            metrics.path = packed[-2:].T
        return metrics

    def _roll_back(self, stepper, start_state, metrics: ChunkMetrics, bad: int) -> ChunkMetrics:
        kept = max(bad - 1, 0)
        last_cost = float(metrics.cost[kept]) if bad else math.nan  # bad 0: the kept state's
        return self._stop(stepper, start_state, metrics, kept, Divergence(self.step + bad,
                                                                          last_cost))

    def _runaway_row(self, costs: np.ndarray) -> int | None:
        """The first row whose cost is past RUNAWAY_GROWTH times the reference, if any."""
        limit = RUNAWAY_GROWTH * max(self._reference_cost, CHANCE_COST)
        over = np.flatnonzero(costs > limit)
        return int(over[0]) if over.size else None

    def _stop_runaway(self, stepper, start_state, metrics: ChunkMetrics, row: int,
                      steps: int) -> ChunkMetrics:
        # The history keeps the step that passed the limit (its cost is finite, and the picture
        # of the blow-up is the lesson); the parameters are those after its update.
        divergence = Divergence(self.step + row, float(metrics.cost[row]),
                                grown_from=self._reference_cost)
        return self._stop(stepper, start_state, metrics, min(row + 1, steps), divergence)

    def _stop(self, stepper, start_state, metrics: ChunkMetrics, kept: int,
              divergence: Divergence) -> ChunkMetrics:
        """End the run after the chunk's first `kept` updates, and say why."""
        if kept < len(metrics) - 1:
            # Steps are deterministic (a mini-batch's order is a function of the step):
            # replaying from the chunk's start reaches the state after `kept` updates.
            stepper.set_state(*start_state)
            self._seek(stepper, self.step)
            if self._graphs is not None:  # the eager replay below may grow buffers a graph uses
                self._graphs.forget()
            if kept:
                stepper.advance(kept, self.config.lr, self.config.l2, self._buffers_for(kept))
            self.last_advances = [kept] if kept else []
        self.divergence = divergence
        self.step += kept
        return _first_rows(metrics, kept, divergence)

    def _stepper(self):
        return self._stepper_for(self.config.lr, self.config.l2)

    def _stepper_for(self, lr: float, l2: float):
        if self._gram is not None and GramStepper.supports(lr, l2):
            return self._gram
        return self._primal

    def _switch_to(self, stepper):
        state = self._active.state()
        if stepper is not self._active:
            stepper.set_state(*state)
            self._active = stepper
        return state

    def _buffers_for(self, steps: int) -> StepBuffers:
        if self._buffers is None or self._buffers.capacity < steps:
            self._buffers = self._allocate_buffers(max(steps, 64))
        return self._buffers

    def _allocate_buffers(self, steps: int) -> StepBuffers:
        n_val = 0 if self.X_val is None else len(self._y_val_steps)
        width = self.batch_size or len(self.y)
        return StepBuffers.allocate(steps, width, n_val, self.y, labels=bool(self.batch_size),
                                    path=self.records_path and bool(self.batch_size))

    def _seek(self, stepper, step: int) -> None:
        if isinstance(stepper, MiniBatchStepper):
            stepper.position = step

    def _empty_metrics(self) -> ChunkMetrics:
        empty = np.empty(0)
        has_val = self.X_val is not None
        return ChunkMetrics(self.step, empty, empty.astype(np.float32),
                            empty if has_val else None,
                            empty.astype(np.float32) if has_val else None, self.divergence)

    def _path_projection_for(self, data: Dataset) -> torch.Tensor | None:
        """(N, 2): the rows of pinv([X | 1]) giving (w1, w2) from z = [X | 1] [w | b], where
        that is exact (X | 1 of full column rank) and the data has few features."""
        if not 2 <= data.n_features <= PATH_MAX_FEATURES:
            return None
        X1 = np.column_stack([np.asarray(data.X, dtype=np.float64), np.ones(data.n_samples)])
        if not np.isfinite(X1).all() or np.linalg.matrix_rank(X1) < X1.shape[1]:
            return None  # collinear features: z does not determine w
        rows = np.linalg.pinv(X1)[:2]
        return torch.as_tensor(np.ascontiguousarray(rows.T), dtype=self.dtype, device=self.device)

    def _gram_is_cheaper(self) -> bool:
        n_val = 0 if self.val_data is None else self.val_data.n_samples
        return GramStepper.is_cheaper(self.train_data.n_samples, n_val, self.train_data.n_features)

    def _load_tensors(self, train: Dataset, val: Dataset | None) -> None:
        # The device holds each feature matrix once, with the bias' column of ones; X is a view.
        # Training data too large for a GPU stays in pinned host memory when mini-batches can
        # stream it; the labels and the held-out set always go to the device.
        values = (train.n_samples + (val.n_samples if val else 0)) * (train.n_features + 1)
        try:
            placement = data_placement(values * self.dtype.itemsize,
                                       free_device_memory(self.device), self.batch_size)
            on_host = placement == "host"
            self._X1 = with_ones_column(train.X, self.dtype,
                                        torch.device("cpu") if on_host else self.device,
                                        pinned=on_host)
            self._X1_val = with_ones_column(val.X, self.dtype, self.device) if val else None
            self.y = self._labels(train)
            self.y_val = self._labels(val) if val else None
        except DataDoesNotFit as error:
            raise EngineError(str(error)) from None
        except torch.OutOfMemoryError as error:
            raise EngineError(
                f"{train.describe()} does not fit in {self.device} memory. Use fewer samples or "
                "features, a batch size (mini-batches stream from main memory), or the CPU."
            ) from error
        self.X = self._X1[:, :-1]
        self.X_val = self._X1_val[:, :-1] if val else None

    def _labels(self, data: Dataset) -> torch.Tensor:
        return torch.as_tensor(data.y, dtype=self.dtype, device=self.device)


def _first_rows(metrics: ChunkMetrics, rows: int,
                divergence: Divergence | None = None) -> ChunkMetrics:
    """The metrics of the first `rows` steps (the row after them is the next chunk's first)."""
    def head(values):
        return None if values is None else values[:rows]

    return ChunkMetrics(metrics.first_step, head(metrics.cost), head(metrics.train_accuracy),
                        head(metrics.val_cost), head(metrics.val_accuracy), divergence,
                        head(metrics.path))

