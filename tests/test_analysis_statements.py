"""Per-statement facts (what the converter groups and rewrites) and original-line locations."""

from __future__ import annotations

from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import CellFacts
from nb2mod.analysis.magic_uses import expanded_names, magic_call_names, python_names
from nb2mod.notebook import read_notebook


def cell_facts(*cells: str, index: int = 0) -> CellFacts:
    return analyze(read_notebook(make_notebook(*cells))).cells[index]


def test_statement_kinds_lines_and_names() -> None:
    facts = cell_facts(
        "%matplotlib inline\n"
        "import numpy as np\n"
        "@decorate\n"
        "def f(x):\n"
        "    return x\n"
        "class C:\n"
        "    pass\n"
        "a = f(np.ones(3)); b = a\n"
        "for i in range(3):\n"
        "    a.append(i)\n"
        "print(a)\n"
        "del b\n"
        "a"
    )
    got = [(s.index, s.kind, s.line, s.end_line) for s in facts.statements]
    assert got == [
        (0, "expression", 1, 1),  # the normalised %matplotlib call
        (1, "import", 2, 2),
        (2, "def", 3, 5),
        (3, "class", 6, 7),
        (4, "assign", 8, 8),
        (5, "control", 9, 10),
        (6, "expression", 11, 11),
        (7, "other", 12, 12),
        (8, "expression", 13, 13),
    ]
    assign = facts.statements[4]
    assert (assign.defines, assign.uses) == (("a", "b"), ("f", "np"))
    loop = facts.statements[5]
    assert (loop.defines, loop.uses, loop.mutates) == (("i",), ("a",), ("a",))
    assert facts.statements[6].is_print and not facts.statements[6].display_only
    assert facts.statements[7].deletes == ("b",)
    assert facts.statements[8].display_only
    assert facts.display_only


def test_display_only_needs_a_shown_harmless_expression() -> None:
    assert cell_facts("df.head()").display_only
    assert not cell_facts("df.head();").display_only
    assert not cell_facts("print(df)").display_only
    assert not cell_facts("x = 1").display_only
    facts = cell_facts("def f():\n    pass", "f()", index=1)
    assert facts.display_only  # Jupyter shows the value...
    assert not facts.statements[0].display_only  # ...but the call may do anything


def test_imports_facts_with_aliases_and_lines() -> None:
    facts = cell_facts("import numpy as np, os.path\nfrom . import sibling\nfrom x import *")
    got = [(i.module, i.name, i.bound, i.line, i.level, i.qualified) for i in facts.imports]
    assert got == [
        ("numpy", None, "np", 1, 0, "numpy"),
        ("os", None, "os", 1, 0, "os"),
        ("", "sibling", "sibling", 2, 1, ".sibling"),
        ("x", None, "*", 3, 0, "x"),
    ]
    assert facts.imports[3].star


def test_magic_argument_names() -> None:
    assert magic_call_names(("run_line_magic", "timeit", "-n 10 -r 2 model.fit(X, y)")) == [
        "model",
        "X",
        "y",
    ]
    assert magic_call_names(("system", "echo $name {a + b} $$HOME")) == ["name", "a", "b"]
    assert magic_call_names(("run_cell_magic", "time", "", "z = f(w)\nz")) == ["f", "w"]
    assert magic_call_names(("run_line_magic", "store", "result")) == ["result"]
    assert magic_call_names(("run_line_magic", "matplotlib", "inline")) == []
    assert expanded_names("cp {{literal}} x") == []
    assert python_names("not python at all (") == []
