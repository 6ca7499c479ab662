"""The secrets a notebook hard-codes (NB108's findings) and every code literal holding one.

A lazy fact (``Analysis.secrets``): key shapes are searched in every cell's text, strings
bound to secret-like names in the few cells that mention one, and then every plain string
literal whose value holds a secret found, with where it runs once converted: in a step
(``step``), in a function body (``function``) or when the package is imported
(``import_time``: a lifted class body, a lifted function's defaults and decorators).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from nb2mod.analysis.bound_strings import literal_value, target_name
from nb2mod.analysis.secret_shapes import (
    _SECRET_BINDING,
    KEY_SHAPES,
    SECRET_WORDS,
    SHAPE_ANCHORS,
    looks_secret,
)

if TYPE_CHECKING:
    from nb2mod.analysis.bound_strings import BoundString
    from nb2mod.analysis.facts import Analysis
    from nb2mod.analysis.parse import ParsedCell

SecretContext = Literal["step", "function", "import_time"]


@dataclass(frozen=True)
class SecretFinding:
    """One NB108 finding; ``value`` is the secret itself and must never be printed."""

    cell: int
    line: int  # in the cell's original source, from 1
    col: int  # from 1
    detail: str  # what was found, without the secret: "GitHub token in the source"
    value: str = field(repr=False)
    name: str | None = None  # the variable, keyword or key a bound string is given to


@dataclass(frozen=True)
class SecretLiteral:
    """A plain (not f-) string literal in code whose value holds a secret."""

    cell: int
    line: int  # in the cell's original source
    node_line: int  # where the literal starts in the cell's normalised code (libcst: from 1)
    node_col: int  # (libcst: from 0)
    value: str = field(repr=False)  # the literal's whole value
    context: SecretContext
    name: str | None = None  # the variable, keyword or key it is given to


@dataclass(frozen=True)
class Secrets:
    findings: tuple[SecretFinding, ...] = ()
    literals: tuple[SecretLiteral, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        """The distinct secrets, longest first (so a longer one is redacted whole)."""
        return tuple(sorted({f.value for f in self.findings}, key=lambda v: (-len(v), v)))


def gather_secrets(analysis: Analysis) -> Secrets:
    findings = tuple(_findings(analysis))
    if not findings:
        return Secrets()
    values = {f.value for f in findings}
    cells = {f.cell for f in findings}
    literals: list[SecretLiteral] = []
    for parsed in analysis.parsed:
        code = parsed.normalised.code
        if parsed.module is not None and (parsed.index in cells or any(v in code for v in values)):
            literals += _literals(parsed, values)
    return Secrets(findings, tuple(literals))


def _findings(analysis: Analysis) -> Iterator[SecretFinding]:
    shaped: set[tuple[int, int]] = set()
    for cell in analysis.notebook.cells:
        if not any(anchor in cell.source for anchor in SHAPE_ANCHORS):
            continue
        for number, text in enumerate(cell.source.splitlines(), start=1):
            for kind, pattern in KEY_SHAPES.items():
                match = pattern.search(text)
                if match and "EXAMPLE" not in match.group().upper():
                    shaped.add((cell.index, number))
                    detail = f"{kind} in the source"
                    value = _whole_token(text, match)
                    yield SecretFinding(cell.index, number, match.start() + 1, detail, value)
    for bound in _bound_strings(analysis):
        if (bound.cell, bound.line) not in shaped and looks_secret(bound.name, bound.value):
            detail = f"string literal bound to '{bound.name}'"
            yield SecretFinding(bound.cell, bound.line, bound.col, detail, bound.value, bound.name)


def _whole_token(text: str, match: re.Match[str]) -> str:
    """The key a shape matched, with the characters of the same token that follow it (a
    shape may match the first 36 characters of a longer token: the secret is all of it)."""
    end = match.end()
    while end < len(text) and (text[end].isalnum() or text[end] in "_-"):
        end += 1
    return text[match.start() : end]


def _bound_strings(analysis: Analysis) -> Iterator[BoundString]:
    from nb2mod.analysis.bound_strings import gather_bound_strings

    for parsed in analysis.parsed:
        code = parsed.normalised.code
        lowered = code.lower()
        if not any(word in lowered for word in SECRET_WORDS):
            continue
        if parsed.module is not None and _SECRET_BINDING.search(code):
            yield from gather_bound_strings(parsed)


def _literals(parsed: ParsedCell, values: set[str]) -> list[SecretLiteral]:
    assert parsed.module is not None
    visitor = GatherSecretLiterals(values)
    MetadataWrapper(parsed.module, unsafe_skip_copy=True).visit(visitor)
    normalised = parsed.normalised
    return [
        SecretLiteral(parsed.index, normalised.original_line(line), line, col, value, ctx, name)
        for line, col, value, ctx, name in visitor.found
    ]


class GatherSecretLiterals(cst.CSTVisitor):
    """Collects the string literals holding one of ``values``, with the context each runs in
    once converted (see the module docstring); changes nothing."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, values: set[str]) -> None:
        super().__init__()
        self.values = values
        self.found: list[tuple[int, int, str, SecretContext, str | None]] = []
        self._contexts: list[SecretContext] = ["step"]
        self._entered: dict[int, SecretContext] = {}  # node id -> context inside it
        self._pushed: set[int] = set()  # ids of the nodes that pushed a context
        self._names: dict[int, str] = {}  # id of a value node -> the name it is bound to
        self._depth = 0  # statements entered: 1 while in a top-level statement

    def on_visit(self, node: cst.CSTNode) -> bool:
        context = self._entered.pop(id(node), None)
        if context is None and isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            context = self._definition_context(node)
        if context is not None:
            self._contexts.append(context)
            self._pushed.add(id(node))
        if isinstance(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            self._depth += 1
        self._remember_name(node)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            self._check(node)
            return False
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if id(original_node) in self._pushed:
            self._pushed.discard(id(original_node))
            self._contexts.pop()
        if isinstance(original_node, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            self._depth -= 1
        super().on_leave(original_node)

    def _definition_context(self, node: cst.FunctionDef | cst.ClassDef) -> SecretContext:
        """The context of a definition's header (defaults, decorators, bases); its body's
        context is entered when the body is."""
        outer = self._contexts[-1]
        lifted = self._depth == 0 and outer == "step"  # a top-level def moves to module level
        header: SecretContext = "import_time" if lifted else outer
        if isinstance(node, cst.FunctionDef):
            self._entered[id(node.body)] = "function"
        else:
            self._entered[id(node.body)] = header
        return header

    def _remember_name(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.Assign):
            for target in node.targets:
                name = target_name(target.target)
                if name is not None:
                    self._names[id(node.value)] = name
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            name = target_name(node.target)
            if name is not None:
                self._names[id(node.value)] = name
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            self._names[id(node.value)] = node.keyword.value
        elif isinstance(node, cst.DictElement):
            key = literal_value(node.key)
            if key is not None:
                self._names[id(node.value)] = key

    def _check(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        value = literal_value(node)
        if value is None or not any(v in value for v in self.values):
            return
        start = self.get_metadata(PositionProvider, node).start
        name = self._names.get(id(node))
        self.found.append((start.line, start.column, value, self._contexts[-1], name))
