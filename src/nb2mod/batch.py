"""Many notebooks at once: each handled alone, in worker processes, failures as values."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

from nb2mod.errors import NotebookError
from nb2mod.workers import run_alone, start_pool

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
    """Outcomes in input order, computed in worker processes (also for one worker, so that a
    crash is reported, not fatal). When a worker dies, the pool is broken for every notebook
    in flight: each of those runs again alone, so the one that kills its worker again is
    reported as its own Failure, and the rest of the batch goes on in a fresh pool."""
    ordered: _InOrder[R] = _InOrder()
    queue = deque(range(len(paths)))
    while queue:
        suspects = yield from _run_pool(paths, work, workers, queue, ordered)
        for index in suspects:
            ordered.results[index] = _alone(paths[index], work)
        yield from ordered.ready()


@dataclass
class _InOrder(Generic[R]):
    """Outcomes that arrive in any order, released in input order."""

    results: dict[int, Outcome[R]] = field(default_factory=dict)
    released: int = 0

    def ready(self) -> Iterator[Outcome[R]]:
        while self.released in self.results:
            yield self.results.pop(self.released)
            self.released += 1


def _run_pool(
    paths: Sequence[str],
    work: Callable[[str], R],
    workers: int,
    queue: deque[int],
    ordered: _InOrder[R],
) -> Generator[Outcome[R], None, list[int]]:
    """Run queued notebooks until the queue is empty or a worker dies, yielding outcomes as
    they can be released; returns the indices in flight when a worker died (else none)."""
    with start_pool(workers) as pool:
        running: dict[Future[Outcome[R]], int] = {}
        while queue or running:
            while queue and len(running) < 2 * workers:  # a few in flight: few suspects
                try:
                    future = pool.submit(attempt, paths[queue[0]], work)
                except BrokenProcessPool:  # a worker died since the last answer
                    return sorted(running.values())
                running[future] = queue.popleft()
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    ordered.results[index] = future.result()
                except BrokenProcessPool:
                    return sorted([index, *running.values()])
            yield from ordered.ready()
    return []


def _alone(path: str, work: Callable[[str], R]) -> Outcome[R]:
    answered, value = run_alone(attempt, path, work)
    if answered:
        return cast("Outcome[R]", value)
    message = f"{path}: nb2mod's worker process died ({value}) on this notebook; please report it"
    return Outcome(path, Failure(path, message))


def show_progress(count: int) -> bool:
    """A bar only for several notebooks, on a terminal, and never under pre-commit."""
    if count < 2 or os.environ.get("PRE_COMMIT") or os.environ.get("CI"):
        return False
    return sys.stderr.isatty()
