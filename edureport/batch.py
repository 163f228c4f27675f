"""One workbook in, one document per unit out, rendered in parallel.

The workbook is read once, in the parent process, and split into units (its
rows per unit); the workbook's layout goes to each worker process once, the
units go in chunks. A worker validates each unit before anything else — a unit
with bad data is reported and nothing is written for it — then renders it and
writes it (in a thread, while the next unit is rendered), reusing the process's
cached template registry, Jinja environment and style profile. A failing unit
never stops the others.
"""
from __future__ import annotations

import gc
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from edureport.core import limits
from edureport.core.errors import EXIT_INPUT, EXIT_OK, EXIT_RENDER, EdureportError, InputError, Problem
from edureport.intake.layout import WorkbookPlan
from edureport.intake.units import Unit
from edureport.workers import Interruption, die_with_parent, terminate_pool, writes

MAX_CHUNK = 32
WRITES_IN_FLIGHT = 4  # documents of one worker waiting for the disk at most
NOT_STARTED = "未生成（已中断）"  # the label of units an interruption kept from starting


@dataclass
class Job:
    """One unit's rows of the workbook and where its document goes."""

    unit: Unit
    target: str

    @property
    def name(self) -> str:
        return self.unit.name or Path(self.target).stem


@dataclass
class UnitResult:
    unit: str
    target: str | None
    exit_code: int = EXIT_OK  # 0 written, 2 bad input, 1 rendering failed
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    label: str = ""  # what went wrong in two words, when “数据有误” / “生成失败” would mislead
    pdf: str | None = None  # with --pdf

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK

    @property
    def status(self) -> str:
        """结果 as the table and 结果.csv show it."""
        if self.ok:
            return "已生成（有警告）" if self.warnings else "已生成"
        return self.label or ("数据有误" if self.exit_code == EXIT_INPUT else "生成失败")


@dataclass
class BatchPlan:
    spec_id: str
    template_name: str
    workbook: WorkbookPlan  # the layout, without rows: sent once to every worker
    jobs: list[Job]
    stray_rows: list[Problem] = field(default_factory=list)  # rows naming no unit: reported, never rendered

    @property
    def total(self) -> int:
        return len(self.jobs)


@dataclass
class Settings:
    """What every worker needs besides the jobs (sent once per chunk; small)."""

    spec_id: str
    templates_dirs: tuple[str, ...] = ()
    style: str | None = None
    force: bool = False
    strict: bool = False  # warnings stop a unit like errors
    script: str | None = None  # --script: hans | hant (else each unit's data decide)


def unique_targets(units: Iterable[str], folder: Path) -> list[Path]:
    """A safe, distinct file name per unit (distinct also on case-insensitive disks)."""
    from edureport.output import safe_filename

    taken: set[str] = set()
    targets = []
    for unit in units:
        name = safe_filename(unit)
        stem, suffix = name[: -len(".docx")], ".docx"
        candidate, number = name, 2
        while candidate.casefold() in taken:
            candidate = f"{stem}（{number}）{suffix}"
            number += 1
        taken.add(candidate.casefold())
        targets.append(folder / candidate)
    return targets


@contextmanager
def _without_collections():
    """Reading a workbook allocates a few objects per cell and no reference cycles; the cyclic
    collector would only scan them over and over (about a fifth of the reading time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_batch(workbook: str | Path, template: str | None, out_dir: str | Path,
               templates_dirs: Iterable[str | Path] = ()) -> BatchPlan:
    """Read the workbook once and split it into one job per unit.

    Raises :class:`InputError` when the workbook as a whole is wrong (no 基本信息,
    an unknown sheet …). A row naming an unknown unit only concerns itself: it is
    kept in ``stray_rows`` and the units are still rendered.
    """
    from edureport.core.guards import check_regular_file
    from edureport.intake.workbook import split_workbook
    from edureport.pipeline import Pipeline

    workbook = Path(workbook)
    if not workbook.exists():
        raise InputError(Problem("找不到工作簿", location=str(workbook), suggestion="请检查文件名和路径"))
    check_regular_file(workbook)  # a FIFO or a device would block the reader
    from edureport.sources.convert import CONVERTIBLE

    if workbook.suffix.lower() not in (".xlsx", ".xlsm", *CONVERTIBLE):
        raise InputError(Problem("批量生成需要 Excel 工作簿", location=str(workbook), expected=".xlsx 或 .xlsm",
                                 suggestion="单个 YAML 文件请用 edureport render"))
    pipeline = Pipeline(templates_dirs)
    with _without_collections():
        source = pipeline.read(workbook)
        spec = pipeline.choose(source, template)
        tables = source.tables
        layout, units, stray_rows = split_workbook(tables, spec)
    targets = unique_targets([unit.name or workbook.stem for unit in units], Path(out_dir))
    return BatchPlan(spec.id, spec.name, layout, [Job(unit, str(target)) for unit, target in zip(units, targets)],
                     stray_rows)


# -- worker side -------------------------------------------------------------------------
_layout: WorkbookPlan | None = None  # this process's copy of the workbook layout
_jobs: list[Job] = []  # and of every unit's rows: a chunk names its units by position
_stop = None  # an Event the parent sets to stop the batch


def _summarise(problems: list[Problem], limit: int = 3) -> str:
    text = "；".join(p.format() for p in problems[:limit])
    return text + (f"（另有 {len(problems) - limit} 处）" if len(problems) > limit else "")


@dataclass
class _Composed:
    """A unit's finished document, not yet on disk."""

    content: bytes
    warnings: list[str]


