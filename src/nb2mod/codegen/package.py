"""Render the package's __init__.py (lazy re-exports) and __main__.py (the click CLI)."""

from __future__ import annotations

from nb2mod.codegen.black_style import string
from nb2mod.codegen.chunks import Chunk, styled
from nb2mod.plan.model import Plan

# Figures are saved, never shown: matplotlib draws without a display unless the user chose
# a backend (MPLBACKEND, or the notebook's own matplotlib.use()).
_HEADLESS = (
    "# the figures the notebook showed are saved: draw them without a display\n"
    'os.environ.setdefault("MPLBACKEND", "Agg")\n\n'
)


def render_init(plan: Plan) -> Chunk:
    """Re-exports run, Config, load_config and the notebook's functions, imported lazily so
    that ``import PKG.config`` does not import the notebook's libraries."""
    exports = {"Config": "config", "load_config": "config", plan.name("run"): "pipeline"}
    for d in plan.definitions:
        if not d.name.startswith("_"):
            exports.setdefault(d.name, "pipeline")
    names = sorted(exports)
    table = "".join(f"    {string(name)}: {string(exports[name])},\n" for name in names)
    listing = "".join(f"    {string(name)},\n" for name in names)
    backend = _HEADLESS if plan.saves_figures else ""
    return styled(
        f'"""{plan.package}: the notebook converted into a package by nb2mod."""\n\n'
        "from __future__ import annotations\n\n"
        "import importlib\n"
        + ("import os\n" if backend else "")
        + "from typing import Any\n\n"
        + backend
        + f"_EXPORTS = {{\n{table}}}\n\n"
        f"__all__ = [\n{listing}]\n\n\n"
        "def __getattr__(name: str) -> Any:\n"
        "    module = _EXPORTS.get(name)\n"
        "    if module is None:\n"
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n'
        '    return getattr(importlib.import_module(f"{__name__}.{module}"), name)\n'
    )


def render_main(plan: Plan) -> Chunk:
    """``python -m PKG``: --config FILE, --set key=value, --data-dir, --output-dir,
    --log-level; errors exit 2."""
    p = plan.package
    return styled(_main_head(p) + _main_command(p, plan.name("run"), plan.name("PipelineError")))


def _main_head(p: str) -> str:
    """__main__.py up to its click command: the docstring, imports and --set's parser."""
    return f'''"""Command line: ``python -m {p} [--config FILE] [--set key=value] [--data-dir DIR]
[--output-dir DIR] [--log-level LEVEL]``."""

from __future__ import annotations

import logging
import sys

import click

from {p}.config import ConfigError, load_config


def _overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {{}}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{{pair!r}} is not key=value", param_hint="--set")
        values[key.strip()] = value
    return values


'''


def _main_command(p: str, run: str, error: str) -> str:
    """__main__.py's click command ``main``: its options, the run, errors as exit 2."""
    return f'''@click.command(context_settings={{"help_option_names": ["-h", "--help"]}})
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
    """Run the {p} pipeline (converted from a notebook by nb2mod)."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    overrides = _overrides(pairs)
    folders = {{"data_dir": data_dir, "output_dir": output_dir}}
    overrides.update({{key: value for key, value in folders.items() if value is not None}})
    try:
        config = load_config(config_file, overrides)
    except ConfigError as exc:
        click.echo(f"error: {{exc}}", err=True)
        sys.exit(2)
    from {p}.pipeline import {error}, {run}

    try:
        results = {run}(config)
    except ({error}, ConfigError) as exc:
        click.echo(f"error: {{exc}}", err=True)
        sys.exit(2)
    click.echo(f"done: {{len(results)}} results ({{', '.join(sorted(results))}})")


if __name__ == "__main__":
    main()
'''
