"""`nb2mod analyze`: the text tables for people and the JSON schema v1 for programs."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import write_notebook

from nb2mod.cli import cli

CELLS = (
    ("markdown", "# Title\n## Load"),
    "import numpy as np\nimport pandas as pd\nDATA = 'data/in.csv'",
    "df = pd.read_csv(DATA)\ndf.dropna(inplace=True)\nx = np.random.rand(3)",
    "np.random.seed(0)\nprint(df.shape, y)",
)


def test_text_output_has_tables_for_people(tmp_path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", *CELLS)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "sections (2 headings): Title (cell 1), Load (cell 1)" in out
    assert "    cell  defines" in out
    assert "    3     df, x " in out and "file_read, randomness" in out
    assert "    df: cell 3 -> 4" in out
    assert "hidden state: cell 4:2:17 reads y before any earlier cell defines it" in out
    assert "seed: cell 4:1  numpy.random.seed(0)  [numpy]" in out
    assert "random: cell 3:3  numpy.random.rand  [numpy, unseeded]" in out
    assert "data = 'data/in.csv'  (path; cell 2:3; module-level constant assigned to DATA)" in out


def test_json_output_follows_schema_v1(tmp_path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", *CELLS)
    result = CliRunner().invoke(cli, ["analyze", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["errors"] == []
    (notebook,) = data["notebooks"]
    assert set(notebook) >= {
        "path",
        "cells",
        "functions",
        "dataflow",
        "hidden_state",
        "seeds",
        "randomness",
        "config_candidates",
        "diagnostics",
    }
    cell = notebook["cells"][2]
    assert {
        "index",
        "kind",
        "defines",
        "uses",
        "mutates",
        "effects",
        "display_only",
        "magics",
    } <= set(cell)
    assert (cell["index"], cell["defines"], cell["uses"], cell["mutates"]) == (
        3,
        ["df", "x"],
        ["pd", "DATA", "np"],
        [],
    )
    assert cell["effects"][0]["kind"] == "file_read" and cell["effects"][0]["line"] == 1
    assert {"name": "df", "from_cell": 3, "to_cell": 4} in notebook["dataflow"]
    assert notebook["randomness"][0]["seeded"] is False
    assert notebook["seeds"][0] == {
        "cell": 4,
        "line": 1,
        "col": 1,
        "library": "numpy",
        "call": "numpy.random.seed",
        "value": "0",
        "global_state": True,
    }
    assert notebook["config_candidates"][0]["value"] == "data/in.csv"


def test_json_lists_unreadable_notebooks_as_errors(tmp_path) -> None:
    good = write_notebook(tmp_path / "good.ipynb", "x = 1")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("[]")
    result = CliRunner().invoke(cli, ["analyze", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "error: " in result.stderr
    assert [n["path"] for n in data["notebooks"]] == [str(good)]
    assert data["errors"][0]["path"] == str(bad)
