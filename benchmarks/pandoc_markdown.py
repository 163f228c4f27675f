"""The pandoc side of the benchmark: the same 工作总结 as Markdown, converted
by the ``pandoc`` binary (one process per document, as a script would call
it). Numbering and metric sentences are computed in Python with edureport's
filters, since Markdown has no logic; pandoc's own styles are used, with the
page set-up and styles of the docxtpl template as ``--reference-doc``."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from edureport.templating.filters import amount, change_short, cn_number, completion_rate, date, metric_sentences


def available() -> bool:
    return shutil.which("pandoc") is not None


def version() -> str:
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def _items(items: list[dict], target_label: str) -> list[str]:
    lines = []
    for index, item in enumerate(items, 1):
        text = item["text"] if isinstance(item["text"], list) else [item["text"]]
        parts = list(text)
        if item.get("metrics"):
            parts.append(metric_sentences(item["metrics"], "较上年", target_label))
        lines.append(f"**（{cn_number(index)}）{item['title']}。**{parts[0]}\n")
        lines += [f"{p}\n" for p in parts[1:]]
    return lines


def to_markdown(data: dict) -> str:
    lines = ["---", f"title: {data['org']}{data['year']}年工作总结", "---", "", f"{data['recipient']}：", ""]
    lines += [f"{p}\n" for p in data["intro"]]
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        lines.append(f"# {cn_number(section)}、{text}\n")

    if data.get("metrics"):
        heading("主要指标完成情况")
        lines.append("| 序号 | 指标 | 单位 | 本年 | 上年 | 增减 | 目标 | 完成率 |")
        lines.append("|:---:|---|:---:|---:|---:|---:|---:|---:|")
        for index, m in enumerate(data["metrics"], 1):
            lines.append(f"| {index} | {m['name']} | {m['unit']} | {amount(m['value'])} | {amount(m['previous'])} | "
                         f"{change_short(m['value'], m['previous'], m['unit'])} | {amount(m['target'])} | "
                         f"{completion_rate(m['value'], m['target'])} |")
        lines.append("")
    heading("主要工作及成效")
    lines += _items(data["achievements"], "年度目标")
    heading("存在的问题和不足")
    lines += _items(data["problems"], "年度目标")
    heading(f"{data['year'] + 1}年工作打算")
    lines += _items(data["plans"], "计划目标")
    lines += [f"::: {{custom-style=\"Signature\"}}\n{data['org']}\n\n{date(data['date'])}\n:::\n"]
    return "\n".join(lines)


def render(markdown: str, workdir: Path, reference_doc: Path | None) -> bytes:
    """Markdown → .docx through one ``pandoc`` process."""
    source, target = workdir / "in.md", workdir / "out.docx"
    source.write_text(markdown, encoding="utf-8")
    command = ["pandoc", str(source), "-f", "markdown", "-o", str(target)]
    if reference_doc is not None:
        command += ["--reference-doc", str(reference_doc)]
    subprocess.run(command, check=True)
    return target.read_bytes()
