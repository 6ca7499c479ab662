"""The Plan: every decision about a conversion, as plain frozen data that codegen applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from nb2mod.analysis.facts import LiteralCall
from nb2mod.diagnostics import Diagnostic
from nb2mod.local_modules import LocalModule
from nb2mod.plan.dependencies import Dependencies

StatementAction = Literal["keep", "debug", "drop"]
PathRole = Literal["input", "output"]
MagicAction = Literal["drop", "requirement", "timed", "writefile", "run_todo", "todo"]
SeedsMode = Literal["apply", "keep"]
# notebook: the notebook seeds it; argument: nb2mod gives the call its own seed; global: it
# draws from a generator set_seeds() seeds; none: nothing seeds it
SeedHow = Literal["notebook", "argument", "global", "none"]


@dataclass(frozen=True)
class StatementRef:
    """One top-level statement: ``index`` is its position in the cell module's body."""

    cell: int
    index: int
    action: StatementAction = "keep"
    reads_file: str | None = None  # the path (or the call) named when a read fails
    read_field: str | None = None  # the Config field that path is, when it is one
    read_name: str | None = None  # the notebook name holding that path (None: the field's)
    timed: str | None = None  # a label when the statement's duration is logged
    as_comment: bool = False  # it cannot run inside a function: kept as a TODO comment
    shown_as: str | None = None  # the name its displayed value binds (IPython's output history)
    shows_figure: bool = False  # the cell's last value, saved as a figure when it is a Figure


@dataclass(frozen=True)
class FigureSource:
    """Where saved figures come from: ``output_dir/figures/NAME-N.png`` (NAME a step or a
    notebook function), shown in ``cell`` by ``how`` (``plt.show() ×2``...)."""

    name: str
    cell: int
    how: str


@dataclass(frozen=True)
class WriteSite:
    """A file write at ``line`` of ``cell``: a failure names ``what`` (``config field F``)
    and the path (the file the error names, else the value of the code ``path``)."""

    cell: int
    line: int
    what: str
    path: str | None = None  # code for the path where it runs (``config.F``, a name)


@dataclass(frozen=True)
class Step:
    """One function of pipeline.py, made of consecutive cells."""

    name: str
    title: str
    cells: tuple[int, ...]
    statements: tuple[StatementRef, ...]
    params: tuple[str, ...] = ()
    returns: tuple[str, ...] = ()
    uses_config: bool = False
    undefined: tuple[str, ...] = ()  # read here, defined by no earlier cell (hidden state)
    unparsed: tuple[int, ...] = ()  # cells kept as commented code
    module_state: tuple[str, ...] = ()  # module state (Plan.module_state) its code touches
    globals: tuple[str, ...] = ()  # module state it assigns: declared ``global`` at its top
    description: str = ""  # the first paragraph of the markdown under its heading
    unbound: tuple[str, ...] = ()  # returned, bound on some paths only: start as UNBOUND
    commented: tuple[tuple[str, int], ...] = ()  # (name, cell): read, only a commented cell binds
    history: tuple[tuple[int, str, str], ...] = ()  # (cell, name, code): ``_ = shown_cell_2``


@dataclass(frozen=True)
class Definition:
    """A notebook function or class moved to module level."""

    name: str
    kind: Literal["function", "class"]
    cell: int
    index: int
    added_params: tuple[str, ...] = ()  # globals it read, now keyword-only parameters
    pure: bool = False
    test_calls: tuple[LiteralCall, ...] = ()  # the notebook's literal calls a test repeats
    unused_imports: tuple[str, ...] = ()  # names its own imports bind that it never reads


@dataclass(frozen=True)
class ImportPlan:
    module: str
    name: str | None
    bound: str
    level: int = 0
    # ``from PKG import lib`` standing for the notebook's ``import lib.t``, which loads
    # ``lib.t`` too: the submodule to load (PKG.lib.t) after the imports
    loads: str = ""

    def statement(self) -> str:
        dots = "." * self.level
        if self.bound == "*":
            return f"from {dots}{self.module} import *"
        if self.name is None:
            top = self.module.split(".")[0]
            if self.bound == self.module or (self.bound == top and "." in self.module):
                return f"import {self.module}"
            return f"import {self.module} as {self.bound}"
        alias = "" if self.bound == self.name else f" as {self.bound}"
        return f"from {dots}{self.module} import {self.name}{alias}"


