"""Render one step function: its cells' statements in order, wrapped and commented as planned."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import libcst as cst

from nb2mod.analysis.facts import Analysis
from nb2mod.codegen.joining import Piece, anchored
from nb2mod.codegen.nodes import (
    EMPTY,
    comment,
    header_lines,
    is_carrier,
    with_block,
)
from nb2mod.codegen.text import safe_text
from nb2mod.plan.model import Plan, StatementRef, Step


def render_step(plan: Plan, analysis: Analysis, step: Step, cells: dict[int, cst.Module]) -> Piece:
    """The step function, with a ``# cell N`` mark where each cell's code starts."""
    statements: list[cst.BaseStatement] = []
    pending: list[cst.EmptyLine] = []  # comments waiting for the next statement
    marks: list[tuple[int, cst.EmptyLine]] = []
    for name in step.undefined:
        undefined = plan.name("undefined_in_notebook")
        statements.append(cst.parse_statement(f"{name} = {undefined}({name!r})\n"))
    for name, cell in step.commented:
        helper = plan.name("bound_in_commented_cell")
        line = f"{name} = {helper}({name!r}, {cell})  # see the TODO of cell {cell}\n"
        statements.append(cst.parse_statement(line))
    if step.unbound:  # returned, but the code binds them on some paths only
        names = " = ".join(step.unbound)
        them = "them" if len(step.unbound) > 1 else "it"
        line = (
            f"{names} = {plan.name('UNBOUND')}  # the code below binds {them} on some paths only\n"
        )
        statements.append(cst.parse_statement(line))
    for cell in step.cells:
        refs = [r for r in step.statements if r.cell == cell]
        if cell in step.unparsed:
            pending += _unparsed(analysis, cell, marks)
            continue
        if not refs or cell not in cells:
            continue
        history = [(name, code) for c, name, code in step.history if c == cell]
        pending = _cell_statements(
            plan, cells[cell], (step.name, cell), refs, statements, pending, marks, history
        )
        if cell in plan.close_figures and statements:
            statements.append(_cell_end(plan, step).with_changes(leading_lines=pending))
            pending = []
    tail = _return(step)
    if tail is None and not statements:
        tail = cst.SimpleStatementLine([cst.Pass()])
    if tail is not None:
        statements.append(tail.with_changes(leading_lines=pending))
    elif pending:
        statements.append(cst.SimpleStatementLine([cst.Pass()], leading_lines=pending))
    if step.globals:  # module state the step's own code assigns (reads need no declaration)
        statements.insert(0, cst.parse_statement(f"global {', '.join(step.globals)}\n"))
    function = _signature(plan, step).with_changes(
        body=cst.IndentedBlock(body=[_docstring(step), *statements])
    )
    text = EMPTY.code_for_node(function)
    return Piece("step", step.name, text, _with_code(marks, statements))


def _cell_end(plan: Plan, step: Step) -> cst.BaseStatement:
    """What the inline backend did when a cell that drew ended: show (here, save) the open
    figures, then close them."""
    if plan.save_plots:
        line = f"{plan.name('figures')}.shown({step.name!r})  # the figures still open as the cell ended\n"
    else:
        line = f"{plan.plot_aliases[0]}.close('all')  # the notebook's inline backend did\n"
    return cst.parse_statement(line)


def _mark(cell: int, marks: list[tuple[int, cst.EmptyLine]]) -> cst.EmptyLine:
    """The ``# cell N`` comment where a cell's code starts, anchored for the source map."""
    line = comment(anchored(f"cell {cell}", len(marks)))
    marks.append((cell, line))
    return line


def _with_code(
    marks: list[tuple[int, cst.EmptyLine]], statements: list[cst.BaseStatement]
) -> tuple[tuple[int, bool], ...]:
    """Each mark with whether code follows it before the next mark: a statement other than
    a bare ``pass`` (a cell whose statements were all dropped leaves only its comments)."""
    where: dict[int, tuple[int, int]] = {}
    for number, node in enumerate(statements):
        assert isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
        for position, line in enumerate(node.leading_lines):
            where[id(line)] = (number, position)
    places = [where[id(line)] for _, line in marks]
    out = []
    for index, (cell, _) in enumerate(marks):
        start = places[index][0]
        end = places[index + 1][0] if index + 1 < len(places) else len(statements)
        code = any(not _bare_pass(statements[n]) for n in range(start, end))
        if index + 1 < len(places) and places[index + 1][0] == start:
            code = False  # the next cell's mark sits on the same statement
        out.append((cell, code))
    return tuple(out)


