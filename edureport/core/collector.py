"""Fewer runs of Python's cyclic garbage collector while a document is made.

A large document allocates a few hundred thousand short-lived objects (records, runs,
blocks, XML pieces), nearly all freed by reference counting. With the default
threshold (a young-generation run every 700 allocations) the collector keeps walking
them, and now and then every long-lived object of the process too (templates, profiles,
python-docx, a web server's modules): measured on the ×100 document, runs of 51–104 ms
instead of 51–57 ms. While any document is being made, the young generation is
collected every ``YOUNG_THRESHOLD`` allocations instead; collection never stops, so
cyclic garbage (a hostile template's, say) stays bounded. The caller's thresholds come
back when the last document in the process (any thread) is done.
"""
from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000

_lock = threading.Lock()
_active = 0  # documents being made, in all threads
_saved: tuple[int, ...] = ()


def _after_fork_in_child() -> None:
    """A process forked while a document is being made (a web batch's pool, say) starts with no
    document of its own: a fresh lock (the parent's may be held by another thread) and the
    caller's thresholds."""
    global _lock, _active
    _lock = threading.Lock()
    if _active:
        _active = 0
        gc.set_threshold(*_saved)


os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def fewer_collections() -> Iterator[None]:
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            if _saved[0] and _saved[0] < YOUNG_THRESHOLD:  # 0: the caller turned thresholds off; leave it so
                gc.set_threshold(YOUNG_THRESHOLD, *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                gc.set_threshold(*_saved)
