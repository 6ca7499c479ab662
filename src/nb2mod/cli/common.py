"""What every command shares: settings from pyproject, expanding paths, one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar

import click

from nb2mod.batch import Failure, attempt
from nb2mod.errors import ConfigError
from nb2mod.paths import common_folder, expand_notebooks
from nb2mod.settings import Settings, load_settings

T = TypeVar("T")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def jobs_option(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--jobs N``: how many notebooks are ``verb`` in parallel (None: not given)."""
    return click.option(
        "--jobs",
        type=click.IntRange(min=0),
        default=None,
        help=f"Notebooks {verb} in parallel; 0 (the default): one per core.",
    )


def settings_for(paths: Iterable[str], **cli_options: Any) -> Settings:
    """Settings from the nearest pyproject.toml of the paths, with CLI options on top."""
    paths = list(paths)
    start = common_folder(paths)
    try:
        return load_settings(start).replace(**cli_options)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def check_interpreters(settings: Settings) -> None:
    """A --kernel that is not installed or a --python that is no program: a usage error."""
    from nb2mod.interpreters import check_python, choose_kernel

    try:
        if settings.kernel:
            choose_kernel(settings.kernel)
        if settings.python:
            check_python(settings.python)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def finish(code: int) -> NoReturn:
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


__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "check_interpreters",
    "echo_error",
    "expand_notebooks",
    "finish",
    "guarded",
    "jobs_option",
    "settings_for",
]