def _compose(job: Job, settings: Settings, layout: WorkbookPlan) -> UnitResult | _Composed:
    """Validate and render one unit; a unit that cannot be rendered becomes its result, never an exception."""
    from edureport.intake.workbook import build_unit
    from edureport.pipeline import Pipeline, Rendered

    try:
        pipeline = Pipeline(settings.templates_dirs, style=settings.style, script=settings.script)
        spec = pipeline.template(settings.spec_id)
        validated = pipeline.validate(build_unit(layout, job.unit, []), spec)
        if validated.errors:
            return UnitResult(job.name, None, EXIT_INPUT, _summarise(validated.errors))
        warnings = validated.warnings + job.unit.unassigned
        if settings.strict and warnings:
            return UnitResult(job.name, None, EXIT_INPUT, _summarise(warnings), [p.format() for p in warnings],
                              label="有提示，未生成（--strict）")
        data = validated.data
        if data.get("plan"):  # plans are linked by render only; never drop the section silently
            return UnitResult(job.name, None, EXIT_INPUT, "批量生成暂不能对照“依据方案”：请用 edureport render 逐个生成，"
                              "或删去“依据方案”", label="不支持")
        profile = pipeline.profile(spec, data)
        content = Rendered(spec, data, pipeline.compose(spec, data, profile), profile).to_docx()
    except InputError as exc:
        return UnitResult(job.name, None, EXIT_INPUT, str(exc))
    except EdureportError as exc:
        return UnitResult(job.name, None, EXIT_RENDER, str(exc))
    except Exception as exc:  # a bug must not take the other units down
        return UnitResult(job.name, None, EXIT_RENDER, f"程序内部出错：{type(exc).__name__}: {exc}")
    return _Composed(content, [p.format() for p in warnings])


def _write(job: Job, settings: Settings, composed: _Composed) -> UnitResult:
    """In a writing thread (``writes.started()`` was called before it was handed over)."""
    from edureport.output import write_atomic

    try:
        write_atomic(Path(job.target), composed.content, force=settings.force)
    except InputError as exc:  # an edited or foreign file in the way: the data are fine
        return UnitResult(job.name, None, EXIT_INPUT, str(exc), label="未覆盖")
    except EdureportError as exc:
        return UnitResult(job.name, None, EXIT_RENDER, str(exc))
    except Exception as exc:  # a bug must not take the other units down
        return UnitResult(job.name, None, EXIT_RENDER, f"程序内部出错：{type(exc).__name__}: {exc}")
    finally:
        writes.ended()
    return UnitResult(job.name, job.target, warnings=composed.warnings)


def render_in_turn(positions: Iterable[int], jobs: list[Job], settings: Settings, layout: WorkbookPlan,
                   stopped: Callable[[], bool], report: Callable[[int, UnitResult], None]) -> None:
    """Render the units at ``positions`` one after the other while the ones before are being written.

    A document is written with fsync, which waits for the disk — on a busy disk longer
    than rendering the document takes — without using the CPU; writing threads let the
    process render the next units meanwhile (a few documents at most wait in memory).
    ``report`` hears of each unit, in order, once its file is on disk. Once ``stopped()``,
    no further unit is started; the ones being written are finished.
    """
    with ThreadPoolExecutor(max_workers=WRITES_IN_FLIGHT, thread_name_prefix="edureport-write") as writer:
        in_flight: deque[tuple[int, Future]] = deque()
        for position in positions:
            if stopped():
                break
            job = jobs[position]
            composed = _compose(job, settings, layout)
            if isinstance(composed, UnitResult):
                outcome: Future = Future()
                outcome.set_result(composed)
            else:
                writes.started()
                outcome = writer.submit(_write, job, settings, composed)
            in_flight.append((position, outcome))
            while in_flight and (in_flight[0][1].done() or len(in_flight) > WRITES_IN_FLIGHT):
                done, result = in_flight.popleft()
                report(done, result.result())
        for done, result in in_flight:
            report(done, result.result())


def render_chunk(positions: range, settings: Settings) -> list[UnitResult]:
    """Render a chunk's units in turn; once the batch is told to stop, none is started."""
    results: list[UnitResult] = []
    render_in_turn(positions, _jobs, settings, _layout, lambda: _stop is not None and _stop.is_set(),
                   lambda position, result: results.append(result))
    return results


def _start_worker(settings: Settings, layout: WorkbookPlan, jobs: list[Job], stop=None, parent: int = 0) -> None:
    """Keep the layout and the units, and load the registry, profile and Jinja environment once.

    With the ``fork`` start method (Linux) the arguments are inherited, not
    copied through a pipe, so the workbook's rows cost nothing to hand over;
    elsewhere they are sent once per worker process. The worker dies with its parent.
    """
    global _layout, _jobs, _stop
    _layout, _jobs, _stop = layout, jobs, stop
    die_with_parent(parent or os.getppid())
    _warm_up(settings)
    gc.freeze()  # what is loaded now lives as long as the process: keep it out of collections
    gc.set_threshold(20_000, 20, 20)  # rendering allocates many short-lived objects


def _warm_up(settings: Settings) -> None:
    from edureport.pipeline import Pipeline
    from edureport.templating.environment import markup_environment

    pipeline = Pipeline(settings.templates_dirs, style=settings.style, script=settings.script)
    spec = pipeline.template(settings.spec_id)
    pipeline.profile(spec)
    markup_environment(spec.folder).get_template(spec.body)


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
    _warm_up(settings)  # forked workers inherit the warm caches
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
    pool = ProcessPoolExecutor(max_workers=min(workers, len(parts)), initializer=_start_worker,
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
