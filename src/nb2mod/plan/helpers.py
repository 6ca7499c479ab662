"""The helper functions pipeline.py may define: their code, imports and the names it holds.

The plan decides which helpers a pipeline needs (and, from the names each holds, which of the
notebook's imports stay); codegen writes their code. ``functools`` and ``importlib`` are
helpers without code: the module a rewritten call needs (``functools.partial``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Template
from types import MappingProxyType

from nb2mod.plan.generated_names import ROLES
from nb2mod.plan.model import ImportPlan, Plan


@dataclass(frozen=True)
class Helper:
    """One helper: ``reads``, ``writes`` and ``binds`` are the names its code holds. In
    ``code``, ``$name`` stands for the name pipeline.py gives one of nb2mod's own (the
    helper's, ``logger``, ``PipelineError``...: see plan.generated_names)."""

    code: str = ""
    imports: tuple[ImportPlan, ...] = ()
    reads: frozenset[str] = frozenset()
    writes: frozenset[str] = frozenset()
    binds: frozenset[str] = frozenset()

    def render(self, plan: Plan) -> str:
        """The code with nb2mod's names as the plan chose them."""
        return Template(self.code).substitute({role: plan.name(role) for role in ROLES})

    def names(self, plan: Plan) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """``reads``, ``writes`` and ``binds`` with nb2mod's names as the plan chose them."""
        return tuple(  # type: ignore[return-value]
            frozenset(plan.name(n) if n in ROLES else n for n in names)
            for names in (self.reads, self.writes, self.binds)
        )

    def import_plans(self, plan: Plan) -> tuple[ImportPlan, ...]:
        return tuple(
            ImportPlan(i.module, i.name, plan.name(i.bound), i.level) for i in self.imports
        )


