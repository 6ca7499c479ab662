"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

from duplicate_headings.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def compute() -> tuple[Any, ...]:
    """Compute (notebook cell 3)."""
    # cell 3
    xs = list(range(10))
    total = sum(xs)
    return xs, total


def compute_step(xs) -> Any:
    """Compute (notebook cell 5)."""
    # cell 5
    squares = [x * x for x in xs]
    return squares


def compute_2(squares, total) -> Any:
    """Compute! (notebook cell 7)."""
    # cell 7
    biggest = max(squares) + total
    return biggest


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    xs, total = compute()
    squares = compute_step(xs)
    biggest = compute_2(squares, total)
    return {"biggest": biggest}
