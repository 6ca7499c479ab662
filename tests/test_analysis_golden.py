"""Golden analyses: each tests/data/analysis/<case>/input.ipynb has its expected JSON facts.

A missing expected.json is written (review it in ``git diff``); set NB2MOD_UPDATE_GOLDEN=1 to
rewrite them all after an intended change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT

from nb2mod.analysis import analyze
from nb2mod.analysis.serialize import analysis_to_json
from nb2mod.notebook import read_notebook

CASES = ROOT / "tests" / "data" / "analysis"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "input.ipynb").is_file())


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden_analysis(case: Path) -> None:
    notebook = read_notebook(case / "input.ipynb", path="input.ipynb")
    actual = json.dumps(analysis_to_json(analyze(notebook)), indent=1, sort_keys=True) + "\n"
    expected_file = case / "expected.json"
    if os.environ.get("NB2MOD_UPDATE_GOLDEN") or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")
    again = json.dumps(analysis_to_json(analyze(notebook)), indent=1, sort_keys=True) + "\n"
    assert again == actual  # deterministic