@dataclass(frozen=True)
class CarriedModule:
    """A local module copied into the package (plan/local_modules.py)."""

    name: str  # its top-level import name in the notebook
    source: str  # the file or folder, relative to the notebook's folder
    target: str  # its name inside the package (PKG.target): ``name`` unless that is taken
    files: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (path in PKG/, text)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(path for path, _ in self.files)


@dataclass(frozen=True)
class ConfigField:
    """A notebook literal lifted into Config; ``code`` is the literal as written."""

    name: str
    type: str  # int, float, str, bool
    default: Any
    cell: int
    line: int
    col: int
    code: str
    reason: str
    variable: str | None = None
    keyword: str | None = None
    sites: tuple[tuple[int, int], ...] = ()  # more (cell, line) places with the same literal
    path: PathRole | None = None  # a path: read against data_dir or written below output_dir
    env: str | None = None  # a secret: no default, read from this environment variable

    def at(self, cell: int, line: int) -> bool:
        return (cell, line) == (self.cell, self.line) or (cell, line) in self.sites


@dataclass(frozen=True)
class SecretSite:
    """A string literal holding a secret, replaced by ``code`` (a read of its Config field,
    or a placeholder where the package cannot read it); the position is libcst's, in the
    cell's normalised code."""

    cell: int
    line: int
    col: int
    code: str


@dataclass(frozen=True)
class MagicPlan:
    cell: int
    line: int
    name: str
    action: MagicAction
    detail: str = ""


@dataclass(frozen=True)
class RandomSite:
    """A place the notebook draws random numbers, and what seeds it in the package."""

    cell: int
    line: int
    col: int
    call: str
    how: SeedHow
    why: str = ""  # unless how == "argument": what seeds it, or why nothing does
    keyword: str = ""  # how == "argument": the keyword given ("0": the first positional)
    value: str = ""  # how == "argument": the seed expression (config.seed + 12)
    draws: bool = True  # False: a call that takes random_state, not known to draw without it


@dataclass(frozen=True)
class RandomStateSource:
    """Where nb2mod learnt which of the scikit-learn calls it lists take ``random_state``."""

    libraries: tuple[str, ...] = ()  # "scikit-learn 1.9.1": installed ones whose signatures said
    from_table: tuple[str, ...] = ()  # the calls nb2mod's table decided for
    table: str = ""  # which table: "nb2mod's table (scikit-learn 1.9.1, ...)"
    asked: bool = False  # the interpreter the dependencies resolve in was asked


@dataclass(frozen=True)
class Dropped:
    cell: int
    line: int
    what: str
    why: str


@dataclass(frozen=True)
class ExpectedStop:
    """Where run() stops like the notebook did: step ``step`` (holding ``cell``) raises an
    exception one of whose classes is named in ``exceptions``, its message holding ``text``."""

    step: str
    cell: int
    exceptions: tuple[str, ...]
    text: str = ""
    why: str = ""  # 'cell 3 reads 'df', which no earlier cell defines (hidden state)'


