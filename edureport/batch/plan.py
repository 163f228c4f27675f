"""Planning a batch: the workbook read once, in the parent process, and split into one job per unit."""
from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from edureport.batch.jobs import BatchPlan, Job
from edureport.core.errors import InputError, Problem


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
