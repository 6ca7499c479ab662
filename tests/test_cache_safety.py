"""The lint cache never deletes, hides or trusts what it did not write (issue 11, items 1 and 10)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_notebook

from nb2mod.cache import SUBFOLDER, LintCache, prune
from nb2mod.cache_root import SIGNATURE
from nb2mod.cli import cli

OLD = time.time() - 90 * 86400  # older than anything the cache would keep


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NB2MOD_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def project(tmp_path: Path, cache_line: str = "") -> Path:
    """A project with a pyproject.toml and a notebook with one finding (NB105)."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(f"[tool.nb2mod.lint]\n{cache_line}\n", "utf-8")
    return write_notebook(root / "x.ipynb", "%pip install lightgbm")


def user_files(folder: Path) -> dict[str, bytes]:
    """What the user keeps in ``folder``, old enough to be pruned as an old build."""
    files = {
        "lint-reports/2023/q1.txt": b"quarterly report\n",
        "lint-2023/notes.json": b'{"diagnostics": []}',
        "lint-0123456789abcdef/entry.json": b"{}",
        "keep.csv": b"a,b\n1,2\n",
    }
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for path in folder.rglob("*"):
        os.utime(path, (OLD, OLD))
    return files


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def lint(path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(path.parent)
    return CliRunner().invoke(cli, ["lint", *args, str(path)])


def assert_refused(result, folder: Path) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output  # the lint ran: NB105 found
    assert "NB105" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "no CACHEDIR.TAG" in warnings[0] and str(folder) in warnings[0]


def test_an_existing_user_folder_is_refused_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = project(tmp_path, 'cache-dir = "../userdata"')
    userdata = tmp_path / "userdata"
    before = user_files(userdata)
    assert_refused(lint(notebook, monkeypatch), notebook.parent / "../userdata")
    assert snapshot(userdata) == before  # nothing deleted, no .gitignore, no tag, no entry


def test_cache_dir_dot_writes_no_gitignore_into_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = project(tmp_path, 'cache-dir = "."')
    before = snapshot(notebook.parent)
    assert_refused(lint(notebook, monkeypatch), notebook.parent / ".")
    assert snapshot(notebook.parent) == before


def test_the_environment_variable_is_held_to_the_same_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = project(tmp_path)
    userdata = tmp_path / "userdata"
    before = user_files(userdata)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(userdata))
    assert_refused(lint(notebook, monkeypatch), userdata)
    assert snapshot(userdata) == before


def test_a_home_folder_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = project(tmp_path, 'cache-dir = "~"')
    home = tmp_path / "home"
    before = user_files(home)
    assert_refused(lint(notebook, monkeypatch), home)
    assert snapshot(home) == before and not (home / ".gitignore").exists()


def test_a_new_folder_is_created_tagged_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = project(tmp_path, 'cache-dir = "../build/lint-cache"')
    first = lint(notebook, monkeypatch)
    root = tmp_path / "build" / "lint-cache"
    assert first.exit_code == 1 and "warning" not in first.stderr
    assert (root / "CACHEDIR.TAG").read_bytes().startswith(SIGNATURE + b"\n")
    assert (root / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not (tmp_path / "build" / ".gitignore").exists()  # only in the folder it created
    (entry,) = (root / SUBFOLDER).rglob("*.json")
    assert lint(notebook, monkeypatch).stdout == first.stdout


def test_a_folder_tagged_by_another_tool_is_used_without_a_gitignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = project(tmp_path, 'cache-dir = "target"')
    target = notebook.parent / "target"
    target.mkdir()
    (target / "CACHEDIR.TAG").write_bytes(SIGNATURE + b"\n# another tool\n")
    user_files(target)
    before = snapshot(target)
    assert lint(notebook, monkeypatch).exit_code == 1
    after = snapshot(target)
    assert {k: v for k, v in after.items() if k in before} == before
    assert [k for k in after if k not in before][0].startswith(f"{SUBFOLDER}/")
    assert not (target / ".gitignore").exists()


@pytest.mark.parametrize("kind", ["file", "symlink to a file"])
def test_an_unusable_cache_folder_is_one_warning_and_the_lint_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    notebook = project(tmp_path, 'cache-dir = "cache"')
    plain = notebook.parent / ("cache" if kind == "file" else "real")
    plain.write_text("mine\n", "utf-8")
    if kind != "file":
        (notebook.parent / "cache").symlink_to(plain)
    result = lint(notebook, monkeypatch)
    assert result.exit_code == 1 and "NB105" in result.stdout
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning:") and "is not a folder" in warning
    assert plain.read_text() == "mine\n"


def test_prune_does_nothing_outside_a_tagged_root(tmp_path: Path) -> None:
    folder = tmp_path / SUBFOLDER / ("0" * 16)
    folder.mkdir(parents=True)
    entry = folder / f"{'a' * 64}.json"
    entry.write_text("{}")
    other = tmp_path / SUBFOLDER / ("1" * 16)
    other.mkdir()
    for path in (entry, other):
        os.utime(path, (OLD, OLD))
    assert prune(folder) == 0
    assert entry.exists() and other.exists()


def test_prune_removes_only_names_nb2mod_writes(tmp_path: Path) -> None:
    cache = LintCache(tmp_path / "cache")
    assert cache.folder is not None
    cache.folder.mkdir(parents=True)
    mine = [cache.folder / f"{'a' * 64}.json", cache.folder / ".entry-x1y2.tmp"]
    theirs = [cache.folder / "notes.json", cache.folder / "report.txt"]
    old_build = cache.folder.parent / ("0" * 16)
    old_build.mkdir()
    (old_build / f"{'c' * 64}.json").write_text("{}")
    kept_build = cache.folder.parent / ("1" * 16)
    kept_build.mkdir()
    (kept_build / "user.txt").write_text("mine")
    foreign = cache.folder.parent / "lint-2023"
    foreign.mkdir()
    for path in [*mine, *theirs]:
        path.write_text("{}")
    for path in [*mine, *theirs, old_build, kept_build, foreign, *old_build.iterdir()]:
        os.utime(path, (OLD, OLD))
    for path in kept_build.iterdir():
        os.utime(path, (OLD, OLD))
    os.utime(kept_build, (OLD, OLD))
    assert prune(cache.folder) == 4
    assert not any(p.exists() for p in mine) and all(p.exists() for p in theirs)
    assert not old_build.exists() and foreign.exists()
    assert (kept_build / "user.txt").exists()  # a build folder with a user's file stays


def test_an_entry_edited_by_hand_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = project(tmp_path)
    first = lint(notebook, monkeypatch)
    (entry,) = (notebook.parent / ".nb2mod_cache").rglob("*.json")
    data = json.loads(entry.read_text())
    data["diagnostics"] = []  # valid JSON, valid shape: would hide the finding if trusted
    entry.write_text(json.dumps(data), "utf-8")
    again = lint(notebook, monkeypatch)
    assert again.exit_code == 1 and again.stdout == first.stdout
