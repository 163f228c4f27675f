"""One workbook in, one document per unit out, rendered in parallel.

The workbook is read once, in the parent process, and split into units (its
rows per unit); the workbook's layout goes to each worker process once, the
units go in chunks. A worker validates each unit before anything else — a unit
with bad data is reported and nothing is written for it — then renders it and
writes it (in a thread, while the next unit is rendered), reusing the process's
cached template registry, Jinja environment and style profile. A failing unit
never stops the others.

- :mod:`.jobs`   what parent and workers hand each other (:class:`Job`, :class:`Settings`, :class:`UnitResult`)
- :mod:`.plan`   :func:`plan_batch`: the workbook read once and split into jobs
- :mod:`.worker` a worker process: compose, write in a thread, :func:`render_in_turn`
- :mod:`.run`    :func:`run_batch`: chunks over a process pool, retry, interruption; :func:`exit_code`
"""
from __future__ import annotations

from edureport.batch.jobs import BatchPlan, Job, Settings, UnitResult
from edureport.batch.plan import plan_batch, unique_targets
from edureport.batch.run import NOT_STARTED, chunk_size, chunks, exit_code, run_batch
from edureport.batch.worker import render_in_turn, warm_up

__all__ = ["NOT_STARTED", "BatchPlan", "Job", "Settings", "UnitResult", "chunk_size", "chunks", "exit_code",
           "plan_batch", "render_in_turn", "run_batch", "unique_targets", "warm_up"]
