"""Time and memory guards for the hostile-input suite: generous bounds (an order of magnitude above normal), not
benchmarks — they catch a hang, a 3-minute key derivation or a 650 MB read, not a slow machine."""

from __future__ import annotations

import contextlib
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass
class Usage:
    seconds: float = 0.0
    peak_bytes: int = 0


@contextlib.contextmanager
def bounded(seconds: float, mib: float) -> Iterator[Usage]:
    """Run the block and assert it took at most ``seconds`` and allocated (Python heap, tracemalloc) at most ``mib``
    MiB at its peak."""
    usage = Usage()
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    started = time.monotonic()
    try:
        yield usage
    finally:
        usage.seconds = time.monotonic() - started
        usage.peak_bytes = tracemalloc.get_traced_memory()[1] - base
        if not was_tracing:
            tracemalloc.stop()
    assert usage.seconds <= seconds, f"took {usage.seconds:.1f} s (bound {seconds} s)"
    assert usage.peak_bytes <= mib * MIB, f"peaked at {usage.peak_bytes / MIB:.0f} MiB (bound {mib} MiB)"
