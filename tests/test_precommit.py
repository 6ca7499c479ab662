"""End to end: the real `pre-commit try-repo` runs the nb2mod-lint hook from this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, write_notebook

pytestmark = [
    pytest.mark.network,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        os.environ.get("NB2MOD_OFFLINE") == "1", reason="NB2MOD_OFFLINE=1: no package registry"
    ),
]


def pre_commit() -> list[str]:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    if not Path(exe).exists():
        pytest.skip("pre-commit is not installed")
    return [exe]


def test_hook_manifest_offers_nb2mod_lint_for_notebooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "nb2mod-lint"]
    assert hook["entry"] == "nb2mod lint"
    assert hook["language"] == "python"
    assert hook["types"] == ["jupyter"]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def try_repo(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    command = [*pre_commit(), "try-repo", str(ROOT), "nb2mod-lint", "--verbose", "--files", *files]
    env = {**os.environ, "NB2MOD_CACHE_DIR": str(folder / ".cache")}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=900, env=env)


def test_pre_commit_fails_on_the_bad_notebook_and_passes_on_the_good_one(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    write_notebook(repo / "bad.ipynb", ("markdown", "# Setup"), "%pip install lightgbm")
    write_notebook(repo / "good.ipynb", "total = sum([1, 2, 3])")
    git(repo, "add", "bad.ipynb", "good.ipynb")

    failing = try_repo(repo, "bad.ipynb", "good.ipynb")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "bad.ipynb:cell 2:1:1: NB105 `%pip install` in a notebook" in output
    assert "good.ipynb:" not in output

    passing = try_repo(repo, "good.ipynb")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
