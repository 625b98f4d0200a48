"""Mini-batch gradient descent: each step uses `batch_size` samples, for data too large for a
full-batch step (or for the device's memory), and to show students what stochastic steps do.

Each epoch visits the training samples in a fresh order drawn from the lesson's seed and the
epoch number, in batches of exactly `batch_size` (a last, smaller batch is left out, so that
every step has the same shape). The order of step t therefore follows from t alone: a reset or
a roll-back that goes back to step t trains on exactly the batches it did before.

Each step's held-out metrics are measured on a fixed, evenly spread sample of the held-out set
(all of a small one): on the whole of a large set they would cost far more than the step.
"""

from __future__ import annotations

import numpy as np
import torch

from core.steppers import AugmentedParameters, StepBuffers

HELD_OUT_SAMPLE_MIN = 256  # held-out samples per step at least: fewer make a noisy curve


def held_out_sample(n_val: int, batch_size: int) -> torch.Tensor:
    """Rows of the held-out set whose metrics a mini-batch step records: as many as a batch
    (at least HELD_OUT_SAMPLE_MIN), spread evenly, since a set may be ordered by class."""
    size = min(n_val, max(batch_size, HELD_OUT_SAMPLE_MIN))
    return torch.from_numpy(np.linspace(0, n_val - 1, size).round().astype(np.int64))


class MiniBatchStepper(AugmentedParameters):
    """The notebook's update on one batch per step; the costs and accuracies recorded for a
    step are those of its batch (the held-out ones, of the rows `val_rows` of the held-out set)."""

    def __init__(self, X1: torch.Tensor, y: torch.Tensor, X1_val: torch.Tensor | None,
                 batch_size: int, seed: int, device: torch.device):
        # X1 ([X | 1], the bias' column last) may live in (pinned) host memory when it does not
        # fit on the device: its batches are then gathered on the host and copied over.
        super().__init__(X1_val, X1.shape[1], y.dtype, device)
        self.y, self._X1 = y, X1
        self.batch_size, self._seed, self._device = batch_size, seed, device
        self.batches_per_epoch = len(y) // batch_size
        dtype = y.dtype
        self._batch = torch.empty((batch_size, X1.shape[1]), dtype=dtype, device=device)
        self._staging = (torch.empty_like(self._batch, device="cpu").pin_memory()
                         if X1.device != device and device.type == "cuda" else None)
        self._residual = torch.empty(batch_size, dtype=dtype, device=device)
        self.val_rows = None if X1_val is None else held_out_sample(len(X1_val), batch_size)
        self._X1_val_steps = (None if X1_val is None  # a copy of its own: contiguous rows
                              else X1_val.index_select(0, self.val_rows.to(X1_val.device)))
        self._order: tuple[int, torch.Tensor, torch.Tensor] | None = None  # epoch, host, device
        self.position = 0  # the step whose batch comes next

    def logits(self) -> torch.Tensor:
        """z of every training sample (for the samples view and the full cost)."""
        return (self._X1 @ self._wb.to(self._X1.device)).to(self._device)

    def advance(self, steps: int, lr: float, l2: float, out: StepBuffers) -> None:
        """Steps `position` .. `position + steps - 1`, each on its batch; row `steps` of `out`
        gets the state after them, measured on the next step's batch."""
        decay, rate = 1.0 - 2.0 * lr * l2, -lr / self.batch_size
        w, wb, r = self._w, self._wb, self._residual
        for i in range(steps + 1):
            labels = self._load_batch(self.position + i, out.labels[i])
            torch.mv(self._batch, wb, out=out.logits[i])
            if self._X1_val_steps is not None:
                torch.mv(self._X1_val_steps, wb, out=out.val_logits[i])
            torch.dot(w, w, out=out.weight_norm2[i])
            if out.path is not None:
                out.path[i].copy_(w[:2])
            if i == steps:
                break
            torch.sigmoid(out.logits[i], out=r)
            r.sub_(labels)
            w.mul_(decay)
            wb.addmv_(self._batch.T, r, alpha=rate)
        self.position += steps

    def _load_batch(self, step: int, labels: torch.Tensor) -> torch.Tensor:
        """Put step `step`'s samples in the batch buffer and their labels in `labels`."""
        epoch, index = divmod(step, self.batches_per_epoch)
        on_host, on_device = self._epoch_order(epoch)
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        torch.index_select(self.y, 0, on_device[rows], out=labels)
        if self._staging is None:
            torch.index_select(self._X1, 0, on_device[rows].to(self._X1.device), out=self._batch)
        else:  # gathered in pinned host memory; copied before the buffer is reused
            torch.index_select(self._X1, 0, on_host[rows], out=self._staging)
            self._batch.copy_(self._staging)
        return labels

    def _epoch_order(self, epoch: int) -> tuple[torch.Tensor, torch.Tensor]:
        if self._order is None or self._order[0] != epoch:
            order = np.random.default_rng([self._seed, 2, epoch]).permutation(len(self.y))
            on_host = torch.from_numpy(order)
            if self._device.type == "cuda":  # copied without stopping the host; kept alive here
                on_host = on_host.pin_memory()
            self._order = (epoch, on_host, on_host.to(self._device, non_blocking=True))
        return self._order[1], self._order[2]
