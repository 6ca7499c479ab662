"""Ctrl-C and SIGTERM stop a command that runs notebooks: live runs are killed at once.

``contained()`` wraps one run (a kernel, a package process): when it ends, however it ends,
every process the run started is killed (processes.py). ``stop_on_signals()`` is what the
``verify`` and ``convert --capture`` commands run under: the first SIGINT or SIGTERM kills
the processes of every live run and raises ``Stopped`` (a KeyboardInterrupt), so the
``finally`` blocks remove the temporary folders and the command exits 130 or 143; a second
signal during that cleanup only kills again.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from nb2mod.verification.processes import SESSION_MARK, RunProcesses, kill_processes

_LIVE: set[RunProcesses] = set()
_received: list[int] = []  # the signals received under stop_on_signals, in order


class Stopped(KeyboardInterrupt):
    """The command was stopped by ``signum``; ``kept`` lists temporary folders left on
    purpose (``--keep``)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.kept: list[str] = []

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def message(self) -> str:
        return "Interrupted." if self.signum == signal.SIGINT else "Terminated."


@contextmanager
def contained() -> Iterator[RunProcesses]:
    """One run: its processes are marked, and all killed when the block ends."""
    run = RunProcesses()
    _LIVE.add(run)
    try:
        yield run
    finally:
        try:
            run.kill()
        finally:
            _LIVE.discard(run)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM stop the block (in the main thread; a signal the process was
    started ignoring, as a shell does for background jobs or ``nohup``, stays ignored)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    session = os.environ.get(SESSION_MARK)
    os.environ[SESSION_MARK] = session or secrets.token_hex(8)
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        yield
        check_stopped()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _received.clear()
        if session is None:
            os.environ.pop(SESSION_MARK, None)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    first = not _received
    _received.append(signum)
    kill_live()
    if first:
        raise Stopped(signum)


def kill_live() -> None:
    """Kill the processes of every live run of this command, also those started by its
    worker processes (they carry the command's session mark)."""
    for run in list(_LIVE):
        run.kill()
    session = os.environ.get(SESSION_MARK)
    if session:
        kill_processes(lambda value: value.startswith(session + "."))


def check_stopped() -> None:
    """Raise Stopped when a signal arrived and something swallowed it (a library that turns
    any error into its own, for example): a stopped run's results are never reported."""
    if _received:
        raise Stopped(_received[0])
