"""End to end, per dataflow shape of issue 13: convert, run the package, execute the notebook
and compare (nb2mod.verify does all three): run() leaves what the notebook leaves."""

from __future__ import annotations

from pathlib import Path

from conftest import write_notebook

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
