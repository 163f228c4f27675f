"""Interrupting a batch of 2,000 units: only complete documents, a truthful summary, no process left behind.

Each test starts ``edureport batch`` in its own session, signals it (or one of its
workers) at a random moment once documents are being written, and then checks the
output folder, the summary and that no process of that session is alive 2 s later.
"""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hostile_inputs import ROOT, batch_workbook

UNITS = 2000
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("signals")
    return batch_workbook(folder / "units.xlsx", units=[f"某某区第{i + 1}小学" for i in range(UNITS)])


def session_processes(session: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # field 6 of stat: session id
            alive.append(int(entry.name))
    return alive


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def start_batch(workbook: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "edureport", "batch", str(workbook), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "COLUMNS": "200"})


def wait_for_documents(out: Path, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.is_dir() and sum(1 for _ in out.glob("*.docx")) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"no {at_least} documents after {timeout} s")


def assert_only_complete_documents(out: Path) -> list[Path]:
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".docx") and p.name != "结果.csv"]
    assert not leftovers, leftovers  # no temporary .part files
    documents = sorted(out.glob("*.docx"))
    for document in documents:
        with zipfile.ZipFile(document) as package:
            assert package.testzip() is None
            assert b"</w:document>" in package.read("word/document.xml")
    return documents


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[int, str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout.decode() + stderr.decode()


def assert_no_process_after(session: int, seconds: float = 2.0) -> None:
    deadline = time.monotonic() + seconds
    while session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not session_processes(session), "processes left behind"


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_batch_leaves_complete_documents_and_a_true_summary(big_workbook, tmp_path, signum, code):
    out = tmp_path / "out"
    process = start_batch(big_workbook, out)
    wait_for_documents(out, random.randint(1, 60))
    time.sleep(random.random())
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C in a terminal reaches the whole process group
    else:
        os.kill(process.pid, signum)
    signalled = time.monotonic()
    returncode, output = finish(process)
    assert returncode == code, output
    assert time.monotonic() - signalled < 3, "kept working after the signal"
    assert "Traceback" not in output and "程序内部出错" not in output
    documents = assert_only_complete_documents(out)
    assert 0 < len(documents) < UNITS
    written = re.search(r"已中断（收到 [^）]+）：已生成 (\d+) 份", output)
    assert written and int(written.group(1)) == len(documents), output
    untouched = re.search(r"(\d+) 个单位没有开始生成", output)
    assert untouched and int(untouched.group(1)) == UNITS - len(documents), output
    assert_no_process_after(process.pid)


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(big_workbook, tmp_path):
    out = tmp_path / "out"
    process = start_batch(big_workbook, out)
    wait_for_documents(out, 5)
    workers = children(process.pid)
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    assert_no_process_after(process.pid)
    assert_only_complete_documents(out)


@pytest.mark.slow
def test_a_killed_worker_costs_no_unit(big_workbook, tmp_path):
    out = tmp_path / "out"
    process = start_batch(big_workbook, out)
    wait_for_documents(out, random.randint(5, 200))
    workers = children(process.pid)
    assert workers
    os.kill(random.choice(workers), signal.SIGKILL)
    returncode, output = finish(process, timeout=180)
    assert returncode == 0, output[-3000:]
    documents = assert_only_complete_documents(out)
    assert len(documents) == UNITS
    assert f"共 {UNITS} 个单位：成功 {UNITS}，失败 0" in output
    assert_no_process_after(process.pid)


def test_render_ends_cleanly_on_sigterm(tmp_path):
    """A single render told to stop leaves no temporary file and exits 143 (the template loops for a while)."""
    from hostile_inputs import copy_template

    template = copy_template(tmp_path / "tpl")
    meta = template / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: work-summary", "id: slow"), encoding="utf-8")
    body = template / "body.md.j2"
    body.write_text(body.read_text(encoding="utf-8").replace(
        "{% endblock %}", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n{% endblock %}"),
        encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "edureport", "render", str(ROOT / "examples" / "school-summary.yaml"),
                                "-t", "slow", "--templates-dir", "tpl", "-o", "out.docx"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(1.5)
    os.kill(process.pid, signal.SIGTERM)
    returncode, output = finish(process, timeout=10)
    assert returncode == 143, output
    assert "SIGTERM" in output and "Traceback" not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tpl"]
