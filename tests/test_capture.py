"""convert --capture: one notebook run stores each step's inputs and outputs as fixtures, and
the generated characterization tests pass as generated and fail when a step changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_notebook
from test_convert_golden import flakes

from nb2mod.cli import cli
from nb2mod.conversion import convert
from nb2mod.errors import NotebookError
from nb2mod.settings import Settings
from nb2mod.verification.extra import VerifyUnavailableError

CELLS = (
    ("markdown", "# Numbers"),
    ("markdown", "## Build"),
    "import numpy as np\n"
    "values = [1, 2, 3, 4]\n"
    "arr = np.array(values) * 2\n"
    "squares = (v * v for v in values)",
    ("markdown", "## Total"),
    "total = sum(v * 2 for v in values)\nvalues.append(total)",
    ("markdown", "## Mean"),
    "mean = total / len(values)",
    ("markdown", "## Blob"),
    'blob = "x" * 2_000_000',
    ("markdown", "## Lazy"),
    "handle = (v for v in values)",
    ("markdown", "## Report"),
    "print(total, mean, arr.sum(), len(blob), next(handle), next(squares))",
)


def _pytest(folder: Path) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", "tests"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package of the notebook above, converted once by the CLI with --capture."""
    root = tmp_path_factory.mktemp("capture")
    notebook = write_notebook(root / "tally.ipynb", *CELLS)
    out = root / "out"
    result = CliRunner().invoke(cli, ["convert", str(notebook), "--out", str(out), "--capture"])
    assert result.exit_code == 0, result.output
    return out


def _fixture(out: Path, step: str) -> dict:
    from nb2mod.capture_formats import _load_fixture

    return _load_fixture(out / "tests" / "fixtures" / step)


def test_fixtures_hold_the_real_inputs_and_outputs(captured: Path) -> None:
    fixtures = captured / "tests" / "fixtures"
    assert sorted(p.relative_to(fixtures).as_posix() for p in fixtures.rglob("*")) == [
        "README.md",
        "build",
        "build/outputs.arr.array.json",
        "build/random.json",
        "build/values.json",
        "mean_step",
        "mean_step/random.json",
        "mean_step/values.json",
        "total_step",
        "total_step/random.json",
        "total_step/values.json",
    ]
    assert json.loads((fixtures / "total_step" / "values.json").read_text())["inputs"] == {
        "values": {"type": "list", "shape": [4], "json": [1, 2, 3, 4]}
    }
    readme = (fixtures / "README.md").read_text(encoding="utf-8")
    assert (
        "| `arr` (output) | `numpy.ndarray` | 4 | after cell 3 | JSON array (dtype, shape, values) "
        "| `outputs.arr.array.json` |" in readme
    )
    assert "| `total` (input) | `int` |  | before cell 7 | JSON, in `values.json` |" in readme
    build = _fixture(captured, "build")
    assert build["inputs"] == {}
    assert build["outputs"]["values"] == [1, 2, 3, 4]
    assert build["outputs"]["arr"].tolist() == [2, 4, 6, 8]
    total = _fixture(captured, "total_step")
    assert total["inputs"] == {"values": [1, 2, 3, 4]}  # before the step appended to it
    assert total["outputs"] == {"total": 20, "values": [1, 2, 3, 4, 20]}
    assert _fixture(captured, "mean_step")["outputs"] == {"mean": 4.0}


def test_skipped_steps_say_why(captured: Path) -> None:
    report = (captured / "CONVERSION.md").read_text(encoding="utf-8")
    tests = (captured / "tests" / "test_tally.py").read_text(encoding="utf-8")
    for step, reason in [
        ("blob_step", "'blob' is too large to store (1.9 MB pickled)"),
        ("lazy", "'handle' cannot be pickled"),
        ("report", "returns nothing to compare"),
    ]:
        line = next(line for line in report.splitlines() if line.startswith(f"- `{step}`"))
        assert "skipped" in line and reason in line
        assert f"def test_{step}_matches_the_notebook_run() -> None:" in tests
    assert tests.count("@pytest.mark.skip(") == tests.count("not captured: ") == 3
    build = report.index("- `build`: `tests/fixtures/build/` (compares `values`, `arr`)")
    assert (
        report[build:]
        .splitlines()[1]
        .startswith("  - `squares` is not compared: it cannot be pickled (TypeError")
    )


def test_generated_code_is_clean_and_its_tests_pass(captured: Path) -> None:
    import black

    for path in [captured / "tests" / "test_tally.py", captured / "tally" / "pipeline.py"]:
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=black.Mode(line_length=100)) == text
        assert flakes(str(path), text) == []
    code, output = _pytest(captured)
    assert code == 0, output
    assert "test_build_matches_the_notebook_run" not in output  # passed, so not listed
    assert "3 skipped" in output


def test_a_second_capture_changes_nothing(captured: Path) -> None:
    again = convert(str(captured.parent / "tally.ipynb"), Settings(capture=True))
    assert again.changes(captured) == {}


def test_a_changed_step_fails_its_characterization_test(captured: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "edited"
    shutil.copytree(captured, copy)
    pipeline = copy / "tally" / "pipeline.py"
    text = pipeline.read_text(encoding="utf-8")
    assert "sum(v * 2 for v in values)" in text
    pipeline.write_text(text.replace("v * 2", "v * 3"), encoding="utf-8")
    code, output = _pytest(copy)
    assert code == 1
    assert "FAILED tests/test_tally.py::test_total_step_matches_the_notebook_run" in output
    assert "1 failed" in output


def test_without_the_verify_extra_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise VerifyUnavailableError("nb2mod verify needs nbclient: pip install 'nb2mod[verify]'")

    monkeypatch.setattr("nb2mod.capture.require_verify_extra", missing)
    notebook = write_notebook(tmp_path / "n.ipynb", "x = 1")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["convert", str(notebook), "--out", str(out), "--capture"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: nb2mod convert --capture needs nbclient: pip install 'nb2mod[verify]'"
    ]
    assert not out.exists()
    with pytest.raises(VerifyUnavailableError, match="--capture"):
        convert(str(notebook), Settings(capture=True))


def test_a_failing_notebook_names_the_cell_and_writes_nothing(tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "bad.ipynb", ("markdown", "## One"), "x = 1", ("markdown", "## Two"), "y = x / 0"
    )
    with pytest.raises(NotebookError) as raised:
        convert(str(notebook), Settings(capture=True))
    assert raised.value.cell == 4
    assert "ZeroDivisionError" in str(raised.value)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["convert", str(notebook), "--out", str(out), "--capture"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cell 4" in lines[0] and "ZeroDivisionError" in lines[0]
    assert not out.exists()
