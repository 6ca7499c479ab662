"""The analysis facts: plain frozen dataclasses that lint, convert and verify consume.

Every location is in the notebook's terms: ``cell`` counts all cells from 1, ``line`` and
``col`` are 1-based inside the cell's original source (mapped back through the line map).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from nb2mod.diagnostics import Diagnostic
from nb2mod.ipython_syntax import Magic

if TYPE_CHECKING:
    import libcst as cst

    from nb2mod.analysis.literal_raises import LiteralRaise
    from nb2mod.analysis.parse import ParsedCell
    from nb2mod.analysis.secrets import Secrets
    from nb2mod.notebook import Notebook

EffectKind = Literal[
    "file_read",
    "file_write",
    "network",
    "shell",
    "environment",
    "sys_path",
    "plot",
    "display",
    "print",
    "randomness",
    "time",
    "input",
]
StatementKind = Literal["import", "def", "class", "assign", "expression", "control", "other"]


@dataclass(frozen=True)
class Effect:
    """A side effect: ``call`` is the resolved dotted name (``pandas.read_csv``)."""

    kind: EffectKind
    cell: int
    line: int
    col: int
    call: str
    detail: str = ""
    path: str | None = None  # the literal path or URL argument, when there is one
    path_name: str | None = None  # the name given as the path argument (not in the JSON, v1)
    built: str | None = None  # the path built from literals only (os.path.join), not in the JSON


@dataclass(frozen=True)
class Mutation:
    """A write to an existing object: ``how`` is e.g. 'subscript store', 'method append'."""

    name: str
    cell: int
    line: int
    col: int
    how: str


@dataclass(frozen=True)
class ImportFact:
    """One bound import name: ``import pandas as pd`` -> module 'pandas', bound 'pd'."""

    module: str
    name: str | None  # the imported member for ``from m import name``; None for ``import m``
    bound: str  # the name bound in the notebook namespace; '*' for a star import
    cell: int
    line: int
    level: int = 0  # relative-import dots
    submodule: str = ""  # ``import a.b.c`` (binds a, loads a.b.c): 'a.b.c' (not in the JSON, v1)

    @property
    def star(self) -> bool:
        return self.bound == "*"

    @property
    def qualified(self) -> str:
        """Dotted name the bound name refers to (``numpy`` for ``import numpy as np``)."""
        return f"{self.module}.{self.name}" if self.name else self.module


@dataclass(frozen=True)
class StatementFacts:
    """One top-level statement of a cell, for planners that group and rewrite statements."""

    index: int  # position in the cell module's body
    kind: StatementKind
    line: int  # original cell line where it starts
    end_line: int
    defines: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    mutates: tuple[str, ...] = ()
    deletes: tuple[str, ...] = ()
    display_only: bool = False  # a bare expression (shown only if it is the cell's last)
    shown_name: str | None = None  # a shown bare expression that is a name chain (``g.figure``)
    is_print: bool = False
    local_reads: tuple[str, ...] = ()  # names it reads after binding them itself (loops, with)
    # What the planner needs to know of the code it places (not in the JSON form, v1):
    surely_binds: tuple[str, ...] = ()  # bound whenever it completes (binding.surely_bound)
    partly_binds: tuple[str, ...] = ()  # bound on some paths, not only in loops (partly_bound)
    assigns: tuple[str, ...] = ()  # bound by its own syntax in some branch (not except names)
    handlers: tuple[str, ...] = ()  # ``except E as name`` names in the module scope
    reads: tuple[tuple[str, int], ...] = ()  # every name read anywhere, with its count
    writes: frozenset[str] = frozenset()  # every name stored or deleted anywhere
    binders: frozenset[str] = frozenset()  # def/class names, parameters, imports, except names
    log_prints: int = 0  # print(...) calls a log record can say
    shows: tuple[tuple[str, bool], ...] = ()  # lines only ``NAME.show()``: (NAME, in a def)
    effect_import: bool = False  # a line ``import this`` (imported for what it does)
    arguments: frozenset[str] = frozenset()  # names passed whole as a call argument
    decorators: frozenset[str] = frozenset()  # names applied as a bare decorator (``@name``)
    runs_in_function: bool = True  # False: it cannot compile inside a function (await...)
    magics: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (method, magic, names it reads)

    def read_count(self, name: str) -> int:
        return next((count for read, count in self.reads if read == name), 0)


@dataclass(frozen=True)
class Unsure:
    """A place where the analysis cannot be sure (exec, globals(), star import, ...)."""

    cell: int
    line: int
    col: int
    reason: str


@dataclass(frozen=True)
class ApiUse:
    """A library API a cell uses through an imported name where it surely runs (see
    analysis/api_uses.py): an attribute read, a call with its shape, an attribute assigned,
    an object such a call binds to a name ("made") and a method called on a name ("method").
    ``name`` is qualified through the import aliases (``matplotlib.cm.spectral``)."""

    kind: Literal["attribute", "call", "assigned", "made", "method"]
    name: str
    cell: int
    line: int
    statement: int
    args: int = 0  # positional arguments of a call
    keywords: tuple[str, ...] = ()  # keyword names of a call, in order
    starred: bool = False  # a call with *args or **kwargs: its shape is not known
    receiver: str = ""  # the name a "made" object is bound to, a "method" is called on


@dataclass(frozen=True)
class CellFacts:
    """What one code cell defines, reads, mutates and does."""

    cell: int
    parsed: bool
    defines: tuple[str, ...] = ()  # names bound at the cell's top level, in order
    uses: tuple[str, ...] = ()  # free names read from outside the cell, in order
    mutates: tuple[str, ...] = ()  # outside names whose objects the cell changes
    deletes: tuple[str, ...] = ()
    mutations: tuple[Mutation, ...] = ()
    effects: tuple[Effect, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    statements: tuple[StatementFacts, ...] = ()
    display_only: bool = False  # last statement is a bare expression Jupyter would show
    magics: tuple[Magic, ...] = ()
    magic_uses: tuple[str, ...] = ()  # names read inside magic arguments
    unsure: tuple[Unsure, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()  # (module, why) its calls need unimported (not JSON)
    api_uses: tuple[ApiUse, ...] = ()  # library attributes and calls it surely uses (not JSON)


@dataclass(frozen=True)
class LiteralCall:
    """A notebook call of a notebook function with only literal arguments, and what it
    gives when nb2mod can work that out without running it (analysis/static_eval.py):
    the value's source, or the builtin exception it raises, or why it cannot tell."""

    args: str  # the argument list, source: ``1, key='x'``
    value: str | None = None
    raises: str | None = None
    unknown: str | None = None


