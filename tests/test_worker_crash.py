"""A notebook that kills its worker process is that notebook's one-line error, and workers
never outlive nb2mod (issue 11, items 2 and 7). Real crashes: LibCST's parser on code nested
5,000 deep once the nesting guard is switched off, in a subprocess started by this test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_notebook

# Test-only hooks, run as `python -c`: the product has no switch for either.
NO_GUARD = """
import sys
import nb2mod.analysis.parse as parse
parse.nesting_problem = lambda code: None  # let LibCST's native parser meet the deep cell
from nb2mod.cli import main
raise SystemExit(main(sys.argv[1:]))
"""
SLOW_LINT = """
import os, sys, time
import nb2mod.linter as linter
def slow(notebook):
    open(os.path.join(sys.argv[1], f"{os.getpid()}.pid"), "w").close()
    time.sleep(600)
linter.lint_notebook = slow
if os.environ.get("TEST_POLLING"):  # as on systems without prctl: the worker polls its parent
    import nb2mod.workers as workers
    workers._kernel_kills_us_with_parent = lambda: False
from nb2mod.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def notebooks(folder: Path) -> list[str]:
    deep = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    write_notebook(folder / "a_good.ipynb", "%pip install lightgbm")
    write_notebook(folder / "b_deep.ipynb", "%pip install numpy", deep)
    write_notebook(folder / "c_good.ipynb", "import os\nos.chdir('/tmp')")
    return ["a_good.ipynb", "b_deep.ipynb", "c_good.ipynb"]


def nb2mod(folder: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NB2MOD_CACHE_DIR": str(folder / "cache")}
    env.pop("PYTHONFAULTHANDLER", None)
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("command", ["lint", "convert"])
def test_a_crashing_notebook_is_reported_and_the_others_are_done(
    tmp_path: Path, command: str, jobs: str
) -> None:
    paths = notebooks(tmp_path)
    extra = ["--out", "out"] if command == "convert" else []
    result = nb2mod(tmp_path, NO_GUARD, command, "--jobs", jobs, *extra, *paths)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: b_deep.ipynb: nb2mod's worker process died (killed by SIGSEGV) on this "
        "notebook; please report it"
    ]
    if command == "lint":
        found = {line.split(":")[0] + " " + line.split()[2] for line in result.stdout.splitlines()}
        assert found == {"a_good.ipynb NB105", "c_good.ipynb NB109"}
    else:
        assert {p.name for p in (tmp_path / "out").iterdir()} == {"a_good", "c_good"}


def test_the_guard_reports_the_deep_cell_and_lints_the_rest(tmp_path: Path) -> None:
    paths = notebooks(tmp_path)
    result = nb2mod(
        tmp_path, "from nb2mod.cli import main; raise SystemExit(main())", "lint", *paths
    )
    assert result.returncode == 1, result.stderr
    codes = [line.split()[2] for line in result.stdout.splitlines()]
    assert codes == ["NB105", "NB105", "NB001", "NB109"]
    assert "b_deep.ipynb:cell 2:1:1: NB001 cell is not valid Python: too many nested" in (
        result.stdout
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("how", ["prctl", "polling"])
def test_workers_die_when_nb2mod_is_killed(tmp_path: Path, how: str) -> None:
    paths = notebooks(tmp_path)[::2]
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "NB2MOD_CACHE_DIR": str(tmp_path / "cache")}
    if how == "polling":
        env["TEST_POLLING"] = "1"
    parent = subprocess.Popen(
        [sys.executable, "-c", SLOW_LINT, str(pids), "lint", "--no-cache", "--jobs", "2", *paths],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.stem) for p in pids.iterdir()]
        assert len(workers) == 2 and all(map(_alive, workers))
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors
