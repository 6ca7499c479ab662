"""The LibCST transformer that applies the plan's decisions to one cell's statements."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from nb2mod.analysis.names import IMPORTED_FOR_EFFECT
from nb2mod.ipython_syntax import NormalisedCell
from nb2mod.plan.magics import timed_statement
from nb2mod.plan.model import ConfigField, Definition, Plan

_SIMPLE_SPEC = re.compile(r"^[-+ 0#]*\d*(?:\.\d+)?[dfeEgGxXos]?$")
_LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.UnaryOperation)


@dataclass
class Needs:
    """Helpers the rewritten code calls, so that pipeline.py defines exactly those."""

    helpers: set[str] = field(default_factory=set)
    fields_used: set[str] = field(default_factory=set)


def rewrite_cell(
    module: cst.Module,
    normalised: NormalisedCell,
    plan: Plan,
    config_name: str,
    label: str,
    needs: Needs,
) -> cst.Module:
    """The cell module with prints, magics, config literals, plots and call sites rewritten;
    top-level statement positions are unchanged (a removed statement becomes ``pass``)."""
    rewriter = CellRewriter(plan, normalised, config_name, label, needs)
    if not rewriter.fields and not rewriter.has_magics and not rewriter.secrets:
        return module.visit(rewriter)  # no line is asked for: spare computing every position
    return MetadataWrapper(module, unsafe_skip_copy=True).visit(rewriter)


class CellRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, plan: Plan, normalised: NormalisedCell, config_name: str, label: str, needs: Needs
    ) -> None:
        super().__init__()
        self.plan = plan
        self.cell = normalised.cell
        self.normalised = normalised
        self.config_name = config_name
        self.label = label
        self.needs = needs
        cell = normalised.cell
        self.fields = [
            f for f in plan.config_fields if f.cell == cell or any(c == cell for c, _ in f.sites)
        ]
        self.applied: set[tuple[str, int]] = set()
        self.secrets = {(s.line, s.col): s.code for s in plan.secret_sites if s.cell == cell}
        self.lifted: dict[str, Definition] = {d.name: d for d in plan.definitions if d.added_params}
        self.plots = 0
        self.has_magics = "get_ipython()" in normalised.code or not normalised.code
        self._in_def = 0
        self.renames = {name: ref for c, name, ref in plan.renames if c == cell}
        self._not_reads: set[int] = set()  # ids of Name nodes that are not reads

    # -- where we are -------------------------------------------------------------------
    def _line(self, node: cst.CSTNode) -> int:
        position = self.get_metadata(PositionProvider, node, None)
        return self.normalised.original_line(position.start.line) if position else 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._in_def += 1

    # -- names a star import supplied, read qualified where they mean two things ---------
    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.renames:
            if isinstance(node, cst.ImportAlias):
                return False  # nothing in an import is a read
            field_name = _NOT_READ_FIELDS.get(type(node))
            if field_name is not None:
                names = _names_within(getattr(node, field_name))
                self._not_reads.update(id(n) for n in names)
        return super().on_visit(node)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        ref = self.renames.get(original.value)
        if ref is None or id(original) in self._not_reads:
            return updated
        module, _, member = ref.rpartition(".")
        return cst.Attribute(cst.parse_expression(module), cst.Name(member))

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._in_def -= 1
        return updated

    # -- config literals ----------------------------------------------------------------
    def _field_for(self, node: cst.BaseExpression) -> tuple[ConfigField, int] | None:
        if not self.fields or not isinstance(node, _LITERALS + (cst.Name,)):
            return None
        if isinstance(node, cst.Name) and node.value not in ("True", "False"):
            return None
        line = self._line(node)
        code = cst.Module([]).code_for_node(node)
        for candidate in self.fields:
            if (candidate.name, line) in self.applied or not candidate.at(self.cell, line):
                continue
            if _same_literal(code, candidate):
                return candidate, line
        return None

    # -- secrets: the plan's replacement for each literal that holds one -----------------
    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.BaseExpression:
        return self._secret(original) or updated

    def leave_ConcatenatedString(
        self, original: cst.ConcatenatedString, updated: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        return self._secret(original) or updated

    def _secret(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        if not self.secrets:
            return None
        position = self.get_metadata(PositionProvider, node, None)
        code = self.secrets.get((position.start.line, position.start.column)) if position else None
        return cst.parse_expression(code) if code is not None else None

    def _config_ref(self, found: tuple[ConfigField, int]) -> cst.Attribute:
        candidate, line = found
        self.applied.add((candidate.name, line))
        self.needs.fields_used.add(candidate.name)
        return cst.Attribute(cst.Name(self.config_name), cst.Name(candidate.name))

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        found = self._field_for(original.value)
        if found is not None and found[0].keyword is None:
            return updated.with_changes(value=self._config_ref(found))
        return updated

    def leave_AnnAssign(self, original: cst.AnnAssign, updated: cst.AnnAssign) -> cst.AnnAssign:
        if original.value is None:
            return updated
        found = self._field_for(original.value)
        if found is not None and found[0].keyword is None:
            return updated.with_changes(value=self._config_ref(found))
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        found = self._field_for(original.value)
        if found is not None and (
            found[0].keyword is None
            or (original.keyword is not None and original.keyword.value == found[0].keyword)
        ):
            return updated.with_changes(value=self._config_ref(found))
        if isinstance(updated.value, cst.Name) and updated.value.value in self.lifted:
            return updated.with_changes(value=self._partial(updated.value.value))
        return updated

    def _partial(self, name: str) -> cst.Call:
        self.needs.helpers.add("functools")
        args = [cst.Arg(cst.Name(name))] + _keyword_args(self.lifted[name].added_params)
        functools = cst.Name(self.plan.name("functools"))
        return cst.Call(cst.Attribute(functools, cst.Name("partial")), args)

    # -- calls: print and lifted functions ----------------------------------------------
    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if isinstance(func, cst.Name) and func.value == "print":
            return _print_to_log(updated, self.plan.name("logger")) or updated
        if isinstance(func, cst.Name) and func.value in self.lifted:
            present = {a.keyword.value for a in updated.args if a.keyword is not None}
            extra = [n for n in self.lifted[func.value].added_params if n not in present]
            if any(a.star == "**" for a in updated.args):
                return updated
            return updated.with_changes(args=[*_with_comma(updated.args), *_keyword_args(extra)])
        return updated

    # -- whole statements: magics and plt.show() ----------------------------------------
    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if self.has_magics:
            code = cst.Module([]).code_for_node(original)
            if "get_ipython()" in code:
                return self._magic(original, updated, code)
        if self.plan.plot_aliases and len(updated.body) == 1 and _is_show(updated, self.plan):
            return self._show(updated)
        if not self._in_def and len(updated.body) == 1 and isinstance(updated.body[0], cst.Import):
            return self._effect_import(updated, updated.body[0])
        return updated

    def _effect_import(self, line: cst.SimpleStatementLine, node: cst.Import) -> cst.BaseStatement:
        """``import this`` (kept in its step for what it does) as a call pyflakes accepts."""
        modules = [cst.Module([]).code_for_node(a.name) for a in node.names if a.asname is None]
        if len(modules) != len(node.names) or not all(m in IMPORTED_FOR_EFFECT for m in modules):
            return line
        self.needs.helpers.add("importlib")
        importlib = self.plan.name("importlib")
        calls = [
            cst.Expr(cst.parse_expression(f"{importlib}.import_module({m!r})")) for m in modules
        ]
        what = "; ".join(IMPORTED_FOR_EFFECT[m] for m in modules)
        comment = cst.Comment(f"# imported for what it does: {what}")
        return line.with_changes(
            body=calls,
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "), comment=comment
            ),
        )

    def _show(self, line: cst.SimpleStatementLine) -> cst.BaseStatement:
        if self.cell not in self.plan.show_cells:
            return line
        if not self.plan.save_plots or self._in_def:
            return _comment_only(line, ["plt.show() dropped: figures are not shown in a package"])
        self.plots += 1
        self.needs.helpers.add("save_figure")
        self.needs.fields_used.add("output_dir")
        name = f"{self.label}_{self.plots}" if self.plots > 1 else self.label
        call = f"{self.plan.name('save_figure')}({self.config_name}.output_dir, {name!r})"
        return line.with_changes(body=[cst.Expr(cst.parse_expression(call))])

    def _magic(
        self, original: cst.SimpleStatementLine, line: cst.SimpleStatementLine, code: str
    ) -> cst.BaseStatement:
        magic = self.plan.magic_at(self.cell, self._line(original))
        call = _magic_call(line)
        if magic is None or call is None:
            return _todo(line, code, "IPython call with no module equivalent")
        method, args = call
        if magic.action in ("drop", "requirement"):
            why = "moved to requirements.txt" if magic.action == "requirement" else "dropped"
            return _comment_only(line, [f"{_shown(method, args)}: {why}"])
        if magic.action == "timed" and len(args) >= 2:
            body = (
                args[2]
                if method == "run_cell_magic" and len(args) > 2
                else timed_statement(args[1])
            )
            setup = args[1] if method == "run_cell_magic" else ""
            return self._timed(line, body, setup, code)
        if magic.action == "writefile" and len(args) == 3:
            return self._writefile(line, args[1], args[2], code)
        if magic.action == "run_todo":
            return _todo(line, code, f"%run {magic.detail}: import the converted module instead")
        return _todo(line, code, f"{_shown(method, args)} has no module equivalent")

    def _timed(
        self, line: cst.SimpleStatementLine, body: str, setup: str, code: str
    ) -> cst.BaseStatement:
        try:
            statements = cst.parse_module(body).body
            if setup.strip() and not setup.strip().startswith("-"):
                statements = (*cst.parse_module(timed_statement(setup) + "\n").body, *statements)
        except cst.ParserSyntaxError:
            return _todo(line, code, "timed code that is not valid Python")
        if not statements:
            return _comment_only(line, ["empty %timeit dropped"])
        self.needs.helpers.add("timed")
        statements = _rewrite_snippet(statements, self)
        label = body.strip().splitlines()[0][:60] if body.strip() else "timed"
        header = cst.parse_statement(f"with {self.plan.name('timed')}({label!r}):\n    pass\n")
        assert isinstance(header, cst.With)
        return header.with_changes(
            body=cst.IndentedBlock(body=list(statements)), leading_lines=line.leading_lines
        )

    def _writefile(
        self, line: cst.SimpleStatementLine, args: str, body: str, code: str
    ) -> cst.BaseStatement:
        words = args.split()
        append = "-a" in words or "--append" in words
        paths = [w for w in words if not w.startswith("-")]
        if len(paths) != 1:
            return _todo(line, code, "%%writefile with an unclear target")
        self.needs.helpers.add("write_asset")
        call = f"{self.plan.name('write_asset')}({paths[0]!r}, {body!r}, append={append})"
        return line.with_changes(body=[cst.Expr(cst.parse_expression(call))])


# The field of each node type that holds a Name which is not a read (a target, a keyword).
_NOT_READ_FIELDS: dict[type[cst.CSTNode], str] = {
    cst.Attribute: "attr",
    cst.Arg: "keyword",
    cst.Param: "name",
    cst.FunctionDef: "name",
    cst.ClassDef: "name",
    cst.AsName: "name",
    cst.NameItem: "name",
    cst.AssignTarget: "target",
    cst.AnnAssign: "target",
    cst.AugAssign: "target",
    cst.For: "target",
    cst.CompFor: "target",
    cst.NamedExpr: "target",
    cst.Del: "target",
}


def _names_within(node: cst.CSTNode | None) -> list[cst.Name]:
    """The Name nodes a target is made of (``a``, ``a, (b, *c)``), or the node itself."""
    if isinstance(node, cst.Name):
        return [node]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for element in node.elements for n in _names_within(element.value)]
    if isinstance(node, cst.StarredElement):
        return _names_within(node.value)
    return []


def _rewrite_snippet(
    statements: Sequence[cst.SimpleStatementLine | cst.BaseCompoundStatement],
    parent: CellRewriter,
) -> Sequence[cst.SimpleStatementLine | cst.BaseCompoundStatement]:
    """Prints and call sites inside code that came from a magic's argument text."""
    snippet = NormalisedCell(parent.cell, "", ())
    rewriter = CellRewriter(parent.plan, snippet, parent.config_name, parent.label, parent.needs)
    rewriter.fields = []
    module = MetadataWrapper(cst.Module(body=statements)).visit(rewriter)
    return module.body


