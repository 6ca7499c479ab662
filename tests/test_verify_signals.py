"""Ctrl-C and SIGTERM stop `nb2mod verify` and `convert --capture` at once: the kernel, the
package run and every process they started are killed (a child in its own session and a
double-forked one too), the temporary folders are removed, and the exit code is 130 or 143.
The same children are killed when a run ends normally or times out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest
from conftest import write_notebook

from nb2mod.settings import Settings
from nb2mod.verification.verifier import verify

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]

SPAWN = """import os, subprocess, sys, time
TOKEN = {token!r}
where = "kernel" if "JPY_PARENT_PID" in os.environ else "package"
sleeper = [sys.executable, "-c", "import time; time.sleep(300)", TOKEN, where]
children = [subprocess.Popen(sleeper), subprocess.Popen(sleeper, start_new_session=True)]
daemon = "import subprocess, sys; subprocess.Popen(sys.argv[1:], start_new_session=True)"
subprocess.run([sys.executable, "-c", daemon, *sleeper], check=True)"""
SLEEP = "pause = {{'kernel': {kernel}, 'package': {package}}}[where]\ntime.sleep(pause)"


def spawning_notebook(tmp_path: Path, kernel: int, package: int) -> tuple[Path, str]:
    """A notebook that starts three sleeping children (one plain, one in its own session,
    one double-forked) and then sleeps, for ``kernel`` or ``package`` seconds."""
    token = f"nb2mod-test-{uuid.uuid4().hex}"
    folder = tmp_path / "nb"
    folder.mkdir()
    code = (SPAWN.format(token=token), SLEEP.format(kernel=kernel, package=package))
    return write_notebook(folder / "spawns.ipynb", *code), token


def alive(token: str, where: str = "") -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline", "status"], ad_value=None):
        line = process.info["cmdline"] or []
        if token in line and (not where or where in line):
            if process.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(process)
    return found


def wait_for_children(token: str, where: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while len(alive(token, where)) < 3:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the notebook's children never started"
        time.sleep(0.2)


def kill_leftovers(token: str) -> None:
    for process in alive(token):
        process.kill()


def assert_no_leftovers(token: str) -> None:
    deadline = time.monotonic() + 3
    while alive(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert alive(token) == []


def start_cli(args: list[str], temporary: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(temporary)}
    return subprocess.Popen(
        [sys.executable, "-m", "nb2mod", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


@pytest.mark.parametrize(
    ("command", "signum", "where", "code"),
    [
        ("verify", signal.SIGINT, "kernel", 130),
        ("verify", signal.SIGTERM, "package", 143),
        ("capture", signal.SIGINT, "kernel", 130),
        ("capture", signal.SIGTERM, "kernel", 143),
    ],
    ids=["verify-ctrl-c-notebook", "verify-sigterm-package", "capture-ctrl-c", "capture-sigterm"],
)
def test_a_signal_stops_the_run_and_cleans_up(
    tmp_path: Path, command: str, signum: int, where: str, code: int
) -> None:
    notebook, token = spawning_notebook(
        tmp_path, kernel=120 if where == "kernel" else 0, package=120
    )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    args = ["verify", str(notebook)]
    if command == "capture":
        args = ["convert", "--capture", str(notebook), "--out", str(out)]
    process = start_cli(args, temporary)
    try:
        wait_for_children(token, where, process)
        os.killpg(process.pid, signum)
        started = time.monotonic()
        output, _ = process.communicate(timeout=30)
        seconds = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        kill_leftovers(token)
    text = output.decode(errors="replace")
    assert process.returncode == code, text
    assert seconds < 10, seconds
    assert text.strip().splitlines()[-1] in ("Interrupted.", "Terminated."), text
    assert "Traceback" not in text
    assert_no_leftovers(token)
    assert list(temporary.iterdir()) == []  # scratch copies, packages, connection files
    assert not out.exists()


@pytest.mark.parametrize("timeout", [None, 4], ids=["normal-end", "timeout"])
def test_children_of_a_run_do_not_outlive_it(tmp_path: Path, timeout: int | None) -> None:
    notebook, token = spawning_notebook(tmp_path, kernel=120 if timeout else 0, package=0)
    try:
        result = verify(notebook, Settings(timeout=timeout or 120))
        assert_no_leftovers(token)
    finally:
        kill_leftovers(token)
    if timeout:
        assert result.status == "notebook fails" and "timed out" in result.message
    else:  # both sides ran to the end (``where`` differs between them, so it is different)
        assert [v.status for v in result.verdicts if v.name == "where"] == ["different"]
