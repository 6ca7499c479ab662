"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
from collections.abc import Iterator
from typing import Any

from file_io.config import Config

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
def writing(what: str, path: Any = None) -> Iterator[None]:
    """Turn a failed file write into a PipelineError naming ``what`` and the absolute path
    of the file (the one the error names, else ``path``)."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if exc.filename is not None else path
        if isinstance(where, (str, os.PathLike)) and "://" not in os.fspath(where):
            what = f"{what} ({os.path.abspath(where)})"
        reason = exc.strerror or str(exc)
        raise PipelineError(f"cannot write {what}: {' '.join(reason.split())}") from exc


def write(config: Config) -> Any:
    """Write (notebook cell 2)."""
    # cell 2
    rows = [{"name": "a", "value": 1}, {"name": "b", "value": 2}]
    with writing("config field rows_csv_path", config.rows_csv_path):
        with open(config.rows_csv_path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["name", "value"])
            writer.writeheader()
            writer.writerows(rows)
    return writer


def read(config: Config) -> Any:
    """Read (notebook cell 4)."""
    # cell 4
    with reading("config field rows_csv_path", config.rows_csv_path):
        with open(config.rows_csv_path, newline="") as handle:
            loaded = list(csv.DictReader(handle))
    total = sum(int(r["value"]) for r in loaded)
    return total


def save(config: Config, total) -> Any:
    """Save (notebook cell 6)."""
    # cell 6
    with writing("config field summary_json_path", config.summary_json_path):
        with open(config.summary_json_path, "w") as handle:
            json.dump({"total": total}, handle)
    return handle


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    config.make_output_folders()
    writer = write(config)
    total = read(config)
    handle = save(config, total)
    return {"handle": handle, "writer": writer}
