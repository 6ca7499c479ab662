"""`nb2mod lint --format sarif`: a SARIF 2.1.0 log valid against the OASIS schema, whose regions
point at the characters of the file that hold each cell location."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, make_notebook

from nb2mod.cli import cli
from nb2mod.diagnostics import Diagnostic
from nb2mod.file_positions import JsonPositions, source_offset
from nb2mod.notebook_json import notebook_layout
from nb2mod.rules import rule_for
from nb2mod.sarif import sarif_log

SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def schema_errors(log: Any) -> list[str]:
    """Every way ``log`` breaks the SARIF 2.1.0 schema (empty: valid)."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(log)]


def test_the_vendored_schema_is_the_oasis_sarif_2_1_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema_errors({"version": "2.1.0"})  # the schema does reject a log without runs


def diagnostic(path: str, cell: int, code: str, line: int = 1, col: int = 1) -> Diagnostic:
    return Diagnostic(path, cell, line, col, code, f"message of {code}")


def test_one_rule_per_code_and_one_result_per_diagnostic(tmp_path: Path) -> None:
    found = [
        diagnostic(str(tmp_path / "b.ipynb"), 2, "NB105"),
        diagnostic(str(tmp_path / "a.ipynb"), 1, "NB101"),
        diagnostic(str(tmp_path / "a.ipynb"), 3, "NB105", 2, 5),
    ]
    log = sarif_log(found, rule_for, {}, tmp_path)
    assert schema_errors(log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["NB101", "NB105"]
    assert rules[1]["name"] == "package-install-in-notebook"
    assert rules[1]["help"]["markdown"].startswith("## NB105 package-install-in-notebook")
    assert rules[1]["shortDescription"]["text"].startswith("Reports `%pip install`")
    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"]) for r in results] == [
        ("NB105", 1),
        ("NB101", 0),
        ("NB105", 1),
    ]
    assert results[2]["message"]["text"] == "cell 3:2:5: message of NB105"
    assert results[2]["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 5}
    artifact = results[2]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "a.ipynb", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert "region" not in results[2]["locations"][0]["physicalLocation"]  # no positions given


def test_paths_outside_the_root_are_absolute_file_uris_and_odd_names_are_quoted(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    found = [
        diagnostic(str(tmp_path / "elsewhere.ipynb"), 1, "NB101"),
        diagnostic(str(root / "my notebooks" / "ü#1.ipynb"), 1, "NB101"),
    ]
    log = sarif_log(found, rule_for, {}, root)
    assert schema_errors(log) == []
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert uris[0] == {"uri": (tmp_path / "elsewhere.ipynb").as_uri()}
    assert uris[1] == {"uri": "my%20notebooks/%C3%BC%231.ipynb", "uriBaseId": "%SRCROOT%"}


def test_notebooks_that_could_not_be_read_are_tool_notifications(tmp_path: Path) -> None:
    log = sarif_log(
        [], rule_for, {}, tmp_path, [(str(tmp_path / "x.ipynb"), "x.ipynb: no such file")]
    )
    assert schema_errors(log) == []
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["message"]["text"] == "x.ipynb: no such file"
    assert log["runs"][0]["results"] == []


# --- regions: the character of the JSON text that holds the cell location -------------------

TRICKY = 'x = "a\\tb"  # \\ and "quotes"\n\tif é:  😀 = 1\nlast = 2'


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("as_list", [True, False])
def test_region_is_where_the_cell_character_is_written(ensure_ascii: bool, as_list: bool) -> None:
    notebook = make_notebook(("markdown", "# Title"), TRICKY)
    if as_list:
        notebook["cells"][1]["source"] = TRICKY.splitlines(keepends=True)
    text = json.dumps(notebook, indent=1, ensure_ascii=ensure_ascii)
    positions = JsonPositions(notebook_layout(text))
    lines = text.splitlines()
    for number, cell_line in enumerate(TRICKY.splitlines(), start=1):
        for col in range(1, len(cell_line) + 1):
            file_line, file_col = positions.position(2, number, col)  # type: ignore[misc]
            rest = json.dumps(cell_line[col - 1 :], ensure_ascii=ensure_ascii)[1:-1]
            assert lines[file_line - 1][file_col - 1 :].startswith(rest), (number, col)


def test_region_of_an_old_v3_notebook_and_of_an_empty_cell() -> None:
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "source": ["Intro"], "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": ["a = 1\n", "b = a"],
                        "outputs": [],
                        "language": "python",
                        "metadata": {},
                    },
                    {
                        "cell_type": "code",
                        "input": [],
                        "outputs": [],
                        "language": "python",
                        "metadata": {},
                    },
                ]
            }
        ],
    }
    text = json.dumps(v3, indent=1)
    positions = JsonPositions(notebook_layout(text))
    line, col = positions.position(2, 2, 5)  # type: ignore[misc]
    assert text.splitlines()[line - 1][col - 1 :] == 'a"'
    line, col = positions.position(3, 1, 1)  # type: ignore[misc]
    assert text.splitlines()[line - 1][col - 1 :].startswith("{")  # the cell itself
    assert positions.position(4, 1, 1) is None


@pytest.mark.parametrize(
    ("line", "col", "offset"),
    [(1, 1, 0), (2, 2, 6), (2, 3, 7), (2, 99, 7), (9, 1, 8), (3, 1, 8)],
)
def test_source_offset_clamps_to_the_line(line: int, col: int, offset: int) -> None:
    assert source_offset("abc\r\nde\nf", line, col) == offset


# --- the command ----------------------------------------------------------------------------


def test_lint_format_sarif_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NB2MOD_CACHE_DIR", str(tmp_path / "cache"))
    notebook = make_notebook(("markdown", "# Setup"), "import os\n%pip install lightgbm")
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    (tmp_path / "bad.ipynb").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--format", "sarif", "nb.ipynb", "bad.ipynb"])
    assert result.exit_code == 2  # one notebook could not be read
    log = json.loads(result.stdout)
    assert schema_errors(log) == []
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "NB105"
    region = found["locations"][0]["physicalLocation"]["region"]
    file_line = (
        (tmp_path / "nb.ipynb").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    )
    assert file_line[region["startColumn"] - 1 :].startswith('%pip install lightgbm"')
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "bad.ipynb" in notes[0]["message"]["text"]