def _same_literal(code: str, candidate: ConfigField) -> bool:
    if code == candidate.code:
        return True
    try:
        value = ast.literal_eval(code)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return False
    return type(value) is type(candidate.default) and value == candidate.default


def _keyword_args(names: tuple[str, ...] | list[str]) -> list[cst.Arg]:
    return [
        cst.Arg(
            cst.Name(n),
            keyword=cst.Name(n),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        for n in names
    ]


def _with_comma(args: Sequence[cst.Arg]) -> list[cst.Arg]:
    if not args:
        return []
    *rest, last = args
    return [*rest, last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))]


def _is_show(line: cst.SimpleStatementLine, plan: Plan) -> bool:
    statement = line.body[0]
    if not isinstance(statement, cst.Expr) or not isinstance(statement.value, cst.Call):
        return False
    func = statement.value.func
    return (
        isinstance(func, cst.Attribute)
        and func.attr.value == "show"
        and isinstance(func.value, cst.Name)
        and func.value.value in plan.plot_aliases
    )


def _magic_call(line: cst.SimpleStatementLine) -> tuple[str, tuple[str, ...]] | None:
    """``get_ipython().run_line_magic('name', 'args')`` as ('run_line_magic', args)."""
    if len(line.body) != 1:
        return None
    statement = line.body[0]
    value = statement.value if isinstance(statement, (cst.Expr, cst.Assign)) else None
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute):
        return None
    inner = value.func.value
    if not (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Name)):
        return None
    if inner.func.value != "get_ipython" or isinstance(statement, cst.Assign):
        return None
    try:
        args = tuple(
            str(ast.literal_eval(cst.Module([]).code_for_node(a.value))) for a in value.args
        )
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value.func.attr.value, args


