"""The hostile-input catalogue: every command over bombs, traps and careless inputs.

Each case runs ``edureport`` in a subprocess under a memory cap (``RLIMIT_AS``)
and a time cap, and asserts the exit code, the place the message names, peak
memory, time, and that nothing in the folder was written or changed (except
what the case is meant to write). An internal error (程序内部出错, exit 3) or a
traceback fails any case: an internal error is a bug. Generators live in
hostile_inputs.py.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile_inputs as make
import pytest

MB = 1024 * 1024
MEMORY_CAP = 2048 * MB  # address space: a runaway gets MemoryError instead of eating the machine
EXAMPLE = make.EXAMPLES / "school-summary.yaml"
DATE = 'yyyy"年"m"月"d"日"'

# Runs the command line in-process and reports its peak memory (its own and its workers') on exit.
_RUNNER = """
import atexit, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
def peak():
    # VmHWM: this process's own peak (ru_maxrss would include the pytest process it was forked from)
    status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0] if sys.platform == "linux" else "0"
    own = int(status) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write("\\nPEAK_KB=%d\\n" % max(own, workers))
atexit.register(peak)
sys.argv = ["edureport", *sys.argv[1:]]
from edureport.cli import main
main()
"""


@dataclass
class Case:
    name: str
    prepare: Callable[[Path], list[str]]  # writes the inputs into the folder; returns the arguments
    code: int
    expect: tuple[str, ...] = ()  # in the output: the place and the gist of the message
    writes: tuple[str, ...] = ()  # files the command may create (glob patterns); nothing else may change
    check: Callable[[Path, str], None] | None = None
    seconds: float = 10
    env: dict | None = None


def run(folder: Path, args: list[str], case: Case) -> tuple[int, str, int, float]:
    import subprocess

    env = {**os.environ, "COLUMNS": "200", **(case.env or {})}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", _RUNNER.format(cap=MEMORY_CAP), *args], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=case.seconds + 20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        pytest.fail(f"{case.name}: still running after {case.seconds + 20} s")
    seconds = time.monotonic() - started
    text = out.decode("utf-8", "replace") + err.decode("utf-8", "replace")
    peak = max([int(line[8:]) for line in text.splitlines() if line.startswith("PEAK_KB=")] or [0])
    return process.returncode, text.replace("\nPEAK_KB=", "\n"), peak // 1024, seconds


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()}


# -- the cases ---------------------------------------------------------------------------------
def _xlsx(maker, *args, **kwargs):
    def prepare(folder: Path) -> list[str]:
        maker(folder / "data.xlsx", *args, **kwargs)
        return ["validate", "data.xlsx"]
    return prepare


def _command(command: list[str], maker=None, name: str = "", **kwargs):
    def prepare(folder: Path) -> list[str]:
        if maker is not None:
            maker(folder / name, **kwargs)
        return list(command)
    return prepare


def _render(name: str, maker, *extra, **kwargs):
    return _command(["render", name, "-o", "out.docx", *extra], maker, name, **kwargs)


def _validate(name: str, maker, **kwargs):
    return _command(["validate", name], maker, name, **kwargs)


def _batch(maker, *extra, **kwargs):
    return _command(["batch", "data.xlsx", "-o", "out", *extra], maker, "data.xlsx", **kwargs)


def _template(change: Callable[[Path], None], command: str = "render"):
    def prepare(folder: Path) -> list[str]:
        template = make.copy_template(folder / "tpl", "work-summary")
        (template / "template.yaml").write_text((template / "template.yaml").read_text(encoding="utf-8")
                                                .replace("id: work-summary", "id: hostile"), encoding="utf-8")
        change(template)
        if command == "check":
            return ["templates", "check", str(template)]
        return ["render", str(EXAMPLE), "-t", "hostile", "--templates-dir", "tpl", "-o", "out.docx"]
    return prepare


def _in_body(text: str) -> Callable[[Path], None]:
    def change(template: Path) -> None:
        body = template / "body.md.j2"
        body.write_text(body.read_text(encoding="utf-8").replace("{% endblock %}", text + "\n{% endblock %}"),
                        encoding="utf-8")
    return change


def _symlinked_include(template: Path) -> None:
    os.symlink("/etc/hostname", template / "host.txt")
    _in_body('{% include "host.txt" %}')(template)


def _style(text_change: Callable[[str], str], encoding: str = "utf-8"):
    def prepare(folder: Path) -> list[str]:
        source = (make.ROOT / "edureport" / "styles" / "profiles" / "gbt9704.yaml").read_text(encoding="utf-8")
        (folder / "house.yaml").write_bytes(text_change(source).encode(encoding))
        return ["render", str(EXAMPLE), "--style", "house.yaml", "-o", "out.docx"]
    return prepare


def _fifo(command: str):
    def prepare(folder: Path) -> list[str]:
        make.fifo(folder / ("data.yaml" if command != "check" else "a.docx"))
        return [command, "data.yaml" if command != "check" else "a.docx"]
    return prepare


def _sparse(name: str, size: int, command: str):
    def prepare(folder: Path) -> list[str]:
        with open(folder / name, "wb") as stream:
            stream.truncate(size)  # no disk used: the size alone must be refused, before reading
        return [command, name]
    return prepare


def _with_existing(name: str, content: bytes, args: list[str]):
    def prepare(folder: Path) -> list[str]:
        (folder / name).write_bytes(content)
        return args
    return prepare


def _annotated_preview(folder: Path) -> list[str]:
    import subprocess

    subprocess.run([sys.executable, "-m", "edureport", "render", str(EXAMPLE), "-f", "html", "-o", "preview.html"],
                   cwd=folder, check=True, capture_output=True)
    preview = folder / "preview.html"
    preview.write_text(preview.read_text(encoding="utf-8").replace("<body>", "<body><p>批注：第二段要改</p>"),
                       encoding="utf-8")
    return ["render", str(EXAMPLE), "-f", "html", "-o", "preview.html"]


def _file_names_fit(limit: int = 255) -> Callable[[Path, str], None]:
    def check(folder: Path, output: str) -> None:
        names = [p.name for p in folder.glob("*.docx")]
        assert names, output
        for name in names:
            assert len(name.encode("utf-8")) <= limit and "\u202e" not in name, name
    return check


def _yaml_text(text: str):
    def maker(path: Path) -> Path:
        path.write_text(text, encoding="utf-8")
        return path
    return maker


def _deep_items_yaml(path: Path, depth: int = 10) -> Path:
    lines = ["文种: 工作总结", "单位: 某某区实验小学", "年度: 2024", "主要成绩:"]
    indent = "  "
    for level in range(depth):
        lines += [f"{indent}- 标题: 第{level + 1}层", f"{indent}  内容: 内容。", f"{indent}  子项:"]
        indent += "    "
    lines.append(f"{indent}- 标题: 最深")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SERIAL = dict(date_value=20241220, date_format=DATE)
CASES = [
    # High 1: a typed number in a date cell
    Case("serial-date-render", _render("data.xlsx", make.basic_workbook, **SERIAL), 2,
         ("基本信息!B5", "是否应为 2024年12月20日")),
    Case("serial-date-validate", _validate("data.xlsx", make.basic_workbook, **SERIAL), 2,
         ("基本信息!B5", "是否应为 2024年12月20日")),
    Case("serial-negative", _render("data.xlsx", make.basic_workbook, date_value=-5, date_format=DATE), 2,
         ("基本信息!B5", "-5 不是有效的日期")),
    Case("serial-date-batch", _batch(make.batch_workbook, dates={1: 20241220}, date_format=DATE), 2,
         ("基本信息!D3", "是否应为 2024年12月20日"), writes=("out", "out/*.docx"),
         check=lambda folder, output: (len(list((folder / "out").glob("*.docx"))) == 2) or pytest.fail(output)),
    # High 2: small files that inflate
    Case("shared-strings-bomb", _xlsx(make.shared_strings_bomb), 2, ("xl/sharedStrings.xml", "上限")),
    Case("shared-strings-bomb-batch", _batch(make.shared_strings_bomb), 2, ("xl/sharedStrings.xml",)),
    Case("shared-strings-2gib", _xlsx(make.shared_strings_bomb, 2048 * MB), 2, ("xl/sharedStrings.xml", "2048 MB")),
    Case("one-huge-cell", _render("data.xlsx", make.one_huge_cell), 2, ("xl/sharedStrings.xml",)),
    Case("cell-beyond-excel-limit", _render("data.xlsx", lambda p: make.with_shared_strings(
        make.basic_workbook(p), make.SHARED_HEAD + b"<si><t>" + "长".encode() * 40_000 + b"</t></si></sst>")), 2,
         ("基本信息!B6", "32,767")),
    Case("yaml-alias-bomb", _render("data.yaml", make.alias_bomb), 2, ("data.yaml:4", "展开后过大")),
    Case("docx-bomb-check", _command(["check", "a.docx"], make.docx_bomb, "a.docx"), 2, ("word/document.xml", "上限")),
    # High 3: merged ranges, long parent chains
    # (merged cells repeat the value of their first cell, and name it: 主要成绩!A2)
    # merges fill downward only, and only within the rows that hold data: the one row renders, quickly
    Case("merged-whole-sheet", _render("data.xlsx", make.merged_range), 0, ("已生成",), writes=("*.docx",)),
    Case("merged-100000-rows", _render("data.xlsx", make.merged_range, ref="A2:J100000"), 0, ("已生成",),
         writes=("*.docx",)),
    Case("cells-over-limit", _validate("data.xlsx", make.many_cells), 2, ("主要成绩!第", "超过 400,000 个")),
    Case("merged-with-far-cell", _render("data.xlsx", make.merged_far_cell), 2, ("主要成绩!A2:XFD20000", "合并单元格覆盖的范围过大")),
    Case("parents-20000-rows", _validate("data.xlsx", make.wide_parent_rows), 0, ("数据检查通过",)),
    # Medium 8: deep nesting
    Case("parent-chain-400", _render("data.xlsx", make.deep_parent_chain), 2, ("主要成绩!C9", "层级过深")),
    Case("json-300-deep", _render("data.json", make.deep_json), 2, ("data.json:", "嵌套超过")),
    Case("yaml-items-10-deep", _render("data.yaml", _deep_items_yaml), 2, ("data.yaml:", "子项嵌套过深")),
    # Medium 9 and Low 15: the template sandbox
    Case("template-nested-range", _template(_in_body(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")), 1,
         ("body.md.j2:", "超过 2 秒"), env={"EDUREPORT_LIMIT_MAX_RENDER_SECONDS": "2"}),
    Case("template-output-flood", _template(_in_body(
        "{% for i in range(100000) %}{% for j in range(100000) %}一二三四五六七八九十{% endfor %}{% endfor %}")), 1,
         ("body.md.j2:", "模板输出超过")),
    Case("template-symlink-include", _template(_symlinked_include), 1, ("body.md.j2:", "模板文件夹以外的链接")),
    Case("template-symlink-check", _template(_symlinked_include, "check"), 1, ("模板文件夹以外的链接",)),
    Case("template-huge-power", _template(_in_body("{{ 10**100000 }}")), 1, ("body.md.j2:", "乘方结果过大")),
    Case("template-includes-itself", _template(_in_body('{% include "body.md.j2" %}')), 1,
         ("body.md.j2:", "引用自身")),
    Case("template-yaml-gbk", _template(lambda t: (t / "template.yaml").write_bytes(
        (t / "template.yaml").read_text(encoding="utf-8").encode("gbk")), "check"), 1, ("template.yaml", "UTF-8")),
    # Medium 10: check
    Case("check-measure-forms", _command(["check", "a.docx"], make.docx_with_measures, "a.docx"), 0, ("未发现问题",)),
    Case("check-dev-zero", _command(["check", "/dev/zero"]), 2, ("/dev/zero", "不是普通文件")),
    Case("check-fifo", _fifo("check"), 2, ("a.docx", "不是普通文件")),
    # Low 11, 17: file names
    Case("title-of-emoji", _command(["render", "data.yaml"], make.long_title_yaml, "data.yaml", title="😀" * 100),
         0, ("已生成",), writes=("*.docx",), check=_file_names_fit()),
    Case("title-with-bidi-override", _command(["render", "data.yaml"], make.long_title_yaml, "data.yaml",
                                              title="某某学校\u202excod.exe"), 0, ("已生成",), writes=("*.docx",),
         check=_file_names_fit()),
    Case("output-name-too-long", _command(["render", str(EXAMPLE), "-o", "长" * 90 + ".docx"]), 2, ("文件名太长",)),
    # Medium 6: no clobbering, every output kind
    Case("user-pdf-kept", _with_existing("总结.pdf", b"%PDF-1.4 /Producer (LibreOffice 7.6) exported by hand",
                                         ["render", str(EXAMPLE), "-o", "总结.docx", "--pdf"]), 2, ("总结.pdf", "--force")),
    Case("annotated-preview-kept", _annotated_preview, 2, ("preview.html", "--force")),
    Case("user-docx-kept", _with_existing("out.docx", b"my own file", ["render", str(EXAMPLE), "-o", "out.docx"]), 2,
         ("out.docx", "--force")),
    Case("init-over-user-file", _with_existing("工作总结数据.xlsx", b"my own workbook", ["init"]), 2, ("--force",)),
    # Low 19: messages show what a person sees, never a Python repr
    Case("odd-column-headers", _validate("data.xlsx", make.odd_headers), 2,
         ("主要成绩!B1", "“2024年1月1日”", "“TRUE”", "主要成绩!D1", "“#REF!”")),
    # Low 12: entity bombs, broken indices
    Case("entity-bomb", _xlsx(make.entity_bomb), 2, ("xl/sharedStrings.xml", "DTD")),
    Case("broken-sheet-xml", _render("data.xlsx", lambda path: make.rewrite_parts(make.basic_workbook(path), {
        "xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"</sheetData>", b"</sheetDat>")})), 2,
         ("data.xlsx 中的 xl/worksheets/sheet1.xml", "XML 格式不正确")),
    Case("shared-string-index", _render("data.xlsx", make.shared_index_out_of_range), 2, ("基本信息!B6", "99999")),
    # Low 13: YAML line numbers
    Case("yaml-unclosed-quote", _render("data.yaml", _yaml_text('单位: "某某学校\n年度: 2024\n基本情况: 学校现有教学班48个。\n')),
         2, ("data.yaml:1:", "引号没有闭合")),
    Case("yaml-line-separator", _render("data.yaml", _yaml_text("单位: 某某\u2028学校\n年度: 2024\n文种: 工作总结\n"
                                                                 "主送机关: 区教育局\n成文日期: 2024年13月1日\n")),
         2, ("data.yaml:5:",)),
    # Low 14: style files
    Case("style-extends-itself", _style(lambda s: s.replace("name: gbt9704", "name: house\nextends: house.yaml")), 2,
         ("house.yaml", "循环")),
    Case("style-bad-values", _style(lambda s: s.replace("size: 22, line: 35", "size: 大, line: -3", 1)
                                    .replace("width: 11906", "width: wide")), 2,
         ("house.yaml:41：title.size的值“大”无法识别", "house.yaml:41：title.line", "house.yaml:12：page.width")),
    Case("style-gbk", _style(lambda s: s, "gbk"), 2, ("house.yaml", "UTF-8")),
    # Low 15, 21: numbers
    Case("json-5000-digit-integer", _render("data.json", make.huge_json_integer), 2, ("data.json:2", "位数过多")),
    Case("number-of-41-digits", _render("data.yaml", make.long_number_yaml), 2, ("data.yaml:14", "位数过多")),
    # Low 16: one bad unit row in a batch
    Case("batch-duplicate-unit-row", _batch(make.batch_workbook, units=["甲校", "乙校", "甲校"]), 2,
         ("基本信息!A4", "出现了两次"), writes=("out", "out/*.docx"),
         check=lambda folder, output: [p.name for p in (folder / "out").glob("*.docx")] == ["乙校.docx"] or pytest.fail(output)),
    # Low 18: not a regular file, too big
    Case("fifo-input", _fifo("render"), 2, ("data.yaml", "不是普通文件")),
    Case("dev-zero-input", _command(["validate", "/dev/zero"]), 2, ("/dev/zero", "不是普通文件")),
    Case("input-over-size-limit", _sparse("data.yaml", 80 * MB, "render"), 2, ("data.yaml", "文件太大")),
    # Low 20: --jobs
    Case("jobs-10000", _batch(make.batch_workbook, "--jobs", "10000"), 0, ("--jobs 10000 过多", "改用"),
         writes=("out", "out/*.docx")),
]


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, tuple]:
    """Run the selected cases two at a time (each is its own process): the catalogue takes half as long."""
    from concurrent.futures import ThreadPoolExecutor

    selected = {item.callspec.params["case"].name for item in request.session.items
                if getattr(item, "callspec", None) and isinstance(item.callspec.params.get("case"), Case)}

    def attempt(case: Case) -> tuple:
        folder = tmp_path_factory.mktemp(case.name)
        args = case.prepare(folder)
        before = snapshot(folder)
        return (folder, before, *run(folder, args, case))

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case.name: pool.submit(attempt, case) for case in CASES if case.name in selected}
    return {name: future for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, outcomes):
    if "fifo" in case.name and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    folder, before, code, output, peak_mb, seconds = outcomes[case.name].result()
    assert "Traceback" not in output and "程序内部出错" not in output, output[-3000:]
    english = re.search(r"\b[A-Z][a-z]+(?:Error|Exception)\b|NoneType|\bobject at 0x|\w+\(\w+=", output)
    assert not english, f"English or a Python repr in a message: {english.group()!r}\n{output[-3000:]}"
    assert code == case.code, f"exit {code}, expected {case.code}:\n{output[-3000:]}"
    for expected in case.expect:
        assert expected in output, f"{expected!r} not in:\n{output[-3000:]}"
    assert seconds < case.seconds, f"{seconds:.1f} s"
    if case.code != 0:
        assert peak_mb < 300, f"peak memory {peak_mb} MB for a refused input"
    after = snapshot(folder)
    allowed = {name for name in after if any(Path(name).match(pattern) for pattern in (*case.writes, "结果.csv"))}
    # (a batch always leaves its 结果.csv: which units were written and why the others were not)
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)} - allowed
    assert not changed, f"written or changed: {sorted(changed)}"
    if case.check is not None:
        case.check(folder, output)
    REPORT.append((case.name, code, peak_mb, seconds))


REPORT: list[tuple[str, int, int, float]] = []  # (case, exit code, peak MB, seconds): printed by the figures test


def test_figures_of_the_catalogue(capsys):
    """Not an assertion: prints every case's exit code, peak memory and time (pytest -s shows them)."""
    with capsys.disabled():
        for name, code, peak, seconds in sorted(REPORT, key=lambda r: -r[2]):
            print(f"{name:32} exit {code:3}  {peak:4} MB  {seconds:5.1f} s")


def test_dates_stay_dates(tmp_path):
    """The serial-date guard must not touch real dates (the default 基本信息!B5 is 2024-12-20)."""
    from edureport.intake.validate import validate
    from edureport.sources import read_source
    from edureport.templating.registry import get_registry

    path = make.basic_workbook(tmp_path / "a.xlsx", date_value=dt.datetime(2024, 12, 20), date_format=DATE)
    data = validate(read_source(path), get_registry().get("work-summary")).data
    assert str(data["date"]) == "2024年12月20日"
