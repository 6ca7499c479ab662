"""Worker processes for batches: they die with the process that started them, and one that
dies itself (a native crash, the out-of-memory killer) becomes a Failure for its notebook.

On Linux each worker asks the kernel for SIGKILL when its parent dies (``prctl``
PR_SET_PDEATHSIG); elsewhere a daemon thread in the worker checks once a second that its
parent is still there. Either way a worker never outlives ``nb2mod`` by more than a moment.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

_PR_SET_PDEATHSIG = 1
_POLL_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` ends (a pool initializer)."""
    if not _kernel_kills_us_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _kernel_kills_us_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def run_alone(call: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    """Run ``call(*args)`` in a fresh worker process of its own: (True, its result), or
    (False, a few words on how the process died) when it died before answering."""
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_answer, args=(send, os.getpid(), call, args))
    process.start()
    send.close()
    try:
        answer = receive.recv()
    except EOFError:
        answer = None
    finally:
        receive.close()
        process.join()
    if answer is not None:
        return True, answer[0]
    return False, death(process.exitcode)


def _answer(send: Connection, parent: int, call: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    send.send((call(*args),))
    send.close()


def death(exitcode: int | None) -> str:
    """How a process ended, in words: ``killed by SIGSEGV`` or ``exit code 3``."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}"
    return f"exit code {exitcode}"
