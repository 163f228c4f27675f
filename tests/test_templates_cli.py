"""Issue 6: `edureport templates list|show|new|check` and where templates are found.

A template made by `templates new` must be found through --templates-dir,
EDUREPORT_TEMPLATES and an installed template pack (entry point group
`edureport.templates`), render, and pass `templates check`.
"""
import textwrap
from pathlib import Path

import pytest
from conftest import open_docx
from typer.testing import CliRunner

import edureport
from edureport.cli import app
from edureport.templating.registry import ENV_VAR, Registry, builtin_root, forget_templates

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def new_template(tmp_path) -> Path:
    """`templates new debriefing-report --name 述职报告` in a temp folder; returns the parent folder."""
    parent = tmp_path / "my-templates"
    result = invoke("templates", "new", "debriefing-report", "--from", "situation-report",
                    "--name", "述职报告", "-o", parent)
    assert result.exit_code == 0, result.output
    return parent


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in open_docx(data).paragraphs]


def test_list_shows_builtins_with_chinese_names_and_source():
    result = invoke("templates", "list")
    assert result.exit_code == 0, result.output
    for template_id, name in (("work-summary", "工作总结"), ("situation-report", "情况汇报"),
                              ("work-points", "工作要点")):
        line = next(line for line in result.output.splitlines() if line.startswith(template_id))
        assert name in line and "内置" in line


def test_show_lists_fields_with_types_defaults_and_excel_layout():
    result = invoke("templates", "show", "工作要点")
    assert result.exit_code == 0, result.output
    out = result.output
    row = next(line for line in out.splitlines() if line.startswith("task_groups"))
    assert "重点任务" in row and "list[task]" in row and "是" in row
    assert "重点任务（task）的字段" in out and "牵头单位" in out
    assert "Excel：工作表“基本信息”的项目：" in out and "总体要求" in out
    assert "Excel：另设工作表：重点任务、保障措施" in out
    basic_info = next(line for line in out.splitlines() if line.startswith("Excel：工作表“基本信息”"))
    assert "章节标题" in basic_info  # a row of 基本信息 in the workbook, as init writes it


def test_show_unknown_template_suggests_a_close_one():
    result = invoke("templates", "show", "工作要")
    assert result.exit_code == 2
    assert "找不到模板“工作要”" in result.output and "工作要点" in result.output


def test_new_rewrites_id_name_and_example_kind(new_template):
    folder = new_template / "debriefing-report"
    meta = (folder / "template.yaml").read_text(encoding="utf-8")
    assert "id: debriefing-report" in meta and "name: 述职报告" in meta
    assert "# 情况汇报" in meta  # comments of the original survive
    assert "文种: 述职报告" in (folder / "example.yaml").read_text(encoding="utf-8")


def test_new_refuses_bad_id_and_existing_folder(new_template):
    result = invoke("templates", "new", "Debriefing Report", "-o", new_template)
    assert result.exit_code == 2 and "不合规" in result.output
    result = invoke("templates", "new", "debriefing-report", "-o", new_template)
    assert result.exit_code == 2 and "已存在" in result.output


def test_new_template_passes_check(new_template):
    result = invoke("templates", "check", new_template / "debriefing-report")
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output


def test_new_template_found_via_templates_dir(new_template, tmp_path):
    result = invoke("templates", "list", "--templates-dir", new_template)
    line = next(line for line in result.output.splitlines() if line.startswith("debriefing-report"))
    assert "述职报告" in line and "--templates-dir" in line
    out = tmp_path / "out.docx"
    result = invoke("render", new_template / "debriefing-report" / "example.yaml",
                    "--templates-dir", new_template, "-o", out)
    assert result.exit_code == 0, result.output
    texts = body_texts(out.read_bytes())
    assert "特此汇报。" in texts
    assert open_docx(out.read_bytes()).core_properties.title.endswith("情况的汇报")


def test_new_template_found_via_environment(new_template, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(new_template))
    result = invoke("templates", "show", "述职报告")
    assert result.exit_code == 0, result.output
    assert "述职报告（debriefing-report）" in result.output and ENV_VAR in result.output
    data = edureport.render(new_template / "debriefing-report" / "example.yaml", "述职报告")
    assert "特此汇报。" in body_texts(data)


