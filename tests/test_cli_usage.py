"""Mistakes on the command line are explained in Chinese, with exit code 2.

``typer.testing.CliRunner`` calls the app directly and so skips ``main()``,
which is where usage errors are translated; those cases run ``main()`` itself
(and once the real ``python -m edureport``)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from edureport.cli import app, main

ENGLISH = ["Error:", "Usage:", "Missing", "No such", "Invalid value", "Try '", "Did you mean"]


def run_main(args: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["edureport", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


USAGE_MISTAKES = [
    (["render"], ["edureport render", "缺少参数：数据文件", ".xlsx"], "edureport render"),
    (["render", "data.yaml", "--foo"], ["未知的选项“--foo”，您是不是要用“--force”？"], "edureport render"),
    (["rendr", "data.yaml"], ["未知的命令“rendr”，您是不是要用“render”？"], "edureport"),
    (["templates", "shw"], ["未知的命令“shw”，您是不是要用“show”？"], "edureport templates"),
    (["templates", "new"], ["缺少参数：ID", "新模板的 id"], "edureport templates new"),
    (["batch", "units.xlsx", "--jobs", "0"], ["选项“--jobs / -j”的值应不小于 1"], "edureport batch"),
    (["batch", "units.xlsx", "--jobs", "many"], ["选项“--jobs / -j”的值应为整数"], "edureport batch"),
    (["init", "--format", "pdf"], ["选项“--format”的值“pdf”不可用，应为以下之一：xlsx、yaml"], "edureport init"),
    (["render", "data.yaml", "-o"], ["选项“-o”后面缺少值"], "edureport render"),
    (["render", "data.yaml", "--force=yes"], ["选项“--force”是开关，不能带值"], "edureport render"),
    (["render", "data.yaml", "extra.yaml"], ["多余的参数：extra.yaml"], "edureport render"),
]


@pytest.mark.parametrize("args,expected,command", USAGE_MISTAKES, ids=[" ".join(c[0]) for c in USAGE_MISTAKES])
def test_usage_mistake_is_explained_in_chinese(args, expected, command, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(args, monkeypatch, capsys)
    assert code == 2
    assert out == ""
    for text in expected:
        assert text in err
    assert f"错误：{command}：" in err
    assert f"请运行 {command} --help 查看用法" in err
    for english in ENGLISH:
        assert english not in err
    assert list(tmp_path.iterdir()) == []


def test_main_keeps_exit_codes_of_commands(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert run_main(["--version"], monkeypatch, capsys)[0] == 0
    code, out, _ = run_main(["templates", "list"], monkeypatch, capsys)
    assert code == 0 and "工作总结" in out
    code, _, err = run_main(["render", "missing.yaml", "-t", "工作总结"], monkeypatch, capsys)
    assert code == 2 and "missing.yaml" in err


def test_real_command_line_reports_missing_input_in_chinese(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "edureport", "render"], capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 2
    assert "错误：edureport render：缺少参数：数据文件" in result.stderr
    assert "请运行 edureport render --help 查看用法" in result.stderr
    assert "Missing argument" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], ["templates", "--help"],
                                  ["templates", "show", "--help"], ["batch", "--help"]])
def test_help_option_is_described_in_chinese(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert "--help" in result.output and "显示帮助并退出" in result.output
    assert "Show this message" not in result.output


@pytest.mark.parametrize("args,metavar", [(["render", "--help"], "数据文件"), (["validate", "--help"], "数据文件"),
                                          (["check", "--help"], "Word文件"), (["batch", "--help"], "工作簿"),
                                          (["templates", "show", "--help"], "模板"),
                                          (["templates", "check", "--help"], "模板文件夹")])
def test_arguments_have_readable_names_in_usage(args, metavar):
    usage = CliRunner().invoke(app, args).output.splitlines()[0]
    assert usage.endswith(f"{{{metavar}}}")
