"""--capture stores what each step's cells printed (``printed.txt``) and the step's
characterization test checks that every line the package logs in place of a print ends one
of those lines, in order: a change that alters only what a step prints fails it."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from conftest import write_notebook
from test_capture import _pytest

from nb2mod.capture_formats import _assert_printed, _printed_key, _printed_lines
from nb2mod.conversion import convert
from nb2mod.settings import Settings

CELLS = (
    ("markdown", "## Data"),
    "xs = [3, 1, 2]",
    ("markdown", "## Report"),
    "import time\n"
    "for x in sorted(xs):\n"
    "    print('square of', x, 'is', x * x)\n"
    "print(f'took {time.perf_counter():.6f} s')\n"
    "print('no newline', end=': ')\n"
    "print('total', sum(xs))",
    ("markdown", "## Total"),
    "total = sum(x * 10 for x in xs)\nprint(total)",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("printed")
    notebook = write_notebook(root / "prints.ipynb", *CELLS)
    convert(str(notebook), Settings(capture=True)).write(root / "out")
    return root / "out"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("total 6   ", "total 6"),
        ("<Model object at 0x7f3a2c1b9d90>", "<Model object at 0x>"),
        ("<function report.<locals>.f at 0x10>", "<function f at 0x>"),
        ("took 0.000123 s", "took # s"),
        ("Wall time: 3.5 s", "Wall time: # s"),
        ("epoch 3: loss 0.25", "epoch 3: loss 0.25"),  # no time word: numbers kept
    ],
)
def test_printed_key(line: str, key: str) -> None:
    assert _printed_key(line) == key


def _logged(*records: tuple[str, str]) -> list[str]:
    """The lines _printed_lines keeps of (function, message) records logged at INFO."""
    handler = _printed_lines("timed")
    for func, message in records:
        record = logging.LogRecord(
            "pkg.pipeline", logging.INFO, "pipeline.py", 1, message, (), None
        )
        record.funcName = func
        handler.handle(record)
    return handler.lines


def test_logged_lines_must_end_printed_lines_in_order() -> None:
    printed = ["Fitting 5 folds", "best 0.91", "x: total 6", "done"]
    ok = _logged(("step", "best 0.91"), ("step", "total 6"), ("timed", "cell 3 took 1.2 s"))
    assert ok == ["best 0.91", "total 6"]
    _assert_printed(ok, printed)
    for wrong in (
        _logged(("step", "best 0.92")),  # another value
        _logged(("step", "total 6"), ("step", "best 0.91")),  # another order
        _logged(("step", "best 0.91\ntotal 7")),  # each line of a record counts
    ):
        with pytest.raises(AssertionError, match="differs from what the notebook printed"):
            _assert_printed(wrong, printed)


def test_a_record_is_kept_as_it_was_logged() -> None:
    """A record's arguments may change after it is logged (an array view the step then
    writes to): the line is the one a console showed at that moment."""
    handler = _printed_lines("timed")
    values = [1, 2]
    record = logging.LogRecord("pkg.pipeline", logging.INFO, "p.py", 1, "%s", (values,), None)
    handler.handle(record)
    values[0] = 9
    assert handler.lines == ["[1, 2]"]


def test_a_step_that_only_prints_is_tested_by_what_it_prints(package: Path) -> None:
    fixture = package / "tests" / "fixtures" / "report" / "printed.txt"
    assert fixture.read_text(encoding="utf-8") == (
        "square of 1 is 1\nsquare of 2 is 4\nsquare of 3 is 9\ntook # s\nno newline: total 6\n"
    )
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    assert "- `report`: `tests/fixtures/report/` (compares what it logs with the lines" in report
    assert "- `total_step`: `tests/fixtures/total_step/` (compares `total`, what it logs" in (
        report
    )
    readme = (package / "tests" / "fixtures" / "README.md").read_text(encoding="utf-8")
    assert "`printed.txt` holds the 5 lines the step printed (cell 4)" in readme
    code, output = _pytest(package)
    assert code == 0, output
    assert "skipped" not in output


@pytest.mark.parametrize(
    ("old", "new"),
    [("x * x", "x * 2"), ("sorted(xs)", "xs"), ('"total %s", sum(xs)', '"total %s", max(xs)')],
)
def test_a_change_to_what_a_step_prints_fails_its_test(
    package: Path, tmp_path: Path, old: str, new: str
) -> None:
    copy = tmp_path / "edited"
    shutil.copytree(package, copy)
    pipeline = copy / "prints" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert old in text, text
    pipeline.write_text(text.replace(old, new), encoding="utf-8")
    code, output = _pytest(copy)
    assert code == 1
    assert "FAILED tests/test_prints.py::test_report_matches_the_notebook_run" in output
    assert "differs from what the notebook printed" in output


JOBLIB_CELLS = (
    ("markdown", "## Where"),
    "import os\n"
    "from joblib import Parallel, delayed\n"
    "print('in this process:', set(Parallel(n_jobs=2)(delayed(os.getpid)() for _ in range(4)))"
    " == {os.getpid()})",
)


def test_the_capture_and_the_step_tests_run_joblib_in_their_own_process(tmp_path: Path) -> None:
    """An estimator nothing seeds draws from the global generator only in-process: the
    capture kernel and the step tests both use joblib's sequential backend."""
    pytest.importorskip("joblib")
    notebook = write_notebook(tmp_path / "where.ipynb", *JOBLIB_CELLS)
    out = tmp_path / "out"
    convert(str(notebook), Settings(capture=True)).write(out)
    printed = out / "tests" / "fixtures" / "where" / "printed.txt"
    assert printed.read_text(encoding="utf-8") == "in this process: True\n"
    code, output = _pytest(out)
    assert code == 0, output
    assert "skipped" not in output, output  # the step test ran, and passed
