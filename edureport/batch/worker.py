"""The worker side of a batch: validate and render each unit, write it in a thread while the next
unit is rendered, reusing the process's cached registry, Jinja environment and style profile."""
from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from edureport.batch.jobs import Job, Settings, UnitResult
from edureport.core.errors import EXIT_INPUT, EXIT_RENDER, EdureportError, InputError, Problem
from edureport.intake.layout import WorkbookPlan
from edureport.workers import die_with_parent, writes

WRITES_IN_FLIGHT = 4  # documents of one worker waiting for the disk at most

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


def start_worker(settings: Settings, layout: WorkbookPlan, jobs: list[Job], stop=None, parent: int = 0) -> None:
    """Keep the layout and the units, and load the registry, profile and Jinja environment once.

    With the ``fork`` start method (Linux) the arguments are inherited, not
    copied through a pipe, so the workbook's rows cost nothing to hand over;
    elsewhere they are sent once per worker process. The worker dies with its parent.
    """
    global _layout, _jobs, _stop
    _layout, _jobs, _stop = layout, jobs, stop
    die_with_parent(parent or os.getppid())
    warm_up(settings)
    gc.freeze()  # what is loaded now lives as long as the process: keep it out of collections
    gc.set_threshold(20_000, 20, 20)  # rendering allocates many short-lived objects


def warm_up(settings: Settings) -> None:
    from edureport.pipeline import Pipeline
    from edureport.templating.environment import markup_environment

    pipeline = Pipeline(settings.templates_dirs, style=settings.style, script=settings.script)
    spec = pipeline.template(settings.spec_id)
    pipeline.profile(spec)
    markup_environment(spec.folder).get_template(spec.body)
