"""Render pipeline.py: imports, helpers, module-level notebook definitions, steps and run()."""

from __future__ import annotations

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.black_style import bracketed, fits, string
from nb2mod.codegen.cells import rewritten_cells
from nb2mod.codegen.definitions import render_definition
from nb2mod.codegen.joining import Piece, join_file
from nb2mod.codegen.steps import render_step
from nb2mod.codegen.text import safe_text
from nb2mod.plan.helpers import HELPERS
from nb2mod.plan.model import Plan
from nb2mod.sourcemap import FileMap

_PIPELINE_ERROR = (
    "class {name}(Exception):\n"
    '    """A step failed on its input; the message names the config field or the path."""\n'
)


def render_pipeline(plan: Plan, analysis: Analysis) -> tuple[str, FileMap]:
    """pipeline.py (black-formatted when the plan says so) and its source map."""
    cells = rewritten_cells(plan, analysis)
    error = plan.name("PipelineError")
    pieces = [_header(plan), _styled("helper", error, _PIPELINE_ERROR.format(name=error))]
    pieces += [
        _styled("helper", plan.name(name), HELPERS[name].render(plan))
        for name in plan.helpers
        if HELPERS[name].code
    ]
    pieces += [render_definition(d, cells) for d in plan.definitions]
    if plan.seed_libraries:
        pieces.append(_styled("seeds", plan.name("set_seeds"), _set_seeds(plan)))
    pieces += [render_step(plan, analysis, step, cells) for step in plan.steps]
    run, exact = _run(plan)
    pieces.append(_styled("run", plan.name("run"), run, exact))
    return join_file(f"{plan.package}/pipeline.py", pieces, plan.format)


def _styled(kind: str, name: str, text: str, exact: bool = True) -> Piece:
    """A piece of nb2mod's own code, written in black's style: black need not format it
    unless a value in it was not written exactly or a line came out too long."""
    return Piece(kind, name, text, styled=exact and fits(text))


def _header(plan: Plan) -> Piece:
    """The module docstring, the imports and the logger."""
    imports = "\n".join(plan.pipeline_imports)
    if plan.module_loads:  # the notebook's ``import lib.t`` loaded lib.t as well
        load = plan.name("importlib") + '.import_module("{}")  # as the notebook\'s import did'
        imports += "\n\n" + "\n".join(load.format(m) for m in plan.module_loads)
    logger = f"{plan.name('logger')} = {plan.name('logging')}.getLogger(__name__)\n"
    text = (
        f'"""{_module_doc(plan)}"""\n\nfrom __future__ import annotations\n\n{imports}\n\n' + logger
    )
    return _styled("module", "", text)


def _module_doc(plan: Plan) -> str:
    name = plan.notebook.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        f"The pipeline of {safe_text(name)}, one function per notebook section; run() runs it all."
    )


def _set_seeds(plan: Plan) -> str:
    calls = {
        "random": "import random\n\n    random.seed({c}.{f})",
        "numpy": "import numpy\n\n    numpy.random.seed({c}.{f})",
        "torch": "import torch\n\n    torch.manual_seed({c}.{f})\n    torch.cuda.manual_seed_all({c}.{f})",
        "tensorflow": "import tensorflow\n\n    tensorflow.random.set_seed({c}.{f})",
    }
    lines = [
        f"def {plan.name('set_seeds')}({plan.config_name}: {plan.name('Config')}) -> None:",
        '    """Seed every random number generator the notebook used, once, before any step."""',
    ]
    c, f = plan.config_name, plan.seed_field
    lines += ["    " + calls[lib].format(c=c, f=f) for lib in plan.seed_libraries]
    return "\n".join(lines) + "\n"


def _run(plan: Plan) -> tuple[str, bool]:
    """run()'s text, and whether it is laid out exactly as black would."""
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
    if plan.saves_figures:
        lines.append(f"    {n('figures')}.start({c}.output_dir)")
    if plan.seed_libraries:
        lines.append(f"    {n('set_seeds')}({c})")
    exact = True
    for step in plan.steps:
        args = ([c] if step.uses_config else []) + list(step.params)
        head = f"{', '.join(step.returns)} = {step.name}(" if step.returns else f"{step.name}("
        laid_out = bracketed(head, args, ")", "    ", call=True)
        exact = exact and laid_out is not None
        lines += laid_out or [f"    {head}{', '.join(args)})"]
    items = [f"{string(name)}: {name}" for name in plan.results]
    if plan.unbound_results:  # some may be UNBOUND: a path that binds them did not run
        lines.append(f"    return {n('bound_results')}({{{', '.join(items)}}})")
        exact = exact and fits(lines[-1])
    else:
        laid_out = bracketed("return {", items, "}", "    ")
        exact = exact and laid_out is not None
        lines += laid_out or [f"    return {{{', '.join(items)}}}"]
    return "\n".join(lines) + "\n", exact
