"""One workbook in, one document per unit out, rendered in parallel.

The workbook is read once, in the parent process, and split into units (its
rows per unit); the workbook's layout goes to each worker process once, the
units go in chunks. A worker validates each unit before anything else — a unit
with bad data is reported and nothing is written for it — then renders and
writes it, reusing the process's cached template registry, Jinja environment
and style profile. A failing unit never stops the others.
"""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from edureport.core.errors import EXIT_INPUT, EXIT_OK, EXIT_RENDER, EdureportError, InputError, Problem
from edureport.intake.layout import WorkbookPlan
from edureport.intake.units import Unit

MAX_CHUNK = 16


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

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK


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
    from edureport.intake.workbook import split_workbook
    from edureport.pipeline import Pipeline

    workbook = Path(workbook)
    if not workbook.is_file():
        raise InputError(Problem("找不到工作簿", location=str(workbook), suggestion="请检查文件名和路径"))
    if workbook.suffix.lower() not in (".xlsx", ".xlsm"):
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


def _summarise(problems: list[Problem], limit: int = 3) -> str:
    text = "；".join(p.format() for p in problems[:limit])
    return text + (f"（另有 {len(problems) - limit} 处）" if len(problems) > limit else "")


def render_job(job: Job, settings: Settings, layout: WorkbookPlan) -> UnitResult:
    """Validate, render and write one unit; every failure becomes a result, never an exception.

    A unit whose data does not validate is reported and nothing is written for it.
    """
    from edureport.intake.workbook import build_unit
    from edureport.output import write_atomic
    from edureport.pipeline import Pipeline, Rendered

    try:
        pipeline = Pipeline(settings.templates_dirs, style=settings.style)
        spec = pipeline.template(settings.spec_id)
        validated = pipeline.validate(build_unit(layout, job.unit, []), spec)
        if validated.errors:
            return UnitResult(job.name, None, EXIT_INPUT, _summarise(validated.errors))
        profile = pipeline.profile(spec)
        data, warnings = validated.data, validated.warnings
        content = Rendered(spec, data, pipeline.compose(spec, data, profile), profile).to_docx()
        try:
            write_atomic(Path(job.target), content, force=settings.force)
        except InputError as exc:  # an edited or foreign file in the way: the data are fine
            return UnitResult(job.name, None, EXIT_INPUT, str(exc), label="未覆盖")
    except InputError as exc:
        return UnitResult(job.name, None, EXIT_INPUT, str(exc))
    except EdureportError as exc:
        return UnitResult(job.name, None, EXIT_RENDER, str(exc))
    except Exception as exc:  # a bug must not take the other units down
        return UnitResult(job.name, None, EXIT_RENDER, f"程序内部出错：{type(exc).__name__}: {exc}")
    return UnitResult(job.name, job.target, warnings=[p.format() for p in warnings])


def render_chunk(positions: range, settings: Settings) -> list[UnitResult]:
    return [render_job(_jobs[position], settings, _layout) for position in positions]


def _start_worker(settings: Settings, layout: WorkbookPlan, jobs: list[Job]) -> None:
    """Keep the layout and the units, and load the registry, profile and Jinja environment once.

    With the ``fork`` start method (Linux) the arguments are inherited, not
    copied through a pipe, so the workbook's rows cost nothing to hand over;
    elsewhere they are sent once per worker process.
    """
    global _layout, _jobs
    _layout, _jobs = layout, jobs
    _warm_up(settings)
    gc.freeze()  # what is loaded now lives as long as the process: keep it out of collections
    gc.set_threshold(20_000, 20, 20)  # rendering allocates many short-lived objects


def _warm_up(settings: Settings) -> None:
    from edureport.pipeline import Pipeline
    from edureport.templating.environment import markup_environment

    pipeline = Pipeline(settings.templates_dirs, style=settings.style)
    spec = pipeline.template(settings.spec_id)
    pipeline.profile(spec)
    markup_environment(spec.folder).get_template(spec.body)


def chunk_size(jobs: int, workers: int) -> int:
    """Large enough to keep inter-process traffic low, small enough for a smooth progress bar."""
    return max(1, min(MAX_CHUNK, jobs // (workers * 4) or 1))


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def run_batch(plan: BatchPlan, settings: Settings, workers: int,
              advance: Callable[[int], None] = lambda n: None) -> list[UnitResult]:
    """Every unit's result, in workbook order; ``advance(n)`` is called as units finish."""
    jobs = plan.jobs
    if not jobs:
        return []
    _warm_up(settings)  # forked workers inherit the warm caches
    if workers <= 1 or len(jobs) == 1:
        results = []
        for job in jobs:
            results.append(render_job(job, settings, plan.workbook))
            advance(1)
        return results
    size = chunk_size(len(jobs), workers)
    chunks = [range(i, min(i + size, len(jobs))) for i in range(0, len(jobs), size)]
    finished: dict[str, UnitResult] = {}
    gc.freeze()  # forked workers never scan (and so never copy) the parent's objects
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), initializer=_start_worker,
                             initargs=(settings, plan.workbook, jobs)) as pool:
        futures = {pool.submit(render_chunk, chunk, settings): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = [jobs[position] for position in futures[future]]
            try:
                finished.update((r.unit, r) for r in future.result())
            except Exception as exc:  # the worker process itself died (killed, out of memory …)
                finished.update((job.name, UnitResult(job.name, None, EXIT_RENDER,
                                                      f"工作进程异常退出：{type(exc).__name__}: {exc}"))
                                for job in chunk)
            advance(len(chunk))
    gc.unfreeze()
    return [finished[job.name] for job in jobs]


def exit_code(results: list[UnitResult], stray_rows: list[Problem] = ()) -> int:
    codes = {r.exit_code for r in results}
    if EXIT_INPUT in codes or stray_rows:
        return EXIT_INPUT
    return EXIT_RENDER if EXIT_RENDER in codes else EXIT_OK
