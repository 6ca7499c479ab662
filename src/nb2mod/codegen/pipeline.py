"""Render pipeline.py: imports, helpers, module-level notebook definitions, steps and run()."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.cells import rewritten_cells
from nb2mod.codegen.definitions import render_definition
from nb2mod.codegen.steps import render_step
from nb2mod.codegen.text import safe_text
from nb2mod.plan.helpers import HELPERS
from nb2mod.plan.model import Plan

_PIPELINE_ERROR = (
    "class {name}(Exception):\n"
    '    """A step failed on its input; the message names the config field or the path."""\n'
)


def render_pipeline(plan: Plan, analysis: Analysis) -> str:
    """pipeline.py as text (not yet black-formatted)."""
    cells = rewritten_cells(plan, analysis)
    pieces = [_PIPELINE_ERROR.format(name=plan.name("PipelineError"))]
    pieces += [HELPERS[name].render(plan) for name in plan.helpers if HELPERS[name].code]
    pieces += [render_definition(d, cells) for d in plan.definitions]
    if plan.seed_libraries:
        pieces.append(_set_seeds(plan))
    pieces += [render_step(plan, analysis, step, cells) for step in plan.steps]
    pieces.append(_run(plan))
    header = f'"""{_module_doc(plan)}"""\n\nfrom __future__ import annotations\n\n'
    logger = f"\n{plan.name('logger')} = {plan.name('logging')}.getLogger(__name__)\n\n\n"
    return header + "\n".join(plan.pipeline_imports) + "\n" + logger + "\n\n".join(pieces) + "\n"


def _module_doc(plan: Plan) -> str:
    name = plan.notebook.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        f"The pipeline of {safe_text(name)}, one function per notebook section; run() runs it all."
    )


def _set_seeds(plan: Plan) -> str:
    calls = {
        "random": "import random\n\n    random.seed({c}.seed)",
        "numpy": "import numpy\n\n    numpy.random.seed({c}.seed)",
        "torch": "import torch\n\n    torch.manual_seed({c}.seed)",
        "tensorflow": "import tensorflow\n\n    tensorflow.random.set_seed({c}.seed)",
    }
    lines = [
        f"def {plan.name('set_seeds')}({plan.config_name}: {plan.name('Config')}) -> None:",
        '    """Seed every random number generator the notebook used, once, before any step."""',
    ]
    lines += ["    " + calls[lib].format(c=plan.config_name) for lib in plan.seed_libraries]
    return "\n".join(lines) + "\n"


def _run(plan: Plan) -> str:
    c, n = plan.config_name, plan.name
    lines = [
        f"def {n('run')}(config: {n('Config')} | None = None) -> dict[str, {n('Any')}]:",
        '    """Run the notebook\'s steps in order and return its final results by name (relative',
        "    input paths are read from config.data_dir, written files go below config.output_dir).",
        '    """',
        f"    {c} = (config if config is not None else {n('Config')}()).resolve_paths()",
    ]
    if plan.writes_outputs:
        lines.append(f"    {c}.make_output_folders()")
    if plan.seed_libraries:
        lines.append(f"    {n('set_seeds')}({c})")
    for step in plan.steps:
        args = ([c] if step.uses_config else []) + list(step.params)
        call = f"{step.name}({', '.join(args)})"
        lines.append(f"    {', '.join(step.returns)} = {call}" if step.returns else f"    {call}")
    items = ", ".join(f"{name!r}: {name}" for name in plan.results)
    if plan.unbound_results:  # some may be UNBOUND: a path that binds them did not run
        lines.append(f"    return {n('bound_results')}({{{items}}})")
    else:
        lines.append(f"    return {{{items}}}")
    return "\n".join(lines) + "\n"
