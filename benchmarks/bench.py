"""edureport vs docxtpl vs pandoc: the same 工作总结, built three ways in one run.

    pip install -e ".[bench]"          # docxtpl
    apt-get install pandoc             # optional; skipped when absent
    python benchmarks/bench.py         # full run, about 40 seconds
    python benchmarks/bench.py --quick # fewer repeats, no page check

Prints, for each engine at three sizes, milliseconds per document (median of
several interleaved runs, after one warm-up) as wall time and as CPU time of
this process, and the ratio edureport/docxtpl of both; the cost curve from 1
to 1,000 sections; a workbook batch end to end (benchmarks/bench_batch.py)
against its CPU-time bound; and the cold start of ``edureport --help``.
On a machine other programs keep busy, wall times swing from run to run; the
CPU-time ratio, measured in the same process on the same data, stays put.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docxtpl_template  # noqa: E402
import pandoc_markdown  # noqa: E402
import report  # noqa: E402
import sample_data  # noqa: E402

import edureport  # noqa: E402

RESULTS: dict = {"sizes": [], "curve": []}  # what this run measured, for report.py (--update-readmes)
SIZES = [("典型 typical (8 sections)", 8), ("×10 (80 sections)", 80), ("×100 (800 sections)", 800)]
TEMPLATE = "work-summary"


def medians_ms(actions: dict[str, object], repeats: dict[str, int],
               cpu_statistic=statistics.median) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) milliseconds per call of each action, after one warm-up call
    each (imports, template compilation, caches). Runs are interleaved, so a burst of
    load from other programs slows all engines alike rather than one of them. CPU time
    is this process's (pandoc's own process is not in it)."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for action in actions.values():
        action()
    for round_ in range(max(repeats.values())):
        for name, action in actions.items():
            if round_ < repeats[name]:
                start, start_cpu = time.perf_counter(), time.process_time()
                action()
                times[name].append((time.perf_counter() - start, time.process_time() - start_cpu))
    return {name: (statistics.median(w for w, _ in values) * 1000, cpu_statistic(c for _, c in values) * 1000)
            for name, values in times.items()}


# -- batch ----------------------------------------------------------------------
def batch_end_to_end(units: int, jobs: int = 2) -> dict:
    """A workbook of ``units`` school summaries through ``edureport batch``'s code in a fresh
    process (benchmarks/bench_batch.py): wall time from reading the workbook to the last file
    written, and the CPU time all of it took (parent and workers)."""
    script = str(Path(__file__).resolve().parent / "bench_batch.py")
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "batch.xlsx"
        subprocess.run([sys.executable, script, "--make", str(units), str(workbook)], check=True, capture_output=True)
        run = subprocess.run([sys.executable, script, "--child", str(workbook), str(Path(folder) / "out"),
                              "--jobs", str(jobs)], check=True, capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


# -- cold start -----------------------------------------------------------------
def cli_path() -> str:
    """The installed console script (not a pyenv shim, which adds its own start-up)."""
    beside = Path(sys.executable).with_name("edureport")
    return str(beside) if beside.exists() else (shutil.which("edureport") or "edureport")


def best_of_seconds(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    return best


# -- page check -----------------------------------------------------------------
def page_count(docx: bytes, folder: Path, name: str) -> int | None:
    """Pages as LibreOffice lays the document out (soffice → PDF → pdfinfo)."""
    if not (shutil.which("soffice") and shutil.which("pdfinfo")):
        return None
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    fonts = Path(edureport.__file__).parent / "resources" / "fonts.conf"
    env = dict(os.environ, **({"FONTCONFIG_FILE": str(fonts)} if fonts.exists() else {}))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(folder / f"{name}.pdf")], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def body_characters(docx: bytes) -> int:
    """Characters of paragraph text as Word shows them: the three engines must agree."""
    import io

    from docx import Document

    return sum(len(p.text) for p in Document(io.BytesIO(docx)).paragraphs)


def _machine_busy_seconds() -> float | None:
    """CPU seconds all processes have used since boot (Linux /proc/stat), else None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def others_share(start: tuple[float | None, float, float]) -> float | None:
    """Share of the machine's CPU that *other* programs used since ``start``: a busy
    machine makes every figure slower, so the run says how quiet it was."""
    busy0, own0, wall0 = start
    busy1 = _machine_busy_seconds()
    if busy0 is None or busy1 is None:
        return None
    others = (busy1 - busy0) - (_own_seconds() - own0)
    return max(others, 0.0) / ((time.perf_counter() - wall0) * (os.cpu_count() or 1))


