"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import math
from typing import Any

from no_headings.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def cell_2(config: Config) -> tuple[Any, ...]:
    """cell 2 (notebook cell 2)."""
    # cell 2
    radius = config.radius
    area = math.pi * radius**2
    return radius, area


def cell_3(radius) -> Any:
    """cell 3 (notebook cell 3)."""
    # cell 3
    circumference = 2 * math.pi * radius
    return circumference


def cell_4(area, circumference) -> Any:
    """cell 4 (notebook cell 4)."""
    # cell 4
    ratio = area / circumference
    return ratio


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    radius, area = cell_2(config)
    circumference = cell_3(radius)
    ratio = cell_4(area, circumference)
    return {"ratio": ratio}
