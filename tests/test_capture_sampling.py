"""--capture on large inputs: a step whose inputs pickle to more than the fixture limit is
tested on the first SAMPLE_ROWS rows of its frames and arrays (its cells run again on them);
one that writes files is not run again and says why; the notebook's run is not disturbed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_notebook

from nb2mod.capture import SAMPLE_ROWS
from nb2mod.conversion import convert
from nb2mod.settings import Settings

pytest.importorskip("pandas")

CELLS = (
    ("markdown", "# Big"),
    ("markdown", "## Make"),
    "import numpy as np\nimport pandas as pd\n"
    "frame = pd.DataFrame({'x': np.arange(100_000, dtype=float), 'y': np.arange(100_000) % 7})\n"
    "scale = 3",
    ("markdown", "## Summary"),
    "def total(values):\n    return float(values.sum())\n\n\n"
    "doubled = frame.assign(x=frame['x'] * scale)\n"
    "counts = doubled['y'].value_counts().sort_index()\n"
    "big = total(doubled['x'])",
    ("markdown", "## Saved"),
    "frame.head().to_csv('head.csv')\nrows = len(frame)",
    ("markdown", "## After"),
    "mean = float(doubled['x'].mean())",
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sampling")
    notebook = write_notebook(root / "big.ipynb", *CELLS)
    conversion = convert(str(notebook), Settings(capture=True))
    conversion.write(root / "out")
    return root / "out"


def test_a_step_with_large_inputs_is_tested_on_their_first_rows(package: Path) -> None:
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    assert "- `summary`: `tests/fixtures/summary/` (compares `doubled`, `counts`, `big`)" in report
    assert (
        f"  - tested on a sample: the first {SAMPLE_ROWS} of the 100000 rows of `frame`" in report
    )
    values = json.loads((package / "tests/fixtures/summary/values.json").read_text())
    assert values["inputs"]["frame"]["shape"] == [SAMPLE_ROWS, 2]
    assert values["outputs"]["doubled"]["shape"] == [SAMPLE_ROWS, 2]
    assert values["outputs"]["big"]["json"] == 3.0 * sum(range(SAMPLE_ROWS))
    readme = (package / "tests/fixtures/README.md").read_text(encoding="utf-8")
    assert f"Tested on a sample (the first {SAMPLE_ROWS} of 100000 rows of `frame`)" in readme


def test_a_step_that_writes_files_is_not_run_again(package: Path) -> None:
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    line = next(line for line in report.splitlines() if line.startswith("- `saved`"))
    assert line == (
        "- `saved`: skipped, its values exceed 1 MB pickled ('frame'), and its cells write "
        "files, use the network, a shell, the environment or a magic, so it is not run again "
        "on a sample"
    )


def test_the_later_steps_see_the_notebook_s_own_values(package: Path) -> None:
    report = (package / "CONVERSION.md").read_text(encoding="utf-8")
    after = report[report.index("- `after`") :].splitlines()[1]  # the full frame, sampled again
    assert (
        after == f"  - tested on a sample: the first {SAMPLE_ROWS} of the 100000 rows of `doubled`"
    )
    values = json.loads((package / "tests/fixtures/after/values.json").read_text())
    assert values["outputs"]["mean"]["json"] == 3.0 * (SAMPLE_ROWS - 1) / 2


def test_the_generated_tests_pass_on_the_sample(package: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "summary"],
        cwd=package / "tests", capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
