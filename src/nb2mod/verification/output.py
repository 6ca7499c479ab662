"""Pure comparison of what both sides print and display: the `(printed output)` and
`(displayed values)` rows.

The notebook side is the executed cells' ``stdout`` streams and ``execute_result`` texts; the
package side is what the driver captured: ``sys.stdout`` and the package loggers' INFO records
in one ordered stream, and the DEBUG records of display-only expressions, each with the
``pipeline.py`` line that made it (mapped to a notebook cell by the conversion's source map).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nb2mod.analysis.facts import Analysis
from nb2mod.capture_formats import _time_words
from nb2mod.verification.outcome import Verdict
from nb2mod.verification.randomness import is_clock

PRINTED = "(printed output)"
DISPLAYED = "(displayed values)"

_UNIT = r"(?:ns|µs|us|ms|s|min|h)"
_TIMING_LINES = (
    re.compile(r"^CPU times: .*$"),
    re.compile(r"^Wall time: .*$"),
    re.compile(
        rf"^\s*[\d.]+ {_UNIT} ± [\d.]+ {_UNIT} per loop \(mean ± std\. dev\. of [\d,]+ runs?,"
        r" [\d,]+ loops? each\)\s*$"
    ),
    re.compile(rf"^\s*[\d,]+ loops?, best of \d+: [\d.]+ {_UNIT} per loop\s*$"),
    re.compile(r"^The slowest run took [\d.]+ times longer than the fastest\..*$"),
)
_GLUED_TIMING = re.compile(r"(CPU times: user .*|Wall time: [\d.]+ \S+)$")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
# Code a cell ran at top level runs inside a step function in the package, so the qualified
# names in reprs gain an enclosing function: <generator object step.<locals>.<genexpr> ...>
_ENCLOSING = re.compile(r"\b[\w.]*<locals>\.")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_TIME_WORDS = re.compile(_time_words(), re.IGNORECASE)


@dataclass(frozen=True)
class NotebookOutput:
    """What the executed notebook showed: per cell, its stdout text and execute_result texts."""

    stdout: tuple[tuple[int, str], ...] = ()  # (cell, text), in execution order
    results: tuple[tuple[int, str], ...] = ()  # (cell, text/plain)


@dataclass(frozen=True)
class PackageOutput:
    """What the package run printed and displayed, in order; ``line`` is in pipeline.py."""

    printed: str = ""
    shown: tuple[tuple[int | None, str], ...] = field(default_factory=tuple)  # (line, text)


def printed_lines(text: str, drop_timing: bool = False) -> list[str]:
    """Lines with trailing whitespace removed, IPython's timing lines and trailing blank
    lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    if drop_timing:
        kept = [_unglued(line) for line in lines if not any(p.match(line) for p in _TIMING_LINES)]
        lines = [line for line in kept if line is not None]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _unglued(line: str) -> str | None:
    """A line without the %time report a print(..., end="") left it glued to; None when
    nothing else is left."""
    if "CPU times: user " not in line and "Wall time: " not in line:
        return line
    rest = _GLUED_TIMING.sub("", line).rstrip()
    return rest or None


def notebook_printed(notebook: NotebookOutput, kept: set[int] | None = None) -> list[str]:
    """The notebook's printed lines, each cell's text ending its line; with ``kept``, only
    the cells the package holds code of (a cell the conversion drops, such as ``help(x)``,
    prints nothing in the package)."""
    texts = [t if t.endswith("\n") else t + "\n" for c, t in _by_cell(notebook.stdout, kept)]
    return printed_lines("".join(texts), drop_timing=True)


def _by_cell(outputs: Sequence[tuple[int, str]], kept: set[int] | None) -> list[tuple[int, str]]:
    """Consecutive texts of one cell joined; cells outside ``kept`` left out."""
    joined: list[tuple[int, str]] = []
    for cell, text in outputs:
        if kept is not None and cell not in kept:
            continue
        if joined and joined[-1][0] == cell:
            joined[-1] = (cell, joined[-1][1] + text)
        else:
            joined.append((cell, text))
    return joined