def test_later_source_overrides_earlier_by_id_and_by_name(new_template, tmp_path, monkeypatch):
    # an environment copy of work-summary is overridden by a --templates-dir copy
    env_dir, cli_dir = tmp_path / "env", tmp_path / "cli"
    for parent, label in ((env_dir, "环境"), (cli_dir, "命令行")):
        assert invoke("templates", "new", "work-summary", "--name", "工作总结", "-o", parent).exit_code == 0
        meta = parent / "work-summary" / "template.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace(
            'title: "{{ org }}{{ year }}年工作总结"', f'title: "{label}{{{{ year }}}}年总结"'), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(env_dir))
    registry = Registry([cli_dir])
    assert registry.get("work-summary").folder == cli_dir / "work-summary"
    assert registry.get("工作总结").folder == cli_dir / "work-summary"
    assert Registry().get("工作总结").folder == env_dir / "work-summary"


def test_missing_templates_dir_is_reported(tmp_path):
    result = invoke("templates", "list", "--templates-dir", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "模板目录不存在" in result.output and "nowhere" in result.output


def _install_pack(site: Path, pack_templates: Path) -> None:
    """A tiny installed distribution whose entry point names a folder of templates."""
    package = site / "edu_pack_demo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(f'''
        from pathlib import Path

        def templates():
            return Path({str(pack_templates)!r})
    '''), encoding="utf-8")
    info = site / "edu_pack_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: edu-pack-demo\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[edureport.templates]\ndemo = edu_pack_demo:templates\n",
                                           encoding="utf-8")


def test_installed_template_pack_is_found_through_its_entry_point(new_template, tmp_path, monkeypatch):
    site = tmp_path / "site"
    _install_pack(site, new_template)
    monkeypatch.syspath_prepend(str(site))
    forget_templates()
    try:
        spec = Registry().get("述职报告")
        assert spec.source.startswith("扩展包 edu-pack-demo: ")
        result = invoke("templates", "list")
        assert "扩展包 edu-pack-demo" in result.output
        data = edureport.render(new_template / "debriefing-report" / "example.yaml")
        assert "特此汇报。" in body_texts(data)
    finally:
        forget_templates()


def test_every_command_with_template_option_takes_templates_dir():
    import typer.main

    command = typer.main.get_command(app)
    pending = [(name, cmd) for name, cmd in command.commands.items()]
    checked = 0
    while pending:
        name, cmd = pending.pop()
        if hasattr(cmd, "commands"):  # a group (typer may ship without click installed)
            pending += [(f"{name} {n}", c) for n, c in cmd.commands.items()]
            continue
        options = {opt for param in cmd.params for opt in getattr(param, "opts", [])}
        if "-t" in options or "--template" in options:
            checked += 1
            assert "--templates-dir" in options, f"edureport {name} 有 -t 却没有 --templates-dir"
    assert checked >= 1


def test_builtin_templates_live_in_the_package_or_checkout():
    assert (builtin_root() / "_base" / "macros.md.j2").is_file()
    assert {"work-summary", "situation-report", "work-points"} <= {s.id for s in Registry()}


def test_check_a_folder_of_templates_checks_each(new_template):
    invoke("templates", "new", "second-kind", "--from", "work-points", "--name", "第二种", "-o", new_template)
    result = invoke("templates", "check", new_template)
    assert result.exit_code == 0, result.output
    assert result.output.count("检查通过") == 2


def test_check_fails_with_exit_code_1_on_a_broken_template(new_template):
    body = new_template / "debriefing-report" / "body.md.j2"
    body.write_text(body.read_text(encoding="utf-8") + "{{ nobody_declared_this }}\n", encoding="utf-8")
    result = invoke("templates", "check", new_template / "debriefing-report")
    assert result.exit_code == 1
    assert f"{body}:" in result.output and "nobody_declared_this" in result.output
    assert "检查未通过" in result.output


@pytest.mark.parametrize("command", [["render"], ["validate"], ["init"], ["batch"], ["templates", "new"]])
def test_help_names_the_templates_folder_in_words_not_a_python_type(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "--templates-dir 文件夹" in result.output and "list[Path]" not in result.output