def _bare_pass(node: cst.BaseStatement) -> bool:
    if not is_carrier(node):
        return False
    assert isinstance(node, cst.SimpleStatementLine)
    small = node.body[0]
    return node.trailing_whitespace.comment is None and isinstance(
        small.semicolon, cst.MaybeSentinel
    )


def _cell_statements(
    plan: Plan,
    module: cst.Module,
    where: tuple[str, int],
    refs: list[StatementRef],
    statements: list[cst.BaseStatement],
    pending: list[cst.EmptyLine],
    marks: list[tuple[int, cst.EmptyLine]],
    history: Sequence[tuple[str, str]],
) -> list[cst.EmptyLine]:
    """Append the cell's statements (its first one under ``# cell N``, after the IPython
    output history it reads); comment carriers hand their comments on to the next statement.
    Returns the comments still pending. ``where``: the step's name and the cell."""
    step, cell = where
    first = True
    if history:
        note = [_mark(cell, marks), comment("IPython's output history: what cells displayed")]
        for number, (name, code) in enumerate(history):
            line = cst.parse_statement(f"{name} = {code}\n")
            statements.append(
                line.with_changes(leading_lines=[*pending, *note] if not number else [])
            )
            pending = []
        first = False
    for group in _timed_groups(refs):
        nodes = [_statement(plan, module, ref, step) for ref in group]
        if group[0].timed:
            kept = [n for n in nodes if not is_carrier(n)]
            nodes = [with_block(f"{plan.name('timed')}({group[0].timed!r})", kept or [_pass()])]
        for node, ref in zip(nodes, group, strict=False):
            assert isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement))
            lead = list(node.leading_lines)
            if first:
                while lead and lead[0].comment is None:
                    lead.pop(0)
                lead = [_mark(cell, marks), *header_lines(module, ref.index), *lead]
                first = False
            if is_carrier(node):
                pending = [*pending, *lead]
                continue
            statements.append(node.with_changes(leading_lines=[*pending, *lead]))
            pending = []
    return pending


def _pass() -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Pass()])


def _signature(plan: Plan, step: Step) -> cst.FunctionDef:
    config = [f"{plan.config_name}: {plan.name('Config')}"] if step.uses_config else []
    params = config + list(step.params)
    any_ = plan.name("Any")
    returns = (
        "None" if not step.returns else any_ if len(step.returns) == 1 else f"tuple[{any_}, ...]"
    )
    template = cst.parse_statement(
        f"def {step.name}({', '.join(params)}) -> {returns}:\n    pass\n"
    )
    assert isinstance(template, cst.FunctionDef)
    return template


def _timed_groups(refs: list[StatementRef]) -> list[list[StatementRef]]:
    """Consecutive statements timed under one label (a %%time cell) form one group."""
    groups: list[list[StatementRef]] = []
    for ref in refs:
        if groups and ref.timed and groups[-1][0].timed == ref.timed:
            groups[-1].append(ref)
        else:
            groups.append([ref])
    return groups


def _statement(plan: Plan, module: cst.Module, ref: StatementRef, step: str) -> cst.BaseStatement:
    node = module.body[ref.index]
    if ref.action == "drop":
        return cst.SimpleStatementLine([cst.Pass()], leading_lines=node.leading_lines)
    if ref.shown_as and isinstance(node, cst.SimpleStatementLine):
        node = _shown(node, ref.shown_as, plan.name("logger") if ref.action == "debug" else None)
    elif ref.action == "debug" and isinstance(node, cst.SimpleStatementLine):
        figure = f"{plan.name('figures')}.displayed({step!r}, x)" if ref.shows_figure else None
        node = _logged(node, plan.name("logger"), figure)
    if ref.as_comment:
        code = EMPTY.code_for_node(node.with_changes(leading_lines=[])).strip().splitlines()
        lines = ["TODO(nb2mod): this statement cannot run inside a function; kept as a comment"]
        return cst.SimpleStatementLine(
            [cst.Pass()], leading_lines=[comment(t) for t in lines + code]
        )
    if ref.reads_file and not is_carrier(node):
        node = with_block(_reading(plan, ref), [node.with_changes(leading_lines=[])]).with_changes(
            leading_lines=node.leading_lines
        )
    return node


