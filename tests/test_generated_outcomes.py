"""What the generated end-to-end test makes of a run that differs or stops: paths under the
run's copy of the data compared relative to it; skips only for data that is not there (a
network source out of reach, a file the notebook reads that is missing); an expected
failure, strict, where the conversion knows run() stops like the notebook did."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from conftest import make_notebook, write_notebook
from test_generated_tests import run_generated_tests

from nb2mod.conversion import convert


def _package(tmp_path: Path, *cells: str) -> Path:
    notebook = write_notebook(tmp_path / "outcomes.ipynb", *cells)
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    return out


def test_a_path_under_the_data_copy_is_compared_relative_to_it(tmp_path: Path) -> None:
    out = _package(tmp_path, "import os\n\nfolder = os.getcwd()\nprint(folder)")
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0, output
    assert "1 passed" not in output and "skipped" not in output


def test_a_result_that_differs_outside_the_copy_path_still_fails(tmp_path: Path) -> None:
    cell = "import os\n\nrun_name = os.path.basename(os.path.dirname(os.getcwd()))\nprint(run_name)"
    out = _package(tmp_path, cell)
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1, output
    assert "run_name: 'second' != 'first'" in output


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _edit(out: Path, old: str, new: str) -> None:
    pipeline = next(out.glob("*/pipeline.py"))
    text = pipeline.read_text(encoding="utf-8")
    assert old in text, text
    pipeline.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_network_source_out_of_reach_skips_naming_it_and_other_failures_fail(
    tmp_path: Path,
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/words.txt"  # loopback, nothing listens there
    cell = f"import urllib.request\n\nwith urllib.request.urlopen({url!r}) as r:\n    words = r.read().split()"
    out = _package(tmp_path, cell, "count = len(words)\nprint(count)")
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0, output
    assert "the notebook's data comes from the network, not reachable here" in output
    assert f"urllib.request.urlopen({url!r}) in cell 1" in output and "1 skipped" in output
    _edit(out, "urllib.request.urlopen(", 'int("not a number") or urllib.request.urlopen(')
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "ValueError: invalid literal for int()" in output, output


def test_a_connection_error_is_no_skip_where_the_notebook_uses_no_network(
    tmp_path: Path,
) -> None:
    notebook = write_notebook(tmp_path / "n.ipynb", 'raise ConnectionRefusedError("no")')
    conversion = convert(str(notebook))
    tests = next(t for p, t in conversion.files.items() if p.name.startswith("test_"))
    assert "NETWORK = " not in tests and "_run(pipeline" not in tests


WORDS = (
    'import os\n\nwith open(os.path.join("inputs", "words")) as f:\n    words = f.read().split()'
)


def test_a_missing_file_the_notebook_reads_skips_naming_it_and_cell(
    tmp_path: Path, monkeypatch
) -> None:
    out = _package(tmp_path, WORDS, "count = len(words)\nprint(count)")
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0, output
    assert "the notebook's data is not there: 'inputs/words' (read in cell 1) not found" in output
    data = tmp_path / "data"
    (data / "inputs").mkdir(parents=True)
    (data / "inputs" / "words").write_text("a b c", encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_DATA_DIR", str(data))
    code, output = run_generated_tests(out, "-rsx")  # there: copied with the Config inputs, and run
    assert code == 0 and "skipped" not in output and "5 passed" in output, output
    _edit(out, "count = len(words)", 'count = len(open("inputs/other.txt").read())')
    code, output = run_generated_tests(out, "-rsx")  # a file the notebook does not read: a failure
    assert code == 1 and "No such file or directory: 'inputs/other.txt'" in output, output


def test_hidden_state_is_an_expected_failure_that_fails_otherwise(tmp_path: Path) -> None:
    out = _package(tmp_path, "import math\n\nroot = math.sqrt(2)", "total = count + root")
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0, output
    assert "1 xfailed" in output and "cell 2 reads 'count', which no earlier cell defines" in output
    report = (out / "CONVERSION.md").read_text(encoding="utf-8")
    assert "## Where run() stops" in report and "it raises `PipelineError`" in report
    assert "`run()` stops where the notebook does" in (out / "README.md").read_text("utf-8")
    pipeline = next(out.glob("*/pipeline.py"))
    original = pipeline.read_text(encoding="utf-8")
    _edit(out, "root = math.sqrt(2)", "root = math.sqrt(-2)")  # fails before: ValueError
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "ValueError: math domain error" in output, output
    pipeline.write_text(original, encoding="utf-8")
    _edit(out, 'undefined_in_notebook("count")', "1")  # run() gets through: strict xfail fails
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "XPASS(strict)" in output, output


def test_a_saved_error_output_is_an_expected_failure_of_that_exception(tmp_path: Path) -> None:
    raw = make_notebook("import math\n\nvalues = [1.0, 0.0]", "ratio = values[0] / values[1]")
    error = {
        "output_type": "error",
        "ename": "ZeroDivisionError",
        "evalue": "float division by zero",
        "traceback": [],
    }
    raw["cells"][1]["outputs"] = [error]
    notebook = tmp_path / "outcomes.ipynb"
    notebook.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "out"
    convert(str(notebook)).write(out)
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0, output
    assert "1 xfailed" in output and "cell 2 raised ZeroDivisionError when the notebook" in output
    _edit(out, "ratio = values[0] / values[1]", "ratio = values[0] / values[2]")
    code, output = run_generated_tests(out, "-rsx")  # it stops, but not as the notebook did
    assert code == 1 and "IndexError: list index out of range" in output, output


def test_a_mapping_result_is_compared_key_by_key(tmp_path: Path) -> None:
    """numpy's NpzFile (a Mapping of arrays, not a dict) is compared by keys and values: its
    own == compares arrays with ==, which raises. A differing value still fails."""
    cells = (
        "import numpy as np\n\nnp.savez('arrays.npz', a=np.arange(3.0))",
        "arrays = np.load('arrays.npz')",
    )
    out = _package(tmp_path, *cells)
    code, output = run_generated_tests(out, "-rsx")
    assert code == 0 and "skipped" not in output, output
    _edit(out, "a=np.arange(3.0)", "a=np.random.default_rng().random(3)")
    code, output = run_generated_tests(out, "-rsx")
    assert code == 1 and "Not equal to tolerance" in output, output
