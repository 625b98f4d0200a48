"""Two exact ways to take full-batch gradient steps; the engine picks the cheaper one.

Both write, for each step of a chunk, the logits z of every sample and ||w||^2 *before* the
update into the caller's buffers, so that costs and accuracies are computed afterwards in a few
batched operations instead of a dozen tiny ones per step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass
class StepBuffers:
    """Per-step outputs of one chunk, preallocated on the device and reused between chunks."""

    logits: torch.Tensor  # (k + 1, N) training logits before each update, then after the last
    weight_norm2: torch.Tensor  # (k + 1,) ||w||^2 likewise
    val_logits: torch.Tensor | None  # (k + 1, N_val)
    labels: torch.Tensor | None = None  # (k + 1, N): each step's own labels (mini-batches)
    path: torch.Tensor | None = None  # (k + 1, 2): each step's (w1, w2) (mini-batches)

    @classmethod
    def allocate(cls, steps: int, n: int, n_val: int, like: torch.Tensor,
                 labels: bool = False, path: bool = False) -> StepBuffers:
        def empty(*shape):
            return torch.empty(shape, dtype=like.dtype, device=like.device)

        rows = steps + 1
        return cls(empty(rows, n), empty(rows), empty(rows, n_val) if n_val else None,
                   empty(rows, n) if labels else None, empty(rows, 2) if path else None)

    @property
    def capacity(self) -> int:
        """How many steps fit, leaving the row for the state after the last one."""
        return len(self.weight_norm2) - 1

    def record_state(self, row: int, stepper) -> None:
        """Store the stepper's current logits and ||w||^2 in `row`."""
        self.logits[row].copy_(stepper.logits())
        self.weight_norm2[row].copy_(stepper.weight_norm2())
        if self.val_logits is not None:
            self.val_logits[row].copy_(stepper.val_logits())


