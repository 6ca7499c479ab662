"""Render pipeline.py: imports, helpers, module-level notebook definitions, steps and run()."""

from __future__ import annotations

import ast
import builtins
import dataclasses
from collections.abc import Iterable, Sequence

import libcst as cst

from nb2mod.analysis.facts import Analysis
from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.codegen.helpers import HELPER_IMPORTS, HELPERS
from nb2mod.codegen.rewrite import Needs, rewrite_cell
from nb2mod.plan.model import Definition, Plan, StatementRef, Step

_EMPTY = cst.Module([])
_GENERATED = {"logging", "Any", "Config", "contextlib", "Iterator", "functools", "logger"}


def render_pipeline(plan: Plan, analysis: Analysis, safe: bool = False) -> str:
    """pipeline.py as text (not yet black-formatted). ``safe`` comments out any statement
    that cannot compile inside a function (e.g. top-level ``await``)."""
    needs = Needs()
    cells = _rewritten_cells(plan, analysis, needs)
    pieces = [_definition(d, cells) for d in plan.definitions]
    if plan.seed_libraries:
        pieces.append(_set_seeds(plan))
    pieces.extend(_step(plan, analysis, step, cells, safe) for step in plan.steps)
    pieces.append(_run(plan))
    if plan.ipython_display:
        needs.helpers.add("display")
    if any(step.undefined for step in plan.steps):
        needs.helpers.add("undefined_in_notebook")
    if any(ref.reads_file for step in plan.steps for ref in step.statements):
        needs.helpers.add("reading")
    if any(ref.timed for step in plan.steps for ref in step.statements):
        needs.helpers.add("timed")
    body = _body(needs, pieces)
    if "display" in _unbound_names(body, plan) and "display" not in needs.helpers:
        needs.helpers.add("display")  # IPython's builtin, read where the facts did not say
        body = _body(needs, pieces)
    imports = _imports(plan, needs, body)
    header = f'"""{_module_doc(plan)}"""\n\nfrom __future__ import annotations\n\n'
    logger = "\nlogger = logging.getLogger(__name__)\n\n\n"
    return header + "\n".join(imports) + "\n" + logger + body + "\n"


def _body(needs: Needs, pieces: list[str]) -> str:
    helpers = [HELPERS[name] for name in HELPERS if name in needs.helpers]
    return "\n\n".join(["class PipelineError(Exception):\n" + _PIPELINE_ERROR, *helpers, *pieces])


_PIPELINE_ERROR = (
    '    """A step failed on its input; the message names the config field or the path."""\n'
)


def _module_doc(plan: Plan) -> str:
    name = plan.notebook.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        f"The pipeline of {_safe_text(name)}, one function per notebook section; run() runs it all."
    )


