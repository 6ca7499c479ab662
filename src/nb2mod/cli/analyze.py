"""`nb2mod analyze`: print the facts nb2mod gathers about each notebook."""

from __future__ import annotations

import json
from typing import Any

import click

from nb2mod.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    echo_error,
    expand_notebooks,
    finish,
    jobs_option,
    settings_for,
)


@click.command()
@click.argument("notebooks", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON (schema version 1, see docs/analysis-json.md) for programs.",
)
@jobs_option("analysed")
def analyze(notebooks: tuple[str, ...], output_format: str, jobs: int | None) -> None:
    """Print cells, dataflow, seeds, effects and config candidates of each NOTEBOOK.

    Analysis never runs notebook code. A notebook that cannot be read is reported on one
    line and the others are still analysed; the exit code is then 2.
    """
    from nb2mod.analysis.serialize import SCHEMA_VERSION
    from nb2mod.batch import Failure, run_batch

    paths = expand_notebooks(notebooks)
    settings = settings_for(paths, jobs=jobs)
    work = _as_text if output_format == "text" else _as_json
    results: list[Any] = []
    errors: list[dict[str, str]] = []
    for outcome in run_batch(paths, work, jobs=settings.jobs, label="analysing"):
        if isinstance(outcome.value, Failure):
            echo_error(outcome.value.message)
            errors.append({"path": outcome.path, "error": outcome.value.message})
        elif output_format == "text":
            click.echo(outcome.value)
        else:
            results.append(outcome.value)
    if output_format == "json":
        document = {"version": SCHEMA_VERSION, "notebooks": results, "errors": errors}
        click.echo(json.dumps(document, indent=2))
    if len(paths) > 1:
        click.echo(
            f"{len(paths)} notebooks: {len(paths) - len(errors)} analysed, "
            f"{len(errors)} could not be read",
            err=True,
        )
    finish(EXIT_ERROR if errors else EXIT_OK)


def _as_text(path: str) -> str:
    """One notebook's analysis as text (runs in a worker process; returns plain text)."""
    from nb2mod.analysis import analyze
    from nb2mod.analysis.render import render_text
    from nb2mod.notebook import read_notebook

    return render_text(analyze(read_notebook(path)))


def _as_json(path: str) -> dict[str, Any]:
    from nb2mod.analysis import analyze
    from nb2mod.analysis.serialize import analysis_to_json
    from nb2mod.notebook import read_notebook

    return analysis_to_json(analyze(read_notebook(path)))