@dataclass(frozen=True)
class FunctionFacts:
    """A function or class defined at a cell's top level."""

    name: str
    kind: Literal["function", "class"]
    cell: int
    line: int
    params: tuple[str, ...] = ()
    reads_globals: tuple[str, ...] = ()
    writes_globals: tuple[str, ...] = ()  # rebinds through ``global``
    mutates_globals: tuple[str, ...] = ()
    mutates_params: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()  # notebook functions it calls
    pure: bool = True  # no global reads of non-constants, no writes, mutations or effects
    effects: tuple[Effect, ...] = ()
    end_line: int = 0  # last original cell line of the definition
    # For the conversion (not in the JSON form, v1):
    unused_imports: tuple[str, ...] = ()  # names its own imports bind that it never reads
    literal_calls: tuple[LiteralCall, ...] = ()  # notebook calls of it with literal arguments


@dataclass(frozen=True)
class DataflowEdge:
    """``name`` defined (or mutated) in ``from_cell`` is read by ``to_cell``."""

    name: str
    from_cell: int
    to_cell: int


@dataclass(frozen=True)
class HiddenState:
    """A name read in a cell before any earlier cell defines it."""

    name: str
    cell: int
    line: int
    col: int
    defined_later_in: int | None = None  # a later cell that defines it, if any


@dataclass(frozen=True)
class Seed:
    cell: int
    line: int
    col: int
    library: str  # random, numpy, torch, tensorflow
    call: str
    value: str | None  # source text of the seed argument, None when absent
    global_state: bool = True  # False for generators such as np.random.default_rng(s)


@dataclass(frozen=True)
class RandomUse:
    cell: int
    line: int
    col: int
    library: str  # random, numpy, torch, tensorflow, sklearn
    call: str
    seeded: bool
    # For the conversion (not in the JSON form, v1): the argument that would seed this call,
    # "random_state" (scikit-learn, pandas' sample), "0" (its first, for np.random.default_rng()
    # with none), "" (none, or the call passes *args/**kwargs that may hold one)
    seed_argument: str = ""


@dataclass(frozen=True)
class ConfigCandidate:
    """A literal worth lifting into Config."""

    name: str  # suggested field name, a valid identifier
    value: Any  # the Python value of the literal
    type: str  # int, float, str, bool, path, url
    cell: int
    line: int
    col: int
    reason: str  # 'path literal', 'url', 'keyword n_estimators of RandomForestClassifier', ...
    code: str = ""  # the literal as written
    variable: str | None = None  # the module-level name it is assigned to, if any
    keyword: str | None = None
    call: str | None = None


