"""`nb2mod verify`: run each notebook and its converted package, and compare the results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from nb2mod.cli.common import (
    EXIT_ERROR,
    check_interpreters,
    echo_error,
    expand_notebooks,
    finish,
    settings_for,
)

if TYPE_CHECKING:
    from nb2mod.settings import Settings
    from nb2mod.verification.outcome import Verification


@click.command()
@click.argument("notebooks", nargs=-1, required=True, type=click.Path())
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds each side may run (default 600, or [tool.nb2mod.verify] timeout).",
)
@click.option("--keep", is_flag=True, help="Keep the temporary folders and print where they are.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for programs.",
)
@click.option(
    "--repeat",
    is_flag=True,
    default=None,
    help="Run the notebook twice; what differs between runs is not deterministic.",
)
@click.option(
    "--rtol",
    type=click.FloatRange(min=0),
    default=None,
    help="Relative tolerance for floats, arrays and frames (default 1e-7).",
)
@click.option("--atol", type=click.FloatRange(min=0), default=None, help="Absolute tolerance.")
@click.option(
    "--kernel",
    metavar="NAME",
    help="Jupyter kernel that runs the notebook [default: the one the notebook names, when "
    "installed, else nb2mod's own].",
)
@click.option(
    "--python",
    metavar="PATH",
    help="Interpreter that runs the package [default: the kernel's].",
)
def verify(
    notebooks: tuple[str, ...],
    timeout: float | None,
    keep: bool,
    output_format: str,
    repeat: bool | None,
    rtol: float | None,
    atol: float | None,
    kernel: str | None,
    python: str | None,
) -> None:
    """Convert each NOTEBOOK, run the notebook and the package, and compare every result,
    what each prints and the values each displays.

    Exit codes: 0 everything compared is equal (rows not compared or not deterministic do
    not fail), 1 a difference or a failing package, 2 a notebook that cannot be read or fails
    on its own, or the verify extra is missing (pip install 'nb2mod[verify]').

    The notebook runs in a Jupyter kernel and the package with a Python interpreter that
    have the notebook's libraries: --kernel and --python (or [tool.nb2mod.verify] kernel
    and python) choose them when nb2mod's own environment lacks them.
    """
    from nb2mod.verification.extra import VerifyUnavailableError, require_verify_extra
    from nb2mod.verification.render import render_json, render_text, summary
    from nb2mod.verification.stopping import Stopped, stop_on_signals
    from nb2mod.verification.verifier import verify as verify_notebook

    paths = expand_notebooks(notebooks)
    settings = settings_for(
        paths, timeout=timeout, rtol=rtol, atol=atol, repeat=repeat, kernel=kernel, python=python
    )
    try:
        require_verify_extra()
    except VerifyUnavailableError as exc:
        echo_error(str(exc))
        finish(EXIT_ERROR)
    check_interpreters(settings)
    results = []
    try:
        with stop_on_signals():
            for path in paths:
                result = _verify_one(path, settings, keep, verify_notebook)
                results.append(result)
                if output_format == "text" and result.status == "error":
                    echo_error(f"{path}: {result.message}")
                elif output_format == "text":
                    click.echo(render_text(result))
    except Stopped as stopped:
        for folder in stopped.kept:
            click.echo(f"kept temporary files in {folder}", err=True)
        raise
    if output_format == "json":
        click.echo(render_json(results))
    else:
        click.echo(summary(results))
    finish(max((r.exit_code for r in results), default=0))


def _verify_one(path: str, settings: Settings, keep: bool, verify_notebook: Any) -> Verification:
    """One notebook's result; a notebook that cannot be read is an ``error`` result."""
    from nb2mod.batch import Failure, attempt
    from nb2mod.verification.outcome import Verification

    value = attempt(path, lambda p: verify_notebook(p, settings, keep=keep)).value
    if isinstance(value, Failure):
        return Verification(path, "error", message=value.message.removeprefix(f"{path}: "))
    return value