def _shown(method: str, args: tuple[str, ...]) -> str:
    if method in ("system", "getoutput"):
        return f"!{args[0] if args else ''}"
    prefix = "%%" if method == "run_cell_magic" else "%"
    return f"{prefix}{' '.join(a for a in args[:2] if a)}".strip()


def _comments(lines: list[str]) -> list[cst.EmptyLine]:
    return [
        cst.EmptyLine(comment=cst.Comment(("# " + text).rstrip() if text else "#"))
        for text in lines
    ]


def _comment_only(line: cst.SimpleStatementLine, lines: list[str]) -> cst.SimpleStatementLine:
    """A ``pass`` carrying comments; codegen lifts top-level ones into plain comments."""
    return line.with_changes(
        body=[cst.Pass()],
        leading_lines=[*line.leading_lines, *_comments(lines)],
        trailing_whitespace=cst.TrailingWhitespace(),
    )


def _todo(line: cst.SimpleStatementLine, code: str, why: str) -> cst.BaseStatement:
    text = [f"TODO(nb2mod): {why}; kept as a comment"] + code.strip().splitlines()
    carrier = _comment_only(line, [t.replace("\r", "") for t in text])
    assigned = _assigned_names(line)
    if not assigned:
        return carrier
    assignment = cst.parse_statement(" = ".join(assigned) + " = None\n")
    assert isinstance(assignment, cst.SimpleStatementLine)
    return carrier.with_changes(body=[assignment.body[0]])


