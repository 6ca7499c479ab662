"""Every lint rule: registry entries, fixtures with hits and misses, and the rule logic itself."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, make_notebook

from nb2mod.analysis import analyze
from nb2mod.analysis.facts import (
    Analysis,
    CellFacts,
    ConfigCandidate,
    Effect,
    FunctionFacts,
    HiddenState,
    ImportFact,
    RandomUse,
    StatementFacts,
    Unsure,
)
from nb2mod.analysis.secret_shapes import looks_secret, secret_kind
from nb2mod.cli import cli
from nb2mod.linter import lint_analysis
from nb2mod.notebook import read_notebook
from nb2mod.rules import all_rules, rule_for, rules_markdown
from nb2mod.rules.nb103_unseeded_randomness import passes_generator
from nb2mod.rules.nb104_hard_coded_absolute_path import path_kind

# --- fixtures: tests/data/lint/NBxxx.py, described in tests/data/lint/README.md ----------

FIXTURES = ROOT / "tests" / "data" / "lint"
_HEADER = re.compile(r"^# %%(?P<options>.*)$", re.M)


def fixture_path(code: str) -> Path:
    return FIXTURES / f"{code}.py"


def notebook_from_fixture(text: str) -> dict[str, Any]:
    """A notebook dict: one cell per ``# %%`` block, options applied, ``# HIT`` kept."""
    parts = _HEADER.split(text)
    headers, bodies = parts[1::2], parts[2::2]
    cells = [(_kind(h), body.strip("\n")) for h, body in zip(headers, bodies, strict=True)]
    notebook = make_notebook(*cells)
    for raw, header in zip(notebook["cells"], headers, strict=True):
        _apply_options(raw, header)
    return notebook


def expected_hits(text: str) -> set[tuple[int, int]]:
    """(cell, line) of every line that ends with ``# HIT``."""
    parts = _HEADER.split(text)
    hits = set()
    for cell, body in enumerate(parts[2::2], start=1):
        for line, source in enumerate(body.strip("\n").splitlines(), start=1):
            if source.rstrip().endswith("# HIT"):
                hits.add((cell, line))
    return hits


def _kind(header: str) -> str:
    match = re.search(r"\[(markdown|raw)\]", header)
    return match.group(1) if match else "code"


def _apply_options(raw: dict[str, Any], header: str) -> None:
    for key, value in re.findall(r"(\w+)=(\w+)", header):
        if key == "count":
            raw["execution_count"] = None if value == "none" else int(value)
        elif key == "error":
            raw["outputs"] = [
                {"output_type": "error", "ename": value, "evalue": "", "traceback": []}
            ]


CODES = ["NB001", *(f"NB1{n:02d}" for n in range(1, 15))]
# NB114 needs the notebook's depth in its repository: its fixture sits one folder down
FIXTURE_DEPTH = {"NB114": 1}

# The fact each fact-based rule reads; its fixture is skipped while the analyzer (issue 3)
# does not yet produce that fact for the fixture notebook.
FACT_OF: dict[str, Callable[[Analysis], Any]] = {
    "NB101": lambda a: a.functions,
    "NB102": lambda a: a.hidden_state,
    "NB103": lambda a: a.randomness,
    "NB104": lambda a: [e for c in a.cells for e in c.effects if e.path],
    "NB107": lambda a: [f for f in a.functions if f.reads_globals],
    "NB109": lambda a: [e for c in a.cells for e in c.effects],
}


def test_registry_holds_exactly_the_designed_rules() -> None:
    assert [r.code for r in all_rules()] == CODES


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented_in_four_parts(code: str) -> None:
    rule = rule_for(code)
    assert rule is not None
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
    assert "{detail}" in rule.message and "\n" not in rule.message
    assert all(part.strip() for part in (rule.what, rule.why, rule.example, rule.instead))
    doc = rule.doc()
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert f"### {heading}" in doc


@pytest.mark.parametrize("code", CODES)
def test_fixture_has_hits_and_misses(code: str) -> None:
    text = fixture_path(code).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("# %%")]
    hits = expected_hits(text)
    assert hits, f"{code} fixture marks no line with # HIT"
    assert len(lines) > len(hits), f"{code} fixture has no line that must stay silent"


