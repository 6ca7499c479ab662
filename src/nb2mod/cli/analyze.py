"""`nb2mod analyze`: print the facts nb2mod gathers about each notebook."""

from __future__ import annotations

import json

import click

from nb2mod.cli.common import EXIT_ERROR, EXIT_OK, expand_notebooks, finish, guarded, settings_for


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
def analyze(notebooks: tuple[str, ...], output_format: str) -> None:
    """Print cells, dataflow, seeds, effects and config candidates of each NOTEBOOK.

    Analysis never runs notebook code. A notebook that cannot be read is reported on one
    line and the others are still analysed; the exit code is then 2.
    """
    from nb2mod.analysis import analyze as analyze_notebook
    from nb2mod.analysis.render import render_text
    from nb2mod.analysis.serialize import analyses_to_json
    from nb2mod.notebook import read_notebook

    paths = expand_notebooks(notebooks)
    settings_for(paths)
    analyses, errors = [], []
    for path in paths:
        analysis = guarded(path, lambda p: analyze_notebook(read_notebook(p)))
        if isinstance(analysis, str):
            errors.append({"path": path, "error": analysis})
            continue
        analyses.append(analysis)
        if output_format == "text":
            click.echo(render_text(analysis))
    if output_format == "json":
        click.echo(json.dumps(analyses_to_json(analyses, errors), indent=2))
    if len(paths) > 1 and output_format == "text":
        click.echo(f"{len(analyses)} analysed, {len(errors)} could not be read", err=True)
    finish(EXIT_ERROR if errors else EXIT_OK)