def _assigned_names(line: cst.SimpleStatementLine) -> list[str]:
    names = []
    for statement in line.body:
        if isinstance(statement, cst.Assign):
            for target in statement.targets:
                if isinstance(target.target, cst.Name):
                    names.append(target.target.value)
    return names


def _print_to_log(call: cst.Call, logger: str) -> cst.Call | None:
    """``print(a, b)`` -> ``logger.info("%s %s", a, b)``; None when it cannot be said so."""
    sep = " "
    positional = []
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            positional.append(arg.value)
        elif arg.keyword.value == "sep":
            literal = _string_value(arg.value)
            if literal is None:
                return None
            sep = literal
        elif arg.keyword.value == "end":
            if _string_value(arg.value) != "\n":
                return None  # print(x, end=", ") joins lines; a log record cannot: keep print
        elif arg.keyword.value != "flush":
            return None
    parts: list[str] = []
    values: list[cst.BaseExpression] = []
    for value in positional:
        text = _string_value(value)
        if text is not None:
            parts.append(text.replace("%", "%%"))
            continue
        formatted = _fstring_parts(value)
        if formatted is not None:
            parts.append(formatted[0])
            values.extend(formatted[1])
            continue
        parts.append("%s")
        values.append(value)
    message = sep.replace("%", "%%").join(parts)
    args = [cst.Arg(cst.SimpleString(repr(message)))] + [cst.Arg(v) for v in values]
    return cst.Call(cst.Attribute(cst.Name(logger), cst.Name("info")), _with_commas_between(args))


def _with_commas_between(args: list[cst.Arg]) -> list[cst.Arg]:
    return [
        (
            a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            if i < len(args) - 1
            else a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        )
        for i, a in enumerate(args)
    ]


def _string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = ast.literal_eval(cst.Module([]).code_for_node(node))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        return value if isinstance(value, str) else None
    return None


def _fstring_parts(node: cst.BaseExpression) -> tuple[str, list[cst.BaseExpression]] | None:
    if not isinstance(node, cst.FormattedString) or "b" in node.prefix.lower():
        return None
    if "r" in node.prefix.lower():
        return None
    text, values = "", []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            raw = part.value.replace("{{", "{").replace("}}", "}")
            try:
                raw = ast.literal_eval('"""' + raw.replace('"', '\\"') + ' """')[:-1]
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                return None
            text += raw.replace("%", "%%")
            continue
        assert isinstance(part, cst.FormattedStringExpression)
        spec = _spec(part)
        if spec is None:
            return None
        text += spec
        values.append(part.expression)
    return text, values


def _spec(part: cst.FormattedStringExpression) -> str | None:
    if part.equal is not None:
        return None
    if part.conversion not in (None, "r", "s"):
        return None
    if part.conversion == "r":
        return "%r" if part.format_spec is None else None
    if part.format_spec is None:
        return "%s"
    texts = [p.value for p in part.format_spec if isinstance(p, cst.FormattedStringText)]
    if len(texts) != len(part.format_spec):
        return None
    spec = "".join(texts)
    if not spec:
        return "%s"
    if not _SIMPLE_SPEC.match(spec) or not spec[-1].isalpha():
        return None
    return "%" + spec
