"""Render CONVERSION.md: dataflow graph, cell map, config, what was dropped, warnings, TODOs,
update history."""

from __future__ import annotations

from collections.abc import Iterable

from nb2mod.codegen.figures_table import figures_section
from nb2mod.codegen.local_report import local_modules_section
from nb2mod.codegen.seeds_report import seeds_section
from nb2mod.codegen.stops_report import stops_section
from nb2mod.plan.model import Plan
from nb2mod.sourcemap import FileMap
from nb2mod.update.history import HEADING, render_history


def render_report(plan: Plan, pipeline: str, pipeline_map: FileMap) -> str:
    """CONVERSION.md, from the plan and pipeline.py's map (its TODO lines from its text)."""
    run = plan.name("run")
    out = [f"# Conversion of `{_name(plan.notebook)}` into `{plan.package}`", ""]
    out += [
        f"Run it with `python -m {plan.package} [--config config.toml] [--set key=value]`, "
        f"or from Python: `from {plan.package}.pipeline import {run}; {run}()`.",
        "",
        *_secrets_note(plan),
        "## Steps and dataflow",
        "",
        *_mermaid(plan),
        "",
        "| step | cells | parameters | returns |",
        "|---|---|---|---|",
    ]
    for step in plan.steps:
        params = ([plan.config_name] if step.uses_config else []) + list(step.params)
        out.append(
            f"| `{step.name}` | {', '.join(map(str, step.cells))} | "
            f"{_codes(params)} | {_codes(step.returns)} |"
        )
    out += ["", f"`{run}()` returns: {_codes(plan.results) or 'nothing'}{_some_paths(plan)}.", ""]
    out += stops_section(plan)
    out += _renamed_section(plan)
    out += _cells_section(pipeline_map)
    out += _config_section(plan)
    out += seeds_section(plan)
    out += figures_section(plan)
    out += _dependencies_section(plan)
    out += local_modules_section(plan)
    out += _dropped_section(plan)
    out += _warnings_section(plan)
    out += _todo_section(pipeline)
    out += [HEADING, "", render_history(())]  # --update fills it (nb2mod.update.history)
    return "\n".join(out).rstrip() + "\n"


def _secrets_note(plan: Plan) -> list[str]:
    variables = [f"`{f.env}`" for f in plan.config_fields if f.env]
    if not variables:
        return []
    many = len(variables) > 1
    holds = "they hold the secrets" if many else "it holds a secret"
    return [
        f"Set the environment variable{'s' if many else ''} {', '.join(variables)} first: "
        f"{holds} the notebook hard-coded, which no generated file holds (see Config and "
        "Warnings). The run stops with an error naming a variable that is not set (exit 2).",
        "",
    ]


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].replace("`", "'")


def _some_paths(plan: Plan) -> str:
    if not plan.unbound_results:
        return ""
    names, one = _codes(plan.unbound_results), len(plan.unbound_results) == 1
    return (
        f" ({names} only when the run binds {'it' if one else 'them'}: the notebook binds"
        f" {'it' if one else 'them'} on some paths only)"
    )


def _codes(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _mermaid(plan: Plan) -> list[str]:
    lines = ["```mermaid", "flowchart TD"]
    if any(s.uses_config for s in plan.steps):
        lines.append('    config[("Config")]')
    for step in plan.steps:
        lines.append(f'    {step.name}["{step.name}<br/>cells {", ".join(map(str, step.cells))}"]')
    for index, step in enumerate(plan.steps):
        if step.uses_config:
            lines.append(f"    config --> {step.name}")
        sources: dict[str, list[str]] = {}
        for name in step.params:
            source = next((s.name for s in reversed(plan.steps[:index]) if name in s.returns), None)
            if source is not None:
                sources.setdefault(source, []).append(name)
        for source, names in sources.items():
            lines.append(f"    {source} -->|{', '.join(names)}| {step.name}")
    lines.append("```")
    return lines


def _renamed_section(plan: Plan) -> list[str]:
    """nb2mod's own names that the notebook uses too, and what they are called instead."""
    if not plan.renamed_generated:
        return []
    pairs = ", ".join(f"`{new}` (not `{role}`)" for role, new in plan.renamed_generated)
    return [
        "The notebook uses some names nb2mod would give its own code; it keeps them, and "
        f"`pipeline.py` names nb2mod's: {pairs}.",
        "",
    ]


def _cells_section(pipeline_map: FileMap) -> list[str]:
    mapping = pipeline_map.first_marks()
    out = ["## Where each cell went", "", "| cell | in `pipeline.py` | line |", "|---|---|---|"]
    for cell in sorted(mapping):
        owner, line = mapping[cell]
        out.append(f"| {cell} | `{owner}` | {line} |")
    out += [
        "",
        "Cells not listed held only imports (now at the top of `pipeline.py`), "
        "markdown, or nothing that runs.",
        "",
    ]
    return out


def _config_section(plan: Plan) -> list[str]:
    if not plan.config_fields:
        return ["## Config", "", "No constants were lifted into `Config`.", ""]
    out = ["## Config", "", "| field | default | from |", "|---|---|---|"]
    for f in plan.config_fields:
        where = f"cell {f.cell}, line {f.line}" if f.cell else "added by nb2mod"
        default = "`" + repr(f.default).replace("|", "\\|") + "`"
        if f.env:
            default = f"none: the environment variable `{f.env}`"
        out.append(f"| `{f.name}` | {default} | {where}: {f.reason} |")
    return [*out, ""]


def _dependencies_section(plan: Plan) -> list[str]:
    deps = plan.dependencies
    version = ".".join(str(n) for n in deps.python)
    out = [
        "## Dependencies",
        "",
        f"Resolved in {deps.where} (Python {version}): `pyproject.toml` lists "
        f"{len(deps.direct)} direct dependencies, `requirements.txt` locks {len(deps.lock)} "
        "(those and what they need).",
    ]
    if deps.problem:
        out.append(f"The interpreter asked first was not used: {deps.problem}.")
    for r in deps.unpinned:
        out.append(f"- `{r.name}` ({r.why}).")
    for m in plan.local_modules:
        out.append(f"- `{m.name}` (`{m.shown}`) is a local module: not a requirement.")
    return [*out, ""]


def _dropped_section(plan: Plan) -> list[str]:
    if not plan.dropped:
        return ["## Dropped", "", "Nothing was dropped.", ""]
    out = ["## Dropped", "", "| cell | line | what | why |", "|---|---|---|---|"]
    out += [f"| {d.cell} | {d.line} | {d.what.replace('|', '/')} | {d.why} |" for d in plan.dropped]
    return [*out, ""]


def _warnings_section(plan: Plan) -> list[str]:
    if not plan.warnings:
        return ["## Warnings", "", "None.", ""]
    out = ["## Warnings", ""]
    out += [f"- cell {w.cell}:{w.line}: {w.code} {w.message}" for w in plan.warnings]
    return [*out, ""]


def _todo_section(pipeline: str) -> list[str]:
    todos = [
        (number, line.strip().lstrip("# "))
        for number, line in enumerate(pipeline.splitlines(), start=1)
        if "TODO(nb2mod)" in line
    ]
    if not todos:
        return ["## TODOs", "", "None.", ""]
    return ["## TODOs", "", *[f"- `pipeline.py` line {n}: {text}" for n, text in todos], ""]
