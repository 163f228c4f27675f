"""CPU milliseconds of each pipeline stage for a 工作总结 at 8, 80 and 800 sections.

    python benchmarks/bench_stages.py                 # this tree
    cd OLD-TREE && PYTHONPATH=. python NEW-TREE/benchmarks/bench_stages.py   # an older commit, same script

Each stage is timed on fresh data (the least of 7 runs: other programs only ever add to it);
"whole" is read → validate → compose → .docx, as ``edureport.render`` does it.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_data  # noqa: E402

from edureport.core import script as scripts  # noqa: E402
from edureport.document.markup import parse  # noqa: E402
from edureport.document.passes import finish  # noqa: E402
from edureport.pipeline import Pipeline, build_context  # noqa: E402
from edureport.templating.environment import render_markup  # noqa: E402

RUNS = 7
TEMPLATE = "work-summary"


def stages(sections: int) -> dict[str, float]:
    pipeline = Pipeline()
    datas = [sample_data.work_summary(sections) for _ in range(RUNS + 1)]

    def least_ms(action) -> float:
        action(datas[0])  # warm-up: imports, compiled templates, caches per template
        times = []
        for data in datas[1:]:
            start = time.process_time()
            action(data)
            times.append(time.process_time() - start)
        return min(times) * 1000

    found = {"validate": least_ms(lambda d: pipeline.check(d, TEMPLATE))}
    spec, validated = pipeline.check(datas[0], TEMPLATE)
    found["style + script"] = least_ms(lambda d: pipeline.profile(spec, validated.data))
    profile = pipeline.profile(spec, validated.data)
    with scripts.writing(profile.script, profile.script_variant):
        found["context"] = least_ms(lambda d: build_context(spec, validated.data))
        context = build_context(spec, validated.data)
        found["jinja"] = least_ms(lambda d: render_markup(spec.folder, spec.body, context))
        markup = render_markup(spec.folder, spec.body, context)

        def model():
            return parse(markup, title="x", author="y", numbering=profile.numbering, redhead=False)

        found["parse"] = least_ms(lambda d: model())
        found["passes"] = max(0.0, least_ms(lambda d: finish(model(), profile)) - found["parse"])
    rendered = pipeline.render(spec, validated)
    found["docx"] = least_ms(lambda d: rendered.to_docx())
    found["whole"] = least_ms(lambda d: pipeline.run(d, TEMPLATE).to_docx())
    return found


def main() -> None:
    table = {sections: stages(sections) for sections in (8, 80, 800)}
    print(f"{'stage':16}" + "".join(f"{f'{s} sections':>14}" for s in table))
    for stage in table[8]:
        print(f"{stage:16}" + "".join(f"{table[s][stage]:11.2f} ms" for s in table))


if __name__ == "__main__":
    main()