def _logged(
    node: cst.SimpleStatementLine, logger: str, wrapper: str | None = None
) -> cst.SimpleStatementLine:
    """A display-only expression as ``logger.debug("%r", expression)``; ``wrapper`` (a call
    whose last argument is ``x``) is put around the expression first."""
    expr = node.body[0]
    if not isinstance(expr, cst.Expr):
        return node
    value = expr.value
    if wrapper is not None:
        around = cst.parse_expression(wrapper)
        assert isinstance(around, cst.Call)
        last = around.args[-1].with_changes(value=value)
        value = around.with_changes(args=[*around.args[:-1], last])
    call = cst.parse_expression(f'{logger}.debug("%r", x)')
    assert isinstance(call, cst.Call)
    call = call.with_changes(args=[call.args[0], call.args[1].with_changes(value=value)])
    return node.with_changes(body=[cst.Expr(call)])


def _shown(node: cst.SimpleStatementLine, name: str, logger: str | None) -> cst.SimpleStatementLine:
    """A displayed expression bound to ``name`` (a later cell reads it as ``_`` or
    ``Out[N]``), then logged at DEBUG by ``logger`` when the plan logs it."""
    expr = node.body[0]
    if not isinstance(expr, cst.Expr):
        return node
    body: list[cst.BaseSmallStatement] = [
        cst.Assign([cst.AssignTarget(cst.Name(name))], expr.value)
    ]
    if logger is not None:
        body += _logged(node.with_changes(body=[cst.Expr(cst.Name(name))]), logger).body
    return node.with_changes(body=body)


def _reading(plan: Plan, ref: StatementRef) -> str:
    """``reading("config field X", config.X)``: a failed read names the field and the path."""
    reading = plan.name("reading")
    if ref.read_field is None:
        return f"{reading}({repr(ref.reads_file)!r})"
    path = ref.read_name or f"{plan.config_name}.{ref.read_field}"
    return f"{reading}({f'config field {ref.read_field}'!r}, {path})"


def _unparsed(
    analysis: Analysis, cell: int, marks: list[tuple[int, cst.EmptyLine]]
) -> list[cst.EmptyLine]:
    """A cell that did not parse, kept as comments under a TODO."""
    parsed = analysis.parsed_cell(cell)
    reason = parsed.error.message if parsed is not None and parsed.error else "not valid Python"
    lines = [f"TODO(nb2mod): {reason}; the cell is kept as a comment"]
    source = next(c.source for c in analysis.notebook.cells if c.index == cell)
    lines += [_printable(line.rstrip()) for line in source.splitlines()]
    return [
        _mark(cell, marks),
        *(comment(line) if line else cst.EmptyLine(comment=cst.Comment("#")) for line in lines),
    ]


def _printable(line: str) -> str:
    """A line a comment can hold: NUL and lone surrogates (which no Python file can) escaped."""
    return line.replace("\0", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _docstring(step: Step) -> cst.SimpleStatementLine:
    cells = ", ".join(str(c) for c in step.cells)
    plural = "s" if len(step.cells) > 1 else ""
    title = safe_text(step.title)[:80].rstrip(".") or step.name
    text = _escape(f"{title} (notebook cell{plural} {cells}).")
    if step.description:
        body = textwrap.fill(
            _escape(safe_text(step.description)),
            width=92,
            initial_indent="    ",
            subsequent_indent="    ",
        )
        text = f"{text}\n\n{body}\n    "
    return cst.SimpleStatementLine([cst.Expr(cst.SimpleString(f'"""{text}"""'))])


def _escape(text: str) -> str:
    return text.replace("\\", "/").replace('"', "'")


def _return(step: Step) -> cst.SimpleStatementLine | None:
    if not step.returns:
        return None
    statement = cst.parse_statement(f"return {', '.join(step.returns)}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement
