"""binding.surely_bound and partly_bound: which names a top-level statement binds on every
path that completes, which on some paths only (not only in a loop), by shape of statement."""

from __future__ import annotations

import pytest
from conftest import make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import StatementFacts
from nb2mod.notebook import read_notebook


def statement(code: str) -> StatementFacts:
    (only,) = analyze(read_notebook(make_notebook(code))).cells[0].statements
    return only


@pytest.mark.parametrize(
    ("code", "sure", "partly"),
    [
        # if: every branch binds it (elif chains too); a branch that raises binds vacuously
        ("if c:\n    x = 1\nelse:\n    x = 2", ["x"], []),
        ("if c:\n    x = 1", [], ["x"]),
        ("if c:\n    x = 1\nelif d:\n    x = 2\nelse:\n    x = 3", ["x"], []),
        ("if c:\n    x = 1\nelif d:\n    x = 2", [], ["x"]),
        ("if c:\n    x = 1\nelse:\n    raise ValueError(c)", ["x"], []),
        ("if c:\n    x = 1\n    y = 2\nelse:\n    y = 3", ["y"], ["x"]),
        ("if c:\n    if d:\n        x = 1\n    else:\n        x = 2\nelse:\n    x = 3", ["x"], []),
        # a walrus in a test that always runs; not in a value that may not be computed
        ("if (n := size()) > 3:\n    m = n", ["n"], ["m"]),
        ("while (line := read()):\n    last = line", ["line"], []),
        ("for v in (vs := load()):\n    pass", ["vs"], []),
        ("ok = a and (hit := f())", ["ok"], ["hit"]),
        ("ok = (hit := f()) or a", ["hit", "ok"], []),
        ("y = (w := 1) if c else (w := 2)", ["y"], ["w"]),
        ("ys = [v for u in us if (v := u)]", ["ys"], []),
        # try: the body (with its else) and every handler; finally always runs
        ("try:\n    r = f()\nexcept ValueError:\n    r = None", ["r"], []),
        ("try:\n    r = f()\nexcept ValueError:\n    pass", [], ["r"]),
        ("try:\n    r = f()\nexcept A:\n    r = 1\nexcept B:\n    pass", [], ["r"]),
        ("try:\n    f()\nexcept A:\n    r = 1\nelse:\n    r = 2", ["r"], []),
        ("try:\n    r = f()\nexcept A:\n    raise", ["r"], []),
        ("try:\n    r = f()\nfinally:\n    done = 1", ["r", "done"], []),
        ("try:\n    f()\nexcept A:\n    pass\nelse:\n    s = 1\nfinally:\n    d = 1", ["d"], ["s"]),
        ("try:\n    r = f()\nexcept A as err:\n    r = err", ["r"], []),
        # loops: the target and names bound only in the body are neither sure nor partly
        ("for i in items:\n    total = i", [], []),
        ("for i in items:\n    if i:\n        hit = i\nelse:\n    done = 1", [], ["done"]),
        ("while x > 1:\n    x = x // 2", [], []),
        # with: its targets and body; with suppress(...) may skip the body
        ("with open(p) as fh:\n    text = fh.read()", ["fh", "text"], []),
        ("with suppress(KeyError):\n    v = d['k']", [], ["v"]),
        ("with contextlib.suppress(KeyError) as s:\n    v = d['k']", ["s"], ["v"]),
        # match: cases may not match
        ("match cmd:\n    case 1:\n        out = 1\n    case _:\n        out = 2", [], ["out"]),
        # a name the statement deletes is never sure
        ("if c:\n    x = 1\n    del x\nelse:\n    x = 2", [], ["x"]),
        # a raise inside a function or a loop does not end the statement's block
        ("if c:\n    x = 1\nelse:\n    def f():\n        raise E", [], ["x", "f"]),
    ],
)
def test_surely_and_partly_bound(code: str, sure: list[str], partly: list[str]) -> None:
    facts = statement(code)
    assert list(facts.surely_binds) == sure
    assert list(facts.partly_binds) == partly
