"""The least time of several runs after a warm-up: other programs only ever add to it."""
from __future__ import annotations

import time


def least_ms(action, repeats: int, clock=time.process_time) -> float:
    """Milliseconds of the fastest of ``repeats`` calls of ``action`` (CPU time unless ``clock`` says otherwise)."""
    action()
    times = []
    for _ in range(repeats):
        start = clock()
        action()
        times.append(clock() - start)
    return min(times) * 1000
