"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from inplace_mutation.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


def build() -> tuple[Any, ...]:
    """Build (notebook cell 2)."""
    # cell 2
    df = pd.DataFrame({"a": [1.0, None, 3.0], "b": [4, 5, 6]})
    log = []
    return df, log


def clean(df, log) -> tuple[Any, ...]:
    """Clean (notebook cell 4)."""
    # cell 4
    df.dropna(inplace=True)
    df["c"] = df["a"] * df["b"]
    log.append("cleaned")
    return df, log


def report(df, log) -> tuple[Any, ...]:
    """Report (notebook cell 6)."""
    # cell 6
    rows = len(df)
    total_c = float(df["c"].sum())
    steps_done = list(log)
    return rows, total_c, steps_done


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    df, log = build()
    df, log = clean(df, log)
    rows, total_c, steps_done = report(df, log)
    return {"rows": rows, "total_c": total_c, "steps_done": steps_done}
