"""Running a batch: units in chunks over a process pool (or in turn in this process), a unit lost
with a dead worker retried once, an interruption honoured, every unit's result in workbook order."""
from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from edureport.batch.jobs import BatchPlan, Job, Settings, UnitResult
from edureport.batch.worker import render_chunk, render_in_turn, start_worker, warm_up
from edureport.core import limits
from edureport.core.errors import EXIT_INPUT, EXIT_OK, EXIT_RENDER, Problem
from edureport.workers import Interruption, terminate_pool

MAX_CHUNK = 32
NOT_STARTED = "未生成（已中断）"  # the label of units an interruption kept from starting


def chunk_size(jobs: int, workers: int) -> int:
    """Large enough to keep inter-process traffic low, small enough for a smooth progress bar."""
    return max(1, min(MAX_CHUNK, jobs // (workers * 4) or 1))


def chunks(positions: list[int], workers: int) -> list[list[int]]:
    """The positions in chunks that shrink towards the end: a worker waits for the disk at the end
    of each chunk (its last documents' fsync), so early chunks are big; the last ones are small, so
    no worker is left rendering a big chunk alone while the others are done."""
    out, start = [], 0
    while start < len(positions):
        size = chunk_size(len(positions) - start, workers)
        out.append(positions[start:start + size])
        start += size
    return out


def run_batch(plan: BatchPlan, settings: Settings, workers: int,
              advance: Callable[[int], None] = lambda n: None,
              interruption: Interruption | None = None) -> list[UnitResult]:
    """Every unit's result, in workbook order; ``advance(n)`` is called as units finish.

    When ``interruption`` reports a signal, no further unit is started, units being
    written are finished (each is written atomically), and the units never started
    are reported as such. A unit whose worker died is retried once in a new pool.
    """
    jobs = plan.jobs
    if not jobs:
        return []
    interruption = interruption or Interruption()
    started = time.time()
    warm_up(settings)  # forked workers inherit the warm caches
    finished: dict[int, UnitResult] = {}
    if workers <= 1 or len(jobs) == 1:
        def report(position: int, result: UnitResult) -> None:
            finished[position] = result
            advance(1)

        render_in_turn(range(len(jobs)), jobs, settings, plan.workbook, lambda: bool(interruption.signum), report)
    else:
        lost = _run_pool(plan, settings, workers, range(len(jobs)), finished, advance, interruption)
        lost = [p for p in lost if not _already_written(jobs[p], started, finished, p)]
        if lost and not interruption.signum:  # one retry, in a fresh pool, of the units a dead worker took along
            lost = _run_pool(plan, settings, workers, lost, finished, advance, interruption)
            lost = [p for p in lost if not _already_written(jobs[p], started, finished, p)]
        for position in [] if interruption.signum else lost:  # interrupted: reported as not written
            finished[position] = UnitResult(jobs[position].name, None, EXIT_RENDER,
                                            "工作进程异常退出（可能内存不足或被结束），重试一次后仍未完成", label="生成失败")
    results = []
    for position, job in enumerate(jobs):
        result = finished.get(position)
        if result is None:
            result = UnitResult(job.name, None, EXIT_RENDER, "批量生成被中断，这个单位没有开始生成", label=NOT_STARTED)
        results.append(result)
    return results


def _already_written(job: Job, since: float, finished: dict[int, UnitResult], position: int) -> bool:
    """Did a worker that died (or was stopped) write this unit completely before? Files appear whole or not at all."""
    from edureport.output import remove_orphaned_temporary

    remove_orphaned_temporary(Path(job.target))  # what a killed worker left half-written
    try:
        written = os.stat(job.target).st_mtime >= since
    except OSError:
        return False
    if written:
        finished[position] = UnitResult(job.name, job.target)
    return written


def _run_pool(plan: BatchPlan, settings: Settings, workers: int, positions, finished: dict[int, UnitResult],
              advance: Callable[[int], None], interruption: Interruption) -> list[int]:
    """Render ``positions`` in a process pool; the positions whose results were lost with a worker."""
    import multiprocessing

    jobs = plan.jobs
    positions = list(positions)
    parts = chunks(positions, workers)
    stop = multiprocessing.get_context().Event()
    lost: list[int] = []
    gc.freeze()  # forked workers never scan (and so never copy) the parent's objects
    pool = ProcessPoolExecutor(max_workers=min(workers, len(parts)), initializer=start_worker,
                               initargs=(settings, plan.workbook, jobs, stop, os.getpid()))
    try:
        pending = {pool.submit(render_chunk, chunk, settings): chunk for chunk in parts}
        deadline = None
        while pending:
            if interruption.signum and deadline is None:
                stop.set()  # workers start no further unit; the ones being written finish
                for future in pending:
                    future.cancel()
                deadline = time.monotonic() + limits.INTERRUPT_GRACE_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                break
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                if future.cancelled():
                    continue
                try:
                    results = future.result()
                except (Exception, SystemExit):  # the worker process itself died (killed, out of memory …)
                    lost += chunk
                    continue
                for position, result in zip(chunk, results):
                    finished[position] = result
                advance(len(results))
    finally:
        stop.set()
        terminate_pool(pool, at_once=bool(pending or lost))
        gc.unfreeze()
    return lost


def exit_code(results: list[UnitResult], stray_rows: list[Problem] = ()) -> int:
    codes = {r.exit_code for r in results}
    if EXIT_INPUT in codes or stray_rows:
        return EXIT_INPUT
    return EXIT_RENDER if EXIT_RENDER in codes else EXIT_OK
