"""Renderers: config.py/config.toml, requirements.txt, the report's cell map, the rewriter."""

from __future__ import annotations

import sys
import types
from importlib import metadata
from pathlib import Path, PurePosixPath

import pytest
from conftest import write_notebook

from nb2mod.codegen.config import render_config, render_toml, toml_value
from nb2mod.codegen.requirements import render_requirements
from nb2mod.conversion import convert
from nb2mod.environment import own_environment
from nb2mod.plan.dependencies import resolve_dependencies
from nb2mod.plan.model import ConfigField, Plan
from nb2mod.plan.planner import third_party


def plan_with_fields() -> Plan:
    fields = (
        ConfigField("rate", "float", 0.5, 2, 1, 8, "0.5", "literal"),
        ConfigField("path", "str", 'data "x".csv', 2, 2, 1, "'x'", "path literal"),
        ConfigField("n", "int", 3, 3, 1, 5, "3", "keyword n"),
        ConfigField("flag", "bool", False, 3, 2, 1, "False", "literal"),
    )
    return Plan(package="demo", notebook="demo.ipynb", steps=(), config_fields=fields)


def load_config_module(plan: Plan) -> types.ModuleType:
    module = types.ModuleType("demo_config")
    sys.modules["demo_config"] = module  # dataclasses look the module up
    exec(compile(render_config(plan).text, "config.py", "exec"), module.__dict__)
    return module


def test_config_defaults_toml_and_overrides(tmp_path: Path) -> None:
    plan = plan_with_fields()
    config = load_config_module(plan)
    defaults = config.Config()
    assert (defaults.rate, defaults.path, defaults.n, defaults.flag) == (
        0.5,
        'data "x".csv',
        3,
        False,
    )
    toml = tmp_path / "config.toml"
    toml.write_text(render_toml(plan), encoding="utf-8")
    assert config.load_config(toml) == defaults  # the shipped file holds the defaults
    changed = config.load_config(toml, {"rate": "2", "flag": "true", "n": 4})
    assert (changed.rate, changed.flag, changed.n) == (2.0, True, 4)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"nope": 1}, "unknown config key 'nope'"), ({"n": "many"}, "'many' is not a int")],
)
def test_config_errors_name_the_key(overrides: dict, message: str) -> None:
    config = load_config_module(plan_with_fields())
    with pytest.raises(config.ConfigError, match=message):
        config.load_config(None, overrides)


def test_toml_values() -> None:
    assert toml_value(True) == "true"
    assert toml_value(1e-05) == "1e-05"
    assert toml_value("a\\b\n") == '"a\\\\b\\n"'


def test_requirements_pin_installed_and_leave_unknown_unpinned() -> None:
    modules = ["os.path", "numpy.linalg", "sklearn", ".local", "demo.config"]
    assert third_party(modules, "demo") == ["numpy", "sklearn"]
    here = own_environment()
    deps = resolve_dependencies(
        ["numpy", "surely_not_installed_pkg"], ["requests==2.0"], here, here
    )
    text = render_requirements(deps)
    assert f"\nnumpy=={metadata.version('numpy')}\n" in text
    assert "surely_not_installed_pkg  # imported as surely_not_installed_pkg; unpinned" in text
    assert "\nrequests==2.0  # pip install in the notebook\n" in text
    assert f"click=={metadata.version('click')}" in text  # the generated CLI needs it


def test_the_report_says_where_each_cell_went_from_the_source_map(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "w.ipynb", "def f(x):\n    return x", "y = f(2)  # cell 9")
    conversion = convert(str(path))
    lines = conversion.files[PurePosixPath("w/pipeline.py")].splitlines()
    table = conversion.report.split("## Where each cell went")[1].split("\n\n")[1]
    rows = [r.split(" | ") for r in table.splitlines()[2:]]
    assert [(r[0].strip("| "), r[1]) for r in rows] == [("1", "`f`"), ("2", "`cell_2`")]
    for row in rows:
        assert lines[int(row[2].strip(" |")) - 1].strip() == f"# cell {row[0].strip('| ')}"


def test_magics_become_module_code(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "m.ipynb",
        "%matplotlib inline\nimport time",
        "def f(n):\n    return n\n%timeit f(3)",
        "%%writefile notes.txt\nhi",
        "%run helper.ipynb\n!ls -l",
    )
    pipeline = convert(str(path)).files[PurePosixPath("m/pipeline.py")]
    assert "matplotlib" not in pipeline
    assert 'with timed("f(3)"):\n        f(3)' in pipeline
    assert 'write_asset("notes.txt", "hi\\n", append=False)' in pipeline
    assert "# TODO(nb2mod): %run helper.ipynb: import the converted module instead" in pipeline
    assert "# get_ipython().system('ls -l')" in pipeline
    assert "get_ipython()." not in pipeline.replace("# get_ipython()", "")


def test_print_with_an_end_other_than_newline_stays_a_print(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "nb.ipynb",
        "for i in range(3):\n    print(i, end=', ')\nprint('done', end='\\n')\nprint('x', flush=True)",
    )
    pipeline = next(t for p, t in convert(str(path)).files.items() if p.name == "pipeline.py")
    assert 'print(i, end=", ")' in pipeline
    assert 'logger.info("done")' in pipeline
    assert 'logger.info("x")' in pipeline


def test_an_import_done_for_its_effect_stays_in_its_step(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "zen.ipynb", ("markdown", "# Zen\n## Read it"), "import this")
    code = convert(str(path)).files[PurePosixPath("zen/pipeline.py")]
    step = code[code.index("def read_it") : code.index("def run")]
    assert 'importlib.import_module("this")' in step  # runs with the step, as in the notebook
    head = code[: code.index("logger = ")]
    assert "import this" not in head  # hoisted, it would print when the package is imported


def test_an_ordinary_unused_import_is_still_dropped(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "plain.ipynb", "import json\nx = 1")
    code = convert(str(path)).files[PurePosixPath("plain/pipeline.py")]
    assert "json" not in code and "importlib" not in code


def test_names_from_one_module_share_one_import_line(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "trig.ipynb",
        "from math import cos, pi\nfrom os import path as p\nfrom math import sin",
        "x = cos(pi) + sin(pi) + len(p.sep)",
    )
    code = convert(str(path)).files[PurePosixPath("trig/pipeline.py")]
    assert "from math import cos, pi, sin\nfrom os import path as p\n" in code
