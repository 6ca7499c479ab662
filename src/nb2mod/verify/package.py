"""The package side: call the generated ``run(Config())`` in a subprocess and capture its dict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nb2mod.verify.kernel import DUMP_SOURCE, run_environment

DRIVER_SOURCE = DUMP_SOURCE + "\n\n" + Path(__file__).with_name("driver.py").read_text("utf-8")


@dataclass(frozen=True)
class PackageRun:
    """A finished package run: ``ok`` with values at ``dump``, or the step that failed."""

    ok: bool
    dump: Path | None = None
    step: str | None = None
    error: str = ""
    seconds: float = 0.0


def run_package(
    out_dir: Path,
    package: str,
    names: Sequence[str],
    workdir: Path,
    dump: Path,
    timeout: float,
    python: str = sys.executable,
) -> PackageRun:
    """Import ``package`` from ``out_dir`` and run it in ``workdir``; capture ``names``."""
    error_file = dump.with_suffix(".error.json")
    path = os.pathsep.join(p for p in (str(out_dir), os.environ.get("PYTHONPATH", "")) if p)
    argv = [
        python,
        "-c",
        DRIVER_SOURCE,
        package,
        json.dumps(list(names)),
        str(dump),
        str(error_file),
    ]
    log = dump.with_suffix(".log")
    started = time.monotonic()
    try:
        with log.open("wb") as output:
            completed = subprocess.run(
                argv,
                cwd=workdir,
                env=run_environment({"PYTHONPATH": path}),
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
    except subprocess.TimeoutExpired:
        seconds = time.monotonic() - started
        return PackageRun(
            ok=False, step="run", error=f"timed out after {timeout:g} s", seconds=seconds
        )
    seconds = time.monotonic() - started
    if completed.returncode == 0 and dump.is_file():
        return PackageRun(ok=True, dump=dump, seconds=seconds)
    return _failure(error_file, log, completed.returncode, seconds)


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