class AugmentedParameters:
    """(w, b) as one vector wb = [w | b], for data with the bias' column of ones last
    (X1 = [X | 1]): X1 @ wb = X w + b, and X1^T r holds the bias' gradient too."""

    val_rows: torch.Tensor | None = None  # held-out rows each step measures; None: all of them

    def __init__(self, X1_val: torch.Tensor | None, size: int, dtype: torch.dtype,
                 device: torch.device):
        self._X1_val = X1_val
        self._wb = torch.zeros(size, dtype=dtype, device=device)
        self._w, self._b = self._wb[:-1], self._wb[-1]

    def set_state(self, w: torch.Tensor, b: torch.Tensor) -> None:
        self._w.copy_(w)
        self._b.copy_(b)

    def state(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self._w.clone(), self._b.clone()

    def checkpoint(self) -> tuple[torch.Tensor, ...]:
        """Copies of everything the next steps read, for `restore` to bring back bit for bit."""
        return (self._wb.clone(),)

    def restore(self, checkpoint: tuple[torch.Tensor, ...]) -> None:
        self._wb.copy_(checkpoint[0])

    def val_logits(self) -> torch.Tensor:
        return self._X1_val @ self._wb

    def weight_norm2(self) -> torch.Tensor:
        return torch.dot(self._w, self._w)


class PrimalStepper(AugmentedParameters):
    """The notebook's update on (w, b) directly: two N x D matrix-vector products per step.

    The bias rides along as the extra weight on the column of ones, so the forward and backward
    products include it for free; only w (not the bias) decays under L2.
    """

    def __init__(self, X1: torch.Tensor, y: torch.Tensor, X1_val: torch.Tensor | None):
        super().__init__(X1_val, X1.shape[1], X1.dtype, X1.device)
        self.y = y
        self._X1, self._X1_T = X1, X1.T
        self._residual = torch.empty_like(y)

    def logits(self) -> torch.Tensor:
        return self._X1 @ self._wb

    def advance(self, steps: int, lr: float, l2: float, out: StepBuffers) -> None:
        decay, rate = 1.0 - 2.0 * lr * l2, -lr / len(self.y)
        z_rows, norm_rows = out.logits.unbind(0), out.weight_norm2.unbind(0)
        val_rows = out.val_logits.unbind(0) if self._X1_val is not None else None
        wb, w, r, y = self._wb, self._w, self._residual, self.y
        for i in range(steps):
            z = z_rows[i]
            torch.mv(self._X1, wb, out=z)
            if val_rows is not None:
                torch.mv(self._X1_val, wb, out=val_rows[i])
            torch.dot(w, w, out=norm_rows[i])
            torch.sigmoid(z, out=r)
            r.sub_(y)
            w.mul_(decay)
            wb.addmv_(self._X1_T, r, alpha=rate)


class GramStepper:
    """The same iterates computed in sample space, for data with fewer samples than features.

    Every w the notebook's update reaches is w_t = c_t (w0 + X^T a_t) with c_t = prod(1 - 2 lr l2);
    so z_t = c_t (u + G a_t) + b_t with G = X X^T and u = X w0, and a step costs one N x N product
    instead of two N x D ones (docs/ARCHITECTURE.md §7). a_t is stored divided by c_t so that the
    decay is a scalar; the state is re-based onto w0 after every stretch of steps so that c_t never
    underflows.
    """

    # |c_t| is kept above this within a stretch, so 1/c_t stays far from overflow in float32.
    MIN_SCALE = 1e-20

    def __init__(self, X: torch.Tensor, y: torch.Tensor, X_val: torch.Tensor | None):
        self.X, self.y, self.X_val = X, y, X_val
        self._gram = X @ X.T
        self._gram_val = X_val @ X.T if X_val is not None else None
        n = len(y)
        self._w0 = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
        self._u = torch.zeros(n, dtype=X.dtype, device=X.device)
        self._u_val = None if X_val is None else X_val.new_zeros(len(X_val))
        self._b = torch.zeros((), dtype=X.dtype, device=X.device)
        self._residual = torch.empty_like(y)
        self._coeffs = torch.empty(0, n, dtype=X.dtype, device=X.device)
        self._biases = torch.empty(0, dtype=X.dtype, device=X.device)

    @staticmethod
    def is_cheaper(n: int, n_val: int, features: int) -> bool:
        """True when one N x N (+ N_val x N) product beats two N x D (+ N_val x D) ones, and G
        fits in memory."""
        gram_bytes = 8 * n * (n + n_val)
        return n * (n + n_val) < features * (2 * n + n_val) and gram_bytes <= 512 * 2**20

    def is_finite(self) -> bool:
        """False when G (or the held-out G) overflowed the dtype: then this stepper is unusable."""
        grams = [self._gram] if self._gram_val is None else [self._gram, self._gram_val]
        return all(bool(torch.isfinite(g).all()) for g in grams)

    @staticmethod
    def supports(lr: float, l2: float) -> bool:
        return 1.0 - 2.0 * lr * l2 != 0.0

    def set_state(self, w: torch.Tensor, b: torch.Tensor) -> None:
        self._w0.copy_(w)
        self._b.copy_(b)
        torch.mv(self.X, self._w0, out=self._u)
        if self.X_val is not None:
            torch.mv(self.X_val, self._w0, out=self._u_val)

    def state(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self._w0.clone(), self._b.clone()

    def checkpoint(self) -> tuple[torch.Tensor, ...]:
        """Copies of the state in sample space: set_state(w, b) would recompute u = X w, whose
        rounding may differ from the u the run had reached, so it would not resume bit for bit."""
        kept = (self._w0, self._b, self._u) + (() if self._u_val is None else (self._u_val,))
        return tuple(t.clone() for t in kept)

    def restore(self, checkpoint: tuple[torch.Tensor, ...]) -> None:
        kept = (self._w0, self._b, self._u) + (() if self._u_val is None else (self._u_val,))
        for target, saved in zip(kept, checkpoint, strict=True):
            target.copy_(saved)

    def logits(self) -> torch.Tensor:
        return self._u + self._b

    def val_logits(self) -> torch.Tensor:
        return self._u_val + self._b

    def weight_norm2(self) -> torch.Tensor:
        return torch.dot(self._w0, self._w0)

    def advance(self, steps: int, lr: float, l2: float, out: StepBuffers) -> None:
        decay = 1.0 - 2.0 * lr * l2
        stretch = _stretch_length(decay, self.MIN_SCALE)
        for start in range(0, steps, stretch):
            self._advance_stretch(start, min(stretch, steps - start), lr, decay, out)

    def _advance_stretch(self, first: int, steps: int, lr: float, decay: float, out: StepBuffers):
        coeffs, biases = self._stretch_buffers(steps)
        coeffs[0].zero_()
        biases[0].copy_(self._b)
        a_rows, b_rows = coeffs.unbind(0), biases.unbind(0)
        z_rows = out.logits[first : first + steps].unbind(0)
        val_rows = None if self.X_val is None else out.val_logits[first : first + steps].unbind(0)
        r, y, rate, scale = self._residual, self.y, lr / len(self.y), 1.0
        for i in range(steps):
            z = z_rows[i]
            torch.addmv(self._u, self._gram, a_rows[i], beta=scale, alpha=scale, out=z)
            z.add_(b_rows[i])
            if val_rows is not None:
                torch.addmv(self._u_val, self._gram_val, a_rows[i], beta=scale, alpha=scale,
                            out=val_rows[i])
                val_rows[i].add_(b_rows[i])
            torch.sigmoid(z, out=r)
            r.sub_(y)
            scale *= decay
            torch.add(a_rows[i], r, alpha=-rate / scale, out=a_rows[i + 1])
            torch.sub(b_rows[i], r.sum(), alpha=rate, out=b_rows[i + 1])
        # c_i = decay^i of each step, made on the device: a host list would be a copy (and,
        # on a GPU, a synchronisation) inside the chunk.
        scales = decay ** torch.arange(steps, dtype=coeffs.dtype, device=coeffs.device)
        self._record_weight_norms(coeffs[:steps], biases[:steps], out.logits[first : first + steps],
                                  scales, out.weight_norm2[first : first + steps])
        self._rebase(coeffs[steps], biases[steps], scale)

    def _record_weight_norms(self, coeffs, biases, logits, c, out) -> None:
        # With a_t = c_t * coeffs_t and z_t - b_t = c_t u + G a_t (already computed per step):
        # ||w_t||^2 = c_t^2 ||w0||^2 + 2 c_t u.a_t + a_t G a_t
        #           = c_t^2 ||w0||^2 + c_t u.a_t + a_t.(z_t - b_t)
        a = coeffs * c[:, None]
        out.copy_(c * c * self.weight_norm2() + c * (a @ self._u)
                  + (a * (logits - biases[:, None])).sum(1))

    def _rebase(self, coeff: torch.Tensor, bias: torch.Tensor, scale: float) -> None:
        w = (self._w0 + self.X.T @ coeff).mul_(scale)
        self.set_state(w, bias)

    def _stretch_buffers(self, steps: int) -> tuple[torch.Tensor, torch.Tensor]:
        if len(self._coeffs) < steps + 1:
            self._coeffs = self.y.new_empty(steps + 1, len(self.y))
            self._biases = self.y.new_empty(steps + 1)
        return self._coeffs[: steps + 1], self._biases[: steps + 1]


def _stretch_length(decay: float, min_scale: float) -> int:
    """How many steps |decay|^steps stays within [min_scale, 1 / min_scale]."""
    if abs(decay) == 1.0:
        return 1 << 30
    return max(1, int(-math.log(min_scale) / abs(math.log(abs(decay)))))
