"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
import statistics
from typing import Any

from headings.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def load_the_data(config: Config) -> tuple[Any, ...]:
    """Load the data (notebook cell 3)."""
    # cell 3
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
    threshold = config.threshold
    return values, threshold


def clean(config: Config, values, threshold) -> tuple[Any, ...]:
    """Clean (notebook cell 5)."""
    # cell 5
    kept = [v for v in values if v > threshold]
    scale = config.scale
    return kept, scale


def summarise(kept, scale) -> tuple[Any, ...]:
    """Summarise (notebook cell 7)."""
    # cell 7
    mean = statistics.mean(kept) * scale
    spread = statistics.pstdev(kept)
    return mean, spread


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    values, threshold = load_the_data(config)
    kept, scale = clean(config, values, threshold)
    mean, spread = summarise(kept, scale)
    return {"mean": mean, "spread": spread}
