"""How long `edureport format` takes for a long hand-typed document (target: a 30-page file in < 1 s).

    python benchmarks/bench_format.py [--pages]

Builds a messy .docx the way tests/corpus.py does (Normal style, direct 宋体 小四, spaces for
indentation, half-width commas, typed numbers) from the corpus fixture's paragraphs, repeated
until the formatted result is about 30 pages, then times `format_document` (read, fix, write,
and check the result) as the median of several runs, with the phases shown separately.
--pages counts the formatted pages with LibreOffice and pdfinfo.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import corpus  # noqa: E402

from edureport.checker import check_content  # noqa: E402
from edureport.checker.docx_reader import read_docx  # noqa: E402
from edureport.readers.docx import read_docx_document  # noqa: E402
from edureport.readers.formatting import finish, format_document  # noqa: E402
from edureport.styles.profile import load_profile  # noqa: E402
from edureport.templating.filters import cn_number  # noqa: E402

SECTIONS, ITEMS = 10, 9


def long_document() -> list[list[str]]:
    """A 工作总结 of SECTIONS × ITEMS run-in items, each with two body paragraphs from the fixture."""
    texts = corpus.texts()
    bodies = [e[-1] for e in texts["summary"] + texts["plan"] if e[0] in ("body", "h2", "h3") and len(e[-1]) > 30]
    entries = [["title", "某某区教育局2024年工作总结"], ["recipient", "区人民政府："], ["body", bodies[0]]]
    n = 0
    for section in range(1, SECTIONS + 1):
        entries.append(["h1", f"{cn_number(section)}、第{cn_number(section)}部分工作"])
        for item in range(1, ITEMS + 1):
            entries.append(["h2", f"（{cn_number(item)}）抓好第{item}项重点工作。", bodies[n % len(bodies)]])
            entries.append(["body", bodies[(n + 1) % len(bodies)]])
            entries.append(["body", bodies[(n + 2) % len(bodies)]])
            n += 3
    return entries + [["signature", "某某区教育局"], ["date", "2024年12月20日"]]


def median_ms(action, runs: int = 7) -> float:
    action()  # warm up: profile, writer and regexes built once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def count_pages(data: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "formatted.docx"
        path.write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", folder, str(path)], check=True, capture_output=True, timeout=180)
        info = subprocess.run(["pdfinfo", str(path.with_suffix(".pdf"))], capture_output=True, text=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    from edureport.writers.docx import write_docx

    data = corpus.normal_direct(long_document())
    profile = load_profile(None)
    result = format_document(data, profile)
    paragraphs = sum(1 for p in result.reading.content.paragraphs if p.text.strip())
    print(f"输入：{len(data) // 1024} KB，{paragraphs} 段，{len(corpus.document_text(data))} 字；"
          f"修正 {len(result.reading.changes)} 处，排版后错误 {len(result.output_report.errors)} 处")
    if "--pages" in sys.argv:
        print(f"排版后页数：{count_pages(result.data)}")
    reading = read_docx_document(data, profile)
    finish(reading.document, profile)
    written = write_docx(reading.document, profile)
    phases = {
        "读入文档模型并修正（reader）": lambda: read_docx_document(data, profile),
        "检查原文件的版式（check_content）": lambda: check_content(reading.content, profile),
        "写出 .docx（writer）": lambda: write_docx(reading.document, profile),
        "检查排版结果（check）": lambda: check_content(read_docx(written), profile),
        "format 全程": lambda: format_document(data, profile),
        "format --check（不写出）": lambda: format_document(data, profile, write=False),
    }
    for name, action in phases.items():
        print(f"{name}: {median_ms(action):.0f} ms")


if __name__ == "__main__":
    main()
