"""Run status, exit codes and rendering of verification results (pure)."""

from __future__ import annotations

import json

import pytest

from nb2mod.verification.outcome import Verdict, Verification, run_status
from nb2mod.verification.render import render_json, render_text, summary

EQUAL = Verdict("a", "equal")
DIFFERENT = Verdict("b", "different", "b: 1 != 2")
RANDOM = Verdict("c", "not deterministic", "unseeded numpy.random.rand (cell 2, line 1)")
SKIPPED = Verdict("d", "not compared", "a figure (Figure): plots are not compared")
MISSING = Verdict("e", "missing", "not in the dict run() returns")


@pytest.mark.parametrize(
    ("verdicts", "status"),
    [
        ((EQUAL, RANDOM, SKIPPED), "equal"),
        ((EQUAL, DIFFERENT), "different"),
        ((EQUAL, MISSING), "different"),
        ((RANDOM, SKIPPED), "nothing compared"),
    ],
)
def test_run_status(verdicts: tuple[Verdict, ...], status: str) -> None:
    assert run_status(verdicts) == status


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("equal", 0),
        ("nothing compared", 0),
        ("different", 1),
        ("package fails", 1),
        ("conversion fails", 1),
        ("notebook fails", 2),
        ("error", 2),
    ],
)
def test_exit_codes(status: str, code: int) -> None:
    assert Verification("n.ipynb", status).exit_code == code  # type: ignore[arg-type]


def test_text_table() -> None:
    result = Verification(
        "n.ipynb",
        "different",
        verdicts=(EQUAL, DIFFERENT, Verdict("model", "equal", origin="step")),
        package="n",
    )
    assert render_text(result).splitlines() == [
        "n.ipynb: different (package n): 3 comparisons: 2 equal, 1 different",
        "  a             equal",
        "  b             different  b: 1 != 2",
        "  model (step)  equal",
    ]


def test_failures_are_one_header_line() -> None:
    failed = Verification("n.ipynb", "package fails", message="KeyError: 'x'", step="load")
    assert render_text(failed) == "n.ipynb: package fails in step load: KeyError: 'x'"
    notebook = Verification("m.ipynb", "notebook fails", message="the notebook fails", cell=3)
    assert render_text(notebook) == "m.ipynb: notebook fails: the notebook fails"
    assert summary([failed, notebook]) == "2 notebooks verified: 1 notebook fails, 1 package fails"


def test_json_holds_every_field() -> None:
    result = Verification("n.ipynb", "equal", verdicts=(EQUAL,), package="n")
    payload = json.loads(render_json([result]))
    assert payload["version"] == 1 and payload["summary"] == {"equal": 1}
    assert payload["results"][0]["verdicts"] == [
        {"name": "a", "status": "equal", "detail": "", "origin": "result"}
    ]
