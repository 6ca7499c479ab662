"""Command line: ``python -m figures_every_way [--config FILE] [--set key=value] [--data-dir DIR]
[--output-dir DIR] [--log-level LEVEL]``."""

from __future__ import annotations

import logging
import sys

import click

from figures_every_way.config import ConfigError, load_config


def _overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--set")
        values[key.strip()] = value
    return values


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="A TOML file of config values (see config.toml).",
)
@click.option("--set", "pairs", multiple=True, metavar="KEY=VALUE", help="Override one value.")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False),
    help="Folder relative input paths are read from (config data_dir; default: the current folder).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Folder figures and written files go to (config output_dir; default: outputs).",
)
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    help="How much the pipeline logs.",
)
def main(
    config_file: str | None,
    pairs: tuple[str, ...],
    data_dir: str | None,
    output_dir: str | None,
    log_level: str,
) -> None:
    """Run the figures_every_way pipeline (converted from a notebook by nb2mod)."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    overrides = _overrides(pairs)
    folders = {"data_dir": data_dir, "output_dir": output_dir}
    overrides.update({key: value for key, value in folders.items() if value is not None})
    try:
        config = load_config(config_file, overrides)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    from figures_every_way.pipeline import PipelineError, run

    try:
        results = run(config)
    except (PipelineError, ConfigError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"done: {len(results)} results ({', '.join(sorted(results))})")


if __name__ == "__main__":
    main()
