"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

from unparsable_cell.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def start(config: Config) -> Any:
    """Start (notebook cells 2, 3)."""
    # cell 2
    count = config.count
    # cell 3
    # TODO(nb2mod): cell is not valid Python: Missing parentheses in call to 'print'. Did you mean print(...)? (Python 2 syntax?); the cell is kept as a comment
    # print 'python 2 style'
    return count


def end(count) -> Any:
    """End (notebook cell 5)."""
    # cell 5
    doubled = count * 2
    return doubled


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    count = start(config)
    doubled = end(count)
    return {"doubled": doubled}
