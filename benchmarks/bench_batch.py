"""Batch throughput: documents per second from one workbook, and peak memory.

    python benchmarks/bench_batch.py                 # 250 and 1000 units, all cores
    python benchmarks/bench_batch.py --units 1000 --jobs 2

Each unit is a typical school work summary of 6–8 pages (intro, a metric table,
five achievements with sub-items and points, experience, problems, plans). Each
size runs in a fresh Python process that reads the workbook, validates every
unit and renders them in parallel exactly as ``edureport batch`` does; it reports
wall time (all of it: reading, validating, rendering, writing), CPU time per
document (a fair figure when other programs share the machine), and peak
resident memory. Workers are forked after the workbook is read, so a worker's
resident size includes the parent's pages it shares; what a worker adds on top
stays flat from 250 to 1000 units, and only the workbook's own data (held once,
in the parent) grows with the number of units.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = ("学校坚持问题导向和目标导向相结合，把{topic}作为年度重点工作，细化责任分工，"
             "建立月调度、季通报工作机制，及时研究解决推进中遇到的困难，确保各项措施落到实处、见到实效。")
TOPICS = ["立德树人", "课堂教学改革", "教师队伍建设", "课后服务", "校园安全", "家校协同", "体育美育", "信息化建设"]


sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
from make_batch_example import metric  # noqa: E402  (one definition of a metric row)


def item(index: int, seed: int, sub_items: int = 2) -> dict:
    topic = TOPICS[(index + seed) % len(TOPICS)]
    entry = {
        "标题": f"扎实推进{topic}，第{index + 1}项工作取得新成效",
        "内容": [PARAGRAPH.format(topic=topic), PARAGRAPH.format(topic=topic + "专项行动")],
        "要点": [f"完善{topic}工作制度", f"开展{topic}专题培训{seed % 7 + 3}场", f"形成{topic}典型案例{seed % 5 + 2}个"],
        "子项": [{"标题": f"{topic}重点举措{k + 1}", "内容": PARAGRAPH.format(topic=f"{topic}举措{k + 1}")}
                 for k in range(sub_items)],
    }
    if index % 2 == 0:
        entry["指标"] = [metric(f"{topic}覆盖率", 90 + (seed + index) % 10, "%", 85 + (seed + index) % 8, 95)]
    return entry


def unit_data(number: int) -> dict:
    students = 900 + number * 7 % 1500
    return {
        "文种": "工作总结",
        "单位": f"某某区第{number + 1}学校",
        "年度": 2024,
        "主送机关": "区教育局",
        "成文日期": "2024-12-25",
        "基本情况": [f"学校现有教学班{20 + number % 30}个，在校学生{students}人，教职工{80 + number % 90}人。",
                     PARAGRAPH.format(topic="五育并举、质量立校")],
        "指标": [metric("在校学生", students, "人", students - 40),
                 metric("区级以上骨干教师", 10 + number % 20, "人", 8 + number % 20, 12 + number % 20),
                 metric("学生体质健康测试优良率", 55.5 + number % 10, "%", 52.1 + number % 10, 60),
                 metric("课后服务参与率", 90.5 + number % 9, "%", 88.0 + number % 9),
                 metric("校舍维修投入", 300000 + number * 1000, "元", 250000 + number * 900),
                 metric("新增图书", 2000 + number % 500, "册", 1800)],
        "主要成绩": [item(i, number, sub_items=1 + i % 2) for i in range(5)],
        "经验体会": [{"标题": f"以{t}带动整体工作", "内容": PARAGRAPH.format(topic=t)} for t in TOPICS[:3]],
        "存在问题": [{"标题": f"{t}仍有短板", "内容": PARAGRAPH.format(topic=t)} for t in TOPICS[3:6]],
        "工作打算": [item(i, number + 3, sub_items=0) for i in range(3)],
    }


def make_workbook(units: int, path: Path) -> float:
    from edureport.intake.validate import validate
    from edureport.sources import source_from_dict
    from edureport.templating.registry import get_registry
    from edureport.workbook.style import write_workbook

    started = time.perf_counter()
    spec = get_registry().get("work-summary")
    documents = [validate(source_from_dict(unit_data(i)), spec).data for i in range(units)]
    path.write_bytes(write_workbook(spec, documents, batch=True, guide=False))
    return time.perf_counter() - started


def child(workbook: Path, out_dir: Path, jobs: int) -> dict:
    """Run one batch in this (fresh) process, as the CLI does, and measure it."""
    from edureport.batch import Settings, exit_code, plan_batch, run_batch, warm_up

    started, started_cpu = time.perf_counter(), time.process_time()
    plan = plan_batch(workbook, None, out_dir)
    prepared, read_cpu = time.perf_counter(), time.process_time() - started_cpu
    settings = Settings(plan.spec_id, force=True)
    warm_up(settings)  # what run_batch does first; the workers are forked from this state
    at_fork = resident_mb()
    results = run_batch(plan, settings, jobs)
    finished = time.perf_counter()
    ok = sum(r.ok for r in results)
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return {
        "cpu_s": cpu, "cpu_ms_per_doc": cpu * 1000 / max(ok, 1), "read_cpu_s": read_cpu,
        "units": len(results), "ok": ok, "exit_code": exit_code(results), "jobs": jobs,
        "read_validate_s": prepared - started, "render_s": finished - prepared, "total_s": finished - started,
        "docs_per_s": ok / (finished - started), "render_docs_per_s": ok / (finished - prepared),
        "peak_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "parent_at_fork_mb": at_fork,
    }


def resident_mb() -> float:
    """This process's resident memory now (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def pdf_pages(docx: Path) -> int | None:
    import re
    import shutil

    if not shutil.which("soffice") or not shutil.which("pdfinfo"):
        return None
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, FONTCONFIG_FILE=str(Path(__file__).resolve().parent.parent
                                                   / "edureport" / "resources" / "fonts.conf"))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", folder, str(docx)], capture_output=True, timeout=180, check=False, env=env)
        pdf = Path(folder) / (docx.stem + ".pdf")
        if not pdf.exists():
            return None
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        match = re.search(r"Pages:\s+(\d+)", info)
        return int(match.group(1)) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, nargs="*", default=[250, 1000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--child", nargs=2, metavar=("WORKBOOK", "OUT_DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, metavar=("UNITS", "WORKBOOK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]), args.jobs)))
        return 0
    if args.make:
        print(make_workbook(int(args.make[0]), Path(args.make[1])))
        return 0
    print(f"CPU 核数（可用）：{len(os.sched_getaffinity(0))}，并行进程：{args.jobs}")
    peaks: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        for units in args.units:
            workbook = Path(folder) / f"batch-{units}.xlsx"
            # each step in its own process: a child's peak memory must not include what made the workbook
            made = float(subprocess.run([sys.executable, __file__, "--make", str(units), str(workbook)],
                                        capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            out_dir = Path(folder) / f"out-{units}"
            load_before = os.getloadavg()[0]
            run = subprocess.run([sys.executable, __file__, "--child", str(workbook), str(out_dir), "--jobs",
                                  str(args.jobs)], capture_output=True, text=True, check=False)
            if run.returncode != 0:
                print(run.stderr, file=sys.stderr)
                return 1
            result = json.loads(run.stdout.strip().splitlines()[-1])
            sample = next(out_dir.glob("*.docx"))
            pages = pdf_pages(sample) if units == args.units[0] else None
            print(f"{units} 个单位（工作簿 {workbook.stat().st_size / 1e6:.1f} MB，生成用时 {made:.1f} 秒）："
                  f"成功 {result['ok']}，总用时 {result['total_s']:.1f} 秒"
                  f"（读取+校验 {result['read_validate_s']:.1f} 秒，渲染 {result['render_s']:.1f} 秒），"
                  f"{result['docs_per_s']:.0f} 份/秒（渲染阶段 {result['render_docs_per_s']:.0f} 份/秒），"
                  f"峰值内存：主进程 {result['peak_parent_mb']:.0f} MB（开始渲染时 {result['parent_at_fork_mb']:.0f} MB），"
                  f"单个工作进程 {result['peak_worker_mb']:.0f} MB（含与主进程共享的页面）"
                  + (f"；每份 {pages} 页" if pages else ""))
            bound = args.jobs * 1000 / result['cpu_ms_per_doc']
            print(f"    CPU 时间合计 {result['cpu_s']:.1f} 秒（读取+拆分 {result['read_cpu_s']:.1f} 秒），"
                  f"每份 {result['cpu_ms_per_doc']:.1f} 毫秒；按 CPU 时间折算，{args.jobs} 核的处理能力约为 "
                  f"{bound:.0f} 份/秒，本次墙钟为其 {100 * result['docs_per_s'] / bound:.0f}%"
                  f"（机器被其他进程占用时，墙钟速度会低于此值；开始时 1 分钟平均负载 {load_before:.1f}）")
            peaks.append((units, result["peak_parent_mb"]))
    if len(peaks) > 1:
        (small, low), (large, high) = peaks[0], peaks[-1]
        print(f"内存增长：{small}→{large} 个单位，主进程峰值增加 {high - low:.0f} MB，"
              f"即每个单位 {(high - low) * 1024 / (large - small):.0f} KB（主进程持有的工作簿数据）")
    load = os.getloadavg()[0]
    print(f"测量时系统负载（1 分钟平均）：{load:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
