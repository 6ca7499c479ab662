"""IPython syntax (magics, shell escapes, help) turned into plain Python, with a line map."""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

MagicKind = Literal["line_magic", "cell_magic", "shell", "shell_assign", "magic_assign", "help"]

# Cell magics whose body is Python run in the user namespace: the body stays code.
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "capture", "prun", "debug", "memit", "snakeviz"})
# Line magics whose argument is a statement run in the user namespace: it stays code.
PYTHON_ARG_LINE_MAGICS = frozenset({"time", "prun", "debug", "memit"})
# Names IPython runs as magics without a leading % (automagic) when the line is not Python.
AUTOMAGIC_NAMES = frozenset(
    "alias autoawait autocall automagic bookmark cat cd clear colors conda config cp dhist "
    "dirs doctest_mode ed edit env gui hist history killbgscripts ldir less load load_ext "
    "loadpy logoff logon logstart logstate logstop ls lsmagic macro magic man matplotlib "
    "mkdir more mv notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint "
    "precision prun psearch psource pushd pwd pycat pylab quickref recall rehashx "
    "reload_ext rep rerun reset reset_selective rm rmdir run save sc set_env store sx "
    "system tb time timeit unalias unload_ext who who_ls whos xdel xmode".split()
)

_CALL = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<target>[^=]+?)\s*=\s*)?get_ipython\(\)\."
    r"(?P<method>run_line_magic|run_cell_magic|system|getoutput)\((?P<args>.*)\)\s*$"
)
_AUTOMAGIC_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<name>[A-Za-z_]\w*)(?P<rest>(?:[ \t].*)?)$")
_BARE_AUTOMAGICS = frozenset({"pwd", "ls", "lsmagic", "who", "whos", "dirs", "popd", "cd"})
_PYTHON_CONTINUATION = re.compile(r"^(?:[-+*/%&|^<>=!@]=?|\*\*|//|and|or|in|is|not|if)(?:\s|$)")
_HELP_MAGICS = frozenset({"pinfo", "pinfo2", "psearch"})


@dataclass(frozen=True)
class Magic:
    """One magic, shell escape or help request, as structured data.

    ``line`` is the 1-based line in the cell's original source where it starts.
    """

    kind: MagicKind
    name: str
    args: str
    cell: int
    line: int
    body: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class NormalisedCell:
    """A code cell as plain Python; ``line_map[i]`` is the original line of code line i+1."""

    cell: int
    code: str
    line_map: tuple[int, ...]
    magics: tuple[Magic, ...] = ()

    def original_line(self, line: int) -> int:
        """Map a 1-based line of ``code`` to the 1-based line of the cell's source."""
        if not self.line_map:
            return 1
        return self.line_map[min(max(line, 1), len(self.line_map)) - 1]


def normalise_cell(source: str, cell: int = 1) -> NormalisedCell:
    """Turn one code cell's IPython source into plain Python plus its magics and line map."""
    lines = source.splitlines()
    first = _first_code_line(lines)
    if first is not None and lines[first].startswith("%%"):
        cell_magic = _python_body_cell_magic(lines, first, cell)
        if cell_magic is not None:
            return cell_magic
    code = _transform(source)
    with_automagic = _add_automagic_percent(source) if _may_hold_automagic(source) else source
    if with_automagic != source:
        candidate = _transform(with_automagic)
        if _parses(candidate) or not _parses(code):
            code = candidate
    line_map = _line_map(lines, code.splitlines())
    magics = tuple(_magics(code, line_map, cell))
    code = _unwrap_statement_magics(code)
    return NormalisedCell(cell=cell, code=code, line_map=line_map, magics=magics)


def _may_hold_automagic(source: str) -> bool:
    return any(
        (m := _AUTOMAGIC_LINE.match(line)) is not None and m["name"] in AUTOMAGIC_NAMES
        for line in source.splitlines()
    )