@dataclass(frozen=True)
class HistoryRead:
    """A read of IPython's history, which only a kernel fills: output history (``_``,
    ``__``, ``___``, ``_N``, ``Out[N]``, ``Out``, ``_oh``) or input history (``_i``, ``_ii``,
    ``_iii``, ``_iN``, ``In[N]``, ``In``, ``_ih``). ``refers_to`` is the cell whose result or
    source it names: for a number N, the cell whose stored execution count is N (``basis``
    "stored count") or, in a notebook without stored counts, the N-th non-empty code cell of
    a run from the top ("top-to-bottom run"); for ``_``/``__``/``___``, the 1st/2nd/3rd
    earlier cell that shows a result, and for ``_i``/``_ii``/``_iii`` the 1st/2nd/3rd earlier
    non-empty code cell (both "top-to-bottom run"). None ("unknown") when no cell fits or the
    whole history is read."""

    cell: int
    line: int
    col: int
    name: str  # as written: '_', '_5', 'Out[5]', '_i3', 'In'
    kind: Literal["output", "input"]
    refers_to: int | None = None
    basis: Literal["stored count", "top-to-bottom run", "unknown"] = "unknown"


@dataclass(frozen=True)
class DiscardedResult:
    """A cell that is only one bare expression computing something expensive (``call``):
    reading data, fitting an object nothing keeps, model selection. Its value is shown (or
    not) and then lost: a converted package drops or logs it."""

    cell: int
    line: int
    col: int
    call: str
    reason: str  # 'reads data', 'fits an object nothing keeps', 'model selection', ...


@dataclass(frozen=True)
class WorkingDirectoryPath:
    """A path that depends on the kernel's working directory: a relative path literal that
    climbs ``levels_up`` folders above the notebook's folder (kind "relative"), or a call to
    ``os.getcwd()``/``Path.cwd()`` whose result builds or names a path (kind "cwd")."""

    cell: int
    line: int
    col: int
    kind: Literal["relative", "cwd"]
    detail: str  # the literal, or the call
    levels_up: int = 0


@dataclass(frozen=True)
class Redefinition:
    name: str
    cells: tuple[int, ...]


@dataclass(frozen=True)
class UnusedDefinition:
    name: str
    cell: int


@dataclass(frozen=True)
class Analysis:
    """All facts about one notebook; ``parsed`` keeps each cell's tree for transformers."""

    notebook: Notebook
    parsed: tuple[ParsedCell, ...]
    cells: tuple[CellFacts, ...]
    functions: tuple[FunctionFacts, ...] = ()
    dataflow: tuple[DataflowEdge, ...] = ()
    hidden_state: tuple[HiddenState, ...] = ()
    execution_out_of_order: int | None = None  # first cell whose count breaks the order
    redefined: tuple[Redefinition, ...] = ()
    unused: tuple[UnusedDefinition, ...] = ()
    seeds: tuple[Seed, ...] = ()
    randomness: tuple[RandomUse, ...] = ()
    # scikit-learn/imbalanced-learn calls the table does not classify, without random_state,
    # that may take one (library "sklearn", seed_argument "random_state"); not in the JSON
    random_candidates: tuple[RandomUse, ...] = ()
    config_candidates: tuple[ConfigCandidate, ...] = ()
    unsure: tuple[Unsure, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
    history_reads: tuple[HistoryRead, ...] = ()
    discarded_results: tuple[DiscardedResult, ...] = ()
    working_directory_paths: tuple[WorkingDirectoryPath, ...] = ()

    def cell(self, index: int) -> CellFacts | None:
        """The facts of code cell ``index`` (None for a markdown cell or a missing one)."""
        return self._cells.get(index)

    def statement(self, cell: int, index: int) -> StatementFacts | None:
        """Top-level statement ``index`` of ``cell``."""
        return self._statements.get((cell, index))

    def module(self, cell: int) -> cst.Module | None:
        """The parsed tree of ``cell`` (None when it did not parse)."""
        return self._modules.get(cell)

    def parsed_cell(self, cell: int) -> ParsedCell | None:
        return self._parsed.get(cell)

    @cached_property
    def secrets(self) -> Secrets:
        """The hard-coded secrets (NB108) and the literals holding them, gathered on demand."""
        from nb2mod.analysis.secrets import gather_secrets

        return gather_secrets(self)

    @cached_property
    def literal_raises(self) -> tuple[LiteralRaise, ...]:
        """The top-level statements that raise on their literals alone, gathered on demand."""
        from nb2mod.analysis.literal_raises import gather_literal_raises

        return gather_literal_raises(self)

    @cached_property
    def _cells(self) -> dict[int, CellFacts]:
        return {c.cell: c for c in self.cells}

    @cached_property
    def _statements(self) -> dict[tuple[int, int], StatementFacts]:
        return {(c.cell, s.index): s for c in self.cells for s in c.statements}

    @cached_property
    def _parsed(self) -> dict[int, ParsedCell]:
        return {p.index: p for p in self.parsed}

    @cached_property
    def _modules(self) -> dict[int, cst.Module]:
        return {p.index: p.module for p in self.parsed if p.module is not None}
