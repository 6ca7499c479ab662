"""NB111 output-history-read: reading IPython's output or input history (`_`, `Out[3]`, `_i2`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from nb2mod.rules import Finding, Rule, register

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis, HistoryRead


def check(analysis: Analysis) -> Iterator[Finding]:
    for read in analysis.history_reads:
        yield Finding(read.cell, read.line, read.col, _detail(read))


def _detail(read: HistoryRead) -> str:
    what = "result" if read.kind == "output" else "source"
    where = f" (cell {read.refers_to}'s {what})" if read.refers_to is not None else ""
    return f"`{read.name}` reads IPython's {read.kind} history{where}"


RULE = register(
    Rule(
        code="NB111",
        name="output-history-read",
        message="{detail}: keep the value in a variable and read that instead",
        what="Reports a read of IPython's output history (`_`, `__`, `___`, `_N`, `Out[N]`, "
        "`Out`) or input history (`_i`, `_ii`, `_iii`, `_iN`, `In[N]`, `In`) that no earlier "
        "cell binds as a variable of its own.",
        why="Only a running kernel fills these names, and what they hold depends on which "
        "cells ran and in what order: re-run one cell and `_` or `_5` is something else. A "
        "script or a converted package has no history, so the code fails with a NameError.",
        example="df.describe()\n# next cell\nsummary = _",
        instead="summary = df.describe()\nsummary",
        check=check,
    )
)