@dataclass(frozen=True)
class TestPlan:
    """What the generated tests run beyond import, config and CLI checks (plan/generated_tests)."""

    inputs: tuple[str, ...] = ()  # input path fields the end-to-end test copies from the data
    broken_input: str | None = None  # the input field the config test points at a missing file
    broken_input_first: bool = False  # no file is read before it: that test needs no data
    unrepeatable: str = ""  # why two runs may differ (a draw nothing seeds): run once only
    network: tuple[str, ...] = ()  # the network reads run() makes: "seaborn.load_dataset (cell 3)"
    files: tuple[tuple[str, int], ...] = ()  # (path, cell): literal reads no Config field names
    stops: tuple[ExpectedStop, ...] = ()  # run() stops like the notebook: an expected failure
    # importing pipeline.py fails like the notebook's import (step ""): the package cannot
    # be imported where the dependencies were resolved, and its tests fail (said, not expected)
    import_stops: tuple[ExpectedStop, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Everything codegen needs besides the parsed cells."""

    package: str
    notebook: str
    steps: tuple[Step, ...]
    definitions: tuple[Definition, ...] = ()
    imports: tuple[ImportPlan, ...] = ()
    config_fields: tuple[ConfigField, ...] = ()
    seed_libraries: tuple[str, ...] = ()  # random, numpy, torch, tensorflow
    seed_default: int = 0
    results: tuple[str, ...] = ()  # the names run() returns
    unbound_results: tuple[str, ...] = ()  # results a run may leave UNBOUND (then left out)
    magics: tuple[MagicPlan, ...] = ()
    requirements: tuple[str, ...] = ()  # packages from !pip install / %pip install
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    plot_aliases: tuple[str, ...] = ()  # names bound to matplotlib.pyplot
    save_plots: bool = True
    ipython_display: bool = False  # a step calls IPython's display() builtin
    format: bool = True
    seed_field: str = "seed"
    seeds: SeedsMode = "apply"
    random_sites: tuple[RandomSite, ...] = ()  # each random draw of the notebook, in order
    notebook_seeded: bool = False  # the notebook seeds a global generator itself
    random_state_source: RandomStateSource | None = None  # None: no scikit-learn call listed
    show_cells: tuple[int, ...] = ()  # cells whose plt.show() (maybe in a def) saves figures
    # cells at whose end the open figures are saved (when saving) and closed, as inline Jupyter
    close_figures: tuple[int, ...] = ()
    figure_sources: tuple[FigureSource, ...] = ()  # what figures the package saves, from where
    write_sites: tuple[WriteSite, ...] = ()  # file writes whose failure names field and path
    renames: tuple[tuple[int, str, str], ...] = ()  # (cell, name, qualified): star-import names
    module_state: tuple[str, ...] = ()  # names notebook functions rebind through ``global``
    helpers: tuple[str, ...] = ()  # helper functions pipeline.py defines (plan.helpers names)
    pipeline_imports: tuple[str, ...] = ()  # pipeline.py's import lines, as isort orders them
    imported_modules: tuple[str, ...] = ()  # the modules those lines import (+ matplotlib's)
    module_loads: tuple[str, ...] = ()  # submodules loaded after them (see ImportPlan.loads)
    dependencies: Dependencies = Dependencies()  # pyproject.toml's and requirements.txt's
    local_modules: tuple[LocalModule, ...] = ()  # imported from the notebook's folder
    carried: tuple[CarriedModule, ...] = ()  # those copied into the package
    path_edits: tuple[tuple[int, int], ...] = ()  # (cell, line): sys.path edits commented out
    title: str = ""  # the notebook's title (its first heading)
    summary: str = ""  # its opening paragraph
    tests: TestPlan = TestPlan()  # what the generated tests run
    # (role, name) of nb2mod's own names the notebook uses too, with the name taken instead
    renamed_generated: tuple[tuple[str, str], ...] = ()
    secret_sites: tuple[SecretSite, ...] = ()
    # (secret, what stands in its place) for every file's text; the secrets never print
    redactions: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def name(self, role: str) -> str:
        """The name pipeline.py gives one of nb2mod's own (``run``, ``logger``, ``os``...)."""
        return next((name for r, name in self.renamed_generated if r == role), role)

    @property
    def config_name(self) -> str:
        """The name of the Config value in steps and run()."""
        return self.name("config")

    @property
    def packages(self) -> tuple[str, ...]:
        """The import packages pyproject.toml installs: the package and the folders of
        the local modules carried into it."""
        found = {
            ".".join([self.package, *path.split("/")[: n + 1]])
            for module in self.carried
            for path in module.paths
            for n in range(path.count("/"))
        }
        return (self.package, *sorted(found))

    @property
    def saves_figures(self) -> bool:
        """pipeline.py saves the figures the notebook showed (the ``figures`` helper)."""
        return self.save_plots and bool(self.figure_sources)

    @property
    def writes_outputs(self) -> bool:
        """Some Config field is a path the notebook writes (run() makes its folder)."""
        return any(f.path == "output" for f in self.config_fields)

    def field_named(self, name: str) -> ConfigField | None:
        return next((f for f in self.config_fields if f.name == name), None)

    def magic_at(self, cell: int, line: int) -> MagicPlan | None:
        return next((m for m in self.magics if m.cell == cell and m.line == line), None)
