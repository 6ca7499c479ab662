"""Smaller wrong results of issue 11 item 10: odd characters, hostile names and numbers are
one clear line or a diagnostic, never a traceback or a package that does not compile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_notebook

from nb2mod.cli import cli


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def save(path: Path, data: dict[str, object]) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII JSON: "\ud800" stays possible
    return str(path)


def compiled(out: Path) -> list[str]:
    """Every Python file of the package, each of which must compile."""
    files = sorted(out.rglob("*.py"))
    for file in files:
        compile(file.read_bytes(), str(file), "exec")
    return [f.name for f in files]


def test_a_lone_surrogate_in_a_heading(tmp_path: Path) -> None:
    path = save(tmp_path / "s.ipynb", make_notebook(("markdown", "# Title \ud800"), "x = 1"))
    text = run("analyze", path)
    assert text.exit_code == 0 and "Traceback" not in text.output
    assert "cell 1 has a lone surrogate (not Unicode text); read as U+FFFD" in text.output
    assert run("analyze", "--format", "json", path).exit_code == 0
    assert run("lint", path).exit_code == 0
    assert run("convert", path, "--out", "out").exit_code == 0
    assert "pipeline.py" in compiled(tmp_path / "out")


@pytest.mark.parametrize(
    "code, what",
    [
        ("s = '\ud800'\nprint(s)", "a lone surrogate (U+D800)"),
        ("x = 1  # \udfff\nprint(x)", "a lone surrogate (U+DFFF)"),
        ("x = 1\x00\nprint(x)", "a NUL character"),
        ("x = 1\ny = '\x00'\nprint(x, y)", "a NUL character"),
    ],
)
def test_unencodable_code_is_nb001_and_the_package_compiles(
    tmp_path: Path, code: str, what: str
) -> None:
    path = save(tmp_path / "c.ipynb", make_notebook(code, "%pip install x"))
    line = 2 if code.startswith("x = 1\ny") else 1
    lint = run("lint", path)
    assert lint.exit_code == 1
    assert f"c.ipynb:cell 1:{line}:1: NB001 cell is not valid Python: it contains {what}" in (
        lint.output
    )
    assert "cell 2:1:1: NB105" in lint.output  # the rest of the notebook is still linted
    assert run("analyze", path).exit_code == 0
    converted = run("convert", path, "--out", "out")
    assert converted.exit_code == 0, converted.output
    assert "pipeline.py" in compiled(tmp_path / "out")
    assert "NB001" in (tmp_path / "out" / "CONVERSION.md").read_text()


@pytest.mark.parametrize("name", ["os", "json", "test", "click", "nb2mod"])
def test_a_name_that_shadows_a_module_is_refused(tmp_path: Path, name: str) -> None:
    path = save(tmp_path / "n.ipynb", make_notebook("x = 1"))
    result = run("convert", path, "--out", "out", "--name", name)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: --name '{name}' would shadow the ")
    assert not (tmp_path / "out").exists()


def test_the_package_nb2mod_wrote_before_is_not_a_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(tmp_path / "n.ipynb", make_notebook("x = 1"))
    assert run("convert", path, "--out", "out", "--name", "churn").exit_code == 0
    monkeypatch.syspath_prepend(str(tmp_path / "out"))  # as an editable install would
    again = run("convert", path, "--out", "out", "--name", "churn")
    assert again.exit_code == 0, again.output
    elsewhere = run("convert", path, "--out", "other", "--name", "churn")
    assert elsewhere.exit_code == 2 and "the installed module churn" in elsewhere.stderr


def test_a_file_name_that_shadows_an_installed_module_gets_a_suffix(tmp_path: Path) -> None:
    path = save(tmp_path / "click.ipynb", make_notebook("x = 1"))
    assert run("convert", path, "--out", "out").exit_code == 0
    assert (tmp_path / "out" / "click_pipeline" / "pipeline.py").is_file()


@pytest.mark.parametrize("field", ["nbformat", "nbformat_minor"])
@pytest.mark.parametrize("command", ["analyze", "lint", "convert"])
def test_an_nbformat_with_5000_digits_is_one_line(tmp_path: Path, field: str, command: str) -> None:
    text = json.dumps(make_notebook("x = 1")).replace(f'"{field}": ', f'"{field}": 4' + "0" * 4999)
    path = tmp_path / "big.ipynb"
    path.write_text(text, encoding="utf-8")
    result = run(command, str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {path}: not a usable notebook: a number with too many digits"
    ]


def test_a_huge_but_readable_nbformat_is_named_briefly(tmp_path: Path) -> None:
    data = make_notebook("x = 1")
    data["nbformat"] = 10**4000  # 4,001 digits: under the limit of int(), so it is read
    path = save(tmp_path / "v.ipynb", data)
    result = run("lint", path)
    assert result.exit_code == 2 and len(result.stderr) < 200
    assert "nbformat v(a huge number) is not supported" in result.stderr


@pytest.mark.parametrize("minor", [None, "5", 1.5, True, -3])
def test_an_nbformat_minor_of_the_wrong_type_is_read_as_4_0(tmp_path: Path, minor: object) -> None:
    """Found by the fuzz test: 'nbformat_minor': null was an internal error."""
    data = make_notebook("%pip install x")
    data["nbformat_minor"] = minor
    result = run("lint", save(tmp_path / "m.ipynb", data))
    assert result.exit_code == 1 and "NB105" in result.output
