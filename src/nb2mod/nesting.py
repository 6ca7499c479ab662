"""How deeply code nests, estimated from its tokens before any parser sees it.

LibCST's native parser recurses on the C stack and kills the process (a segfault, no
exception) on code nested a few thousand levels deep; CPython's own parser refuses more
than 200 nested brackets. ``nesting_problem`` scans the text once with a regular expression
(strings and comments skipped, f-string fields counted) and returns a one-line reason when
the code is nested beyond what the parsers survive, so that the cell is reported (NB001)
instead of parsed. The estimate is an upper bound of the syntax tree's depth: every open
bracket, and every operator, keyword, call, subscript or attribute access since the last
comma at its bracket level, adds one level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BRACKETS = 200  # CPython's limit (Parser/tokenizer.c MAXLEVEL): more is a SyntaxError
MAX_DEPTH = 1000  # far below where LibCST's parser crashes (about 3,000 lambdas, 1,200 parens)

_STRING = (
    r"(?P<prefix>[rRbBuUfF]{0,2})(?P<body>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)"
    r'|"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
    r'|"(?:[^"\\\n]|\\.)*(?:"|$))'
)
_TOKENS = re.compile(
    rf"(?P<string>{_STRING})"
    r"|(?P<comment>\#[^\n]*)"
    r"|(?P<continued>\\\r?\n)"
    r"|(?P<newline>\n)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<number>\d[\w.]*(?:[eE][-+]?\d+)?)"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<separator>[,;])"
    r"|(?P<operator>\*\*|//|<<|>>|<=|>=|==|!=|:=|\.\.\.|[-+*/%@&|^~<>.])"
    r"|(?P<other>\S)",
    re.M | re.S,
)
_NESTING_WORDS = frozenset({"lambda", "if", "not", "and", "or", "await", "yield", "in", "is"})
_VALUE_ENDS = frozenset({"name", "number", "string", "close"})


@dataclass
class _Scan:
    levels: list[int]  # operators since the last comma, per open bracket (levels[0]: none)
    depth: int = 0  # len(levels) - 1 + sum(levels), kept up to date
    deepest: int = 0
    deepest_line: int = 1
    brackets_line: int = 0  # where the bracket limit was first passed (0: never)
    line: int = 1

    def add(self, count: int = 1) -> None:
        self.levels[-1] += count
        self.depth += count
        if self.depth > self.deepest:
            self.deepest, self.deepest_line = self.depth, self.line


def nesting_problem(code: str) -> tuple[int, str] | None:
    """(line, reason) when ``code`` nests deeper than the parsers survive, else None."""
    scan = _Scan([0])
    previous = ""
    elifs: dict[int, int] = {}  # an elif chain nests one If per branch
    for match in _TOKENS.finditer(code):
        kind = match.lastgroup or "other"
        if kind == "string":
            _string(scan, match)
        elif kind in ("newline", "continued"):
            scan.line += 1
            if kind == "newline" and len(scan.levels) == 1:
                scan.depth -= scan.levels[0]
                scan.levels[0] = 0
                _elif_chain(scan, code, match.end(), elifs)
        elif kind == "open":
            if previous in _VALUE_ENDS:
                scan.add()  # a call or a subscript wraps what comes before it
            scan.levels.append(0)
            scan.add()
            scan.levels[-1] -= 1  # the bracket itself is a level, not an operator
            if len(scan.levels) - 1 > MAX_BRACKETS and not scan.brackets_line:
                scan.brackets_line = scan.line
        elif kind == "close" and len(scan.levels) > 1:
            scan.depth -= scan.levels.pop() + 1
        elif kind == "separator":
            scan.depth -= scan.levels[-1]
            scan.levels[-1] = 0
        elif kind == "operator" or (kind == "name" and match.group() in _NESTING_WORDS):
            scan.add()
        if kind not in ("comment", "continued", "newline"):
            previous = kind if kind != "name" or match.group() not in _NESTING_WORDS else ""
    return _verdict(scan)


def _string(scan: _Scan, match: re.Match[str]) -> None:
    """A string is one token; an f-string's fields nest inside it as code does."""
    body = match.group("body")
    if "f" in match.group("prefix").lower():
        inner = deepest = 0
        for char in body.replace("{{", "").replace("}}", ""):
            if char == "{" or (inner and char in "(["):  # only brackets inside {fields}
                inner += 1
                deepest = max(deepest, inner)
            elif inner and char in ")]}":
                inner -= 1
        scan.add(deepest)
        scan.depth -= deepest
        scan.levels[-1] -= deepest
        if len(scan.levels) - 1 + deepest > MAX_BRACKETS and not scan.brackets_line:
            scan.brackets_line = scan.line
    scan.line += body.count("\n")


def _elif_chain(scan: _Scan, code: str, start: int, elifs: dict[int, int]) -> None:
    stripped = code[start : start + 200].lstrip(" \t")
    indent = len(code[start : start + 200]) - len(stripped)
    if stripped.startswith("elif") and not stripped[4:5].isidentifier():
        elifs[indent] = elifs.get(indent, 0) + 1
        if elifs[indent] > scan.deepest:
            scan.deepest, scan.deepest_line = elifs[indent], scan.line
    elif stripped.startswith("if") and not stripped[2:3].isidentifier():
        elifs[indent] = 0


def _verdict(scan: _Scan) -> tuple[int, str] | None:
    if scan.brackets_line:
        return scan.brackets_line, f"too many nested parentheses (more than {MAX_BRACKETS})"
    if scan.deepest > MAX_DEPTH:
        return scan.deepest_line, (
            f"nested too deeply to parse safely (about {scan.deepest} levels; "
            f"the limit is {MAX_DEPTH})"
        )
    return None
