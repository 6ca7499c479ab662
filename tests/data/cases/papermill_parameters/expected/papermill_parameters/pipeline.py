"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

from papermill_parameters.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def parametrised_report(config: Config) -> tuple[Any, ...]:
    """Parametrised report (notebook cell 2)."""
    # cell 2
    alpha = config.alpha
    label = config.label
    repeats = config.repeats
    verbose = config.verbose
    return alpha, label, repeats, verbose


def compute(repeats, alpha, label, verbose) -> None:
    """Compute (notebook cell 4)."""
    # cell 4
    scores = [alpha * i for i in range(repeats)]
    title = f"{label}: {sum(scores):.3f}"
    if verbose:
        logger.info("%s", title)


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    alpha, label, repeats, verbose = parametrised_report(config)
    compute(repeats, alpha, label, verbose)
    return {}