def _safe_text(text: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return cleaned.replace("\\", "/").replace('"""', "'''").strip().rstrip('"')


def settle_returns(plan: Plan, analysis: Analysis) -> Plan:
    """The plan with step returns and run()'s results limited to names surely bound."""
    cells = {p.index: p.module for p in analysis.parsed if p.module is not None}
    defines = {(c.cell, st.index): st.defines for c in analysis.cells for st in c.statements}
    return _without_except_names(plan, cells, defines)


def _without_except_names(
    plan: Plan, cells: dict[int, cst.Module], defines: dict[tuple[int, int], tuple[str, ...]]
) -> Plan:
    """A name bound only by ``except ... as e`` is gone after the handler: never return it.
    A name only maybe bound (in a loop or a branch) is returned only when a later step needs
    it, so that a loop that never ran does not break run()."""
    steps = []
    state: set[str] = set()  # module state some step surely binds: run() can return it
    for index, step in enumerate(plan.steps):
        binders = _Binders()
        certain: set[str] = set(step.params)
        for ref in step.statements:
            if ref.cell not in cells:
                continue
            node = cells[ref.cell].body[ref.index]
            known = defines.get((ref.cell, ref.index))
            if isinstance(node, cst.SimpleStatementLine) and known is not None:
                certain.update(known)  # a simple statement binds what the facts say, always
                binders.assigned.update(known)
                continue
            node.visit(binders)
            certain |= _certainly_bound(node)
        gone = binders.handlers - binders.assigned
        later = {n for s in plan.steps[index + 1 :] for n in s.params}
        returns = tuple(n for n in step.returns if n not in gone and (n in certain or n in later))
        steps.append(dataclasses.replace(step, returns=returns))
        state |= certain & set(plan.module_state)
    bound = {n for step in steps for n in step.returns} | state
    results = tuple(n for n in plan.results if n in bound)
    return dataclasses.replace(plan, steps=tuple(steps), results=results)


def _certainly_bound(node: cst.CSTNode) -> set[str]:
    """Names a top-level statement binds whenever it completes (a loop that never runs or
    an untaken branch binds nothing, so their names are only maybe bound)."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return {node.name.value}
    if isinstance(node, cst.With):
        names = {n for item in node.items if item.asname for n in _target_names(item.asname.name)}
        for inner in node.body.body if isinstance(node.body, cst.IndentedBlock) else []:
            names |= _certainly_bound(inner)
        return names
    if not isinstance(node, cst.SimpleStatementLine):
        return set()
    binders = _Binders()
    node.visit(binders)
    return binders.assigned - binders.handlers


class _Binders(cst.CSTVisitor):
    """Names bound by except handlers, bound any other way, and deleted, outside nested scopes."""

    def __init__(self) -> None:
        self.handlers: set[str] = set()
        self.assigned: set[str] = set()
        self.deleted: set[str] = set()
        self._skip: set[int] = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.assigned.add(node.name.value)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.assigned.add(node.name.value)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self.handlers.add(node.name.name.value)
            self._skip.add(id(node.name))

    def visit_AsName(self, node: cst.AsName) -> None:
        if id(node) not in self._skip:
            self.assigned.update(_target_names(node.name))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.assigned.update(_target_names(node.target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.assigned.update(_target_names(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.assigned.update(_target_names(node.target))

    def visit_For(self, node: cst.For) -> None:
        self.assigned.update(_target_names(node.target))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self.assigned.update(_target_names(node.target))

    def visit_Del(self, node: cst.Del) -> None:
        self.deleted.update(_target_names(node.target))

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        if node.asname is None:
            name = _EMPTY.code_for_node(node.name).split(".")[0]
            self.assigned.add(name)


def _target_names(node: cst.CSTNode) -> set[str]:
    if isinstance(node, cst.Name):
        return {node.value}
    if isinstance(node, (cst.Tuple, cst.List)):
        return {n for e in node.elements for n in _target_names(e.value)}
    if isinstance(node, cst.StarredElement):
        return _target_names(node.value)
    return set()


def _rewritten_cells(plan: Plan, analysis: Analysis, needs: Needs) -> dict[int, cst.Module]:
    step_of = {cell: step.name for step in plan.steps for cell in step.cells}
    out = {}
    for parsed in analysis.parsed:
        if parsed.module is None:
            continue
        if not _needs_rewrite(plan, parsed.index, parsed.normalised.code):
            out[parsed.index] = parsed.module
            continue
        label = step_of.get(parsed.index, f"cell_{parsed.index}")
        out[parsed.index] = rewrite_cell(
            parsed.module, parsed.normalised, plan, plan.config_name, label, needs
        )
    return out


def _needs_rewrite(plan: Plan, cell: int, code: str) -> bool:
    """Most cells need no rewriting: skip the transformer (the costly part) for them."""
    if "print" in code or "get_ipython" in code or cell in plan.show_cells:
        return True
    if any(c == cell for c, _, _ in plan.renames):
        return True
    if "import" in code and any(module in code for module in IMPORTED_FOR_EFFECT):
        return True
    if any(f.cell == cell or any(c == cell for c, _ in f.sites) for f in plan.config_fields):
        return True
    return any(d.added_params and d.name in code for d in plan.definitions)


def _definition(definition: Definition, cells: dict[int, cst.Module]) -> str:
    node = cells[definition.cell].body[definition.index]
    if definition.added_params and isinstance(node, cst.FunctionDef):
        params = node.params
        extra = [cst.Param(cst.Name(n)) for n in definition.added_params]
        star = params.star_arg
        if not isinstance(star, (cst.Param, cst.ParamStar)):
            star = cst.ParamStar()
        node = node.with_changes(
            params=params.with_changes(star_arg=star, kwonly_params=[*params.kwonly_params, *extra])
        )
    if definition.unused_imports and isinstance(node, cst.FunctionDef):
        node = _without_imports(node, set(definition.unused_imports))
    header = _header_lines(cells[definition.cell], definition.index)
    node = node.with_changes(
        leading_lines=[
            _comment(f"cell {definition.cell}"),
            *header,
            *_strip_blank(node.leading_lines),
        ]
    )
    return _EMPTY.code_for_node(node)


def _without_imports(function: cst.FunctionDef, unused: set[str]) -> cst.FunctionDef:
    """The function with the names in ``unused`` taken out of its top-level imports."""
    if not isinstance(function.body, cst.IndentedBlock):
        return function
    body: list[cst.BaseStatement] = []
    for statement in function.body.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            small = statement.body[0]
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                kept = [a for a in small.names if _bound_by(a) not in unused]
                if not kept:
                    continue
                kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                statement = statement.with_changes(body=[small.with_changes(names=kept)])
        body.append(statement)
    if not body:
        body = [cst.SimpleStatementLine([cst.Pass()])]
    return function.with_changes(body=function.body.with_changes(body=body))


def _bound_by(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _EMPTY.code_for_node(alias.name).split(".")[0]


def _header_lines(module: cst.Module, index: int) -> list[cst.EmptyLine]:
    return _strip_blank(module.header) if index == 0 else []


def _strip_blank(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    return [line for line in lines if line.comment is not None]


def _comment(text: str) -> cst.EmptyLine:
    return cst.EmptyLine(comment=cst.Comment(f"# {text}".rstrip()))


def _set_seeds(plan: Plan) -> str:
    calls = {
        "random": "import random\n\n    random.seed({c}.seed)",
        "numpy": "import numpy\n\n    numpy.random.seed({c}.seed)",
        "torch": "import torch\n\n    torch.manual_seed({c}.seed)",
        "tensorflow": "import tensorflow\n\n    tensorflow.random.set_seed({c}.seed)",
    }
    lines = [
        f"def set_seeds({plan.config_name}: Config) -> None:",
        '    """Seed every random number generator the notebook used, once, before any step."""',
    ]
    lines += ["    " + calls[lib].format(c=plan.config_name) for lib in plan.seed_libraries]
    return "\n".join(lines) + "\n"


def _step(
    plan: Plan, analysis: Analysis, step: Step, cells: dict[int, cst.Module], safe: bool
) -> str:
    statements: list[cst.BaseStatement] = []
    pending: list[cst.EmptyLine] = []
    for name in step.undefined:
        statements.append(cst.parse_statement(f"{name} = undefined_in_notebook({name!r})\n"))
    for cell in step.cells:
        refs = [r for r in step.statements if r.cell == cell]
        if cell in step.unparsed:
            pending += _unparsed(analysis, cell)
            continue
        if not refs or cell not in cells:
            continue
        first = True
        for group in _timed_groups(refs):
            nodes = [_statement(plan, cells[cell], ref, safe) for ref in group]
            if group[0].timed:
                nodes = [
                    _with(
                        f"timed({group[0].timed!r})",
                        [n for n in nodes if not _is_carrier(n)]
                        or [cst.SimpleStatementLine([cst.Pass()])],
                    )
                ]
            for node, ref in zip(nodes, group, strict=False):
                assert isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
                lead = list(node.leading_lines)
                if first:
                    while lead and lead[0].comment is None:
                        lead.pop(0)
                    lead = [_comment(f"cell {cell}"), *_header_lines(cells[cell], ref.index), *lead]
                    first = False
                if _is_carrier(node):
                    pending += lead
                    continue
                statements.append(node.with_changes(leading_lines=[*pending, *lead]))
                pending = []
        if cell in plan.close_figures and statements:
            close = f"{plan.plot_aliases[0]}.close('all')  # the notebook's inline backend did\n"
            statements.append(cst.parse_statement(close).with_changes(leading_lines=pending))
            pending = []
    doc = _docstring(step)
    tail = _return(step)
    if tail is None and not statements:
        tail = cst.SimpleStatementLine([cst.Pass()])
    if tail is not None:
        statements.append(tail.with_changes(leading_lines=pending))
    elif pending:
        statements.append(cst.SimpleStatementLine([cst.Pass()], leading_lines=pending))
    params = ([f"{plan.config_name}: Config"] if step.uses_config else []) + list(step.params)
    returns = "None" if not step.returns else "Any" if len(step.returns) == 1 else "tuple[Any, ...]"
    template = cst.parse_statement(
        f"def {step.name}({', '.join(params)}) -> {returns}:\n    pass\n"
    )
    assert isinstance(template, cst.FunctionDef)
    rebound = _assigned_here(statements, step.module_state)
    if rebound:  # module state the step's own code assigns (reads need no declaration)
        statements.insert(0, cst.parse_statement(f"global {', '.join(rebound)}\n"))
    function = template.with_changes(body=cst.IndentedBlock(body=[doc, *statements]))
    return _EMPTY.code_for_node(function)


def _assigned_here(statements: list[cst.BaseStatement], names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` that the statements bind (or delete) in the function's own scope."""
    if not names:
        return []
    binders = _Binders()
    for statement in statements:
        statement.visit(binders)
    bound = binders.assigned | binders.handlers | binders.deleted
    return [name for name in names if name in bound]


def _timed_groups(refs: list[StatementRef]) -> list[list[StatementRef]]:
    groups: list[list[StatementRef]] = []
    for ref in refs:
        if groups and ref.timed and groups[-1][0].timed == ref.timed:
            groups[-1].append(ref)
        else:
            groups.append([ref])
    return groups


def _statement(plan: Plan, module: cst.Module, ref: StatementRef, safe: bool) -> cst.BaseStatement:
    node = module.body[ref.index]
    if ref.action == "drop":
        return cst.SimpleStatementLine([cst.Pass()], leading_lines=node.leading_lines)
    if ref.action == "debug" and isinstance(node, cst.SimpleStatementLine):
        expr = node.body[0]
        if isinstance(expr, cst.Expr):
            call = cst.parse_expression('logger.debug("%r", x)')
            assert isinstance(call, cst.Call)
            call = call.with_changes(
                args=[call.args[0], call.args[1].with_changes(value=expr.value)]
            )
            node = node.with_changes(body=[cst.Expr(call)])
    if safe and not _compiles_in_function(node):
        code = _EMPTY.code_for_node(node).strip().splitlines()
        lines = ["TODO(nb2mod): this statement cannot run inside a function; kept as a comment"]
        return cst.SimpleStatementLine(
            [cst.Pass()], leading_lines=[_comment(t) for t in lines + code]
        )
    if ref.reads_file and not _is_carrier(node):
        what = _read_label(plan, ref.reads_file)
        node = _with(f"reading({what!r})", [node.with_changes(leading_lines=[])]).with_changes(
            leading_lines=node.leading_lines
        )
    return node


def _read_label(plan: Plan, path: str) -> str:
    for f in plan.config_fields:
        if f.default == path:
            return f"config field {f.name}={path!r}"
    return repr(path)


def _compiles_in_function(node: cst.BaseStatement) -> bool:
    code = _EMPTY.code_for_node(node.with_changes(leading_lines=[]))
    text = "def _f():\n" + "".join("    " + line for line in code.splitlines(keepends=True))
    try:
        compile(text, "<step>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _with(header: str, body: list[cst.BaseStatement]) -> cst.With:
    template = cst.parse_statement(f"with {header}:\n    pass\n")
    assert isinstance(template, cst.With)
    first = body[0]
    assert isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
    leading = first.leading_lines
    body = [first.with_changes(leading_lines=[]), *body[1:]]
    return template.with_changes(body=cst.IndentedBlock(body=body), leading_lines=leading)


def _is_carrier(node: cst.BaseStatement) -> bool:
    return (
        isinstance(node, cst.SimpleStatementLine)
        and len(node.body) == 1
        and isinstance(node.body[0], cst.Pass)
    )


def _unparsed(analysis: Analysis, cell: int) -> list[cst.EmptyLine]:
    parsed = next(p for p in analysis.parsed if p.index == cell)
    reason = parsed.error.message if parsed.error else "not valid Python"
    lines = [f"cell {cell}", f"TODO(nb2mod): {reason}; the cell is kept as a comment"]
    source = next(c.source for c in analysis.notebook.cells if c.index == cell)
    lines += [_printable(line.rstrip()) for line in source.splitlines()]
    return [_comment(line) if line else cst.EmptyLine(comment=cst.Comment("#")) for line in lines]


def _printable(line: str) -> str:
    """A line a comment can hold: NUL and lone surrogates (which no Python file can) escaped."""
    return line.replace("\0", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _docstring(step: Step) -> cst.SimpleStatementLine:
    cells = ", ".join(str(c) for c in step.cells)
    plural = "s" if len(step.cells) > 1 else ""
    title = _safe_text(step.title)[:80].rstrip(".") or step.name
    text = f"{title} (notebook cell{plural} {cells})."
    return cst.SimpleStatementLine([cst.Expr(cst.SimpleString(f'"""{_escape(text)}"""'))])


def _escape(text: str) -> str:
    return text.replace("\\", "/").replace('"', "'")


def _return(step: Step) -> cst.SimpleStatementLine | None:
    if not step.returns:
        return None
    statement = cst.parse_statement(f"return {', '.join(step.returns)}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def _run(plan: Plan) -> str:
    c = plan.config_name
    lines = [
        "def run(config: Config | None = None) -> dict[str, Any]:",
        '    """Run the notebook\'s steps in order and return its final results by name."""',
        f"    {c} = config if config is not None else Config()",
    ]
    if plan.seed_libraries:
        lines.append(f"    set_seeds({c})")
    bound: set[str] = set()
    for step in plan.steps:
        args = ([c] if step.uses_config else []) + list(step.params)
        call = f"{step.name}({', '.join(args)})"
        if step.returns:
            lines.append(f"    {', '.join(step.returns)} = {call}")
            bound.update(step.returns)
        else:
            lines.append(f"    {call}")
    results = [name for name in plan.results if name in bound or name in plan.module_state]
    # settle_returns kept only module state that some step surely binds
    items = ", ".join(f"{name!r}: {name}" for name in results)
    lines.append(f"    return {{{items}}}")
    return "\n".join(lines) + "\n"


def _imports(plan: Plan, needs: Needs, body: str) -> list[str]:
    used = _names_in(body)
    if used is not None:
        used.add("logging")
    lines = ["import logging"]
    for helper in sorted(needs.helpers):
        lines.extend(HELPER_IMPORTS.get(helper, ()))
    lines.append("from typing import Any")
    star_needed = used is None or _unbound_names(body, plan)
    for imp in plan.imports:
        if (imp.bound == "*" and star_needed) or imp.bound in (used or ()) or used is None:
            lines.append(imp.statement())
    lines.append(f"from {plan.package}.config import Config")
    return _merged(_unique(line for line in lines if _import_used(line, used)))


def _merged(lines: list[str]) -> list[str]:
    """``from m import a`` and ``from m import b`` become ``from m import a, b`` where the
    first stood (names in their order; star imports and aliases are left alone)."""
    out: list[str] = []
    where: dict[str, int] = {}
    for line in lines:
        head, sep, names = line.partition(" import ")
        if not head.startswith("from ") or not sep or names == "*":
            out.append(line)
            continue
        if head in where:
            out[where[head]] += f", {names}"
        else:
            where[head] = len(out)
            out.append(line)
    return out


def _unbound_names(code: str, plan: Plan) -> set[str]:
    """Names read but bound nowhere in ``code`` (a star import may be what provides them)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    loaded: set[str] = set()
    bound = set(dir(builtins)) | {i.bound for i in plan.imports} | _GENERATED
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound


def _import_used(line: str, used: set[str] | None) -> bool:
    if used is None or line.endswith("*"):
        return True  # star imports were chosen above
    bound = line.split(" as ")[-1] if " as " in line else line.split()[-1]
    if line.startswith("import ") and " as " not in line:
        bound = line.split()[1].split(".")[0]
    return bound in used


def _names_in(code: str) -> set[str] | None:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _unique(lines: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(lines))
