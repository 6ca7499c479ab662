"""Build notebooks from the percent-format lint fixtures in tests/data/lint/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import ROOT, make_notebook

FIXTURES = ROOT / "tests" / "data" / "lint"
_HEADER = re.compile(r"^# %%(?P<options>.*)$", re.M)


def fixture_path(code: str) -> Path:
    return FIXTURES / f"{code}.py"


def notebook_from_fixture(text: str) -> dict[str, Any]:
    """A notebook dict: one cell per ``# %%`` block, options applied, ``# HIT`` kept."""
    parts = _HEADER.split(text)
    headers, bodies = parts[1::2], parts[2::2]
    cells = [(_kind(h), body.strip("\n")) for h, body in zip(headers, bodies, strict=True)]
    notebook = make_notebook(*cells)
    for raw, header in zip(notebook["cells"], headers, strict=True):
        _apply_options(raw, header)
    return notebook


def expected_hits(text: str) -> set[tuple[int, int]]:
    """(cell, line) of every line that ends with ``# HIT``."""
    parts = _HEADER.split(text)
    hits = set()
    for cell, body in enumerate(parts[2::2], start=1):
        for line, source in enumerate(body.strip("\n").splitlines(), start=1):
            if source.rstrip().endswith("# HIT"):
                hits.add((cell, line))
    return hits


def _kind(header: str) -> str:
    match = re.search(r"\[(markdown|raw)\]", header)
    return match.group(1) if match else "code"


def _apply_options(raw: dict[str, Any], header: str) -> None:
    for key, value in re.findall(r"(\w+)=(\w+)", header):
        if key == "count":
            raw["execution_count"] = None if value == "none" else int(value)
        elif key == "error":
            raw["outputs"] = [
                {"output_type": "error", "ename": value, "evalue": "", "traceback": []}
            ]