# -- the run --------------------------------------------------------------------
REPEATS = {8: (30, 30, 5), 80: (15, 15, 2), 800: (9, 9, 1)}  # edureport, docxtpl, pandoc: medians of enough runs to be stable
QUICK_REPEATS = {8: (7, 5, 3), 80: (3, 2, 1), 800: (1, 1, 1)}


def compare_engines(quick: bool, pages: bool) -> None:
    template = docxtpl_template.build_template()
    env = docxtpl_template.jinja_environment()
    has_pandoc = pandoc_markdown.available()
    print(f"pandoc: {pandoc_markdown.version() if has_pandoc else '未安装，跳过 (not installed, skipped)'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reference = folder / "reference.docx"
        reference.write_bytes(template)

        def engines(data: dict) -> dict:
            found = {"edureport": lambda: edureport.render(data, TEMPLATE),
                     "docxtpl": lambda: docxtpl_template.render(template, data, env)}
            if has_pandoc:
                found["pandoc"] = lambda: pandoc_markdown.render(pandoc_markdown.to_markdown(data), folder, reference)
            return found

        typical = sample_data.work_summary(8)
        same = {name: body_characters(make()) for name, make in engines(typical).items()}
        print(f"same content: {' / '.join(map(str, same.values()))} characters of paragraph text "
              f"({' / '.join(same)})\n")
        print(f"{'':39} {'---------- wall time ----------':>36} {'---------- CPU time -------':>30}")
        print(f"{'size':28} {'paragraphs':>10} {'edureport':>11} {'docxtpl':>11} {'pandoc':>11} {'ratio':>7} "
              f"{'edureport':>11} {'docxtpl':>11} {'ratio':>7}")
        for label, sections in SIZES:
            data = sample_data.work_summary(sections)
            counts = dict(zip(("edureport", "docxtpl", "pandoc"), (QUICK_REPEATS if quick else REPEATS)[sections]))
            ms = medians_ms(engines(data), counts)
            (ours, ours_cpu), (theirs, theirs_cpu) = ms["edureport"], ms["docxtpl"]
            pandoc_text = f"{ms['pandoc'][0]:9.1f}ms" if "pandoc" in ms else f"{'—':>11}"
            RESULTS["sizes"].append({"sections": sections, "paragraphs": sample_data.paragraph_count(data),
                                     "wall": {name: wall for name, (wall, _) in ms.items()},
                                     "cpu": {"edureport": ours_cpu, "docxtpl": theirs_cpu}})
            print(f"{label:28} {sample_data.paragraph_count(data):>10} {ours:9.1f}ms {theirs:9.1f}ms {pandoc_text} "
                  f"{ours / theirs:6.2f}× {ours_cpu:9.1f}ms {theirs_cpu:9.1f}ms {ours_cpu / theirs_cpu:6.2f}×")
        cost_curve(engines, quick)
        if pages:
            ours = [page_count(edureport.render(sample_data.work_summary(sections), TEMPLATE), folder, f"edu{sections}")
                    for _, sections in SIZES]
            theirs = page_count(docxtpl_template.render(template, typical, env), folder, "docxtpl")
            if None not in ours:
                RESULTS["pages"] = {"edureport": ours, "docxtpl": theirs}
                print(f"\npages (LibreOffice → pdfinfo): edureport {' / '.join(map(str, ours))} for the three sizes; "
                      f"docxtpl {theirs} for the typical document")


CURVE = [1, 3, 10, 30, 100, 300, 1000]  # sections (1000 sections ≈ 560 pages)


def cost_curve(engines, quick: bool) -> None:
    """CPU milliseconds per document from 1 to 1,000 sections, and what each further section costs:
    a flat cost per section means the cost is linear in the size of the document. The least CPU
    time of several runs: other programs on the machine only ever add to it (shared caches)."""
    print(f"\ncost curve (CPU time, least of interleaved runs):\n{'sections':>8} {'paragraphs':>10} "
          f"{'edureport':>11} {'docxtpl':>11} {'ratio':>7} {'edureport per added section':>28}")
    previous = None
    for sections in CURVE:
        data = sample_data.work_summary(sections)
        runs = max(1, min(5, 100 // sections)) if quick else max(5, min(15, 600 // sections))
        ms = medians_ms({name: action for name, action in engines(data).items() if name != "pandoc"},
                        {"edureport": runs, "docxtpl": runs}, cpu_statistic=min)
        ours, theirs = ms["edureport"][1], ms["docxtpl"][1]
        slope = f"{(ours - previous[1]) / (sections - previous[0]):.3f} ms" if previous else "—"
        RESULTS["curve"].append({"sections": sections, "paragraphs": sample_data.paragraph_count(data),
                                 "edureport": ours, "docxtpl": theirs, "per_section": slope})
        print(f"{sections:>8} {sample_data.paragraph_count(data):>10} {ours:9.1f}ms {theirs:9.1f}ms "
              f"{ours / theirs:6.2f}× {slope:>28}")
        previous = (sections, ours)


def cold_start(runs: int) -> None:
    help_s = best_of_seconds([cli_path(), "--help"], runs)
    python_s = best_of_seconds([sys.executable, "-c", "pass"], runs)
    RESULTS["cold_start"] = {"help_ms": help_s * 1000, "python_ms": python_s * 1000, "runs": runs}
    print(f"`edureport --help` cold start: {help_s * 1000:.0f} ms best of {runs} "
          f"(bare `python -c pass`: {python_s * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller batch, no page check")
    parser.add_argument("--no-pages", action="store_true", help="skip the LibreOffice page count")
    parser.add_argument("--batch", type=int, default=None, help="documents in the batch run (default 1000)")
    parser.add_argument("--update-readmes", action="store_true",
                        help="rewrite the figures in README.md and benchmarks/README.md from this run")
    args = parser.parse_args()
    start = (_machine_busy_seconds(), _own_seconds(), time.perf_counter())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, edureport {edureport.__version__}")
    compare_engines(args.quick, pages=not (args.quick or args.no_pages))

    count = args.batch or (200 if args.quick else 1000)
    batch = batch_end_to_end(count)
    RESULTS["batch"] = batch
    bound = batch["jobs"] * 1000 / batch["cpu_ms_per_doc"]
    print(f"\nbatch from one workbook, {batch['jobs']} processes, {batch['ok']} school summaries written to disk, "
          f"end to end (read, validate, render, write): {batch['docs_per_s']:.0f} documents/s; "
          f"CPU time {batch['cpu_ms_per_doc']:.1f} ms per document (reading the workbook "
          f"{batch['read_cpu_s'] * 1000 / batch['ok']:.1f} ms of it) → bound {bound:.0f}/s on {batch['jobs']} cores; "
          f"achieved {batch['docs_per_s'] / bound:.0%} of the bound; on an idle machine reading the workbook "
          f"(serial) caps it at {report.batch_ceiling(batch):.0%}")
    cold_start(5 if args.quick else 10)

    share = others_share(start)
    RESULTS["others_share"] = share
    RESULTS["load"] = os.getloadavg()
    RESULTS["python"] = sys.version.split()[0]
    if args.update_readmes:
        report.update_readmes(RESULTS)
        print("README.md and benchmarks/README.md: tables rewritten from this run")
    if share is not None:
        print(f"\nother programs used {share:.0%} of the CPU during this run"
              + ("  (busy machine: these figures are slower than they would be)" if share > 0.05 else ""))


if __name__ == "__main__":
    main()