_CONTEXTLIB = ImportPlan("contextlib", None, "contextlib")
_ITERATOR = ImportPlan("collections.abc", "Iterator", "Iterator")
_OS = ImportPlan("os", None, "os")
_SYS = ImportPlan("sys", None, "sys")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# In the order pipeline.py defines them.
HELPERS: Mapping[str, Helper] = MappingProxyType(
    {
        "reading": Helper(
            code='''@$contextlib.contextmanager
def $reading(what: str, path: str | None = None) -> $Iterator[None]:
    """Turn a failed file or network read into a $PipelineError naming ``what`` and, for a
    file, its absolute path."""
    try:
        yield
    except (OSError, ValueError) as exc:
        reason = str(exc)
        if path and "://" not in path:
            what = f"{what} ({$os.path.abspath(path)})"
            if isinstance(exc, OSError) and exc.strerror:
                reason = exc.strerror  # the path is named already
        raise $PipelineError(f"cannot read {what}: {' '.join(reason.split())}") from exc
''',
            imports=(_CONTEXTLIB, _ITERATOR, _OS),
            reads=_names(
                "Iterator OSError PipelineError ValueError contextlib exc isinstance os path "
                "reason str what"
            ),
            writes=_names("reason what"),
            binds=_names("exc path reading what"),
        ),
        "writing": Helper(
            code='''@$contextlib.contextmanager
def $writing(what: str, path: $Any = None) -> $Iterator[None]:
    """Turn a failed file write into a $PipelineError naming ``what`` and the absolute path
    of the file (the one the error names, else ``path``)."""
    try:
        yield
    except OSError as exc:
        where = exc.filename if exc.filename is not None else path
        if isinstance(where, (str, $os.PathLike)) and "://" not in $os.fspath(where):
            what = f"{what} ({$os.path.abspath(where)})"
        reason = exc.strerror or str(exc)
        raise $PipelineError(f"cannot write {what}: {' '.join(reason.split())}") from exc
''',
            imports=(_CONTEXTLIB, _ITERATOR, _OS),
            reads=_names(
                "Any Iterator OSError PipelineError contextlib exc isinstance os path reason str "
                "what where"
            ),
            writes=_names("reason what where"),
            binds=_names("exc path what writing"),
        ),
        "timed": Helper(
            code='''@$contextlib.contextmanager
def $timed(label: str) -> $Iterator[None]:
    """Log how long the block took (the notebook timed it with %time or %timeit)."""
    from time import perf_counter

    start = perf_counter()
    yield
    $logger.info("%s took %.3f s", label, perf_counter() - start)
''',
            imports=(_CONTEXTLIB, _ITERATOR),
            reads=_names("Iterator contextlib label logger perf_counter start str"),
            writes=_names("start"),
            binds=_names("label perf_counter timed"),
        ),
        "figures": Helper(
            code='''class $FigureFiles:
    """The figures the notebook's inline backend showed, saved as output_dir/figures/NAME-N.png:
    NAME is the step (or the notebook function) that showed them, N counts per NAME from 1
    over one run(), which calls start()."""

    def __init__(self) -> None:
        self.folder = $os.path.join("outputs", "figures")
        self.numbers: dict[str, int] = {}

    def start(self, output_dir: str) -> None:
        self.folder = $os.path.join(output_dir, "figures")
        self.numbers = {}

    def save(self, name: str, figure: $Any) -> None:
        self.numbers[name] = number = self.numbers.get(name, 0) + 1
        path = $os.path.join(self.folder, f"{name}-{number}.png")
        try:
            $os.makedirs(self.folder, exist_ok=True)
            figure.savefig(path, bbox_inches="tight")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise $PipelineError(f"cannot write figure {$os.path.abspath(path)}: {reason}") from exc

    def shown(self, name: str) -> None:
        """plt.show(), or the end of a cell that drew: each open figure with something drawn
        is saved, then all are closed (as the inline backend shows and closes them)."""
        pyplot = $sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return  # pyplot was never imported: no figure is open
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if figure.axes or figure.lines:
                self.save(name, figure)
        pyplot.close("all")

    def displayed(self, name: str, value: $Any) -> $Any:
        """A cell's last value, returned: saved first when it is a Figure (the notebook
        showed it as an image)."""
        module = $sys.modules.get("matplotlib.figure")
        if module is not None and isinstance(value, module.Figure):
            self.save(name, value)
        return value


$figures = $FigureFiles()
''',
            imports=(_OS, _SYS),
            reads=_names(
                "Any FigureFiles OSError PipelineError dict exc figure int isinstance module name "
                "number os output_dir path pyplot reason self str sys value"
            ),
            writes=_names("figure figures module number path pyplot reason"),
            binds=_names(
                "FigureFiles __init__ displayed exc figure name output_dir save self shown start "
                "value"
            ),
        ),
        "write_asset": Helper(
            code='''def $write_asset(path: str, text: str, append: bool = False) -> None:
    """Write the file a %%writefile cell wrote."""
    try:
        with open(path, "a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise $PipelineError(f"cannot write {$os.path.abspath(path)}: {reason}") from exc
''',
            imports=(_OS,),
            reads=_names(
                "OSError PipelineError append bool exc handle open os path reason str text"
            ),
            writes=_names("handle reason"),
            binds=_names("append exc path text write_asset"),
        ),
        "display": Helper(
            code='''def display(*objects: $Any) -> None:
    """IPython's display(): outside a notebook the objects are logged at DEBUG level."""
    for value in objects:
        $logger.debug("%r", value)
''',
            reads=_names("Any logger objects value"),
            writes=_names("value"),
            binds=_names("display objects"),
        ),
        "undefined_in_notebook": Helper(
            code='''def $undefined_in_notebook(name: str) -> $Any:
    """A name the notebook reads but no earlier cell defines (hidden state): fail clearly."""
    raise $PipelineError(f"the notebook reads {name!r} but no earlier cell defines it")
''',
            reads=_names("Any PipelineError name str"),
            binds=_names("name undefined_in_notebook"),
        ),
        "bound_in_commented_cell": Helper(
            code='''def $bound_in_commented_cell(name: str, cell: int) -> $Any:
    """A name the notebook reads that only a cell kept as a comment may bind: fail clearly."""
    raise $PipelineError(
        f"the notebook reads {name!r}, which only cell {cell} may bind, and that cell is "
        "kept as a comment in pipeline.py (see its TODO)"
    )
''',
            reads=_names("Any PipelineError cell int name str"),
            binds=_names("bound_in_commented_cell cell name"),
        ),
        "UNBOUND": Helper(
            code='''class $Unbound:
    """The value of a name the notebook binds on some paths only, where this run did not
    bind it (run() leaves such names out of its results)."""

    def __repr__(self) -> str:
        return "$UNBOUND"

    def __reduce__(self) -> str:
        return "$UNBOUND"  # pickled by reference: a loaded copy is $UNBOUND itself


$UNBOUND = $Unbound()
''',
            reads=_names("Unbound str"),
            writes=_names("UNBOUND"),
            binds=_names("Unbound __reduce__ __repr__ self"),
        ),
        "bound_results": Helper(
            code='''def $bound_results(results: dict[str, $Any]) -> dict[str, $Any]:
    """run()'s results without the names this run left $UNBOUND."""
    return {name: value for name, value in results.items() if value is not $UNBOUND}
''',
            reads=_names("Any UNBOUND dict name results str value"),
            writes=_names("name value"),
            binds=_names("bound_results results"),
        ),
        "functools": Helper(imports=(ImportPlan("functools", None, "functools"),)),
        "importlib": Helper(imports=(ImportPlan("importlib", None, "importlib"),)),
    }
)
