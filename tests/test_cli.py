"""The command-line skeleton: version, help, exit codes, settings errors, many notebooks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_notebook

from nb2mod.cli import cli, main


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), standalone_mode=True)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "nb2mod, version" in result.output


@pytest.mark.parametrize("command", ["analyze"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_analyze_text_lists_cells_magics_and_nb001(tmp_path) -> None:
    path = write_notebook(
        tmp_path / "nb.ipynb", ("markdown", "# T"), "%matplotlib inline", "print 'x'"
    )
    result = run("analyze", str(path))
    assert result.exit_code == 0, result.output
    assert "3 cells (2 code, 1 markdown, 0 raw)" in result.output
    assert "line_magic matplotlib inline" in result.output
    assert f"{path}:cell 3:1:1: NB001" in result.output


def test_analyze_json_has_version_and_cells(tmp_path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", "x = 1")
    result = run("analyze", "--format", "json", str(path))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["notebooks"][0]["cells"][0]["index"] == 1


def test_one_bad_notebook_does_not_stop_the_others(tmp_path) -> None:
    good = write_notebook(tmp_path / "good.ipynb", "x = 1")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{oops")
    result = CliRunner().invoke(cli, ["analyze", str(bad), str(good)])
    assert result.exit_code == 2
    assert f"error: {bad}: not valid JSON" in result.output
    assert str(good) in result.output
    assert "Traceback" not in result.output


def test_folder_argument_expands_to_notebooks(tmp_path) -> None:
    write_notebook(tmp_path / "a.ipynb", "x = 1")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_notebook(tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb", "x = 1")
    result = run("analyze", str(tmp_path))
    assert result.exit_code == 0
    assert "a.ipynb" in result.output
    assert "checkpoint" not in result.output


def test_unknown_pyproject_key_is_a_usage_error(tmp_path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.nb2mod]\nbogus = 1\n")
    path = write_notebook(tmp_path / "nb.ipynb", "x = 1")
    monkeypatch.chdir(tmp_path)
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert "unknown key 'tool.nb2mod.bogus'" in result.output


def test_main_returns_exit_codes_instead_of_exiting(tmp_path) -> None:
    assert main(["--version"]) == 0
    assert main(["no-such-command"]) == 2


def test_python_dash_m_and_version_do_not_import_heavy_modules() -> None:
    code = (
        "import sys\nfrom nb2mod.cli import main\nmain(['--version'])\n"
        "heavy = [m for m in ('libcst', 'black', 'nbformat', 'IPython') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    module = subprocess.run(
        [sys.executable, "-m", "nb2mod", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert module.returncode == 0 and "nb2mod, version" in module.stdout