@pytest.mark.parametrize("code", CODES)
def test_rule_reports_exactly_the_marked_lines(code: str) -> None:
    text = fixture_path(code).read_text(encoding="utf-8")
    notebook = read_notebook(notebook_from_fixture(text), path=f"{code}.ipynb")
    analysis = analyze(replace(notebook, project_depth=FIXTURE_DEPTH.get(code)))
    fact = FACT_OF.get(code)
    if fact is not None and not fact(analysis):
        pytest.skip(f"the analyzer does not yet give the facts {code} reads (issue 3)")
    rule = rule_for(code)
    assert rule is not None
    found = lint_analysis(analysis, [rule])
    assert {(d.cell, d.line) for d in found} == expected_hits(text)
    assert all(d.code == code and d.path == f"{code}.ipynb" for d in found)


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    path = ROOT / "docs" / "rules.md"
    if os.environ.get("NB2MOD_UPDATE_DOCS"):
        path.write_text(rules_markdown(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == rules_markdown(), "run with NB2MOD_UPDATE_DOCS=1"


# --- rule logic on hand-written facts (independent of the analyzer) -------------------------


def facts_for(*cells: str, **facts: Any) -> Analysis:
    notebook = read_notebook(make_notebook(*cells), path="nb.ipynb")
    cell_facts = facts.pop("cells", None) or tuple(
        CellFacts(cell=c.index, parsed=True) for c in notebook.code_cells
    )
    return Analysis(notebook=notebook, parsed=(), cells=cell_facts, **facts)


def run(code: str, analysis: Analysis) -> list[tuple[int, int, int, str]]:
    rule = rule_for(code)
    assert rule is not None
    return [(d.cell, d.line, d.col, d.message) for d in lint_analysis(analysis, [rule])]


def test_nb101_names_each_function_and_class() -> None:
    functions = (
        FunctionFacts("clean", "function", 1, 2),
        FunctionFacts("Model", "class", 2, 1),
    )
    found = run(
        "NB101",
        facts_for("x = 1\ndef clean(df):\n    pass", "class Model: pass", functions=functions),
    )
    assert [(c, line) for c, line, _, _ in found] == [(1, 2), (2, 1)]
    assert "function 'clean' is defined in a notebook cell" in found[0][3]
    assert "class 'Model'" in found[1][3]


def test_nb102_hidden_names_and_one_execution_order_finding() -> None:
    hidden = (
        HiddenState("total", 1, 1, 7, defined_later_in=2),
        HiddenState("ghost", 2, 1, 1),
        HiddenState("display", 2, 1, 1),
        HiddenState("_i3", 2, 1, 1),
    )
    analysis = facts_for("print(total)", "ghost", hidden_state=hidden, execution_out_of_order=2)
    found = run("NB102", analysis)
    assert len(found) == 3
    assert "name 'total' (cell 2 defines it later)" in found[0][3]
    assert found[1][:2] == found[2][:2] == (2, 1)
    messages = " ".join(message for *_, message in found[1:])
    assert "name 'ghost' (no cell defines it)" in messages
    assert "execution counts are out of order from this cell on" in messages


def test_nb102_is_silent_about_undefined_names_when_the_analysis_is_unsure() -> None:
    hidden = (HiddenState("ghost", 1, 1, 1), HiddenState("total", 1, 2, 1, defined_later_in=2))
    unsure = (Unsure(1, 1, 1, "star import from pylab"),)
    analysis = facts_for("ghost\ntotal", "total = 1", hidden_state=hidden, unsure=unsure)
    assert [line for _, line, _, _ in run("NB102", analysis)] == [2]


def test_nb103_reports_only_unseeded_uses_per_library() -> None:
    uses = (
        RandomUse(1, 1, 5, "random", "random.random", seeded=False),
        RandomUse(1, 2, 5, "numpy", "numpy.random.rand", seeded=True),
    )
    found = run("NB103", facts_for("x = random.random()\ny = np.random.rand()", randomness=uses))
    assert [(c, line, col) for c, line, col, _ in found] == [(1, 1, 5)]
    assert "`random.random` (random); call random.seed(…) before the first draw" in found[0][3]


def test_nb104_reads_path_candidates_and_effect_paths_once() -> None:
    effect = Effect("file_read", 1, 1, 6, "pandas.read_csv", path="/data/x.csv")
    same = ConfigCandidate("x_csv", "/data/x.csv", "path", 1, 1, 6, "path literal")
    home = ConfigCandidate("out", "~/out", "path", 1, 2, 7, "path literal")
    relative = ConfigCandidate("rel", "data/x.csv", "path", 1, 3, 7, "path literal")
    bare = ConfigCandidate("root", "/data", "path", 1, 4, 7, "path literal")
    cells = (CellFacts(cell=1, parsed=True, effects=(effect,)),)
    candidates = (same, home, relative, bare)
    analysis = facts_for("a", cells=cells, config_candidates=candidates)
    found = run("NB104", analysis)
    assert [(line, col) for _, line, col, _ in found] == [(1, 6), (2, 7)]
    assert found[0][3].startswith("absolute path literal")
    assert found[1][3].startswith("user-home path literal")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("/home/ana/x.csv", "absolute"),
        ("/kaggle/input/train.csv", "absolute"),
        ("C:\\Users\\ana\\x.csv", "absolute"),
        ("D:/data", "absolute"),
        ("\\\\server\\share\\x", "absolute"),
        ("~/data.csv", "user-home"),
        ("~ana/data.csv", "user-home"),
        ("data/x.csv", None),
        ("./x.csv", None),
        ("https://example.com/a/b.csv", None),
        ("//cdn.example.com/x.js", None),
        ("/dev/null", None),
        ("/gpu:0", None),
        ("/job:localhost/replica:0/task:0/device:CPU:0", None),
        ("/", None),
    ],
)
def test_path_kind(text: str, kind: str | None) -> None:
    assert path_kind(text) == kind


