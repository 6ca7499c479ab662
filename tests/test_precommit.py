"""End to end: the real `pre-commit try-repo` runs the hooks of this repository (nb2mod-lint,
nb2mod-lint-py and nb2mod-check) in one environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, write_notebook

from nb2mod.conversion import convert
from nb2mod.settings import Settings

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


def test_hook_manifest_offers_nb2mod_lint_for_notebooks_and_scripts() -> None:
    hooks = {
        h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    }
    assert hooks["nb2mod-lint"]["entry"] == "nb2mod lint"
    assert hooks["nb2mod-lint"]["types"] == ["jupyter"]
    assert hooks["nb2mod-lint-py"]["entry"] == "nb2mod lint --skip-plain-py"
    assert hooks["nb2mod-lint-py"]["types"] == ["python"]
    assert hooks["nb2mod-check"]["entry"] == "nb2mod convert --check"
    assert hooks["nb2mod-check"]["types"] == ["jupyter"]
    for hook in hooks.values():
        assert hook["language"] == "python"
        # the same extra dependencies: one environment serves both hooks
        assert hook["additional_dependencies"] == ["jupytext>=1.14"]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def try_repo(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Every hook of this repository (no hook id given) on ``files``."""
    command = [*pre_commit(), "try-repo", str(ROOT), "--verbose", "--files", *files]
    env = {**os.environ, "NB2MOD_CACHE_DIR": str(folder / ".cache")}
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=900, env=env)


PERCENT = "# %%\nimport os\n\n# %%\n%pip install lightgbm\n"


def test_both_hooks_report_each_bad_notebook_once_and_skip_the_rest(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    write_notebook(repo / "bad.ipynb", ("markdown", "# Setup"), "%pip install lightgbm")
    write_notebook(repo / "good.ipynb", "total = sum([1, 2, 3])")
    (repo / "bad_script.py").write_text(PERCENT, encoding="utf-8")
    (repo / "module.py").write_text("import os\n\nSEP = os.sep\n", encoding="utf-8")
    write_notebook(repo / "pair.ipynb", "import os", "%pip install lightgbm")
    (repo / "pair.py").write_text(PERCENT, encoding="utf-8")  # the same cells
    # a package converted from shop.ipynb, which changed since: nb2mod-check fails on it
    write_notebook(repo / "shop.ipynb", "total = sum([1, 2, 3])")
    convert(str(repo / "shop.ipynb"), Settings(out=str(repo / "pkg"))).write(repo / "pkg")
    write_notebook(repo / "shop.ipynb", "total = sum([1, 2, 3, 4])")
    files = ["bad.ipynb", "good.ipynb", "bad_script.py", "module.py", "pair.ipynb", "pair.py"]
    files.append("shop.ipynb")
    git(repo, "add", *files)

    failing = try_repo(repo, *files)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "bad.ipynb:cell 2:1:1: NB105 `%pip install` in a notebook" in output
    assert "bad_script.py:cell 2:1:1: NB105 `%pip install` in a notebook" in output
    assert "pair.ipynb:cell 2:1:1: NB105" in output
    assert "pair.py:" not in output.replace("note: pair.py: skipped", "")  # found once
    assert "good.ipynb:" not in output and "module.py" not in output
    assert "pkg/shop/pipeline.py: stale (the notebook changed since it was converted)" in output
    assert "pkg/requirements.txt" not in output  # pins from the hook's own environment
    # one run only: try-repo builds a new environment each time (a minute on CI); that a
    # clean notebook exits 0 is tested on the command itself in test_lint.py
