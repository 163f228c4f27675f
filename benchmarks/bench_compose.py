"""Milliseconds for the compose stage alone (Jinja → markup → document model → numbering)
of a 工作总结 at three sizes: the part template and markup changes touch.

    python benchmarks/bench_compose.py

Prints the fastest of several runs (the least disturbed by other processes) after a warm-up.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_data  # noqa: E402
from timing import least_ms  # noqa: E402

from edureport.pipeline import Pipeline  # noqa: E402


def main() -> None:
    pipeline = Pipeline()
    for sections, repeats in ((8, 40), (80, 20), (800, 8)):
        spec, validated = pipeline.check(sample_data.work_summary(sections), "work-summary")
        profile = pipeline.profile(spec)
        ms = least_ms(lambda: pipeline.compose(spec, validated.data, profile), repeats, time.perf_counter)  # noqa: B023
        print(f"{sections:4d} sections: compose {ms:7.2f} ms")


if __name__ == "__main__":
    main()