def test_nb107_reports_mutable_globals_not_constants_imports_or_functions() -> None:
    imports = (ImportFact("pandas", None, "pd", 1, 1),)
    statements = (
        StatementFacts(0, "assign", 3, 3, defines=("n_top",)),
        StatementFacts(1, "assign", 4, 4, defines=("labels",)),
        StatementFacts(2, "assign", 5, 5, defines=("counter",)),
        StatementFacts(3, "other", 6, 7, defines=("counter",), uses=("counter",)),
        StatementFacts(4, "assign", 8, 8, defines=("cache",)),
        StatementFacts(5, "assign", 9, 9, defines=("df",), uses=("pd",)),
        StatementFacts(6, "assign", 10, 10, defines=("model",), uses=("Model",)),
    )
    cells = (
        CellFacts(
            cell=1,
            parsed=True,
            defines=("pd", "THRESHOLD", "n_top", "df", "helper", "model", "labels", "counter")
            + ("cache",),
            imports=imports,
            statements=statements,
            mutates=("cache",),
        ),
    )
    candidates = (
        ConfigCandidate("n_top", 3, "int", 1, 3, 9, "literal", variable="n_top"),
        ConfigCandidate("labels", ["a"], "list", 1, 4, 10, "literal", variable="labels"),
        ConfigCandidate("counter", 0, "int", 1, 5, 11, "literal", variable="counter"),
    )
    reads = ("df", "pd", "THRESHOLD", "n_top", "helper", "len", "model", "undefined_name", "labels")
    reads += ("counter", "cache")
    functions = (
        FunctionFacts("score", "function", 2, 1, reads_globals=reads),
        FunctionFacts("helper", "function", 2, 4, reads_globals=("pd", "THRESHOLD")),
        FunctionFacts("Thing", "class", 2, 6, reads_globals=("df",)),
    )
    analysis = facts_for("x = 1", "def score(): pass", cells=cells, functions=functions)
    analysis = Analysis(
        notebook=analysis.notebook,
        parsed=(),
        cells=cells,
        functions=functions,
        config_candidates=candidates,
    )
    found = run("NB107", analysis)
    assert len(found) == 1
    names = "'df', 'model', 'labels', 'counter' and 1 more"  # the fifth: 'cache', mutated
    assert f"function 'score' reads notebook globals {names}:" in found[0][3]


