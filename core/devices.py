"""Choosing where torch runs: the compute device and how many CPU threads it may take."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from core.errors import UserError

if TYPE_CHECKING:
    import torch


class DeviceError(UserError, RuntimeError):
    """The requested device is not available on this machine; the message says what to use."""


def resolve_device(requested: str) -> tuple[torch.device, str | None]:
    """The torch device for 'auto' / 'cpu' / 'cuda' / 'mps', and a notice when 'auto' fell back."""
    import torch  # here, not at the top: a window picks its thread count before torch loads

    if requested == "cpu":
        return torch.device("cpu"), None
    if requested == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError(
                "CUDA was requested, but this machine has no CUDA GPU that PyTorch can use "
                f"(torch {torch.__version__}). Use --device cpu or --device auto."
            )
        return torch.device("cuda"), None
    if requested == "mps":
        if not torch.backends.mps.is_available():
            raise DeviceError(
                "MPS (Apple Metal) was requested, but it is not available on this machine. "
                "Use --device cpu or --device auto."
            )
        return torch.device("mps"), None
    if torch.cuda.is_available():
        return torch.device("cuda"), None
    return torch.device("cpu"), "no GPU found: training on the CPU"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def training_threads(leave_core_for_gui: bool) -> int:
    """torch intra-op threads: one core is left to a window's thread, since sharing the last
    core halved training speed on a 2-core machine (docs/ARCHITECTURE.md §4)."""
    return max(1, available_cores() - (1 if leave_core_for_gui else 0))
