"""The lint rule registry: every rule module registers one Rule under its code."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from nb2mod.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from nb2mod.analysis.facts import Analysis


@dataclass(frozen=True)
class Finding:
    """Where a rule fired (cell from 1; line and col from 1 in the cell's original source)."""

    cell: int
    line: int
    col: int
    detail: str = ""  # fills the rule's message template; never a secret value


Check = Callable[["Analysis"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: code, name (reads as "allow <name>"), message template, four-part doc."""

    code: str
    name: str
    message: str  # one line saying what to do instead; ``{detail}`` is the finding's detail
    what: str
    why: str
    example: str
    instead: str
    check: Check
    severity: Severity = "warning"

    def diagnose(self, analysis: Analysis) -> Iterator[Diagnostic]:
        """Run the check and word each finding as a Diagnostic at the notebook's path."""
        path = analysis.notebook.path
        for finding in self.check(analysis):
            message = self.message.format(detail=finding.detail)
            yield Diagnostic(
                path, finding.cell, finding.line, finding.col, self.code, message, self.severity
            )

    def doc(self) -> str:
        """The rule's documentation in the four-part form, as Markdown."""
        return (
            f"## {self.code} {self.name}\n\n"
            f"### What it does\n{self.what.strip()}\n\n"
            f"### Why is this bad?\n{self.why.strip()}\n\n"
            f"### Example\n```python\n{self.example.strip()}\n```\n\n"
            f"### Use instead\n```python\n{self.instead.strip()}\n```\n"
        )


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add ``rule`` to the registry; a second rule with the same code is a programming error."""
    if rule.code in _REGISTRY and _REGISTRY[rule.code] is not rule:
        raise ValueError(f"two lint rules registered as {rule.code}")
    _REGISTRY[rule.code] = rule
    return rule


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, sorted by code (imports each ``nbNNN_*`` module once)."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("nb"):
            importlib.import_module(f"{__name__}.{module.name}")
    return tuple(sorted(_REGISTRY.values(), key=lambda r: r.code))


def rule_for(code: str) -> Rule | None:
    """The rule registered as ``code`` (case-insensitive), or None."""
    return {r.code: r for r in all_rules()}.get(code.strip().upper())


def rules_table() -> str:
    """A Markdown table of every rule: code, name, what it reports (README, docs/rules.md)."""
    rows = [f"| {r.code} | {r.name} | {_first_sentence(r.what)} |" for r in all_rules()]
    return "| code | name | what it reports |\n|---|---|---|\n" + "\n".join(rows) + "\n"


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    sentence = flat if end < 0 else flat[: end + 1]
    return sentence.replace("|", "\\|")  # a pipe would end the table cell


def rules_markdown() -> str:
    """docs/rules.md: a table of every rule, then each rule's four-part documentation."""
    head = (
        "# Lint rules\n\n"
        "Generated from the rule registry (`nb2mod rules CODE` prints one); do not edit by hand.\n"
        "Suppress a finding with `# noqa: CODE` on its line, or a whole cell with\n"
        "`# nb2mod: noqa[: CODES]` among its first comment lines.\n\n"
    )
    return (
        head + rules_table() + "\n" + LOCATIONS_DOC + "\n" + "\n".join(r.doc() for r in all_rules())
    )


LOCATIONS_DOC = """\
## Where a finding points

Every format names the same place: `cell N` counts all cells from 1 in file order (markdown and
raw cells too, as Jupyter shows them; for a percent `.py` notebook, as jupytext reads its cells),
and `LINE:COL` are 1-based inside that cell's source, counting Unicode code points.

- `text`: `path:cell N:LINE:COL: CODE message`; `json`: the same fields as an object;
  `github`: a workflow annotation on the file whose message starts with `cell N:LINE:COL`.
- `sarif` (SARIF 2.1.0, `columnKind` `unicodeCodePoints`): each result's `region` is the
  position in the file itself of the character at `cell N:LINE:COL`, so a SARIF viewer or
  GitHub code scanning highlights the right line. In an `.ipynb` file that is the line and
  column of the notebook's JSON text where that character is written inside the cell's
  `source` string (the column counts an escape such as `\\n` or `\\u00e9` as the
  characters it takes in the file); for a cell with an empty source it is the cell's
  opening `{`. In a percent `.py` notebook it is the script's own line and column (a magic
  jupytext wrote as `# %magic` is found two columns to the right). Only the start is given:
  the region runs to the end of that line. The cell location is also kept in the message (`cell N:LINE:COL: ...`) and in the
  result's `properties` (`cell`, `cellLine`, `cellColumn`). Paths below the working directory
  are relative to `%SRCROOT%` (given in `originalUriBaseIds`), others are absolute `file:` URIs;
  a notebook that could not be read is a `toolExecutionNotification` and makes
  `executionSuccessful` false.
"""


def first_column(source: str, line: int) -> int:
    """1-based column of the first non-blank character of ``line`` in ``source`` (1 if none)."""
    lines = source_lines(source)
    if not 1 <= line <= len(lines):
        return 1
    text = lines[line - 1]
    return len(text) - len(text.lstrip()) + 1


@lru_cache(maxsize=4)
def source_lines(source: str) -> tuple[str, ...]:
    """A cell's lines, split once for all the findings in it (a string caches its hash)."""
    return tuple(source.splitlines())


__all__ = [
    "Finding",
    "Rule",
    "all_rules",
    "first_column",
    "register",
    "rule_for",
    "rules_markdown",
    "source_lines",
]