def compare_printed(
    notebook: NotebookOutput,
    package: PackageOutput,
    unstable: str = "",
    again: NotebookOutput | None = None,
    logs: bool = False,
    kept: set[int] | None = None,
) -> Verdict:
    """The notebook's stdout, all cells in order, against what the package printed and
    logged at INFO level, line by line. ``unstable`` names time or unseeded randomness the
    notebook uses; ``again`` is a second run of the notebook (``--repeat``); ``logs`` says
    the notebook uses the logging module itself; ``kept`` the cells the package holds."""
    expected = notebook_printed(notebook, kept)
    actual = printed_lines(package.printed)
    printing = {c for c, t in notebook.stdout if t.strip()}
    dropped = printing - kept if kept is not None else set()
    note = f" (the output of {len(dropped)} cells the package drops skipped)" if dropped else ""
    if not expected and not actual:
        return Verdict(PRINTED, "not compared", "neither side prints anything" + note, "output")
    if expected == actual:
        return Verdict(PRINTED, "equal", _lines(len(expected)) + note, "output")
    if _squeezed("\n".join(expected)) == _squeezed("\n".join(actual)):
        detail = f"{_lines(len(expected))}{note}; the same text, broken into lines differently"
        return Verdict(PRINTED, "equal", detail, "output")
    detail = _first_difference(expected, actual)
    if logs:
        why = "the notebook uses the logging module, whose records the package's log mixes in"
        return Verdict(PRINTED, "not compared", f"{why}; {detail}", "output")
    why = _why_unstable(expected, actual, unstable, again, kept)
    if why:
        return Verdict(PRINTED, "not deterministic", f"{why}; {detail}", "output")
    return Verdict(PRINTED, "different", detail, "output")


def compare_displayed(
    notebook: NotebookOutput,
    package: PackageOutput,
    cells: Mapping[int, int],
    names: Sequence[str] = (),
    unstable: str = "",
    again: NotebookOutput | None = None,
    seeded: bool = False,
) -> Verdict:
    """The notebook's execute_result texts against the package's display-only DEBUG
    records, cell by cell; whitespace, memory addresses and module prefixes (``names``: the
    notebook's ``__main__`` and the package's modules) are ignored. A cell whose display
    the package dropped (a plot) or shows a different number of times is skipped. When nb2mod
    gave calls their own seed (``seeded``), an estimator the package shows with a
    ``random_state=N`` the notebook's lacks is equal (``LogisticRegression(random_state=0)``
    for the notebook's ``LogisticRegression()``)."""
    shown: dict[int, list[str]] = {}
    for line, text in package.shown:
        cell = cells.get(line) if line is not None else None
        if cell is not None:
            shown.setdefault(cell, []).append(text)
    expected: dict[int, list[str]] = {}
    for cell, text in notebook.results:
        expected.setdefault(cell, []).append(text)
    pairs, skipped = [], 0
    for cell, texts in expected.items():
        if len(shown.get(cell, ())) != len(texts):
            skipped += 1
            continue
        pairs += [(cell, e, a) for e, a in zip(texts, shown[cell], strict=True)]
    prefixes = ("__main__.", *(f"{n}." for n in names))
    if not pairs:
        why = (
            "the notebook displays no value"
            if not expected
            else f"the package shows none of the {len(expected)} cells' displayed values "
            "(plots and displays the conversion drops are not compared)"
        )
        return Verdict(DISPLAYED, "not compared", why, "output")
    note = f"; {skipped} cells the package does not show skipped" if skipped else ""
    given = 0
    for cell, e, a in pairs:
        left, right = _display_key(e, prefixes), _display_key(a, prefixes)
        if left != right and seeded and _only_given_seed(left, right):
            given += 1
            continue
        if left != right:
            detail = f"cell {cell}: {_around(left, right)}"
            why = _display_unstable(cell, notebook, again, unstable)
            if why:
                return Verdict(DISPLAYED, "not deterministic", f"{why}; {detail}", "output")
            return Verdict(DISPLAYED, "different", detail, "output")
    if given:
        note += f"; {given} differ only in the random_state nb2mod gave"
    return Verdict(DISPLAYED, "equal", f"{len(pairs)} values{note}", "output")


