"""The processes one run starts (a kernel, a package run), found and killed together.

Each run's processes carry ``NB2MOD_RUN=<token>`` in their environment: the kernel or the
package process gets it from verify, and every process they start inherits it, also one
that leaves the process group with ``setsid`` or is re-parented after a double fork. A child
that clears its environment is still found while it is a descendant of the run's first
process. ``kill`` ends every one of them; it is called when the run ends, however it ends.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any

RUN_MARK = "NB2MOD_RUN"
SESSION_MARK = "NB2MOD_SESSION"  # set by a command for every run it starts (see stopping.py)
_ROUNDS = 5  # a process may fork while it is being killed; look again this many times


class RunProcesses:
    """The mark of one run's processes, and the processes it started first (its roots)."""

    def __init__(self) -> None:
        session = os.environ.get(SESSION_MARK, "")
        self.token = f"{session}.{secrets.token_hex(8)}" if session else secrets.token_hex(8)
        self._roots: list[Any] = []  # psutil.Process, which guards against a reused pid

    def environment(self) -> dict[str, str]:
        """The variables a process of this run starts with."""
        return {RUN_MARK: self.token}

    def add(self, pid: int | None) -> None:
        """Also kill ``pid`` and its descendants (found by parentage) when the run ends."""
        if pid is None:
            return
        import psutil

        try:
            self._roots.append(psutil.Process(pid))
        except psutil.Error:
            pass

    def kill(self) -> int:
        """SIGKILL every process of the run; the number of processes killed."""
        return kill_processes(lambda value: value == self.token, self._roots)


def kill_processes(marked: Callable[[str], bool], roots: Sequence[Any] = ()) -> int:
    """Kill the descendants of ``roots`` (and the roots) and every process whose
    ``NB2MOD_RUN`` value satisfies ``marked``, until none is left."""
    import psutil

    killed = 0
    for _ in range(_ROUNDS):
        found = _find(psutil, marked, roots)
        if not found:
            break
        for process in found:
            try:
                process.kill()
                killed += 1
            except psutil.Error:
                continue
        _wait_dead(psutil, found)
    return killed


def _wait_dead(psutil: Any, processes: list[Any], timeout: float = 2.0) -> None:
    """Wait until each process is gone or a zombie (its parent reaps it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_alive(psutil, p) for p in processes):
            return
        time.sleep(0.02)


def _find(psutil: Any, marked: Callable[[str], bool], roots: Sequence[Any]) -> list[Any]:
    me = os.getpid()
    found: dict[int, Any] = {}
    for root in roots:
        try:
            if root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
                found[root.pid] = root
            found.update((child.pid, child) for child in root.children(recursive=True))
        except psutil.Error:
            continue
    for process in psutil.process_iter(["environ", "status"], ad_value=None):
        info = process.info
        if process.pid == me or info["status"] == psutil.STATUS_ZOMBIE:
            continue
        value = (info["environ"] or {}).get(RUN_MARK)
        if value is not None and marked(value):
            found.setdefault(process.pid, process)
    found.pop(me, None)
    return [p for p in found.values() if _alive(psutil, p)]


def _alive(psutil: Any, process: Any) -> bool:
    try:
        return bool(process.is_running()) and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
