"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import functools
import logging
from typing import Any

from function_reads_global.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


# cell 4
def scaled(x, *, factors, offset):
    return x * factors[0] + offset


# cell 4
def double_scaled(x, *, factors, offset):
    return 2 * scaled(x, factors=factors, offset=offset)


# cell 4
def add(a, b):
    return a + b


def setup(config: Config) -> tuple[Any, ...]:
    """Setup (notebook cell 2)."""
    # cell 2
    factors = [2]
    offset = config.offset
    return factors, offset


def use(factors, offset) -> tuple[Any, ...]:
    """Use (notebook cell 6)."""
    # cell 6
    factors[0] = 3
    first = scaled(4, factors=factors, offset=offset)
    second = double_scaled(5, factors=factors, offset=offset)
    mapped = list(map(functools.partial(scaled, factors=factors, offset=offset), [1, 2]))
    plain = add(2, 3)
    return first, second, mapped, plain


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    factors, offset = setup(config)
    first, second, mapped, plain = use(factors, offset)
    return {"first": first, "second": second, "mapped": mapped, "plain": plain}
