"""Raw records of the single walk over a cell, before they are turned into public facts.

A ``Ref`` names a node by (top-level statement, key, occurrence) so that ``locate.py`` can find
its line and column in the ``ast`` of the same code without LibCST's position metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Ref = tuple[int, tuple[Any, ...], int]
NO_VALUE: Any = object()  # marks an argument that is not a literal


@dataclass(frozen=True)
class ArgInfo:
    """One argument of a call: its literal value (or NO_VALUE), node, base name."""

    value: Any
    node: Any  # the libcst expression, for its source text when a fact needs it
    base: str | None
    ref: Ref | None
    is_number: bool = False

    @property
    def code(self) -> str:
        import libcst as cst

        return cst.Module(body=()).code_for_node(self.node)


@dataclass
class CallSite:
    """A call anywhere in the cell; ``func`` is the dotted name as written, if it is one."""

    stmt: int
    ref: Ref
    func: str | None
    method: str | None
    receiver: str | None
    args: tuple[ArgInfo, ...]
    keywords: dict[str, ArgInfo]
    function: str | None  # the top-level def/class it sits in, None at cell level
    magic: tuple[str, ...] | None = None  # (method, *literal args) of get_ipython() calls
    target: str | None = None  # the module-level name its result is assigned to (gm = f())
    outer: int | None = None  # index in RawCell.calls of the call whose argument holds it
    starred: bool = False  # an argument is *args or **kwargs
    sure: bool = False  # at the cell's top level, where it runs whenever the cell does
    api: bool = False  # and func is reached through a name bound by import


@dataclass(frozen=True)
class LiteralSite:
    """A string or number literal with where it sits (assigned name, keyword of a call)."""

    stmt: int
    ref: Ref
    value: Any
    code: str
    variable: str | None = None
    keyword: str | None = None
    call: str | None = None
    top_level_constant: bool = False


@dataclass
class MutationSite:
    name: str
    how: str
    ref: Ref
    stmt: int


@dataclass
class FunctionSummary:
    """Direct facts of one top-level def or class, as seen in its own body."""

    name: str
    kind: Literal["function", "class"]
    stmt: int
    ref: Ref
    params: tuple[str, ...] = ()
    free_reads: list[str] = field(default_factory=list)
    global_writes: list[str] = field(default_factory=list)
    mutated_globals: list[str] = field(default_factory=list)
    mutated_params: list[str] = field(default_factory=list)
    called: list[str] = field(default_factory=list)
    unused_imports: tuple[str, ...] = ()  # names its own imports bind that it never reads


@dataclass
class RawStatement:
    """What one top-level statement binds, reads, mutates and deletes (in walk order)."""

    index: int
    kind: str
    defines: list[str] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)
    use_refs: list[Ref] = field(default_factory=list)
    mutates: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    local_reads: list[str] = field(default_factory=list)
    display_only: bool = False
    shows_result: bool = False
    shown_name: str | None = None  # the value shown, when a name or attribute (``g.figure``)
    is_print: bool = False
    # What the statement's code holds anywhere (nested scopes too), for the planner's view of
    # the generated code: names read (with their counts), names stored or deleted, names
    # bound otherwise (def/class names, parameters, imports, except names).
    reads: dict[str, int] = field(default_factory=dict)
    writes: set[str] = field(default_factory=set)
    binders: set[str] = field(default_factory=set)
    binds: list[BindSite] = field(default_factory=list)  # module-scope bindings by syntax
    raises: list[tuple[Block, ...]] = field(default_factory=list)  # blocks around each raise
    log_prints: int = 0  # print(...) calls a log record can say (codegen makes them logger.info)
    shows: list[tuple[str, bool]] = field(default_factory=list)  # NAME.show() lines, in a def?
    effect_import: bool = False  # an ``import this`` line outside functions
    arguments: set[str] = field(default_factory=set)  # names passed whole as an argument
    decorators: set[str] = field(default_factory=set)  # names applied bare: ``@name``
    strings: list[str] = field(default_factory=list)  # string literal values and f-string text
    check_in_function: bool = False  # await, async, break, nonlocal...: may not run in a def
    magics: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """One block of a compound statement (or of a conditional expression) in a top-level
    statement: ``kind`` names the block (``if``, ``else``, ``if-test``, ``try``, ``except``,
    ``finally``, ``for``, ``operand``...; binding.py says which always run), ``owner`` numbers
    the compound statement within the top-level statement, and ``branch`` of ``branches``
    tells apart the alternatives one of which runs (an if's body and its else; a try's body
    and each of its handlers)."""

    kind: str
    owner: int = 0
    branch: int = 0
    branches: int = 1


@dataclass(frozen=True)
class BindSite:
    """A name a statement binds in the module scope by its own syntax, and the blocks around
    the binding, outermost first."""

    name: str
    how: str  # assign, annotation, for, with, walrus, except, import, def, match
    blocks: tuple[Block, ...] = ()


@dataclass
class RawImport:
    module: str
    name: str | None
    bound: str
    level: int
    ref: Ref
    submodule: str = ""  # ``import a.b`` without ``as``: the dotted module it loads


@dataclass
class RawUnsure:
    reason: str
    ref: Ref


@dataclass
class RawCell:
    """Everything one walk of a cell found."""

    # dotted reads through a name bound by import, where they surely run: (dotted, ref)
    attributes: list[tuple[str, Ref]] = field(default_factory=list)
    statements: list[RawStatement] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    literals: list[LiteralSite] = field(default_factory=list)
    mutations: list[MutationSite] = field(default_factory=list)
    imports: list[RawImport] = field(default_factory=list)
    functions: list[FunctionSummary] = field(default_factory=list)
    unsure: list[RawUnsure] = field(default_factory=list)
    magic_uses: list[str] = field(default_factory=list)
    module_writes: list[tuple[str, Ref]] = field(default_factory=list)  # os.environ[...] = ...
    history_indexes: list[tuple[str, int, Ref]] = field(
        default_factory=list
    )  # Out[3]: ('Out', 3, ref)
