"""What every command shares: settings from pyproject, expanding paths, one-line errors."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from nb2mod.batch import Failure, attempt
from nb2mod.errors import ConfigError
from nb2mod.settings import Settings, load_settings

T = TypeVar("T")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_SKIP_DIRS = {".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv", ".tox"}


def settings_for(paths: Iterable[str], **cli_options: Any) -> Settings:
    """Settings from the nearest pyproject.toml of the paths, with CLI options on top."""
    paths = list(paths)
    start = _common_folder(paths)
    try:
        return load_settings(start).replace(**cli_options)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def _common_folder(paths: list[str]) -> str | None:
    if not paths:
        return None
    try:
        common = os.path.commonpath([os.path.abspath(p) for p in paths])
    except ValueError:
        return None
    return common if os.path.isdir(common) else os.path.dirname(common)


def expand_notebooks(paths: Iterable[str]) -> list[str]:
    """Files as given; folders become the notebooks below them, sorted, skipping checkpoints."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            out.extend(_notebooks_below(Path(path)))
        else:
            out.append(path)
    return out


def _notebooks_below(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".ipynb"))
    return found


def finish(code: int) -> None:
    """End the command with ``code`` (works under CliRunner and main() alike)."""
    raise click.exceptions.Exit(code)


def echo_error(message: str) -> None:
    """One line on standard error, prefixed so it stands out from results."""
    click.echo(f"error: {message}", err=True)


def guarded(path: str, work: Callable[[str], T]) -> T | str:
    """Run ``work(path)``; a failure becomes a one-line message naming the file, never a
    traceback. Returns the result, or the message (already printed) when it failed."""
    outcome = attempt(path, work)
    if isinstance(outcome.value, Failure):
        echo_error(outcome.value.message)
        return outcome.value.message
    return outcome.value
