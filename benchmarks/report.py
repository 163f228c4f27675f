"""The figures of one ``bench.py`` run as Markdown, written into README.md and benchmarks/README.md.

    python benchmarks/bench.py --update-readmes

Each README keeps its prose; only the text between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->`` is replaced, so every published figure comes from one run.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE_NAMES = {8: "典型工作总结（8 个条目）", 80: "×10（80 个条目）", 800: "×100（800 个条目）"}


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×"


def _pages(results: dict, sections: int) -> str:
    pages = results.get("pages")
    if not pages:
        return ""
    index = [row["sections"] for row in results["sizes"]].index(sections)
    return f"，{pages['edureport'][index]} 页"


def machine_line(results: dict) -> str:
    share = results.get("others_share")
    load = results.get("load") or (0, 0, 0)
    busy = f"其他程序占用了 {share:.0%} 的 CPU" if share is not None else "其他程序占用的 CPU 未知"
    return (f"{dt.date.today().isoformat()}，2 核虚拟机，Python {results.get('python', '')}；运行期间{busy}，"
            f"1 分钟平均负载 {load[0]:.1f}。")


def batch_ceiling(batch: dict) -> float:
    """The share of the CPU-time bound an idle machine could reach: the parent reads the workbook
    alone (``read_cpu_s``), then the workers share the rest (Amdahl)."""
    total, serial, jobs = batch["cpu_s"], batch["read_cpu_s"], batch["jobs"]
    return (total / jobs) / (serial + (total - serial) / jobs)


def summary_table(results: dict) -> str:
    """The table of README.md: CPU time per document and the ratio to docxtpl, three sizes."""
    lines = ["| 文档 | edureport | docxtpl | edureport / docxtpl |", "|---|---:|---:|---:|"]
    for row in results["sizes"]:
        ours, theirs = row["cpu"]["edureport"], row["cpu"]["docxtpl"]
        lines.append(f"| {SIZE_NAMES.get(row['sections'], row['sections'])}{_pages(results, row['sections'])} "
                     f"| {ours:.1f} ms | {theirs:.1f} ms | {_ratio(ours, theirs)} |")
    batch, cold = results.get("batch"), results.get("cold_start")
    notes = [f"CPU 时间，同一次运行中交替测量、取中位数（{machine_line(results).rstrip('。')}）"]
    if batch:
        bound = batch["jobs"] * 1000 / batch["cpu_ms_per_doc"]
        notes.append(f"从 {batch['ok']} 个单位的工作簿批量生成（读取、校验、生成、写盘）：每份 CPU 时间 "
                     f"{batch['cpu_ms_per_doc']:.1f} ms，{batch['jobs']} 核上限 {bound:.0f} 份/秒，本次墙钟 "
                     f"{batch['docs_per_s']:.0f} 份/秒（上限的 {batch['docs_per_s'] / bound:.0%}）")
    if cold:
        notes.append(f"`edureport --help` {cold['help_ms']:.0f} ms（空跑 Python {cold['python_ms']:.0f} ms）")
    return "\n".join(lines) + "\n\n" + "；".join(notes) + "。"


def detail(results: dict) -> str:
    """benchmarks/README.md: wall and CPU time at three sizes, the cost curve, batch, cold start."""
    has_pandoc = any("pandoc" in row["wall"] for row in results["sizes"])
    head = "| 文档 | 段落 | edureport 墙钟 | docxtpl 墙钟 |" + (" pandoc 墙钟 |" if has_pandoc else "")
    head += " 比值（墙钟） | edureport CPU | docxtpl CPU | 比值（CPU） |"
    lines = [machine_line(results), "", head, "|---" * (head.count("|") - 1) + "|"]
    for row in results["sizes"]:
        wall, cpu = row["wall"], row["cpu"]
        pandoc = f" {wall['pandoc']:.0f} ms |" if has_pandoc else ""
        lines.append(f"| {SIZE_NAMES.get(row['sections'], row['sections'])}{_pages(results, row['sections'])} "
                     f"| {row['paragraphs']} | {wall['edureport']:.1f} ms | {wall['docxtpl']:.1f} ms |{pandoc} "
                     f"{_ratio(wall['edureport'], wall['docxtpl'])} | {cpu['edureport']:.1f} ms | "
                     f"{cpu['docxtpl']:.1f} ms | **{_ratio(cpu['edureport'], cpu['docxtpl'])}** |")
    lines += ["", "成本曲线（CPU 时间，交替运行取最小值；最后一列是每多一个条目 edureport 多用的时间，接近常数即与篇幅成正比）：", "",
              "| 条目 | 段落 | edureport | docxtpl | 比值 | 每多一个条目 |", "|---:|---:|---:|---:|---:|---:|"]
    for row in results["curve"]:
        lines.append(f"| {row['sections']} | {row['paragraphs']} | {row['edureport']:.1f} ms | {row['docxtpl']:.1f} ms "
                     f"| {_ratio(row['edureport'], row['docxtpl'])} | {row['per_section']} |")
    batch = results.get("batch")
    if batch:
        bound = batch["jobs"] * 1000 / batch["cpu_ms_per_doc"]
        lines += ["", f"- **批量**：{batch['ok']} 个单位的工作簿，{batch['jobs']} 个进程，端到端（读取工作簿、校验、生成、写盘）"
                      f" {batch['total_s']:.1f} 秒，{batch['docs_per_s']:.0f} 份/秒；CPU 时间每份 {batch['cpu_ms_per_doc']:.1f} ms"
                      f"（其中读取工作簿 {batch['read_cpu_s'] * 1000 / batch['ok']:.1f} ms，在主进程中串行），"
                      f"按 CPU 时间 {batch['jobs']} 核的上限为 {bound:.0f} 份/秒，本次达到上限的 "
                      f"{batch['docs_per_s'] / bound:.0%}（机器空闲时，串行读取工作簿把它限制在 "
                      f"{batch_ceiling(batch):.0%} 以内）。"]
    cold = results.get("cold_start")
    if cold:
        lines.append(f"- **冷启动**：`edureport --help` {cold['runs']} 次中最快 {cold['help_ms']:.0f} ms"
                     f"（空跑 `python -c pass` {cold['python_ms']:.0f} ms）。")
    return "\n".join(lines)


def replace_between(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- bench:{name} -->\n)(?:.*?\n)?(<!-- /bench:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"markers <!-- bench:{name} --> … <!-- /bench:{name} --> not found")
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)


def update_readmes(results: dict) -> None:
    readme = ROOT / "README.md"
    readme.write_text(replace_between(readme.read_text(encoding="utf-8"), "summary", summary_table(results)),
                      encoding="utf-8")
    bench_readme = ROOT / "benchmarks" / "README.md"
    bench_readme.write_text(replace_between(bench_readme.read_text(encoding="utf-8"), "detail", detail(results)),
                            encoding="utf-8")
