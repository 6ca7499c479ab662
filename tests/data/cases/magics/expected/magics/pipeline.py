"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from magics.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


@contextlib.contextmanager
def reading(what: str, path: str | None = None) -> Iterator[None]:
    """Turn a failed file or network read into a PipelineError naming ``what`` and, for a
    file, its absolute path."""
    try:
        yield
    except (OSError, ValueError) as exc:
        reason = str(exc)
        if path and "://" not in path:
            what = f"{what} ({os.path.abspath(path)})"
            if isinstance(exc, OSError) and exc.strerror:
                reason = exc.strerror  # the path is named already
        raise PipelineError(f"cannot read {what}: {' '.join(reason.split())}") from exc


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    """Log how long the block took (the notebook timed it with %time or %timeit)."""
    from time import perf_counter

    start = perf_counter()
    yield
    logger.info("%s took %.3f s", label, perf_counter() - start)


def write_asset(path: str, text: str, append: bool = False) -> None:
    """Write the file a %%writefile cell wrote."""
    try:
        with open(path, "a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PipelineError(f"cannot write {os.path.abspath(path)}: {reason}") from exc


# cell 3
def work(n):
    return sum(range(n))


def cell_4() -> Any:
    """cell 4 (notebook cell 4)."""
    # cell 4
    with timed("result = work(1000)"):
        result = work(1000)
    with timed("work(10)"):
        work(10)
    return result


def cell_5() -> Any:
    """cell 5 (notebook cell 5)."""
    # cell 5
    with timed("cell 5"):
        slow = work(2000)
    return slow


def cell_6() -> None:
    """cell 6 (notebook cell 6)."""
    # cell 6
    write_asset("helper_data.txt", "hello\nworld\n", append=False)


def cell_7() -> None:
    """cell 7 (notebook cell 7)."""
    # cell 7
    # TODO(nb2mod): %run other.ipynb: import the converted module instead; kept as a comment
    # get_ipython().run_line_magic('run', 'other.ipynb')
    pass


def cell_8() -> Any:
    """cell 8 (notebook cell 8)."""
    # cell 8
    # TODO(nb2mod): !ls has no module equivalent; kept as a comment
    # get_ipython().system('ls')
    # TODO(nb2mod): IPython call with no module equivalent; kept as a comment
    # listing = get_ipython().getoutput('ls')
    listing = None
    # TODO(nb2mod): %cd /tmp has no module equivalent; kept as a comment
    # get_ipython().run_line_magic('cd', '/tmp')
    return listing


def cell_9(config: Config) -> tuple[Any, ...]:
    """cell 9 (notebook cell 9)."""
    # cell 9
    with reading("config field helper_data_txt_path", config.helper_data_txt_path):
        with open(config.helper_data_txt_path) as handle:
            lines = handle.read().split()
    return handle, lines


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    result = cell_4()
    slow = cell_5()
    cell_6()
    cell_7()
    listing = cell_8()
    handle, lines = cell_9(config)
    return {"result": result, "slow": slow, "handle": handle, "lines": lines}
