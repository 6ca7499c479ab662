"""Every claim CONVERSION.md makes is true of the code nb2mod generated (issue 14): for every
golden case, the report's steps, results, cell map, Config fields, dropped code, TODOs and
seeds are checked against the generated files and the plan."""

from __future__ import annotations

import ast
import re

import pytest
from test_convert_golden import CASE_NAMES, CASES, case_settings

from nb2mod.analysis import analyze
from nb2mod.codegen.seeds_report import _LIBRARIES
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.plan.model import Plan

_ROW = re.compile(r"^\| (.*) \|$")


def _table(report: str, heading: str) -> list[list[str]]:
    """The rows of the first table under ``## heading`` (its header left out)."""
    section = report.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [m.group(1).split(" | ") for line in section.splitlines() if (m := _ROW.match(line))]
    return rows[1:]


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


class _Case:
    def __init__(self, name: str) -> None:
        case = CASES / name
        self.name = name
        self.expected = case / "expected"
        self.report = (self.expected / "CONVERSION.md").read_text(encoding="utf-8")
        self.pipeline = (self.expected / name / "pipeline.py").read_text(encoding="utf-8")
        self.config = (self.expected / name / "config.py").read_text(encoding="utf-8")
        self.tree = ast.parse(self.pipeline)
        settings = case_settings(case)
        notebook = read_notebook(str(case / "input.ipynb"))
        self.plan: Plan = plan_conversion(analyze(notebook), settings)

    def function(self, name: str) -> ast.FunctionDef:
        found = [n for n in self.tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
        assert found, f"{self.name}: pipeline.py has no function {name}"
        return found[-1]

    def run(self) -> ast.FunctionDef:
        return self.function(self.plan.name("run"))

    def step_source(self, cell: int) -> str:
        step = next(s for s in self.plan.steps if cell in s.cells)
        return ast.get_source_segment(self.pipeline, self.function(step.name)) or ""


@pytest.fixture(scope="module", params=CASE_NAMES)
def case(request: pytest.FixtureRequest) -> _Case:
    return _Case(request.param)


def test_the_steps_table_is_each_steps_signature_and_return(case: _Case) -> None:
    for step, _cells, params, returns in _table(case.report, "Steps and dataflow"):
        function = case.function(_codes(step)[0])
        assert [a.arg for a in function.args.args] == _codes(params), step
        returned = [n for n in ast.walk(function) if isinstance(n, ast.Return) and n.value]
        names = []
        if returned:
            value = returned[-1].value
            items = value.elts if isinstance(value, ast.Tuple) else [value]
            names = [n.id for n in items if isinstance(n, ast.Name)]
        assert names == _codes(returns), step


def test_the_results_are_the_keys_run_returns(case: _Case) -> None:
    line = next(
        x for x in case.report.splitlines() if x.startswith(f"`{case.plan.name('run')}()` returns")
    )
    returned = [n for n in ast.walk(case.run()) if isinstance(n, ast.Return)]
    assert isinstance(returned[-1].value, ast.Dict)
    keys = [k.value for k in returned[-1].value.keys if isinstance(k, ast.Constant)]
    assert keys == _codes(line.split("returns:", 1)[1])


def test_each_cell_is_where_the_report_says(case: _Case) -> None:
    lines = case.pipeline.splitlines()
    for cell, owner, line in _table(case.report, "Where each cell went"):
        assert lines[int(line) - 1].strip() == f"# cell {cell}", (cell, line)
        function = case.function(_codes(owner)[0])
        # a definition's provenance comment sits just above it
        assert function.lineno - 1 <= int(line) <= (function.end_lineno or 0)


def test_the_config_table_is_config_py(case: _Case) -> None:
    tree = ast.parse(case.config)
    config = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Config")
    fields = {
        n.target.id: _default(n.value)
        for n in config.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.value
    }
    rows = _table(case.report, "Config") if "| field |" in case.report else []
    assert {_codes(r[0])[0]: _reported(r[1]) for r in rows} == fields
    for name in fields:  # a field the report lists is read somewhere
        assert f".{name}" in case.pipeline or name in ("data_dir", "output_dir"), name


def _default(node: ast.expr) -> object:
    """A field's default; a secret's field reads an environment variable: ("env", NAME)."""
    secret = [
        n.args[0].value
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_secret"
        if n.args and isinstance(n.args[0], ast.Constant)
    ]
    return ("env", secret[0]) if secret else ast.literal_eval(node)


def _reported(cell: str) -> object:
    if cell.startswith("none: the environment variable "):
        return ("env", _codes(cell)[0])
    return ast.literal_eval(_codes(cell.replace("\\|", "|"))[0])


def test_dropped_code_is_not_in_the_pipeline_as_it_was(case: _Case) -> None:
    if "Nothing was dropped." in case.report:
        assert not [d for d in case.plan.dropped]
        return
    for cell, line, _what, why in _table(case.report, "Dropped"):
        source = (
            case.step_source(int(cell))
            if any(int(cell) in s.cells for s in case.plan.steps)
            else ""
        )
        if why == "logged at DEBUG":
            assert f"{case.plan.name('logger')}.debug(" in source, (cell, line)


def test_each_todo_is_on_the_line_it_names(case: _Case) -> None:
    lines = case.pipeline.splitlines()
    for number in re.findall(r"`pipeline.py` line (\d+)", case.report):
        assert "TODO(nb2mod)" in lines[int(number) - 1]


def test_the_seeds_section_is_what_the_code_does(case: _Case) -> None:
    section = case.report.split("## Seeds\n", 1)[1].split("\n## ", 1)[0]
    run = ast.get_source_segment(case.pipeline, case.run()) or ""
    set_seeds = case.plan.name("set_seeds")
    claims_seeding = f"first calls `{set_seeds}(" in section
    assert claims_seeding == (f"    {set_seeds}(" in run)
    if claims_seeding:
        seeder = ast.get_source_segment(case.pipeline, case.function(set_seeds)) or ""
        field = re.search(r"with `\w+\.(\w+)`\.", section)
        assert field is not None and f".{field.group(1)})" in seeder
        sentence = section.split("which seeds ", 1)[1].split(" with `", 1)[0]
        for library, text in _LIBRARIES.items():  # named in the report = seeded in the code
            assert (text in sentence) == (f"    {library}." in seeder), (library, sentence)
    rows = _table(case.report, "Seeds") if "| cell | line | call" in section else []
    for cell, line, call, how in rows:
        step = case.step_source(int(cell)) if "inside" not in how else ""
        if how.startswith("given `"):
            assert _codes(how)[0] in step, (cell, line, call)
        elif "() seeds" in how:  # draws from a global generator set_seeds() seeds
            assert claims_seeding and f"{set_seeds}() seeds" in how, (cell, line, call)
        elif how == "not seeded (--seeds keep)":
            assert not claims_seeding and "seed + " not in step and "=config.seed" not in step
    assert len(rows) == len(case.plan.random_sites)