def _first_code_line(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if line.strip():
            return i
    return None


def _python_body_cell_magic(lines: list[str], first: int, cell: int) -> NormalisedCell | None:
    """``%%time`` and friends: the body is normalised as code, the magic kept as data."""
    header = lines[first][2:]
    name, _, args = header.partition(" ")
    name = name.strip()
    if name not in PYTHON_BODY_CELL_MAGICS:
        return None
    body_lines = lines[first + 1 :]
    body = "\n".join(body_lines) + ("\n" if body_lines else "")
    inner = normalise_cell(body, cell)
    offset = first + 1
    magic = Magic(
        "cell_magic",
        name,
        args.strip(),
        cell,
        first + 1,
        body=body,
        target=_capture_target(name, args),
    )
    shifted = tuple(line + offset for line in inner.line_map)
    moved = tuple(_shift_magic(m, offset) for m in inner.magics)
    return NormalisedCell(cell=cell, code=inner.code, line_map=shifted, magics=(magic, *moved))


def _capture_target(name: str, args: str) -> str | None:
    """``%%capture out`` binds ``out``; the other Python-body magics bind nothing."""
    words = [w for w in args.split() if not w.startswith("-")]
    return words[0] if name == "capture" and words and words[0].isidentifier() else None


def _shift_magic(magic: Magic, offset: int) -> Magic:
    return Magic(
        magic.kind,
        magic.name,
        magic.args,
        magic.cell,
        magic.line + offset,
        magic.body,
        magic.target,
    )


@lru_cache(maxsize=1)
def _transformer() -> Any:
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def _transform(source: str) -> str:
    if not any(ch in source for ch in "%!?") and ">>>" not in source:
        return source if source.endswith("\n") or not source else source + "\n"
    try:
        return _transformer().transform_cell(source)
    except Exception:  # IPython's transformer can fail on broken input; keep the text
        return source if source.endswith("\n") else source + "\n"


def _parses(code: str) -> bool:
    try:
        compile(code, "<cell>", "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _is_statement(text: str) -> bool:
    try:
        return bool(ast.parse(text).body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def _add_automagic_percent(source: str) -> str:
    """Prefix ``%`` to lines such as ``cd /tmp`` that IPython runs as magics (automagic)."""
    inside_strings = _string_interior_lines(source)
    out = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _AUTOMAGIC_LINE.match(line)
        if match and number not in inside_strings and _is_automagic(match["name"], match["rest"]):
            line = f"{match['indent']}%{match['name']}{match['rest']}"
        out.append(line)
    return "\n".join(out) + "\n"


def _is_automagic(name: str, rest: str) -> bool:
    if name not in AUTOMAGIC_NAMES:
        return False
    rest = rest.strip()
    if not rest:
        return name in _BARE_AUTOMAGICS
    if _PYTHON_CONTINUATION.match(rest):
        return False
    return not _parses(f"{name} {rest}") or rest[0] in "-/~." and rest[1:2] not in ("", " ", "=")


def _string_interior_lines(source: str) -> set[int]:
    """Lines that lie inside a multi-line string literal (never automagic)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and node.end_lineno != node.lineno:
            lines.update(range(node.lineno + 1, (node.end_lineno or node.lineno) + 1))
    return lines


def _unwrap_statement_magics(code: str) -> str:
    """``%time stmt`` runs ``stmt`` in the user namespace: keep ``stmt`` as code."""
    if "run_line_magic" not in code:
        return code
    out = []
    for line in code.splitlines():
        statement = _statement_magic(line)
        out.append(statement if statement is not None else line)
    return "\n".join(out) + "\n"


def _statement_magic(line: str) -> str | None:
    match = _CALL.match(line)
    if not match or match["method"] != "run_line_magic" or match["target"]:
        return None
    args = _literal_args(match["args"])
    if len(args) != 2 or args[0] not in PYTHON_ARG_LINE_MAGICS:
        return None
    statement = args[1].strip()
    if not statement or "\n" in statement or not _is_statement(statement):
        return None
    return f"{match['indent']}{statement}"


def _literal_args(text: str) -> tuple[str, ...]:
    try:
        value = ast.literal_eval(f"({text},)")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return ()
    return tuple(str(v) for v in value) if isinstance(value, tuple) else ()


def _line_map(original: list[str], new: list[str]) -> tuple[int, ...]:
    """Map each new line to a 1-based original line, aligning unchanged lines exactly."""
    if not new:
        return ()
    if original == new:
        return tuple(range(1, len(new) + 1))
    last = max(len(original), 1)
    mapping = [1] * len(new)
    matcher = difflib.SequenceMatcher(None, original, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if tag in ("equal", "replace") and i2 > i1:
                i = i1 + min(j - j1, i2 - i1 - 1) if (i2 - i1) == (j2 - j1) else i1
            else:
                i = min(i1, last - 1)
            mapping[j] = min(i + 1, last)
    return tuple(mapping)


def _magics(code: str, line_map: tuple[int, ...], cell: int) -> list[Magic]:
    if "get_ipython()" not in code:
        return []
    found = []
    for number, line in enumerate(code.splitlines(), start=1):
        original = line_map[number - 1] if number <= len(line_map) else 1
        magic = _magic_from_line(line, cell, original)
        if magic is not None:
            found.append(magic)
    return found


def _magic_from_line(line: str, cell: int, original: int) -> Magic | None:
    match = _CALL.match(line)
    if not match:
        return None
    args = _literal_args(match["args"])
    if not args:
        return None
    target = match["target"].strip() if match["target"] else None
    method = match["method"]
    if method in ("system", "getoutput"):
        kind: MagicKind = "shell_assign" if target else "shell"
        return Magic(kind, "!", args[0], cell, original, target=target)
    name = args[0]
    rest = args[1] if len(args) > 1 else ""
    if method == "run_cell_magic":
        body = args[2] if len(args) > 2 else ""
        return Magic("cell_magic", name, rest, cell, original, body=body, target=target)
    if name in _HELP_MAGICS and not target:
        return Magic("help", name, rest, cell, original)
    return Magic(
        "magic_assign" if target else "line_magic", name, rest, cell, original, target=target
    )
