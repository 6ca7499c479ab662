"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

from tags_split.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def prepare(config: Config) -> tuple[Any, ...]:
    """prepare (notebook cells 1, 2)."""
    # cell 1
    base = config.base
    # cell 2
    offset = config.offset
    return base, offset


def combine(base, offset) -> Any:
    """combine (notebook cell 3)."""
    # cell 3
    total = base + offset
    return total


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    base, offset = prepare(config)
    total = combine(base, offset)
    return {"total": total}
