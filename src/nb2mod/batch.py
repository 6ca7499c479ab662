"""Many notebooks at once: each handled alone, in parallel across cores, failures as values."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from nb2mod.errors import NotebookError

R = TypeVar("R")


@dataclass(frozen=True)
class Failure:
    """A notebook that could not be handled; ``message`` is one line naming the file."""

    path: str
    message: str


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What happened to one notebook: a value, or a Failure."""

    path: str
    value: R | Failure

    @property
    def failed(self) -> bool:
        return isinstance(self.value, Failure)


def attempt(path: str, work: Callable[[str], R]) -> Outcome[R]:
    """Run ``work(path)``; every failure becomes a one-line Failure, never a traceback."""
    try:
        return Outcome(path, work(path))
    except NotebookError as exc:
        message = str(exc)
    except (RecursionError, MemoryError) as exc:
        message = f"{path}: too large or too deeply nested to process ({type(exc).__name__})"
    except Exception as exc:  # the last line of defence at the edge: report, do not crash
        text = str(exc).strip()
        first = text.splitlines()[0][:200] if text else ""
        message = (
            f"{path}: internal error in nb2mod ({type(exc).__name__}: {first}); please report it"
        )
    return Outcome(path, Failure(path, message))


def effective_jobs(jobs: int, count: int) -> int:
    """``jobs`` 0 means all cores; never more workers than notebooks."""
    cores = os.cpu_count() or 1
    wanted = cores if jobs <= 0 else jobs
    return max(1, min(wanted, count))


def run_batch(
    paths: Sequence[str],
    work: Callable[[str], R],
    *,
    jobs: int = 0,
    progress: bool | None = None,
    label: str = "notebooks",
) -> Iterator[Outcome[R]]:
    """Yield one Outcome per path, in input order.

    ``work`` must be a module-level function (it is sent to worker processes). A progress bar
    is drawn on standard error when it is a terminal, unless ``progress`` says otherwise.
    """
    workers = effective_jobs(jobs, len(paths))
    show = show_progress(len(paths)) if progress is None else progress
    outcomes = _outcomes(paths, work, workers)
    if not show:
        yield from outcomes
        return
    import click

    with click.progressbar(outcomes, length=len(paths), label=label, file=sys.stderr) as bar:
        yield from bar


def _outcomes(paths: Sequence[str], work: Callable[[str], R], workers: int) -> Iterator[Outcome[R]]:
    if workers == 1:
        for path in paths:
            yield attempt(path, work)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(paths) // (workers * 8))
        yield from pool.map(_attempt_star, [(p, work) for p in paths], chunksize=chunk)


def _attempt_star(args: tuple[str, Callable[[str], R]]) -> Outcome[R]:
    return attempt(*args)


def show_progress(count: int) -> bool:
    """A bar only for several notebooks, on a terminal, and never under pre-commit."""
    if count < 2 or os.environ.get("PRE_COMMIT") or os.environ.get("CI"):
        return False
    return sys.stderr.isatty()