def test_nb109_ignores_effects_that_only_read_the_environment() -> None:
    effects = (
        Effect("sys_path", 1, 1, 1, "sys.path.append"),
        Effect("environment", 1, 2, 1, "os.getenv"),
        Effect("environment", 1, 3, 1, "os.chdir"),
        Effect("file_read", 1, 4, 1, "open"),
    )
    cells = (CellFacts(cell=1, parsed=True, effects=effects),)
    found = run("NB109", facts_for("a\nb\nc\nd", cells=cells))
    assert [line for _, line, _, _ in found] == [1, 3]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("password", "password"),
        ("db_password", "password"),
        ("dbPassword", "password"),
        ("API_KEY", "key"),
        ("apiKey", "key"),
        ("client_secret", "key"),
        ("access_token", "token"),
        ("token", "token"),
        ("tokens", None),
        ("tokenizer", None),
        ("token_pattern", None),
        ("secret_file", None),
        ("password_length", None),
        ("passenger", None),
        ("keyword", None),
    ],
)
def test_secret_kind(name: str, kind: str | None) -> None:
    assert secret_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("api_key", "f3b1c0d2e4a5968778695a4b3c2d1e0f", True),
        ("password", "hunter22", True),
        ("token", "9f8e7d6c5b4a39281706f5e4", True),
        ("token", "hello-world", False),
        ("password", "<password>", False),
        ("password", "your_password", False),
        ("api_key", "YOUR_API_KEY", False),
        ("api_key", "SERVICE_API_KEY", False),
        ("password", "pw", False),
        ("secret", "secrets.json", False),
        ("api_key", "https://example.com/key", False),
        ("password", "********", False),
        ("password", "two words", False),
    ],
)
def test_looks_secret(name: str, value: str, secret: bool) -> None:
    assert looks_secret(name, value) is secret


def test_nb108_never_prints_the_secret() -> None:
    text = fixture_path("NB108").read_text(encoding="utf-8")
    analysis = analyze(read_notebook(notebook_from_fixture(text), path="s.ipynb"))
    messages = " ".join(d.message for d in lint_analysis(analysis, [rule_for("NB108")]))  # type: ignore[list-item]
    assert messages
    for secret in ("f3b1c0d2e4a5", "hunter22", "s3cr3t", "abc123def", "AKIA2OG", "ghp_0123"):
        assert secret not in messages


def test_nb102_words_a_name_read_before_its_own_cell_defines_it() -> None:
    hidden = (HiddenState("model", 1, 2, 5, defined_later_in=1),)
    found = run("NB102", facts_for("if cuda:\n    model = model.cuda()", hidden_state=hidden))
    assert "name 'model' (this cell defines it only after reading it)" in found[0][3]


def test_nb109_words_assignments_as_written() -> None:
    effects = (
        Effect("environment", 1, 1, 1, "os.environ", detail="assignment"),
        Effect("sys_path", 1, 2, 1, "sys.path", detail="assignment"),
    )
    cells = (CellFacts(cell=1, parsed=True, effects=effects),)
    found = run("NB109", facts_for("a\nb", cells=cells))
    assert found[0][3].startswith("`os.environ[...] =` changes the process environment")
    assert found[1][3].startswith("`sys.path =` changes")


@pytest.mark.parametrize(
    ("source", "passes"),
    [
        ("w = torch.randn((3, 3), generator=g)", True),
        ("w = torch.randn(\n    (3, 3),\n    generator=g,\n)", True),
        ("w = torch.randn((3, 3))", False),
        ("w = torch.randn((3, 3)); f(generator=g)", False),
        ("w = torch.randn", False),
    ],
)
def test_nb103_a_seeded_generator_argument_counts_as_a_seed(source: str, passes: bool) -> None:
    assert passes_generator(source, 1, 5) is passes


def test_nb103_names_the_fix_for_each_kind_of_draw() -> None:
    uses = (
        RandomUse(1, 1, 5, "sklearn", "sklearn.model_selection.train_test_split", False),
        RandomUse(1, 2, 5, "numpy", "numpy.random.default_rng", False, seed_argument="0"),
        RandomUse(1, 3, 5, "numpy", "numpy.random.rand", False),
    )
    code = "a = train_test_split(x)\nrng = np.random.default_rng()\nb = np.random.rand()"
    messages = [m for *_, m in run("NB103", facts_for(code, randomness=uses))]
    assert "pass random_state=… (or call np.random.seed(…) before the first draw)" in messages[0]
    assert "pass it a seed: np.random.default_rng(…)" in messages[1]
    assert "call np.random.seed(…) before the first draw" in messages[2]
    shown = CliRunner().invoke(cli, ["rules", "NB103"]).output
    assert "random_state=42" in shown and "before the first draw" in shown
