"""Worker processes of a batch: how many to start, and how they stop.

A batch must never leave a process behind: workers die with their parent (even
when it is killed), ignore Ctrl-C (the parent decides), and end at once on
SIGTERM after removing the temporary file of a document being written. The
parent turns SIGINT/SIGTERM into a request to stop (:class:`Interruption`).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from edureport.core import limits


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _available_memory() -> int | None:
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def worker_cap(requested: int) -> tuple[int, str]:
    """The number of worker processes to start for ``requested`` (--jobs) and, when fewer, why."""
    cpus = default_workers()
    workers, reason = requested, ""
    if workers > cpus:
        workers, reason = cpus, f"本机只有 {cpus} 个 CPU 核"
    memory = _available_memory()
    if memory is not None:
        fits = max(1, memory // limits.WORKER_MEMORY_BYTES)
        if workers > fits:
            workers, reason = fits, f"可用内存只够 {fits} 个进程（每个约 {limits.human_bytes(limits.WORKER_MEMORY_BYTES)}）"
    return workers, reason


def terminate_pool(pool: ProcessPoolExecutor, at_once: bool) -> None:
    """Shut the pool down without waiting for queued work; workers still busy (or all, ``at_once``) are ended."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + (0 if at_once else 2)
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.terminate()  # SIGTERM: the worker removes its half-written temporary file and exits
    for process in processes:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()


class Interruption:
    """Turns SIGINT/SIGTERM into a request to stop (``signum``) while a batch runs; a context manager."""

    def __init__(self):
        self.signum = 0
        self._previous: dict[int, object] = {}

    def _handle(self, signum, frame) -> None:
        self.signum = self.signum or signum

    def __enter__(self) -> Interruption:
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._previous[signum] = signal.signal(signum, self._handle)
            except ValueError:  # not the main thread: signals stay as they are
                pass
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum if self.signum else 0


def die_with_parent(parent: int) -> None:
    """Make this worker end when its parent does (even by SIGKILL), instead of lingering as an orphan.

    Linux delivers a signal on the parent's death (prctl PR_SET_PDEATHSIG); elsewhere a
    thread watches the parent. Ctrl-C in a terminal reaches every process of the group:
    the worker ignores it and lets the parent decide. SIGTERM ends the worker through
    SystemExit, so a document being written has its temporary file removed.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_now)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before the call
                    _exit_now(signal.SIGTERM, None)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _exit_now(signal.SIGTERM, None)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class Writes:
    """The documents a process's writing threads are writing, for a worker told to end at once to wait for.

    Counted before a write is handed to a thread (the signal handler runs in the main thread, so it
    sees every write that may have begun): a thread may have created its temporary file without
    having registered it for removal yet, so the worker lets the writes end rather than cut them."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()  # reentrant: the handler may interrupt the main thread inside it

    def started(self) -> None:
        with self._idle:
            self._count += 1

    def ended(self) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    def wait(self, timeout: float) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._count == 0, timeout)


writes = Writes()
WRITES_GRACE_SECONDS = 1.0  # less than terminate_pool waits before SIGKILL


def _exit_now(signum, frame) -> None:
    """End the worker at once: let the documents being written end (milliseconds), remove any
    temporary file still there, then exit.

    (Raising SystemExit would not do: the pool reports it as the unit's result and the
    worker lives on, waiting for work from a parent that may be gone.)"""
    from edureport.output import discard_partial_files

    writes.wait(WRITES_GRACE_SECONDS)
    discard_partial_files()
    os._exit(128 + signum)
