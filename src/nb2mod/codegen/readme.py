"""Render the package's README.md: what it computes, how to install and run it, its config,
the data it reads and what it writes, its steps, reproducibility, and how it was made."""

from __future__ import annotations

from nb2mod.codegen.config import python_value
from nb2mod.codegen.figures_table import figures_section
from nb2mod.codegen.local_report import carried_lines
from nb2mod.codegen.stops_report import stops_paragraph, unnamed_reads
from nb2mod.plan.model import ConfigField, Plan


def render_readme(plan: Plan) -> str:
    name = plan.notebook.replace("\\", "/").rsplit("/", 1)[-1]
    parts = [
        f"# {_inline(plan.title)}",
        _inline(plan.summary) if plan.summary else "",
        f"The `{plan.package}` package runs the computation of the notebook `{_inline(name)}`, "
        "converted by nb2mod: one function per notebook section, its constants in a typed "
        "`Config`, a command line, tests. `CONVERSION.md` says where each cell went and what "
        "was dropped.",
        _install(plan),
        _docker(plan),
        _config(plan),
        _data(plan),
        _steps(plan),
        stops_paragraph(plan),
        _reproducibility(plan),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _install(plan: Plan) -> str:
    p = plan.package
    return f"""## Install and run

```bash
pip install -r requirements.txt && pip install --no-deps .   # the exact versions it was made with
{p} --data-dir path/to/data --output-dir outputs           # or: python -m {p} ...
{p} --help
```

`pip install .` alone installs it with the pinned dependencies of `pyproject.toml`;
`pip install ".[test]"` and `python -m pytest` run its tests. From Python:
`from {p}.pipeline import run; from {p}.config import Config; run(Config(data_dir="data"))`
returns the notebook's final results by name. Settings come from `--config FILE` (a TOML
file like `config.toml`) and `--set key=value`."""


def _docker(plan: Plan) -> str:
    image = plan.package.replace("_", "-")
    major, minor = plan.dependencies.python[:2]
    return f"""## Container

```bash
docker build -t {image} .
docker run --rm -v "$PWD/data:/data:ro" -v "$PWD/outputs:/outputs" {image}
```

The image is `python:{major}.{minor}-slim` with the lock installed before the code (a code
change reuses that layer), run as a non-root user; `/data` and `/outputs` are its volumes.
nb2mod has not built or run this image (building needs the base image from a registry);
nb2mod's own tests check the Dockerfiles it generates with hadolint and run their install
steps in a fresh virtual environment.
`.github/workflows/ci.yml` installs the package with its test extra on Python
{major}.{minor} and runs the tests (it applies when this folder is the repository's root)."""


def _default(f: ConfigField) -> str:
    if f.env:  # a secret: no default, read from its environment variable
        return f"none: the environment variable `{f.env}`"
    return f"`{_cell_text(python_value(f.default))}`"


def _config(plan: Plan) -> str:
    rows = [f"| `{f.name}` | {_default(f)} | {_origin(f)} |" for f in plan.config_fields]
    return (
        "## Configuration\n\n`config.toml` holds the defaults, the values the notebook used.\n\n"
        "| field | default | from |\n|---|---|---|\n" + "\n".join(rows)
    )


def _origin(f: ConfigField) -> str:
    where = f"cell {f.cell}, line {f.line}" if f.cell else "added by nb2mod"
    return _cell_text(f"{where}: {f.reason}")


def _data(plan: Plan) -> str:
    inputs = [f for f in plan.config_fields if f.path == "input"]
    outputs = [f for f in plan.config_fields if f.path == "output"]
    lines = ["## Data it reads and what it writes", ""]
    lines += [
        f"- reads `{_cell_text(str(f.default))}` (`{f.name}`, {_cells(f)}), "
        "relative to `data_dir`"
        for f in inputs
    ]
    lines += unnamed_reads(plan)
    if not inputs and not plan.tests.files:
        lines.append("- no input file the notebook names by a literal path")
    lines += [
        f"- writes `{_cell_text(str(f.default))}` (`{f.name}`, {_cells(f)}), "
        "relative to `output_dir`"
        for f in outputs
    ]
    if plan.saves_figures:
        lines.append(
            "- saves the figures the notebook showed as PNG files in `output_dir/figures/` "
            "(see Figures)"
        )
    figures = figures_section(plan)
    return "\n".join([*lines, "", *figures] if figures else lines).rstrip()


def _cells(f: ConfigField) -> str:
    cells = sorted({f.cell, *(c for c, _ in f.sites)})
    return ("cell " if len(cells) == 1 else "cells ") + ", ".join(str(c) for c in cells)


def _steps(plan: Plan) -> str:
    lines = ["## Steps", "", "`run()` calls them in this order:", ""]
    for number, step in enumerate(plan.steps, start=1):
        cells = ("cell " if len(step.cells) == 1 else "cells ") + ", ".join(
            str(c) for c in step.cells
        )
        head = f"{number}. `{step.name}` ({_inline(step.title)}; {cells})"
        lines.append(f"{head}: {_inline(step.description)}" if step.description else head)
    return "\n".join(lines)


def _reproducibility(plan: Plan) -> str:
    deps = plan.dependencies
    version = ".".join(str(n) for n in deps.python)
    lines = [
        "## Reproducibility",
        "",
        f"- `requirements.txt` pins every distribution as installed in {deps.where} "
        f"(Python {version}); `pyproject.toml` pins the direct ones.",
    ]
    unpinned = [r.name for r in deps.unpinned]
    if unpinned:
        names = ", ".join(f"`{n}`" for n in unpinned)
        lines.append(f"- not pinned (not installed in {deps.where}): {names}.")
    if deps.problem:
        lines.append(f"- {_inline(deps.problem)}; resolved in nb2mod's own environment instead.")
    if plan.carried:
        lines.append("- the local modules the notebook imported are part of this package:")
        lines += ["  " + line for line in carried_lines(plan)]
    carried = {m.name for m in plan.carried}
    for module in plan.local_modules:
        if module.name not in carried:
            lines.append(
                f"- imports the local module `{module.name}` (`{module.shown}`), which is not "
                "a requirement and not part of this package (see CONVERSION.md)."
            )
    seed = plan.field_named(plan.seed_field)
    if plan.seed_libraries and seed is not None:
        libraries = ", ".join(f"`{lib}`" for lib in plan.seed_libraries)
        lines.append(
            f"- `run()` seeds {libraries} with `config.{seed.name}` "
            f"(default {seed.default!r}) before the first step."
        )
    return "\n".join(lines)


def _inline(text: str) -> str:
    return " ".join(text.split())


def _cell_text(text: str) -> str:
    """Text a Markdown table cell can hold."""
    return _inline(text).replace("|", "\\|").replace("`", "'")
