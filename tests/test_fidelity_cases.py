"""End to end, per dataflow shape of issue 13: convert, run the package, execute the notebook
and compare (nb2mod.verify does all three): run() leaves what the notebook leaves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePath

from conftest import make_notebook, write_notebook

from nb2mod.conversion import convert
from nb2mod.notebook import read_notebook
from nb2mod.verification.verifier import verify


def verified(folder: Path, *cells: str) -> dict[str, str]:
    """Verify a notebook of ``cells``: the status of each name compared (all must agree)."""
    path = write_notebook(folder / "notebook.ipynb", *cells)
    result = verify(path)
    summary = {v.name: v.status for v in result.verdicts}
    assert result.exit_code == 0, (result.status, result.message, summary)
    return {name: status for name, status in summary.items() if not name.startswith("(")}


def test_names_bound_on_every_path_are_returned(tmp_path: Path) -> None:
    """Issue 13's example: an if/else, a try/except that bind on every path, a loop."""
    compared = verified(
        tmp_path,
        "data = [3, 8, 1, 9]\n"
        "if max(data) > 5:\n"
        '    level = "high"\n'
        "else:\n"
        '    level = "low"\n'
        "try:\n"
        "    ratio = data[0] / data[2]\n"
        "except ZeroDivisionError:\n"
        "    ratio = None\n"
        "while data and data[-1] > 5:\n"
        "    data = data[:-1]\n"
        "remaining = len(data)\n",
    )
    assert compared == {"level": "equal", "ratio": "equal", "remaining": "equal"}


def test_names_bound_on_some_paths_are_returned_when_the_run_binds_them(tmp_path: Path) -> None:
    """A name an if without else, or a try whose handler passes, may leave unbound: run()
    returns it when this run bound it and leaves it out (no error) when it did not, also
    when a later step (here: a later cell) may bind it again."""
    compared = verified(
        tmp_path,
        "values = [4, 1]\n"
        "if values[0] > 3:\n"
        "    big = values[0]\n"
        "if values[1] > 3:\n"
        "    small = values[1]\n"
        "try:\n"
        "    inverse = 1 / (values[1] - 1)\n"
        "except ZeroDivisionError:\n"
        "    pass\n",
        "if values[0] > 10:\n    big = 0\nif values[1] > 10:\n    small = 0\n",
    )
    assert compared == {
        "big": "equal",
        "small": "not compared",  # bound on neither side
        "inverse": "not compared",
        "values": "equal",
    }


def test_conversion_md_says_which_results_a_run_may_leave_out() -> None:
    notebook = read_notebook(make_notebook("n = 2\nif n > 3:\n    big = n\nlevel = n * 2\n"))
    conversion = convert(notebook)
    report = conversion.files[PurePath("CONVERSION.md")]
    assert "`run()` returns: `big`, `level` (`big` only when the run binds it" in report
    pipeline = next(t for p, t in conversion.files.items() if p.name == "pipeline.py")
    assert "big = UNBOUND  # the code below binds it on some paths only" in pipeline
    assert 'return bound_results({"big": big, "level": level})' in pipeline


def test_a_class_kept_in_its_step_reads_earlier_steps_and_a_decorator_stays_callable(
    tmp_path: Path,
) -> None:
    """Issue 13 section 2: ``register`` needs ``registry``, so it stays in its step (lifted
    with a keyword-only parameter, ``@register`` could not pass it); the class it decorates
    stays in its step too and its method reads ``factor`` from an earlier step, which
    becomes a parameter of the step."""
    compared = verified(
        tmp_path,
        ("markdown", "# Load"),
        "registry = {}\nfactor = 3\n\ndef register(cls):\n    registry[cls.__name__] = cls\n"
        "    return cls\n",
        ("markdown", "# Model"),
        "@register\nclass Scaler:\n    def scale(self, x):\n        return x * factor\n\n"
        "scaled = Scaler().scale(2)\nnames = sorted(registry)\n",
        ("markdown", "# Later"),
        "def double(v):\n    return v * 2\n\ntrain = lambda: double(factor)\nlater = train()\n",
    )
    assert compared["scaled"] == compared["names"] == compared["later"] == "equal", compared


def test_output_history_reads_the_value_an_earlier_cell_displayed(tmp_path: Path) -> None:
    """``_``, ``__``, ``_N`` and ``Out[N]`` mean what an earlier cell displayed."""
    compared = verified(
        tmp_path,
        "x = 21\n",
        "x * 2\n",
        "y = _ + 1\n",
        "x + 1\n",
        "z = __ * 2 + _\n",
        "w = Out[2] + _4\n",
    )
    assert {compared[n] for n in ("y", "z", "w")} == {"equal"}, compared


def test_a_name_only_a_commented_cell_binds_fails_naming_that_cell(tmp_path: Path) -> None:
    """Python 2 and %%px cells are kept as comments: a later read of what they bound is a
    placeholder that raises PipelineError naming the cell, with a warning in CONVERSION.md;
    the package's CLI says so on one line (exit 2)."""
    notebook = write_notebook(
        tmp_path / "kept.ipynb",
        "a = 1\n",
        "print 'hello'\nb = a + 1\n",
        "%%px\nc = 3\n",
        "total = a + b + c\n",
    )
    conversion = convert(str(notebook))
    conversion.write(tmp_path / "out")
    report = conversion.files[PurePath("CONVERSION.md")]
    for name, cell in (("b", 2), ("c", 3)):
        assert f"cell 4:1: NB102 '{name}' is read here, but only cell {cell} may bind it" in report
    assert "read before any earlier cell defines it" not in report
    run = subprocess.run(
        [sys.executable, "-m", "kept"], cwd=tmp_path / "out", capture_output=True, text=True
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        "error: the notebook reads 'b', which only cell 2 may bind, and that cell is kept as a "
        "comment in pipeline.py (see its TODO)"
    )


def test_the_unbound_helpers_take_other_names_when_the_notebook_uses_theirs() -> None:
    notebook = read_notebook(
        make_notebook("UNBOUND = 'mine'\nbound_results = 1\nn = 2\nif n > 3:\n    big = n\n")
    )
    pipeline = next(t for p, t in convert(notebook).files.items() if p.name == "pipeline.py")
    assert "PIPELINE_UNBOUND = Unbound()" in pipeline
    assert "big = PIPELINE_UNBOUND  # the code below binds it on some paths only" in pipeline
    assert "return bound_pipeline_results({" in pipeline
    assert checker_names(pipeline) == set()


def checker_names(text: str) -> set[str]:
    """Undefined names pyflakes finds in ``text``."""
    import ast

    from pyflakes import checker, messages

    found = checker.Checker(ast.parse(text)).messages
    return {str(m) for m in found if isinstance(m, messages.UndefinedName)}
