"""CUDA graphs for chunks of steps: a step of the seed problem is a dozen tiny kernels, so on a
GPU the launches, not the arithmetic, set the speed. A chunk of GRAPH_STEPS steps is captured
once and replayed with a single launch; Python numbers in it (lr, L2, the Gram stepper's scales)
are frozen into the graph, so a graph is re-captured whenever they change.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable

import torch

GRAPH_STEPS = 128  # steps per captured graph; chunks are whole numbers of graphs
WARMUP_RUNS = 2  # cuBLAS and the allocator set themselves up before a capture, not during it

Replay = Callable[[], torch.Tensor]


def cuda_capture(run: Callable[[], torch.Tensor]) -> Replay:
    """Capture `run` (after warm-up runs on a side stream, as CUDA graphs require) and return
    a function that replays it and returns its output tensor, refilled in place.

    The warm-up really runs `run`: callers save and restore whatever state it changes.
    """
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(WARMUP_RUNS):
            run()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    # Captured on the warm-up's stream: BLAS handles and workspaces are per stream, and one
    # created lazily in the middle of a capture breaks it.
    with torch.cuda.graph(graph, stream=side):
        output = run()

    def replay() -> torch.Tensor:
        graph.replay()
        return output

    return replay


class ChunkGraphs:
    """The captured chunk for the current settings, re-captured when they change, and given up
    (with a warning, once) if capturing fails: training then goes on eagerly."""

    def __init__(self, capture: Callable[[Callable[[], torch.Tensor]], Replay] | None = None):
        self._capture = capture or cuda_capture
        self._key: Hashable | None = None
        self._replay: Replay | None = None
        self.failure: str | None = None  # why graphs were given up, if they were

    def replay_for(self, key: Hashable, run: Callable[[], torch.Tensor],
                   restore: Callable[[], None]) -> Replay | None:
        """The replay of `run` captured under `key`, or None once capturing has failed. A new
        key captures `run` now; `restore` then undoes what its warm-up runs changed."""
        if self.failure is not None:
            return None
        if key != self._key:
            self.forget()
            try:
                self._replay = self._capture(run)
                self._key = key
            except Exception as error:  # noqa: BLE001 - whatever failed, eager steps still work
                self.failure = f"{type(error).__name__}: {error}"
                warnings.warn(f"CUDA graph capture failed ({self.failure}); training goes on "
                              "without graphs, more slowly.", RuntimeWarning, stacklevel=2)
            finally:
                restore()
        return self._replay

    def forget(self) -> None:
        """Drop the captured graph (e.g. after buffers it writes into may have been replaced)."""
        self._key, self._replay = None, None
