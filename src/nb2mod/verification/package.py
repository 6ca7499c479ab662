"""The package side: call the generated ``run(Config())`` in a subprocess and capture its dict."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nb2mod.verification.kernel import DUMP_SOURCE, run_environment
from nb2mod.verification.output import PackageOutput
from nb2mod.verification.processes import RunProcesses
from nb2mod.verification.stopping import check_stopped, contained

DRIVER_SOURCE = DUMP_SOURCE + "\n\n" + Path(__file__).with_name("driver.py").read_text("utf-8")


@dataclass(frozen=True)
class PackageRun:
    """A finished package run: ``ok`` with values at ``dump``, or the step that failed."""

    ok: bool
    dump: Path | None = None
    step: str | None = None
    error: str = ""
    seconds: float = 0.0
    output: Path | None = None  # what run() printed and displayed (JSON), when captured


def run_package(
    out_dir: Path,
    package: str,
    names: Sequence[str],
    workdir: Path,
    dump: Path,
    timeout: float,
    step_names: Sequence[str] = (),
    python: str = sys.executable,
    extra_env: Mapping[str, str] | None = None,
    entry: str = "run",
) -> PackageRun:
    """Import ``package`` from ``out_dir`` and run it in ``workdir``; capture the ``names``
    run() returns and the ``step_names`` it holds in local variables when it returns, and
    what it prints and displays (``dump`` with the suffix ``.output.json``)."""
    error_file = dump.with_suffix(".error.json")
    output_file = dump.with_suffix(".output.json")
    path = os.pathsep.join(p for p in (str(out_dir), os.environ.get("PYTHONPATH", "")) if p)
    argv = [
        python,
        "-c",
        DRIVER_SOURCE,
        package,
        json.dumps(list(names)),
        str(dump),
        str(error_file),
        json.dumps(list(step_names)),
        str(output_file),
        entry,
    ]
    log = dump.with_suffix(".log")
    started = time.monotonic()
    with log.open("wb") as stream, contained() as processes:
        env = run_environment({**(extra_env or {}), "PYTHONPATH": path, **processes.environment()})
        code = _run(argv, workdir, env, stream, timeout, processes)
    check_stopped()
    seconds = time.monotonic() - started
    if code is None:
        return PackageRun(
            False, step="run", error=f"timed out after {timeout:g} s", seconds=seconds
        )
    if code == 0 and dump.is_file():
        shown = output_file if output_file.is_file() else None
        return PackageRun(ok=True, dump=dump, seconds=seconds, output=shown)
    return _failure(error_file, log, code, seconds)


def _run(
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    output: IO[bytes],
    timeout: float,
    processes: RunProcesses,
) -> int | None:
    """The exit code, or None after a timeout; the process and every child it started
    (its own session) are killed then, and stdin is empty so ``input()`` cannot wait."""
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    processes.add(process.pid)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return None
    finally:
        if process.poll() is None:
            _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def _failure(error_file: Path, log: Path, code: int, seconds: float) -> PackageRun:
    if error_file.is_file():
        report = json.loads(error_file.read_text(encoding="utf-8"))
        where = f" ({report['where']})" if report.get("where") else ""
        error = _one_line(report["error"]) + where
        return PackageRun(ok=False, step=report.get("step") or None, error=error, seconds=seconds)
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or [""]
    error = f"the package process exited with code {code}: {_one_line(tail[0])}"
    return PackageRun(ok=False, error=error, seconds=seconds)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_package_output(path: Path | None) -> PackageOutput | None:
    """What the package run printed and displayed, from the file the driver wrote (None when
    it wrote none or it cannot be read)."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shown = tuple((line, str(text)) for line, text in data["shown"])
        return PackageOutput(str(data["printed"]), shown)
    except (OSError, ValueError, KeyError, TypeError):
        return None
