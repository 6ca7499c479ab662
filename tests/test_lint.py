"""`nb2mod lint`, `nb2mod rules` and `nb2mod.lint()`: formats, exit codes, noqa, settings, cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_notebook

import nb2mod
from nb2mod.cache import entry_hash
from nb2mod.cli import cli
from nb2mod.errors import ConfigError, NotebookError
from nb2mod.settings import Settings


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path with the cache there too (never in the repository)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["lint", *args])


def install_nb(path: Path, first: str = "%pip install lightgbm") -> Path:
    return write_notebook(path, ("markdown", "# Title"), first, "x = 1\n%cd data")


def test_text_output_is_path_cell_line_col_code_message_sorted(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:cell 2:1:1: NB105 `%pip install` in a notebook: declare the package in "
        "requirements or pyproject dependencies instead",
        f"{path}:cell 3:2:1: NB106 `%cd` has no module equivalent: rewrite it as Python "
        "(import, subprocess.run, explicit paths)",
    ]


def test_clean_notebook_exits_0_silently(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "ok.ipynb", "x = 1", ("markdown", "text"))
    result = run(str(path))
    assert (result.exit_code, result.output) == (0, "")


def test_json_format_is_a_list_of_objects(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    result = run("--format", "json", str(path))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [(d["cell"], d["line"], d["col"], d["code"]) for d in data] == [
        (2, 1, 1, "NB105"),
        (3, 2, 1, "NB106"),
    ]
    assert set(data[0]) == {"path", "cell", "line", "col", "code", "message", "severity"}
    assert data[0]["path"] == str(path)


def test_github_format_is_workflow_annotations(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    lines = run("--format", "github", str(path)).output.splitlines()
    assert lines[0].startswith(f"::warning file={path},title=NB105::cell 2:1:1: `%25pip install`")
    assert len(lines) == 2


def test_statistics_counts_each_code(tmp_path: Path) -> None:
    install_nb(tmp_path / "a.ipynb")
    install_nb(tmp_path / "b.ipynb", "!pip install x\n%pip install y")
    result = run("--statistics", str(tmp_path))
    assert result.exit_code == 1
    assert "     3  NB105  package-install-in-notebook" in result.output.splitlines()
    assert "     2  NB106  untranslatable-magic" in result.output.splitlines()


def test_statistics_with_json_keep_stdout_valid_json(tmp_path: Path) -> None:
    install_nb(tmp_path / "a.ipynb")
    result = CliRunner().invoke(cli, ["lint", "--statistics", "--format", "json", str(tmp_path)])
    assert len(json.loads(result.stdout)) == 2
    assert "NB105" in result.stderr


def test_unreadable_notebook_is_one_line_and_others_are_linted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    good = install_nb(tmp_path / "good.ipynb")
    result = run(str(bad), str(good))
    assert result.exit_code == 2
    assert f"error: {bad}: truncated JSON" in result.output
    assert f"{good}:cell 2:1:1: NB105" in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.ipynb"))
    assert result.exit_code == 2
    assert "nope.ipynb: no such file" in result.output


def test_folders_are_searched_skipping_checkpoints(tmp_path: Path) -> None:
    (tmp_path / "sub" / ".ipynb_checkpoints").mkdir(parents=True)
    install_nb(tmp_path / "sub" / "a.ipynb")
    install_nb(tmp_path / "sub" / ".ipynb_checkpoints" / "a-checkpoint.ipynb")
    result = run(str(tmp_path))
    assert "sub/a.ipynb:cell 2" in result.output
    assert "checkpoint" not in result.output


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("%pip install x  # noqa: NB105", False),
        ("%pip install x  # noqa:NB105,NB106", False),
        ("%pip install x  # noqa", False),
        ("%pip install x  # noqa: NB106", True),
        ("# nb2mod: noqa\n%pip install x", False),
        ("# setup\n# nb2mod: noqa: NB105\n%pip install x", False),
        ("# nb2mod: noqa: NB110\n%pip install x", True),
        ("x = 1\n# nb2mod: noqa\n%pip install x", True),
    ],
)
def test_noqa_forms(tmp_path: Path, source: str, reported: bool) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", source)
    result = run(str(path))
    assert ("NB105" in result.output) is reported
    assert result.exit_code == (1 if reported else 0)


def test_noqa_reads_the_original_line_of_an_indented_magic(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", "if True:\n    %pip install x  # noqa: NB105")
    assert run(str(path)).exit_code == 0
    path = write_notebook(tmp_path / "nb.ipynb", "if True:\n    %pip install x\n# noqa: NB105")
    assert f"{path}:cell 1:2:5: NB105" in run(str(path)).output


def write_pyproject(folder: Path, lint_table: str) -> None:
    (folder / "pyproject.toml").write_text(f"[tool.nb2mod.lint]\n{lint_table}\n", "utf-8")


def test_select_and_ignore_from_pyproject(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    write_pyproject(tmp_path, 'select = ["NB106"]')
    assert "NB105" not in run(str(path)).output
    write_pyproject(tmp_path, 'ignore = ["NB106"]')
    output = run(str(path)).output
    assert "NB105" in output and "NB106" not in output


def test_cli_select_overrides_pyproject_and_takes_prefixes(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    write_pyproject(tmp_path, 'select = ["NB106"]')
    result = run("--select", "NB105", str(path))
    assert "NB105" in result.output and "NB106" not in result.output
    result = run("--select", "NB1", "--ignore", "NB105,nb106", str(path))
    assert (result.exit_code, result.output) == (0, "")


def test_per_file_ignores_match_globs_relative_to_the_project(tmp_path: Path) -> None:
    (tmp_path / "scratch").mkdir()
    kept = install_nb(tmp_path / "main.ipynb")
    install_nb(tmp_path / "scratch" / "try.ipynb")
    write_pyproject(tmp_path, 'per-file-ignores = { "scratch/*.ipynb" = ["NB105", "NB106"] }')
    result = run(str(tmp_path))
    assert result.stdout.count("NB10") == 2
    assert all(line.startswith(str(kept)) for line in result.stdout.splitlines())
    assert "2 notebooks linted: 2 findings in 1" in result.stderr


@pytest.mark.parametrize(
    ("args", "table"),
    [
        (["--select", "NB999"], ""),
        (["--ignore", "XYZ1"], ""),
        ([], 'select = ["NB105", "NB777"]'),
        ([], 'per-file-ignores = { "*.ipynb" = ["E501"] }'),
        ([], 'colour = "red"'),
    ],
)
def test_unknown_codes_and_keys_exit_2(tmp_path: Path, args: list[str], table: str) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    write_pyproject(tmp_path, table)
    result = run(*args, str(path))
    assert result.exit_code == 2
    assert ("unknown rule code" in result.output) or ("unknown key" in result.output)


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    assert run("--format", "xml", str(install_nb(tmp_path / "nb.ipynb"))).exit_code == 2


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.json"))


def test_cache_serves_unchanged_notebooks_and_misses_changed_ones(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    first = run(str(path)).output
    (entry,) = cache_files(tmp_path)
    assert (tmp_path / "cache" / "CACHEDIR.TAG").is_file()
    # Rewrite the entry with a matching hash: the next run shows it, proving it is read.
    data = json.loads(entry.read_text())
    data["diagnostics"][0][4] = "FROM CACHE"
    data["sha256"] = entry_hash(entry.stem, data["diagnostics"])
    entry.write_text(json.dumps(data), "utf-8")
    assert "FROM CACHE" in run(str(path)).output
    install_nb(path, "%pip install other")  # new content: a new key, a fresh analysis
    second = run(str(path)).output
    assert second == first and len(cache_files(tmp_path)) == 2


def test_cache_results_are_filtered_by_the_current_selection(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    run(str(path))
    assert "NB106" not in run("--select", "NB105", str(path)).output
    assert "NB106" in run(str(path)).output


def test_no_cache_flag_and_setting_write_nothing(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    assert run("--no-cache", str(path)).exit_code == 1
    write_pyproject(tmp_path, "cache = false")
    assert run(str(path)).exit_code == 1
    assert not (tmp_path / "cache").exists()


def test_cache_dir_setting_and_default_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NB2MOD_CACHE_DIR")
    path = install_nb(tmp_path / "nb.ipynb")
    write_pyproject(tmp_path, "")
    run(str(path))
    assert list((tmp_path / ".nb2mod_cache").rglob("*.json"))
    write_pyproject(tmp_path, 'cache-dir = "build/lint-cache"')
    run(str(path))
    assert list((tmp_path / "build" / "lint-cache").rglob("*.json"))


def test_library_lint_returns_sorted_diagnostics(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    found = nb2mod.lint(path, Settings(cache=False))
    assert [(d.cell, d.code) for d in found] == [(2, "NB105"), (3, "NB106")]
    assert isinstance(found[0], nb2mod.Diagnostic)
    assert nb2mod.lint([tmp_path], Settings(select=("NB106",), cache=False))[0].code == "NB106"


def test_library_lint_raises_typed_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(NotebookError, match="bad.ipynb"):
        nb2mod.lint(bad)
    with pytest.raises(ConfigError, match="NB000"):
        nb2mod.lint(install_nb(tmp_path / "nb.ipynb"), Settings(select=("NB000",)))


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.output.splitlines()]
    assert codes == ["NB001", *(f"NB1{n:02d}" for n in range(1, 15))]
    assert "NB103  unseeded-randomness" in result.output


def test_rules_explains_one_rule() -> None:
    result = CliRunner().invoke(cli, ["rules", "nb103"])
    assert result.exit_code == 0
    assert result.output.startswith("## NB103 unseeded-randomness")
    assert "### Use instead" in result.output


def test_rules_unknown_code_exits_2() -> None:
    result = CliRunner().invoke(cli, ["rules", "NB999"])
    assert result.exit_code == 2
    assert "unknown rule code 'NB999'" in result.output


@pytest.mark.parametrize("command", ["lint", "rules"])
def test_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_a_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    path = install_nb(tmp_path / "nb.ipynb")
    first = run(str(path)).output
    (entry,) = cache_files(tmp_path)
    entry.write_text('{"diagnostics": [[1, "x"]]}', "utf-8")
    assert run(str(path)).output == first


def test_editing_nb2mod_source_invalidates_the_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nb2mod import cache

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "rule.py").write_text("A = 1\n", "utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    cache.code_fingerprint.cache_clear()
    before = cache.code_fingerprint()
    (package / "rule.py").write_text("A = 22\n", "utf-8")
    cache.code_fingerprint.cache_clear()
    after = cache.code_fingerprint()
    cache.code_fingerprint.cache_clear()
    assert before != after


def test_the_cache_prunes_old_entries_and_other_builds(tmp_path: Path) -> None:
    import os
    import time

    from nb2mod.cache import LintCache, prune

    cache = LintCache(tmp_path / "cache")
    assert cache.folder is not None and cache.folder.parent.name == "nb2mod-lint"
    cache.folder.mkdir(parents=True)
    day = 86400
    now = time.time()
    old, fresh = cache.folder / f"{'a' * 64}.json", cache.folder / f"{'b' * 64}.json"
    other_build, recent_build = cache.folder.parent / ("0" * 16), cache.folder.parent / ("1" * 16)
    for path in (old, fresh):
        path.write_text('{"diagnostics": []}')
    for folder in (other_build, recent_build):
        folder.mkdir()
    os.utime(old, (now - 31 * day, now - 31 * day))
    os.utime(other_build, (now - 8 * day, now - 8 * day))
    assert prune(cache.folder, now) == 2
    assert not old.exists() and fresh.exists()
    assert not other_build.exists() and recent_build.exists()  # another build, in use lately
    assert prune(cache.folder, now) == 0
