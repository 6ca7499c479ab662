"""NB106 untranslatable-magic: magics such as `%run`, `%cd`, `%store`, `%%bash`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, first_column, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis

# Line magics with no module equivalent. Those conversion handles (matplotlib, load_ext,
# autoreload, config, time, timeit, capture, writefile, pip, conda) are absent on purpose.
UNTRANSLATABLE_LINE_MAGICS = frozenset(
    "run cd pushd popd dhist bookmark store reset reset_selective xdel load loadpy macro "
    "recall rerun alias unalias edit ed".split()
)
# Cell magics whose body is not Python run in the user namespace.
UNTRANSLATABLE_CELL_MAGICS = frozenset(
    "bash sh script system sx perl ruby cmd powershell sql R julia octave cython".split()
)


def check(analysis: Analysis) -> Iterator[Finding]:
    for facts in analysis.cells:
        source = analysis.notebook.cells[facts.cell - 1].source
        for magic in facts.magics:
            shown = _untranslatable(magic.kind, magic.name)
            if shown is not None:
                yield Finding(facts.cell, magic.line, first_column(source, magic.line), shown)


def _untranslatable(kind: str, name: str) -> str | None:
    if kind in ("line_magic", "magic_assign") and name in UNTRANSLATABLE_LINE_MAGICS:
        return f"%{name}"
    if kind == "cell_magic" and name in UNTRANSLATABLE_CELL_MAGICS:
        return f"%%{name}"
    return None


RULE = register(
    Rule(
        code="NB106",
        name="untranslatable-magic",
        message="`{detail}` has no module equivalent: rewrite it as Python (import, "
        "subprocess.run, explicit paths)",
        what="Reports IPython magics that only make sense inside a running kernel, such as "
        "`%run`, `%cd`, `%store`, `%reset` and the cell magics `%%bash`, `%%sh`, `%%script` "
        "and `%%sql`.",
        why="A module has no kernel: these lines cannot be converted automatically and are left "
        "as TODO comments, so the package silently does less than the notebook did.",
        example="%cd data\n%run helpers.ipynb\n\n%%bash\nunzip raw.zip",
        instead="from helpers import clean\nDATA = Path('data')\n"
        "subprocess.run(['unzip', 'raw.zip'], check=True)",
        check=check,
    )
)
