"""What the parent and the worker processes of a batch hand each other: jobs, settings, results, the plan."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edureport.core.errors import EXIT_INPUT, EXIT_OK, Problem
from edureport.intake.layout import WorkbookPlan
from edureport.intake.units import Unit


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
