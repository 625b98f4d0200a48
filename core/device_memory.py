"""Moving data between the host and the compute device: where a dataset can live, and the one
device-to-host copy per chunk."""

from __future__ import annotations

import numpy as np
import torch

# A dataset may take this share of the device's free memory; the rest is for the per-step
# buffers, the Gram matrix and the allocator's slack.
DATA_SHARE_OF_FREE_MEMORY = 0.8
COPY_BLOCK_BYTES = 64 * 2**20  # host-side conversion happens in blocks of about this size


class DataDoesNotFit(RuntimeError):
    """The training data is larger than the device's memory; the message says what to do."""


def gigabytes(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.2f} GB"


def data_placement(data_bytes: int, free_bytes: int | None, batch_size: int) -> str:
    """Where the training data lives: "device", or "host" when it does not fit on the device
    and mini-batches can stream it from main memory. `free_bytes` None: no limit (the CPU)."""
    if free_bytes is None or data_bytes <= DATA_SHARE_OF_FREE_MEMORY * free_bytes:
        return "device"
    if batch_size > 0:
        return "host"
    raise DataDoesNotFit(
        f"The training data ({gigabytes(data_bytes)}) does not fit in the GPU's free memory "
        f"({gigabytes(free_bytes)}). Choose a batch size (mini-batches then stream from main "
        "memory), fewer samples or features, float32 instead of float64, or train on the CPU."
    )


def free_device_memory(device: torch.device) -> int | None:
    """Free bytes on a CUDA device; None for the CPU (host memory errors are caught where
    tensors are made)."""
    if device.type != "cuda":
        return None
    free, _total = torch.cuda.mem_get_info(device)
    return free


def with_ones_column(X: np.ndarray, dtype: torch.dtype, device: torch.device,
                     pinned: bool = False) -> torch.Tensor:
    """[X | 1] as one tensor on `device` (in pinned host memory if `pinned`), made without a
    second full-size copy of X there: rows go over in blocks, converted to `dtype` on the way."""
    n, d = X.shape
    X1 = torch.empty((n, d + 1), dtype=dtype, device=device, pin_memory=pinned)
    rows = max(1, COPY_BLOCK_BYTES // (8 * max(d, 1)))
    for start in range(0, n, rows):
        block = torch.from_numpy(np.ascontiguousarray(X[start:start + rows])).to(dtype)
        X1[start:start + rows, :d].copy_(block)
    X1[:, d] = 1.0
    return X1


class HostCopy:
    """Copies device tensors to host numpy arrays. On CUDA: into a reused pinned buffer with a
    non-blocking copy, then waits on an event recorded after it, so the host blocks once, on
    exactly that copy, rather than synchronising the device per value."""

    def __init__(self, device: torch.device):
        self._device = device
        self._pinned: torch.Tensor | None = None
        # A blocking event: the worker thread sleeps while the GPU finishes, rather than spin
        # on a core the window's thread needs.
        self._done = torch.cuda.Event(blocking=True) if device.type == "cuda" else None

    def to_numpy(self, values: torch.Tensor) -> np.ndarray:
        """`values` on the host, in memory of its own."""
        if self._done is None:
            return values.detach().cpu().numpy().copy()
        buffer = self._buffer_for(values)
        buffer.copy_(values, non_blocking=True)
        self._done.record()
        self._done.synchronize()
        return buffer.numpy().copy()  # the pinned buffer is overwritten by the next chunk

    def _buffer_for(self, values: torch.Tensor) -> torch.Tensor:
        size = values.numel()
        pinned = self._pinned
        if pinned is None or pinned.numel() < size or pinned.dtype != values.dtype:
            self._pinned = torch.empty(max(size, 1024), dtype=values.dtype, pin_memory=True)
        return self._pinned[:size].view(values.shape)