# A random_state=N in a repr without whitespace: (random_state=0,solver=...), (C=1,random_state=0)
_GIVEN_SEED = re.compile(r"random_state=\d+,|,random_state=\d+(?=\))|(?<=\()random_state=\d+(?=\))")


def _only_given_seed(notebook: str, package: str) -> bool:
    """The package's text is the notebook's with a random_state=N added."""
    return "random_state=" not in notebook and _GIVEN_SEED.sub("", package) == notebook


def unstable_reason(analysis: Analysis | None) -> str:
    """Why what the notebook shows may change between runs: it reads the clock or draws
    unseeded random numbers (analysis facts); empty when neither."""
    if analysis is None:
        return ""
    for facts in sorted(analysis.cells, key=lambda c: c.cell):
        for effect in facts.effects:
            if is_clock(effect):
                return f"reads the time ({effect.call}, cell {effect.cell})"
    for use in analysis.randomness:
        if not use.seeded:
            return f"unseeded {use.call} (cell {use.cell}, line {use.line})"
    return ""


def _why_unstable(
    expected: list[str],
    actual: list[str],
    unstable: str,
    again: NotebookOutput | None,
    kept: set[int] | None,
) -> str:
    if again is not None:
        if notebook_printed(again, kept) != expected:
            return "the notebook printed differently in two runs"
    if unstable:
        return unstable
    index = _first_index(expected, actual)
    if index < len(expected) and index < len(actual):
        left, right = expected[index], actual[index]
        if _NUMBER.sub("#", left) == _NUMBER.sub("#", right) and _TIME_WORDS.search(left):
            return "the line differs only in numbers that look like times"
    return ""


def _display_unstable(
    cell: int, notebook: NotebookOutput, again: NotebookOutput | None, unstable: str
) -> str:
    if again is not None and [t for c, t in notebook.results if c == cell] != [
        t for c, t in again.results if c == cell
    ]:
        return "the notebook displayed differently in two runs"
    return unstable


def _display_key(text: str, prefixes: Sequence[str]) -> str:
    text = _ENCLOSING.sub("", _ADDRESS.sub("", text))
    for prefix in prefixes:
        text = text.replace(prefix, "")
    return "".join(text.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _first_index(expected: list[str], actual: list[str]) -> int:
    for index, (e, a) in enumerate(zip(expected, actual, strict=False)):
        if e != a:
            return index
    return min(len(expected), len(actual))


def _first_difference(expected: list[str], actual: list[str]) -> str:
    index = _first_index(expected, actual)
    if index >= len(actual):
        more = len(expected) - len(actual)
        return (
            f"line {index + 1}: the package prints {more} lines fewer; next {_q(expected[index])}"
        )
    if index >= len(expected):
        more = len(actual) - len(expected)
        return f"line {index + 1}: the package prints {more} more lines; next {_q(actual[index])}"
    return f"line {index + 1}: notebook {_q(expected[index])}, package {_q(actual[index])}"


def _around(left: str, right: str, width: int = 30) -> str:
    """The first differing position of two whitespace-free texts, with some context."""
    index = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), None)
    if index is None:
        index = min(len(left), len(right))
    start = max(0, index - width)
    return f"notebook shows {_q(left[start : index + width])}, package {_q(right[start : index + width])}"


def _q(text: str, limit: int = 100) -> str:
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(text)


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"
