"""Star imports made explicit in notebook order: plan decisions, the export probe, the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_notebook, write_notebook

from nb2mod.analysis import analyze
from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.plan import plan_conversion
from nb2mod.star_exports import star_exports

MATH = frozenset({"sqrt", "pow", "pi", "cos"})
NUMPY = frozenset({"sum", "cos", "pi", "array"})


def plan_of(*cells: str, exports: dict[str, frozenset[str]] | None = None):  # type: ignore[no-untyped-def]
    notebook = read_notebook(make_notebook(*cells), path="demo.ipynb")
    return plan_conversion(analyze(notebook), None, exports)


def pipeline_of(conversion) -> str:  # type: ignore[no-untyped-def]
    return conversion.files[next(p for p in conversion.files if p.name == "pipeline.py")]


def statements(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.statement() for i in plan.imports]


def test_names_a_star_import_supplies_become_explicit_imports() -> None:
    plan = plan_of("from math import *", "root = sqrt(16) + pi", exports={"math": MATH})
    assert statements(plan) == ["from math import pi", "from math import sqrt"]
    assert plan.renames == ()
    (note,) = [d for d in plan.dropped if d.what == "from math import *"]
    assert note.why == "made explicit: from math import pi, from math import sqrt"
    assert not any("star import" in w.message for w in plan.warnings)


def test_a_name_with_two_meanings_is_read_qualified_after_the_star_import() -> None:
    plan = plan_of(
        "import numpy as np\ntotal = sum(range(5), -1)",
        "from numpy import *",
        "later = sum(range(5), -1)",
        exports={"numpy": NUMPY},
    )
    assert statements(plan) == ["import numpy as np"]
    assert plan.renames == ((3, "sum", "np.sum"),)  # cells count from 1


def test_without_an_alias_the_module_itself_is_imported() -> None:
    plan = plan_of(
        "a = pow(2, 3, 5)", "from math import *", "b = pow(2.0, 3)", exports={"math": MATH}
    )
    assert statements(plan) == ["import math"]
    assert plan.renames == ((3, "pow", "math.pow"),)


def test_the_same_object_by_two_routes_is_not_a_conflict() -> None:
    plan = plan_of(
        "from math import cos\na = cos(0)", "from math import *\nb = cos(1)", exports={"math": MATH}
    )
    assert statements(plan) == ["from math import cos"]
    assert plan.renames == ()


def test_a_name_rebound_by_the_notebook_after_the_star_is_the_notebook_s() -> None:
    plan = plan_of("from math import *", "pi = 3", "c = pi * 2", exports={"math": MATH})
    assert statements(plan) == []  # nothing the star import supplies is read


def test_an_unknown_module_keeps_its_star_import_with_a_warning() -> None:
    plan = plan_of("from nowhere_module import *", "x = thing()", exports={})
    assert statements(plan) == ["from nowhere_module import *"]
    assert any("'from nowhere_module import *' kept" in w.message for w in plan.warnings)


def test_a_cell_reading_only_the_star_meaning_after_its_own_star_import_is_renamed() -> None:
    plan = plan_of(
        "a = pow(2, 3, 5)", "from math import *\nb = pow(2.0, 3)", exports={"math": MATH}
    )
    assert plan.renames == ((2, "pow", "math.pow"),)


def test_one_cell_reading_a_name_with_both_meanings_keeps_the_star_import() -> None:
    plan = plan_of("a = pow(2, 3, 5)\nfrom math import *\nb = pow(2.0, 3)", exports={"math": MATH})
    assert statements(plan) == ["from math import *"]
    assert plan.renames == ()
    assert any("'from math import *' kept" in w.message for w in plan.warnings)


def test_the_probe_reads_all_or_public_names_and_skips_what_cannot_be_imported() -> None:
    found = star_exports(["math", "json", "no_such_module_here"])
    assert "sqrt" in found["math"] and "pow" in found["math"]
    assert found["json"] == frozenset(
        {"dump", "dumps", "load", "loads"} | {"JSONDecoder"} | {"JSONDecodeError", "JSONEncoder"}
    )
    assert "no_such_module_here" not in found


def test_the_probe_never_imports_a_module_beside_the_notebook(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "local_helpers.py").write_text("raise SystemExit('imported!')\nname = 1\n")
    monkeypatch.chdir(tmp_path)
    assert star_exports(["local_helpers"]) == {}


def test_the_package_computes_what_the_notebook_computed(tmp_path: Path) -> None:
    cells = (
        "a = pow(2, 3, 5)",
        "from math import *",
        "b = pow(2.0, 3)\nroot = sqrt(16)",
        "print(a, b, root)",
    )
    notebook_path = write_notebook(tmp_path / "stars.ipynb", *cells)
    conversion = convert(str(notebook_path))
    code = pipeline_of(conversion)
    assert "import *" not in code
    assert "math.pow(2.0, 3)" in code and "from math import sqrt" in code
    conversion.write(tmp_path / "out")
    script = "from stars.pipeline import run; import logging; logging.basicConfig(level=20)\nrun()"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=True,
    )
    assert "3 8.0 4.0" in done.stderr  # the builtin pow(2, 3, 5) and math's pow(2.0, 3)


def test_only_reads_are_qualified_not_attributes_keywords_or_targets(tmp_path: Path) -> None:
    cells = (
        "a = pow(2, 3, 5)",
        "from math import *",
        "import types\nobj = types.SimpleNamespace(pow=a)\nb = (pow(2.0, 3), obj.pow, dict(pow=a))",
    )
    notebook_path = write_notebook(tmp_path / "reads.ipynb", *cells)
    conversion = convert(str(notebook_path))
    code = pipeline_of(conversion)
    assert "SimpleNamespace(pow=a)" in code
    assert "b = (math.pow(2.0, 3), obj.pow, dict(pow=a))" in code


def test_a_module_name_the_notebook_binds_itself_is_not_used_to_qualify() -> None:
    plan = plan_of(
        "a = pow(2, 3, 5)\nmath = 'not the module'",
        "from math import *",
        "b = pow(2.0, 3)",
        exports={"math": MATH},
    )
    assert statements(plan) == ["from math import *"]  # kept, with a warning
    assert plan.renames == ()


def test_pylab_becomes_explicit_imports() -> None:
    plan = plan_of(
        "%pylab inline",
        "x = linspace(0, 1, 5)\ny = sin(x) + np.cos(x)\nplt.plot(x, y)",
        exports={"pylab": frozenset({"linspace", "sin", "cos", "plot"})},
    )
    assert statements(plan) == [
        "import numpy as np",
        "import matplotlib.pyplot as plt",
        "from pylab import linspace",
        "from pylab import sin",
    ]
    assert not any("pylab" in w.message for w in plan.warnings)


def test_a_pylab_notebook_converts_to_a_package_that_runs(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    cells = ("%pylab inline", "x = linspace(0, 1, 5)\ntotal = float(sum(sin(x) + np.cos(x)))")
    notebook_path = write_notebook(tmp_path / "old_style.ipynb", *cells)
    conversion = convert(str(notebook_path))
    conversion.write(tmp_path / "out")
    script = "from old_style.pipeline import run\nprint(round(run()['total'], 6))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path / "out", capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6.368425"
